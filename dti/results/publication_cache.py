"""What is built from published results is kept in Django's cache once built.

Published results change only through a new publication (a correction reopens the campaign,
which is then finalised and published again), so a page or file built from them can be kept:
the 3,500 rows of a commune ranking, its chart, the open data files. Each is kept under a key
that includes ``source_version`` — a fingerprint of everything it is made of — so nothing has to
be deleted when that changes: the next request simply asks for another key. The timeout only
frees the room of what nobody asks for any more.

With several app processes, ``CACHE_URL`` shares one cache between them (config/settings.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Count, Max

from dti.campaigns.models import Campaign
from dti.frameworks.models import FrameworkMapping

from .models import Result

CACHE_SECONDS = 24 * 60 * 60
Built = TypeVar("Built")


def source_version(campaign: Campaign, tier: str) -> str:
    """A fingerprint of what a tier's published results are shown with, in three small
    queries: the publication (a corrected campaign is published again, at a new time), the
    tier's results, the earlier published campaigns (the change against the previous year) and
    the framework mappings into the tier's framework (what is comparable)."""
    results = Result.objects.filter(
        assessment__campaign=campaign, assessment__agency__tier=tier
    ).aggregate(count=Count("pk"), frozen=Max("frozen_at"))
    earlier = list(
        Campaign.objects.filter(published_at__isnull=False, year__lt=campaign.year)
        .order_by("pk")
        .values_list("pk", "published_at")
    )
    mappings = FrameworkMapping.objects.filter(
        target__campaignframework__campaign=campaign, target__campaignframework__tier=tier
    ).aggregate(
        mapping_count=Count("pk", distinct=True),
        last_mapping=Max("pk"),
        pair_count=Count("indicators", distinct=True),
        last_pair=Max("indicators__pk"),
    )
    source = (campaign.pk, campaign.title, campaign.published_at, results, earlier, mappings)
    return hashlib.sha256(repr(source).encode()).hexdigest()[:32]


def kept(
    campaign: Campaign, tier: str, name: str, build: Callable[[], Built], version: str = ""
) -> Built:
    """``build()``'s value for the tier's published results, built once per publication.

    ``version`` is the tier's ``source_version`` when the caller has it already (several
    things kept for one request)."""
    version = version or source_version(campaign, tier)
    key = f"published:{name}:{campaign.pk}:{tier}:{version}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CACHE_SECONDS)
    return value
