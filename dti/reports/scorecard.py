"""The one-page PDF scorecard of an agency (WeasyPrint), and all scorecards of a tier as a .zip.

The PDF is drawn from an HTML template with DejaVu Sans loaded from a local file, so that every
Vietnamese diacritic renders whatever fonts the server has configured. WeasyPrint fetches
nothing from the network: its URL fetcher only opens the font files.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template import Context, Engine
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from dti.campaigns.models import Campaign, Reopening
from dti.results.models import Result
from dti.results.selectors import strongest_and_weakest

from . import charts
from .selectors import TierReport, campaign_report
from .vietnamese import (
    CORRECTIONS_TITLE,
    TIE_RULE,
    correction,
    number,
    percent,
    robustness_definition,
    tier_name,
    weight_spread,
)

CONTENT_TYPE = "application/pdf"
ARCHIVE_CONTENT_TYPE = "application/zip"
TEMPLATE = "reports/scorecard.html"
# The PDF template lives with the writer and is rendered by an engine of its own: it is not a
# page of the site and needs none of the site's context processors.
_engine = Engine(dirs=[str(Path(__file__).parent / "templates")], autoescape=True)


# The files of the template's @font-face rules. WeasyPrint silently falls back to another font
# when one is missing, so they are checked at start-up (dti.reports.checks) and before each
# rendering.
FONT_FILES = {"normal": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}


def font_dir() -> Path:
    return Path(settings.REPORT_FONT_DIR)


def missing_font_files(folder: Path) -> list[Path]:
    return [folder / name for name in FONT_FILES.values() if not (folder / name).is_file()]


class MissingFontError(Exception):
    """The scorecard's font files are not in ``REPORT_FONT_DIR``."""


class LocalFontFetcher(URLFetcher):
    """Opens ``file:`` URLs inside the font folder and refuses everything else, so that
    rendering a scorecard never reaches the network or reads another file."""

    def __init__(self, folder: Path):
        super().__init__(allowed_protocols=("file",))
        self.folder = folder.resolve()

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        # Resolving the path also undoes "../" that would climb out of the font folder.
        path = Path(url2pathname(parts.path)).resolve() if parts.scheme == "file" else None
        if (
            path is None
            or parts.netloc not in ("", "localhost")
            or not path.is_relative_to(self.folder)
        ):
            raise ValueError(f"the scorecard may only load its fonts, not {url}")
        return super().fetch(url, headers)


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    name: str
    points: str  # "15 / 20"
    share: str  # "75 %"


@dataclass(frozen=True)
class Scorecard:
    """What the page shows, every number already written the Vietnamese way (the template
    must not format a year as "2.025")."""

    agency_name: str
    agency_code: str
    campaign_title: str
    year: str
    tier_name: str
    dti_value: str
    self_dti_value: str
    rank: str
    agency_count: str
    rank_interval: str  # "1–3"; "" when the rank does not move or is unknown
    rank_robust: bool | None
    points: str
    max_points: str
    self_points: str
    self_max_points: str
    chart_svg: str
    strongest: list[IndicatorLine]
    weakest: list[IndicatorLine]
    weight_spread: str  # "±20%"
    robustness_definition: str
    tie_rule: str
    corrections: list[str]  # "Ngày 01/03/2025: reason", one per reopening after finalisation
    corrections_title: str


def _indicator_line(tier: TierReport, result: Result, code: str) -> IndicatorLine:
    item = result.indicators[code]
    maximum = Decimal(item["max_points"])
    return IndicatorLine(
        code=code,
        name=tier.indicator_name(code),
        points=f"{number(item['points'])} / {number(maximum)}",
        share=percent(Decimal(item["points"]) / maximum if maximum else None),
    )


def group_chart_svg(tier: TierReport, result: Result) -> str:
    """The agency's share of each group's maximum against the tier average: the chart of the
    agency's public page, drawn in Vietnamese."""
    with translation.override("vi"):
        return charts.agency_chart(tier.group_names, result.groups, tier.group_averages, tier.tier)


