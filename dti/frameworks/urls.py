from django.urls import path

from . import views

app_name = "frameworks"
urlpatterns = [
    path("", views.framework_list, name="list"),
    path("import/", views.framework_import, name="import"),
    path("<int:pk>/", views.framework_detail, name="detail"),
    path("<int:pk>/applicability/", views.framework_applicability, name="applicability"),
    path(
        "<int:pk>/export.yaml", views.framework_export, {"file_format": "yaml"}, name="export_yaml"
    ),
    path(
        "<int:pk>/export.xlsx", views.framework_export, {"file_format": "xlsx"}, name="export_xlsx"
    ),
]
