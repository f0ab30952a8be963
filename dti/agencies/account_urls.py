"""Account management by the coordinator (see account_views)."""

from django.urls import path

from . import account_views as views
from . import otp_views, password_views

app_name = "accounts"
urlpatterns = [
    path("", views.account_list, name="list"),
    path("new/", views.account_create, name="create"),
    path("import/", views.account_import, name="import"),
    path("import/template.xlsx", views.account_import_template, name="import_template"),
    path("import/accounts.csv", views.account_import_passwords, name="import_passwords"),
    path("<int:pk>/edit/", views.account_edit, name="edit"),
    path("<int:pk>/deactivate", views.account_deactivate, name="deactivate"),
    path("<int:pk>/activate", views.account_activate, name="activate"),
    path("<int:pk>/reset-password", views.account_reset_password, name="reset_password"),
    path("<int:pk>/unlock", views.account_unlock, name="unlock"),
    path("<int:pk>/reset-two-factor", views.account_reset_two_factor, name="reset_two_factor"),
    path(
        "<int:pk>/temporary-password/",
        views.account_temporary_password,
        name="temporary_password",
    ),
    # The signed-in user's own password and two-factor sign-in (any role).
    path("password/", password_views.password_change, name="password_change"),
    path("two-factor/", otp_views.two_factor, name="two_factor"),
    path("two-factor/verify/", otp_views.two_factor_verify, name="two_factor_verify"),
]
