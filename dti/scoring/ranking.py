"""Rankings within a tier: by DTI value, highest first; ties share a rank.

Standard competition ranking ("1, 2, 2, 4"): an agency's rank is one more than the number of
agencies with a strictly higher value. Ties are listed by their key (the agency code) so that
every listing of the same data is in the same order.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import Decimal


def rank_by_value(values: Mapping[Hashable, Decimal]) -> dict[Hashable, int]:
    ordered = sorted(values.items(), key=lambda item: (-item[1], str(item[0])))
    ranks: dict[Hashable, int] = {}
    previous_value: Decimal | None = None
    previous_rank = 0
    for position, (key, value) in enumerate(ordered, start=1):
        if value != previous_value:
            previous_rank, previous_value = position, value
        ranks[key] = previous_rank
    return ranks


def ranking_order(values: Mapping[Hashable, Decimal]) -> list[tuple[int, Hashable]]:
    """(rank, key) pairs in display order."""
    ranks = rank_by_value(values)
    return sorted(((rank, key) for key, rank in ranks.items()), key=lambda p: (p[0], str(p[1])))
