"""Charts drawn on the server as SVG: one function per kind of chart, called by every output
that shows it, so the web page, the PDF scorecard and the Word report show the same picture
(the Word report embeds the PNG that Cairo draws from the same SVG).

- ``agency_chart``: an agency's share of each group's maximum against its tier's average — the
  public agency page and the PDF scorecard;
- ``tier_chart``: a tier's average share of each group's maximum — the public ranking page of
  the tier and the Word report.

Titles and legends are in the active language; the official documents, which are Vietnamese,
draw their charts under ``translation.override("vi")`` and then match the Vietnamese page byte
for byte. Group names are wrapped onto as many lines as they need, never cut.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from dti.agencies.models import Tier

FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"
BLUE = "#0b3d6e"
GREY = "#9aa5b1"
INK = "#1b1f24"
WIDTH = 640
# DejaVu Sans at 12 px averages about 7 px a character, Vietnamese letters with their marks
# included: 32 characters fill the 236-pixel label column.
LABEL_WIDTH, LABEL_CHARS, CHAR_WIDTH, LINE_HEIGHT = 236, 32, 7.2, 15
BAR_HEIGHT, BAR_GAP, ROW_GAP = 12, 2, 8
TOP = 56  # below the title and the legend


@dataclass(frozen=True)
class Bar:
    label: str  # e.g. "1. Nhận thức số"
    values: tuple[Decimal | None, ...]  # shares of the group's maximum in [0, 1]; None: n/a


def _percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{float(value) * 100:.0f}%"


def _lines(label: str) -> list[str]:
    return textwrap.wrap(label, LABEL_CHARS) or [""]


def _legend(series: list[tuple[str, str]]) -> list[str]:
    """Coloured squares with their labels, side by side, each placed after the previous one's
    estimated width."""
    parts, x = [], 0.0
    for label, colour in series:
        parts.append(f'<rect x="{x:.0f}" y="28" width="12" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 18:.0f}" y="37" fill="{INK}">{escape(label)}</text>')
        x += 18 + len(label) * CHAR_WIDTH + 24
    return parts


def _bar_chart(bars: list[Bar], *, title: str, series: list[tuple[str, str]]) -> str:
    """Horizontal bars, one row per group and one bar per series, the group's name wrapped at
    the left. Every text given is escaped."""
    plot_width = WIDTH - LABEL_WIDTH - 50
    bars_height = len(series) * BAR_HEIGHT + (len(series) - 1) * BAR_GAP
    rows, y = [], TOP
    for bar in bars:
        lines = _lines(bar.label)
        text = "".join(
            f'<tspan x="0" y="{y + 10 + index * LINE_HEIGHT}">{escape(line)}</tspan>'
            for index, line in enumerate(lines)
        )
        rows.append(f'<text fill="{INK}">{text}</text>')
        for index, (value, (_label, colour)) in enumerate(zip(bar.values, series, strict=True)):
            top = y + index * (BAR_HEIGHT + BAR_GAP)
            length = 0 if value is None else max(0.0, min(1.0, float(value))) * plot_width
            rows.append(
                f'<rect x="{LABEL_WIDTH}" y="{top}" width="{length:.1f}" '
                f'height="{BAR_HEIGHT}" fill="{colour}"/>'
            )
            rows.append(
                f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{top + 10}" '
                f'fill="{INK}">{_percent(value)}</text>'
            )
        y += max(bars_height, len(lines) * LINE_HEIGHT) + ROW_GAP
    height = y + 10
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
            f'font-family="{FONT}" font-size="12">',
            f"<title>{escape(title)}</title>",
            f'<text x="0" y="16" font-size="14" font-weight="bold" fill="{INK}">'
            f"{escape(title)}</text>",
            *_legend(series),
            *rows,
            "</svg>",
        ]
    )


def _tier_label(tier: str) -> str:
    return Tier(tier).label if tier in Tier.values else tier


def _share(group: Mapping[str, str] | None) -> Decimal | None:
    if not group or not Decimal(group["max_points"]):
        return None
    return Decimal(group["points"]) / Decimal(group["max_points"])


def agency_chart(
    group_names: Mapping[str, str],
    result_groups: Mapping[str, Mapping[str, str]],
    averages: Mapping[str, Decimal],
    tier: str,
) -> str:
    """An agency's share of each group's maximum against the average of its tier.

    ``group_names``: the framework's groups in order (code → name); ``result_groups``: the
    result's ``groups`` (points and max per code); ``averages``: the tier's average share per
    group code (``dti.results.selectors.tier_summary``).
    """
    bars = [
        Bar(f"{code}. {name}", (_share(result_groups.get(code)), averages.get(code)))
        for code, name in group_names.items()
    ]
    return _bar_chart(
        bars,
        title=_("Share of the maximum points reached, by group"),
        series=[
            (_("This agency"), BLUE),
            (_("Average of the tier: %(tier)s") % {"tier": _tier_label(tier)}, GREY),
        ],
    )


def tier_chart(group_names: Mapping[str, str], averages: Mapping[str, Decimal], tier: str) -> str:
    """The average share of each group's maximum over the agencies of a tier (to which the
    group applies)."""
    bars = [Bar(f"{code}. {name}", (averages.get(code),)) for code, name in group_names.items()]
    return _bar_chart(
        bars,
        title=_("Average share of the maximum points, by group: %(tier)s")
        % {"tier": _tier_label(tier)},
        series=[(_("Average of the tier: %(tier)s") % {"tier": _tier_label(tier)}, BLUE)],
    )


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    """The same chart as a PNG (for Word documents), drawn by Cairo."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)
