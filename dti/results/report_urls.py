"""URL patterns of the reports (views in report_views.py), in the namespace "results"."""

from django.urls import path

from . import report_views

urlpatterns: list = [
    path("campaigns/<int:campaign_id>/reports/", report_views.reports, name="reports"),
    path(
        "campaigns/<int:campaign_id>/reports/<str:kind>",
        report_views.report_start,
        name="report_start",
    ),
    path(
        "assessments/<int:assessment_id>/scorecard.pdf",
        report_views.own_scorecard,
        name="own_scorecard",
    ),
]
