"""Reads for the campaign pages."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from dti.assessments.models import Assessment, AssessmentStatus

from .models import Campaign


def campaigns_overview() -> QuerySet[Campaign]:
    return Campaign.objects.annotate(
        assessment_count=Count("assessments", distinct=True),
        submitted_count=Count(
            "assessments", distinct=True, filter=~Q(assessments__status=AssessmentStatus.DRAFT)
        ),
    )


def get_campaign(pk: int) -> Campaign:
    return get_object_or_404(
        Campaign.objects.prefetch_related(
            "deadlines", "transitions__moved_by", "campaignframework_set__framework"
        ),
        pk=pk,
    )


def campaign_assessments(campaign: Campaign) -> QuerySet[Assessment]:
    return (
        campaign.assessments.select_related("agency", "framework")
        .prefetch_related("extensions")
        .order_by("agency__tier", "agency__code")
    )
