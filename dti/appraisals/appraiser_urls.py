"""URL patterns of the appraiser pages (views in appraiser_views.py)."""

from django.urls import path

from . import appraiser_views as views

urlpatterns: list = [
    path("", views.home, name="home"),
    path("campaigns/<int:campaign_id>/queue/", views.queue, name="queue"),
    path("campaigns/<int:campaign_id>/queue/accept", views.bulk_accept, name="bulk_accept"),
    path("campaigns/<int:campaign_id>/progress/", views.progress, name="progress"),
    path("campaigns/<int:campaign_id>/consolidation/", views.consolidation, name="consolidation"),
    path(
        "campaigns/<int:campaign_id>/consolidation/<int:assessment_id>/",
        views.consolidation_agency,
        name="consolidation_agency",
    ),
    path(
        "campaigns/<int:campaign_id>/consolidation/export.xlsx",
        views.consolidation_export,
        name="consolidation_export",
    ),
    path("items/<int:appraisal_id>/", views.item, name="item"),
    path("items/<int:appraisal_id>/preview", views.item_preview, name="item_preview"),
    path("responses/<int:response_id>/round-two", views.open_round_two, name="open_round_two"),
]
