"""How robust is a ranking? Rank intervals under changes of the group weights.

The DTI value weighs every group by its points. A ranking is only as convincing as its
independence from that choice, so for each agency we look at its rank when

- the weight of every group is multiplied by a random factor in [1 − spread, 1 + spread]
  (``draws`` seeded draws, the same for every agency of the tier), and
- one group at a time is left out entirely.

Rule, documented for the portal: a rank is **robust** when, in at least 90 % of the perturbed
draws, the agency stays within one place of its published rank. Ranks are computed as
everywhere else (DTI value rounded to 4 decimals, ties share a rank).
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .numbers import DTI_QUANTUM
from .ranking import rank_by_value

ROBUST_SHARE = 0.9
ROBUST_DISTANCE = 1


@dataclass(frozen=True)
class GroupResult:
    points: float
    max_points: float


@dataclass(frozen=True)
class RankInterval:
    rank: int  # the published rank (unperturbed weights)
    low: int  # best rank seen in the middle 90 % of the draws (5th percentile)
    high: int  # worst rank seen in the middle 90 % of the draws (95th percentile)
    leave_one_out_low: int
    leave_one_out_high: int
    robust: bool


def _value(groups: Mapping[str, GroupResult], weights: Mapping[str, float]) -> float:
    points = sum(weights[code] * group.points for code, group in groups.items())
    maximum = sum(weights[code] * group.max_points for code, group in groups.items())
    return points / maximum if maximum else 0.0


def _ranks(
    tier: Mapping[Hashable, Mapping[str, GroupResult]], weights: Mapping[str, float]
) -> dict[Hashable, int]:
    values = {
        key: Decimal(_value(groups, weights)).quantize(DTI_QUANTUM) for key, groups in tier.items()
    }
    return rank_by_value(values)


def _percentile(sorted_values: list[int], share: float) -> int:
    index = min(len(sorted_values) - 1, max(0, round(share * (len(sorted_values) - 1))))
    return sorted_values[index]


def rank_intervals(
    tier: Mapping[Hashable, Mapping[str, GroupResult]],
    *,
    draws: int = 1000,
    spread: float = 0.2,
    seed: int = 0,
) -> dict[Hashable, RankInterval]:
    """Rank intervals of every agency of one tier (agency key → group code → result)."""
    if not tier:
        return {}
    group_codes = sorted({code for groups in tier.values() for code in groups})
    base = _ranks(tier, dict.fromkeys(group_codes, 1.0))
    randomness = random.Random(seed)
    seen: dict[Hashable, list[int]] = {key: [] for key in tier}
    for _draw in range(draws):
        weights = {code: randomness.uniform(1 - spread, 1 + spread) for code in group_codes}
        for key, rank in _ranks(tier, weights).items():
            seen[key].append(rank)
    left_out: dict[Hashable, list[int]] = {key: [] for key in tier}
    if len(group_codes) > 1:
        for omitted in group_codes:
            weights = {code: 0.0 if code == omitted else 1.0 for code in group_codes}
            for key, rank in _ranks(tier, weights).items():
                left_out[key].append(rank)
    intervals = {}
    for key, ranks in seen.items():
        ordered = sorted(ranks)
        near = sum(1 for rank in ranks if abs(rank - base[key]) <= ROBUST_DISTANCE)
        others = left_out[key] or [base[key]]
        intervals[key] = RankInterval(
            rank=base[key],
            low=_percentile(ordered, 0.05),
            high=_percentile(ordered, 0.95),
            leave_one_out_low=min(others),
            leave_one_out_high=max(others),
            robust=near >= ROBUST_SHARE * len(ranks),
        )
    return intervals
