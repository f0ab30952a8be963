"""Published results for the portal and open data tests.

Two ways to get them:
- ``tied_cycle()`` walks the small test campaign through the real services (appraisal,
  finalisation, publication) with adjustments that make the two agencies tie;
- ``results_campaign()`` + ``write_result()`` write ``Result`` rows directly, for tests about
  what the portal shows (search, sort, robustness marks, query counts) where the numbers are
  given, not computed.
"""

from __future__ import annotations

import copy
from decimal import Decimal

from django.utils import timezone

from dti.agencies.models import Agency
from dti.appraisals.models import Decision
from dti.appraisals.services import decide
from dti.campaigns.models import Campaign, Phase
from dti.frameworks.models import Framework
from dti.frameworks.services import load_framework
from dti.results.models import Result
from tests.appraisals.cycle import Cycle, build_cycle
from tests.factories import make_campaign
from tests.frameworks.helpers import small_document


def adjust(cycle: Cycle, agency: str, indicator: str, values: dict, reason: str) -> None:
    appraisal = cycle.appraisal(agency, indicator)
    decide(
        appraisal,
        expected_version=appraisal.version,
        decision=Decision.ADJUSTED,
        values=values,
        reason=reason,
        by=cycle.appraiser_for(indicator),
    )


def tied_cycle(until: str = Phase.PUBLISHED) -> Cycle:
    """SCT and SYT both end at a DTI value of 0.7500, by hand:

    - SCT (all four indicators apply, max 60): 1.1 four meetings = 20; 1.2 adjusted from 3/4
      (7.5) to 2/4 of 10 = 5; 2.1 plan + drills, no incident = 10; 2.2 partial = 10.
      Total 45 / 60 = 0.7500 (self-assessed 47.5 / 60 = 0.7917).
    - SYT (2.2 does not apply, max 40): 1.1 = 20; 1.2 adjusted from 3/4 to 0/4 = 0; 2.1 = 10.
      Total 30 / 40 = 0.7500 (self-assessed 37.5 / 40 = 0.9375).
    Ties share rank 1 and are listed by agency code: SCT, then SYT.
    """
    cycle = build_cycle()
    adjust(cycle, "SCT", "1.2", {"chaired": "2", "total": "4"}, "Chỉ 2 cuộc do giám đốc chủ trì")
    adjust(cycle, "SYT", "1.2", {"chaired": "0", "total": "4"}, "Không có biên bản chủ trì")
    cycle.accept_all(1)
    cycle.close_explanations()
    cycle.move(Phase.APPRAISAL_2)
    cycle.accept_all(2)
    cycle.move(until)
    cycle.campaign.refresh_from_db()
    return cycle


def small_framework(code: str, *, tier: str = "department", year: int = 2025, **changes):
    """A copy of the small test framework under another code (and tier, year)."""
    existing = Framework.objects.filter(code=code).first()
    if existing:
        return existing
    document = copy.deepcopy(small_document())
    document.update(code=code, tier=tier, year=year, **changes)
    return load_framework(document)


def results_campaign(
    agencies: list[Agency], *, year: int = 2025, framework=None, published: bool = True
) -> Campaign:
    """A campaign over ``agencies`` (one tier), published unless told otherwise; its results
    are written with ``write_result``."""
    campaign = make_campaign(agencies, framework, year=year)
    Campaign.objects.filter(pk=campaign.pk).update(
        phase=Phase.PUBLISHED if published else Phase.FINALIZED,
        published_at=timezone.now() if published else None,
    )
    campaign.refresh_from_db()
    return campaign


def _text(value) -> str:
    return str(Decimal(str(value)).quantize(Decimal("0.01")))


def write_result(
    campaign: Campaign,
    agency: Agency,
    *,
    rank: int,
    group_points: tuple = (20, 20),
    rank_robust: bool | None = True,
    rank_low: int | None = None,
    rank_high: int | None = None,
    indicators: dict | None = None,
    self_group_points: tuple | None = None,
    group_codes: tuple | None = None,
) -> Result:
    """A result with two groups of max 30 each; the DTI value follows from ``group_points``
    (the self-assessed one from ``self_group_points``, the same points unless given). The
    groups are coded "1", "2", … unless ``group_codes`` says otherwise."""
    self_group_points = self_group_points or group_points
    group_codes = group_codes or tuple(str(number) for number in range(1, len(group_points) + 1))
    points = sum(Decimal(str(value)) for value in group_points)
    self_points = sum(Decimal(str(value)) for value in self_group_points)
    dti_value = (points / 60).quantize(Decimal("0.0001"))
    groups = {
        code: {
            "self_points": _text(self_value),
            "self_max_points": "30.00",
            "points": _text(value),
            "max_points": "30.00",
        }
        for code, value, self_value in zip(
            group_codes, group_points, self_group_points, strict=True
        )
    }
    return Result.objects.create(
        assessment=campaign.assessments.get(agency=agency),
        self_points=self_points,
        self_max_points=60,
        self_dti_value=(self_points / 60).quantize(Decimal("0.0001")),
        points=points,
        max_points=60,
        dti_value=dti_value,
        rank=rank,
        group_ranks={},
        rank_low=rank_low or rank,
        rank_high=rank_high or rank,
        leave_one_out_low=rank_low or rank,
        leave_one_out_high=rank_high or rank,
        rank_robust=rank_robust,
        groups=groups,
        indicators=indicators or {},
        frozen_at=timezone.now(),
    )


def indicator(group: str, points, max_points, self_points=None, reason: str = "") -> dict:
    """One entry of ``Result.indicators`` as ``result_fields`` stores it."""
    return {
        "group": group,
        "self_points": _text(points if self_points is None else self_points),
        "points": _text(points),
        "max_points": _text(max_points),
        "status": "scored",
        "decision": "adjusted" if reason else "accepted",
        "round": 1,
        "reason": reason,
    }
