"""Freezing results when a campaign is finalised, and reopening it for a correction."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dti.agencies.permissions import require
from dti.appraisals.models import Appraisal
from dti.appraisals.scoring import appraised_score, final_appraisals
from dti.assessments.models import Assessment, AssessmentStatus
from dti.assessments.scoring import score_assessment
from dti.audit.services import record
from dti.campaigns.models import Campaign, Phase, PhaseTransition, Reopening
from dti.scoring import rank_by_value
from dti.scoring.numbers import round_dti
from dti.scoring.sensitivity import ROBUST_DISTANCE, ROBUST_SHARE, GroupResult, rank_intervals

from .models import Result

REOPENABLE_PHASES = (Phase.FINALIZED, Phase.PUBLISHED)
# Rank robustness: 1,000 seeded draws of group weights within ±20 % (dti.scoring.sensitivity).
SENSITIVITY_DRAWS = 1000
SENSITIVITY_SPREAD = 0.2
SENSITIVITY_SEED = 2024


@dataclass(frozen=True)
class RobustnessRule:
    """The numbers of the robustness rule, for every text that explains the mark."""

    draws: int
    spread: float  # 0.2: each group weight drawn within ±20 %
    robust_share: float  # 0.9: robust when at least 90 % of the draws stay near the rank
    distance: int  # 1: "near" is within one place


def robustness_rule() -> RobustnessRule:
    """The rule the stored rank intervals are computed with (read when called, so the texts
    always say what ``freeze_results`` does)."""
    return RobustnessRule(SENSITIVITY_DRAWS, SENSITIVITY_SPREAD, ROBUST_SHARE, ROBUST_DISTANCE)


def _number(value: Decimal) -> str:
    return str(value)


def result_fields(assessment: Assessment) -> dict:
    """Self and final points per indicator, group and total, from the engine."""
    responses = list(assessment.responses.select_related("indicator__group"))
    appraisals = list(Appraisal.objects.filter(assessment=assessment))
    own = score_assessment(assessment, responses)
    final = appraised_score(assessment, responses, appraisals)
    deciding = final_appraisals(appraisals)
    indicators = {}
    for response in responses:
        code = response.indicator.code
        appraisal = deciding.get(response.pk)
        indicators[code] = {
            "group": response.indicator.group.code,
            "self_points": _number(own.indicators[code].points),
            "points": _number(final.indicators[code].points),
            "max_points": _number(final.indicators[code].max_points),
            "status": final.indicators[code].status,
            "decision": appraisal.decision if appraisal else "",
            "round": appraisal.round if appraisal else None,
            "reason": appraisal.reason if appraisal else "",
        }
    groups = {
        code: {
            "self_points": _number(own.groups[code].points),
            "self_max_points": _number(own.groups[code].max_points),
            "points": _number(group.points),
            "max_points": _number(group.max_points),
        }
        for code, group in final.groups.items()
    }
    return {
        "self_points": own.points,
        "self_max_points": own.max_points,
        "self_dti_value": own.dti_value,
        "points": final.points,
        "max_points": final.max_points,
        "dti_value": final.dti_value,
        "groups": groups,
        "indicators": indicators,
    }


def _tier_rankings(tier_fields: dict[int, dict]) -> dict[int, dict]:
    """Rank, rank per group and rank intervals of the assessments of one tier."""
    ranks = rank_by_value({pk: fields["dti_value"] for pk, fields in tier_fields.items()})
    group_codes = {code for fields in tier_fields.values() for code in fields["groups"]}
    group_ranks: dict[int, dict[str, int]] = {pk: {} for pk in tier_fields}
    for code in group_codes:
        values = {}
        for pk, fields in tier_fields.items():
            group = fields["groups"].get(code)
            if group and Decimal(group["max_points"]):
                values[pk] = round_dti(Decimal(group["points"]) / Decimal(group["max_points"]))
        for pk, rank in rank_by_value(values).items():
            group_ranks[pk][code] = rank
    intervals = rank_intervals(
        {
            pk: {
                code: GroupResult(float(group["points"]), float(group["max_points"]))
                for code, group in fields["groups"].items()
            }
            for pk, fields in tier_fields.items()
        },
        draws=SENSITIVITY_DRAWS,
        spread=SENSITIVITY_SPREAD,
        seed=SENSITIVITY_SEED,
    )
    return {
        pk: {
            "rank": ranks[pk],
            "group_ranks": group_ranks[pk],
            "rank_low": intervals[pk].low,
            "rank_high": intervals[pk].high,
            "leave_one_out_low": intervals[pk].leave_one_out_low,
            "leave_one_out_high": intervals[pk].leave_one_out_high,
            "rank_robust": intervals[pk].robust,
        }
        for pk in tier_fields
    }


def freeze_results(campaign: Campaign, by) -> int:
    """Compute and store every assessment's final result, its rank within its tier (overall
    and per group) and how robust that rank is to the group weights."""
    assessments = list(campaign.assessments.select_related("agency", "framework"))
    fields = {assessment.pk: result_fields(assessment) for assessment in assessments}
    rankings: dict[int, dict] = {}
    for tier in {assessment.agency.tier for assessment in assessments}:
        rankings |= _tier_rankings(
            {
                assessment.pk: fields[assessment.pk]
                for assessment in assessments
                if assessment.agency.tier == tier
            }
        )
    now = timezone.now()
    for assessment in assessments:
        Result.objects.update_or_create(
            assessment=assessment,
            defaults={**fields[assessment.pk], **rankings[assessment.pk], "frozen_at": now},
        )
    campaign.assessments.update(status=AssessmentStatus.FINAL)
    record(by, "results.freeze", campaign, after={"results": len(assessments)})
    return len(assessments)


@transaction.atomic
def reopen_campaign(campaign: Campaign, reason: str, by) -> Reopening:
    """Reopen a finalised campaign for a correction (back to appraisal round 2), with a reason
    that is logged and shown with the published results."""
    require(by, "campaign.finalize")
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    reason = reason.strip()
    if campaign.phase not in REOPENABLE_PHASES:
        raise ValueError(_("Only a finalised or published campaign can be reopened."))
    if not reason:
        raise ValueError(_("Give the reason for reopening."))
    reopening = Reopening.objects.create(
        campaign=campaign, from_phase=campaign.phase, reason=reason, reopened_by=by
    )
    PhaseTransition.objects.create(
        campaign=campaign,
        from_phase=campaign.phase,
        to_phase=Phase.APPRAISAL_2,
        moved_by=by,
        note=reason,
    )
    record(
        by,
        "campaign.reopen",
        campaign,
        before={"phase": campaign.phase},
        after={"phase": Phase.APPRAISAL_2},
        reason=reason,
    )
    campaign.phase = Phase.APPRAISAL_2
    # Published results are withdrawn from the portal until the corrected ones are published.
    campaign.published_at = None
    campaign.save(update_fields=["phase", "published_at"])
    campaign.assessments.update(status=AssessmentStatus.APPRAISED_2)
    return reopening
