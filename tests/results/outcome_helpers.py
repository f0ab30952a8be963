"""A published campaign whose results are written by hand, for the PAR Index and award tests.

Six departments of the small test framework (tests/frameworks/data/small.yaml); the numbers are
chosen, not scored, so that every expected value below can be computed on paper:

| agency | DTI value | rank | indicators at 0 points | rank robust |
| --- | --- | --- | --- | --- |
| A1 | 0.9500 | 1 | none (2.2 does not apply) | yes |
| A2 | 0.8500 | 2 | none | yes |
| A3 | 0.8500 | 2 (tied) | 1.2 | yes |
| A4 | 0.7000 | 4 | none | no (3–5) |
| A5 | 0.6667 | 5 | 2.1, 1.1 | unknown |
| A6 | 0.4000 | 6 | none | yes |
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from dti.agencies.models import Agency, Role, Tier
from dti.campaigns.models import Campaign, Phase
from dti.frameworks.models import Framework
from dti.results.models import Result
from tests.factories import make_agency, make_campaign, make_user

MAXIMA = {"1.1": "20", "1.2": "10", "2.1": "10", "2.2": "20"}
GROUPS = {"1.1": "1", "1.2": "1", "2.1": "2", "2.2": "2"}

# code: (DTI value, rank, codes at 0 points, rank_robust, rank interval)
AGENCIES = {
    "A1": ("0.9500", 1, [], True, (1, 1)),
    "A2": ("0.8500", 2, [], True, (2, 3)),
    "A3": ("0.8500", 2, ["1.2"], True, (2, 3)),
    "A4": ("0.7000", 4, [], False, (3, 5)),
    "A5": ("0.6667", 5, ["2.1", "1.1"], None, (None, None)),
    "A6": ("0.4000", 6, [], True, (6, 6)),
}
NOT_APPLICABLE = {"A1": "2.2"}


def _indicators(code: str, zeros: list[str]) -> dict:
    indicators = {}
    for indicator, maximum in MAXIMA.items():
        not_applicable = NOT_APPLICABLE.get(code) == indicator
        points = "0" if indicator in zeros or not_applicable else maximum
        indicators[indicator] = {
            "group": GROUPS[indicator],
            "self_points": points,
            "points": points,
            "max_points": "0" if not_applicable else maximum,
            "status": "not_applicable" if not_applicable else "scored",
            "decision": "accepted",
            "round": 2,
            "reason": "",
        }
    return indicators


def write_result(assessment, dti_value: str, rank: int, zeros=(), robust=True, interval=(1, 1)):
    return Result.objects.create(
        assessment=assessment,
        self_points=Decimal(dti_value) * 60,
        self_max_points=60,
        self_dti_value=Decimal(dti_value),
        points=Decimal(dti_value) * 60,
        max_points=60,
        dti_value=Decimal(dti_value),
        rank=rank,
        group_ranks={},
        rank_low=interval[0],
        rank_high=interval[1],
        rank_robust=robust,
        groups={},
        indicators=_indicators(assessment.agency.code, list(zeros)),
        frozen_at=timezone.now(),
    )


def published_campaign(
    phase: str = Phase.PUBLISHED, *, year: int = 2025, framework: Framework | None = None
) -> Campaign:
    """The six departments' results, frozen and (by default) published."""
    agencies = [
        Agency.objects.filter(code=code).first()
        or make_agency(code, Tier.DEPARTMENT, name=f"Sở {code}")
        for code in AGENCIES
    ]
    campaign = make_campaign(agencies, framework, phase=phase, year=year)
    if phase == Phase.PUBLISHED:
        Campaign.objects.filter(pk=campaign.pk).update(published_at=timezone.now())
        campaign.refresh_from_db()
    for assessment in campaign.assessments.select_related("agency"):
        dti_value, rank, zeros, robust, interval = AGENCIES[assessment.agency.code]
        write_result(assessment, dti_value, rank, zeros, robust, interval)
    return campaign


def coordinator():
    return make_user(Role.COORDINATOR)
