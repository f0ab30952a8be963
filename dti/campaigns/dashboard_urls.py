"""The coordinator's progress dashboard (see dashboard_views)."""

from django.urls import path

from . import dashboard_views

urlpatterns = [
    path("<int:pk>/dashboard/", dashboard_views.dashboard, name="dashboard"),
    path(
        "<int:pk>/dashboard/export.xlsx",
        dashboard_views.dashboard_export_xlsx,
        name="dashboard_export_xlsx",
    ),
    path(
        "<int:pk>/dashboard/export.csv",
        dashboard_views.dashboard_export_csv,
        name="dashboard_export_csv",
    ),
]
