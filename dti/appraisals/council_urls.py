"""URL patterns of the council pages (views in council_views.py)."""

from django.urls import path

from . import council_views

urlpatterns = [
    path("council/", council_views.council_home, name="council_home"),
    path("campaigns/<int:campaign_id>/council/", council_views.council, name="council"),
    path(
        "campaigns/<int:campaign_id>/council/<int:assessment_id>/",
        council_views.council_agency,
        name="council_agency",
    ),
    path("campaigns/<int:campaign_id>/council/tally/", council_views.tally, name="tally"),
    path("campaigns/<int:campaign_id>/reopen", council_views.reopen, name="reopen"),
]
