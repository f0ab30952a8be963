"""Reads of the JSON API, shaped as its schemas (``dti.api.schemas``) expect.

Each function returns plain dicts with decimals already written as strings (see
``decimal_text``), in a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from dti.assessments.models import Assessment
from dti.campaigns.models import Campaign, CampaignFramework
from dti.frameworks.definitions import framework_definition
from dti.frameworks.models import Framework, Group, Indicator
from dti.results.models import Result
from dti.results.selectors import published_campaigns
from dti.scoring import InputSpec

from .models import ApiClient

POINT_PLACES = 2
DTI_PLACES = 4


def decimal_text(value: Decimal | int | str, places: int = POINT_PLACES) -> str:
    """A decimal as the API writes it: a string with a fixed number of places ("7.50")."""
    return format(Decimal(value).quantize(Decimal(1).scaleb(-places)), "f")


# Frameworks


def public_frameworks():
    """Frameworks in use or retired; a draft is still being written and is not published."""
    return Framework.objects.exclude(status=Framework.Status.DRAFT).order_by(
        "-year", "tier", "code", "-version"
    )


def framework_summary(framework: Framework) -> dict[str, Any]:
    return {
        "id": framework.pk,
        "code": framework.code,
        "version": framework.version,
        "year": framework.year,
        "tier": framework.tier,
        "title_vi": framework.title_vi,
        "title_en": framework.title_en,
        "legal_reference": framework.legal_reference,
        "legal_reference_date": framework.legal_reference_date,
        "status": framework.status,
        "max_points": decimal_text(framework.max_points),
    }


def framework_detail(framework_id: int) -> dict[str, Any] | None:
    """The framework's groups and indicators with their rules and typed inputs."""
    framework = public_frameworks().filter(pk=framework_id).first()
    if framework is None:
        return None
    definition = framework_definition(framework)
    groups = framework.groups.order_by("order").prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.order_by("order").prefetch_related("criteria"),
        )
    )
    return {
        **framework_summary(framework),
        "groups": [_group(group, definition) for group in groups],
    }


def _group(group: Group, definition) -> dict[str, Any]:
    return {
        "code": group.code,
        "name_vi": group.name_vi,
        "name_en": group.name_en,
        "max_points": decimal_text(group.max_points),
        "indicators": [
            _indicator(indicator, definition.indicator(indicator.code))
            for indicator in group.indicators.all()
        ],
    }


def _indicator(indicator: Indicator, engine_definition) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "name_vi": indicator.name_vi,
        "name_en": indicator.name_en,
        "max_points": decimal_text(indicator.max_points),
        "rule_type": indicator.rule.get("type", ""),
        "measurement": indicator.measurement,
        "evidence_required": indicator.evidence_required,
        "applies_to": indicator.applies_to,
        "may_be_not_applicable": indicator.may_be_not_applicable,
        "constraints": [constraint.text for constraint in engine_definition.constraints],
        "inputs": [_input(spec) for spec in engine_definition.inputs],
        "criteria": [
            {
                "code": criterion.code,
                "name_vi": criterion.name_vi,
                "name_en": criterion.name_en,
                "max_points": decimal_text(criterion.max_points),
                "rule_type": criterion.rule.get("type", ""),
            }
            for criterion in indicator.criteria.all()
        ],
    }


def _bound_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    return format(Decimal(value), "f")


def _input(spec: InputSpec) -> dict[str, Any]:
    return {
        "code": spec.code,
        "type": spec.kind,
        "label_vi": spec.label.vi,
        "label_en": spec.label.en,
        "unit": spec.unit,
        "minimum": _bound_text(spec.lower_bound),
        "maximum": _bound_text(spec.upper_bound),
        "required": spec.required,
        "choices": [
            {"value": choice.value, "label_vi": choice.label.vi, "label_en": choice.label.en}
            for choice in spec.choices
        ],
    }


# Campaigns


