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

import math
import random
from bisect import bisect_right
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from operator import mul

from .numbers import DTI_QUANTUM, ZERO, round_dti, to_decimal
from .ranking import rank_by_value

ROBUST_SHARE = 0.9
ROBUST_DISTANCE = 1
_DTI_SCALE = float(1 / DTI_QUANTUM)  # 10,000: a perturbed value rounded to 4 decimals, as an int


@dataclass(frozen=True)
class GroupResult:
    points: float | Decimal
    max_points: float | Decimal


@dataclass(frozen=True)
class RankInterval:
    rank: int  # the published rank (unperturbed weights)
    low: int  # best rank seen in the middle 90 % of the draws (5th percentile)
    high: int  # worst rank seen in the middle 90 % of the draws (95th percentile)
    leave_one_out_low: int
    leave_one_out_high: int
    robust: bool


def _published_ranks(
    tier: Mapping[Hashable, Mapping[str, GroupResult]], omitted: str | None = None
) -> dict[Hashable, int]:
    """Ranks by the DTI value exactly as published (decimal, rounded half-up), optionally
    without one group."""
    values = {}
    for key, groups in tier.items():
        kept = [group for code, group in groups.items() if code != omitted]
        points = sum((to_decimal(group.points) for group in kept), ZERO)
        maximum = sum((to_decimal(group.max_points) for group in kept), ZERO)
        values[key] = round_dti(points / maximum) if maximum else ZERO
    return rank_by_value(values)


def _perturbed_ranks(
    rows: list[tuple[tuple[float, ...], tuple[float, ...]]], weights: list[float]
) -> list[int]:
    """Ranks (in the order of ``rows``) under the given group weights.

    Thousands of draws over thousands of agencies: values are floats, rounded half-up to 4
    decimals as integers, and an agency's rank is one more than the number of higher values.
    """
    values = []
    for points, maxima in rows:
        maximum = sum(map(mul, weights, maxima))
        value = sum(map(mul, weights, points)) / maximum if maximum else 0.0
        values.append(math.floor(value * _DTI_SCALE + 0.5))
    ordered = sorted(values)
    count = len(values)
    return [count - bisect_right(ordered, value) + 1 for value in values]


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
    base = _published_ranks(tier)
    keys = list(tier)
    rows = []
    for key in keys:
        groups = tier[key]
        present = [groups.get(code) for code in group_codes]
        rows.append(
            (
                tuple(float(group.points) if group else 0.0 for group in present),
                tuple(float(group.max_points) if group else 0.0 for group in present),
            )
        )
    randomness = random.Random(seed)
    seen: dict[Hashable, list[int]] = {key: [] for key in keys}
    for _draw in range(draws):
        weights = [randomness.uniform(1 - spread, 1 + spread) for _code in group_codes]
        for key, rank in zip(keys, _perturbed_ranks(rows, weights), strict=True):
            seen[key].append(rank)
    left_out: dict[Hashable, list[int]] = {key: [] for key in keys}
    if len(group_codes) > 1:
        for omitted in group_codes:
            for key, rank in _published_ranks(tier, omitted).items():
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
