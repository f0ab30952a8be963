"""URL patterns of the explanation pages (views in explanation_views.py)."""

from django.urls import path

from . import explanation_views

urlpatterns: list = [
    path(
        "assessments/<int:pk>/results/",
        explanation_views.results_page,
        name="agency_results",
    ),
    path(
        "assessments/<int:pk>/results/<str:code>/explain/",
        explanation_views.explain,
        name="explain",
    ),
    path(
        "assessments/<int:pk>/results/<str:code>/evidence/",
        explanation_views.explain_evidence,
        name="explain_evidence",
    ),
    path(
        "assessments/<int:pk>/results/evidence/<int:evidence_id>/delete",
        explanation_views.explain_evidence_delete,
        name="explain_evidence_delete",
    ),
    path(
        "assessments/<int:pk>/results/submit",
        explanation_views.sign_off,
        name="submit_explanations",
    ),
]