def campaigns() -> list[dict[str, Any]]:
    """Every campaign with its phase, frameworks and deadlines: public schedule information."""
    queryset = Campaign.objects.order_by("-year", "-pk").prefetch_related(
        "deadlines",
        Prefetch(
            "campaignframework_set",
            queryset=CampaignFramework.objects.select_related("framework").order_by("tier"),
        ),
    )
    return [_campaign(campaign) for campaign in queryset]


def _campaign(campaign: Campaign) -> dict[str, Any]:
    return {
        "id": campaign.pk,
        "year": campaign.year,
        "title": campaign.title,
        "plan_reference": campaign.plan_reference,
        "phase": campaign.phase,
        "published_at": campaign.published_at,
        "frameworks": [
            {
                "tier": link.tier,
                "framework_id": link.framework_id,
                "code": link.framework.code,
                "version": link.framework.version,
            }
            for link in campaign.campaignframework_set.all()
        ],
        "deadlines": [
            {"phase": deadline.phase, "due_at": deadline.due_at}
            for deadline in sorted(campaign.deadlines.all(), key=lambda item: item.due_at)
        ],
    }


def assessment_statuses(campaign: Campaign, client: ApiClient) -> list[dict[str, Any]]:
    """Progress of each agency in the campaign; a client scoped to agencies sees only those."""
    assessments = Assessment.objects.filter(campaign=campaign).select_related("agency")
    allowed = list(client.agencies.values_list("pk", flat=True))
    if allowed:
        assessments = assessments.filter(agency_id__in=allowed)
    return [
        {
            "agency_code": assessment.agency.code,
            "agency_name": assessment.agency.name,
            "tier": assessment.agency.tier,
            "status": assessment.status,
            "answered_count": assessment.answered_count,
            "applicable_count": assessment.applicable_count,
            "submitted_at": assessment.submitted_at,
        }
        for assessment in assessments.order_by("agency__tier", "agency__code")
    ]


# Published results


def published_results(campaign_id: int) -> dict[str, Any] | None:
    """The frozen results of a published campaign, ranked per tier; None when not published."""
    campaign = published_campaigns().filter(pk=campaign_id).first()
    if campaign is None:
        return None
    results = list(
        Result.objects.filter(assessment__campaign=campaign)
        .select_related("assessment__agency", "assessment__framework")
        .order_by("assessment__agency__tier", "rank", "assessment__agency__code")
    )
    group_order = _group_order({result.assessment.framework_id for result in results})
    tiers: dict[str, dict[str, Any]] = {}
    for result in results:
        framework = result.assessment.framework
        tier = tiers.setdefault(
            result.assessment.agency.tier,
            {
                "tier": result.assessment.agency.tier,
                "framework_code": framework.code,
                "framework_version": framework.version,
                "results": [],
            },
        )
        tier["results"].append(_result(result, group_order.get(framework.pk, [])))
    return {
        "campaign_id": campaign.pk,
        "year": campaign.year,
        "title": campaign.title,
        "published_at": campaign.published_at,
        "tiers": list(tiers.values()),
    }


def _group_order(framework_ids: set[int]) -> dict[int, list[str]]:
    order: dict[int, list[str]] = {}
    for framework_id, code in (
        Group.objects.filter(framework_id__in=framework_ids)
        .order_by("framework_id", "order")
        .values_list("framework_id", "code")
    ):
        order.setdefault(framework_id, []).append(code)
    return order


def _result(result: Result, group_codes: list[str]) -> dict[str, Any]:
    agency = result.assessment.agency
    return {
        "agency_code": agency.code,
        "agency_name": agency.name,
        "rank": result.rank,
        "points": decimal_text(result.points),
        "max_points": decimal_text(result.max_points),
        "dti_value": decimal_text(result.dti_value, DTI_PLACES),
        "rank_low": result.rank_low,
        "rank_high": result.rank_high,
        "rank_robust": result.rank_robust,
        "groups": [
            {
                "code": code,
                "points": decimal_text(result.groups[code]["points"]),
                "max_points": decimal_text(result.groups[code]["max_points"]),
                "rank": result.group_ranks.get(code),
            }
            for code in group_codes
            if code in result.groups
        ],
    }
