"""URL patterns of the PAR Index conversion and the award proposals (views in outcome_views.py),
in the namespace "results" mounted at /results/."""

from django.urls import path

from . import outcome_views

urlpatterns = [
    path("campaigns/<int:campaign_id>/par/", outcome_views.par, name="par"),
    path(
        "campaigns/<int:campaign_id>/par/export.<str:file_format>",
        outcome_views.par_export,
        name="par_export",
    ),
    path("campaigns/<int:campaign_id>/awards/", outcome_views.awards, name="awards"),
    path(
        "campaigns/<int:campaign_id>/awards/export.<str:file_format>",
        outcome_views.awards_export,
        name="awards_export",
    ),
]