def _rank_interval(result: Result) -> str:
    if result.rank_low is None or result.rank_high is None or result.rank_low == result.rank_high:
        return ""
    return f"{result.rank_low}–{result.rank_high}"


def scorecard(tier: TierReport, result: Result, reopenings: list[Reopening]) -> Scorecard:
    """The page of one agency; ``reopenings`` are the campaign's corrections after
    finalisation, which every published document names."""
    campaign = result.assessment.campaign
    agency = result.assessment.agency
    strongest, weakest = strongest_and_weakest(result)
    return Scorecard(
        agency_name=agency.name,
        agency_code=agency.code,
        campaign_title=campaign.title,
        year=str(campaign.year),
        tier_name=tier_name(tier.tier),
        dti_value=number(result.dti_value, 4),
        self_dti_value=number(result.self_dti_value, 4),
        rank=str(result.rank),
        agency_count=str(tier.agency_count),
        rank_interval=_rank_interval(result),
        rank_robust=result.rank_robust,
        points=number(result.points),
        max_points=number(result.max_points),
        self_points=number(result.self_points),
        self_max_points=number(result.self_max_points),
        chart_svg=group_chart_svg(tier, result),
        strongest=[_indicator_line(tier, result, code) for code in strongest],
        weakest=[_indicator_line(tier, result, code) for code in weakest],
        weight_spread=weight_spread(),
        robustness_definition=robustness_definition(),
        tie_rule=TIE_RULE,
        corrections=[correction(reopening) for reopening in reopenings],
        corrections_title=CORRECTIONS_TITLE,
    )


def scorecard_pdf(card: Scorecard) -> bytes:
    """One A4 page, as the bytes of a PDF. Raises ``MissingFontError`` rather than render the
    Vietnamese text in whatever font the server falls back to."""
    folder = font_dir()
    missing = missing_font_files(folder)
    if missing:
        raise MissingFontError(
            f"REPORT_FONT_DIR={folder}: the PDF scorecard needs "
            f"{', '.join(str(path) for path in missing)} (Debian package fonts-dejavu-core)"
        )
    html = _engine.get_template(TEMPLATE).render(
        Context({"card": card, "font_url": folder.resolve().as_uri(), "fonts": FONT_FILES})
    )
    return HTML(string=html, url_fetcher=LocalFontFetcher(folder)).write_pdf()


def agency_scorecard(result: Result) -> bytes:
    """The scorecard of one agency (its tier is read for the rank and the averages)."""
    report = campaign_report(result.assessment.campaign, tiers=[result.assessment.agency.tier])
    tier_report = report.tiers[0]
    own = next(item for item in tier_report.results if item.pk == result.pk)
    return scorecard_pdf(scorecard(tier_report, own, report.reopenings))


def archive_name(agency_code: str) -> str:
    """A safe file name from an agency code: "P-HOANKIEM" → "P-HOANKIEM.pdf"."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", agency_code).strip("-") + ".pdf"


def scorecards_archive(
    campaign: Campaign, tier: str, progress: Callable[[int, str], None] | None = None
) -> bytes:
    """A .zip with the scorecard of every agency of ``tier``, named by agency code.

    ``progress(done, agency_name)`` is called after each scorecard, for the job's progress bar.
    """
    report = campaign_report(campaign, tiers=[tier])
    tiers = report.tiers
    if not tiers:
        raise ValueError(f"campaign {campaign.pk} has no framework for the tier {tier!r}")
    tier_report = tiers[0]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, result in enumerate(tier_report.results, start=1):
            archive.writestr(
                archive_name(result.assessment.agency.code),
                scorecard_pdf(scorecard(tier_report, result, report.reopenings)),
            )
            if progress:
                progress(done, result.assessment.agency.name)
    return buffer.getvalue()
