"""The coordinator's pages for API clients (the JSON API itself is ``dti.api.api.api``)."""

from django.urls import path

from . import views

app_name = "api_clients"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_create, name="create"),
    path("<int:pk>/token/", views.client_token, name="token"),
    path("<int:pk>/revoke", views.client_revoke, name="revoke"),
]
