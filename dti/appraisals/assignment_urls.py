"""URL patterns of the assignment pages (views in assignment_views.py)."""

from django.urls import path

from . import assignment_views as views

urlpatterns: list = [
    path(
        "frameworks/<int:framework_id>/assignments/",
        views.assignments,
        name="assignments",
    ),
    path(
        "frameworks/<int:framework_id>/assignments/defaults",
        views.assignments_defaults,
        name="assignments_defaults",
    ),
    path(
        "frameworks/<int:framework_id>/assignments/export.xlsx",
        views.assignments_export,
        name="assignments_export",
    ),
    path(
        "frameworks/<int:framework_id>/assignments/import/",
        views.assignments_import,
        name="assignments_import",
    ),
]
