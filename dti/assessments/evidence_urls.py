"""Evidence upload, download and deletion (see evidence_views)."""

from django.urls import path

from . import evidence_views

urlpatterns = [
    path(
        "<int:pk>/indicators/<str:code>/evidence/", evidence_views.evidence_add, name="evidence_add"
    ),
    path("evidence/<int:evidence_id>/", evidence_views.evidence_download, name="evidence_download"),
    path(
        "evidence/<int:evidence_id>/delete", evidence_views.evidence_delete, name="evidence_delete"
    ),
]
