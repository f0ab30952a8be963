"""Charts drawn on the server as SVG, so the web page, the PDF scorecard and the Word report
show the same picture (the Word report embeds the PNG made from the same SVG)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"
BLUE = "#0b3d6e"
GREY = "#9aa5b1"
INK = "#1b1f24"


@dataclass(frozen=True)
class Bar:
    label: str  # e.g. "1. Nhận thức số"
    value: Decimal | None  # share of the group's maximum in [0, 1]; None: not applicable
    average: Decimal | None  # the tier's average share


def _percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{float(value) * 100:.0f}%"


def group_chart(
    bars: list[Bar], *, title: str, value_label: str, average_label: str, width: int = 640
) -> str:
    """Horizontal bars: the agency's share of each group's maximum against the tier average."""
    label_width, row_height, top = 230, 34, 56
    plot_width = width - label_width - 70
    height = top + row_height * len(bars) + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'font-family="{FONT}" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-size="14" font-weight="bold" fill="{INK}">{escape(title)}</text>',
        f'<rect x="0" y="28" width="12" height="10" fill="{BLUE}"/>',
        f'<text x="18" y="37" fill="{INK}">{escape(value_label)}</text>',
        f'<rect x="170" y="28" width="12" height="10" fill="{GREY}"/>',
        f'<text x="188" y="37" fill="{INK}">{escape(average_label)}</text>',
    ]
    for index, bar in enumerate(bars):
        y = top + index * row_height
        label = bar.label if len(bar.label) <= 34 else bar.label[:33] + "…"
        parts.append(f'<text x="0" y="{y + 15}" fill="{INK}">{escape(label)}</text>')
        for offset, value, colour in ((0, bar.value, BLUE), (14, bar.average, GREY)):
            length = 0 if value is None else max(0.0, min(1.0, float(value))) * plot_width
            parts.append(
                f'<rect x="{label_width}" y="{y + offset}" width="{length:.1f}" '
                f'height="12" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{label_width + length + 4:.1f}" y="{y + offset + 10}" '
                f'fill="{INK}">{_percent(value)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    """The same chart as a PNG (for Word documents), drawn by Cairo."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)


@dataclass(frozen=True)
class Share:
    label: str  # e.g. "1. Nhận thức số"
    value: Decimal | None  # share in [0, 1]; None: not applicable


def share_chart(rows: list[Share], *, title: str, value_label: str, width: int = 640) -> str:
    """Horizontal bars of one series (e.g. a tier's average share of each group's maximum),
    drawn like ``group_chart`` so that both kinds of chart look alike side by side."""
    label_width, row_height, top = 230, 24, 56
    plot_width = width - label_width - 70
    height = top + row_height * len(rows) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'font-family="{FONT}" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-size="14" font-weight="bold" fill="{INK}">{escape(title)}</text>',
        f'<rect x="0" y="28" width="12" height="10" fill="{BLUE}"/>',
        f'<text x="18" y="37" fill="{INK}">{escape(value_label)}</text>',
    ]
    for index, row in enumerate(rows):
        y = top + index * row_height
        label = row.label if len(row.label) <= 34 else row.label[:33] + "…"
        length = 0 if row.value is None else max(0.0, min(1.0, float(row.value))) * plot_width
        parts.append(f'<text x="0" y="{y + 11}" fill="{INK}">{escape(label)}</text>')
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="14" fill="{BLUE}"/>'
        )
        parts.append(
            f'<text x="{label_width + length + 4:.1f}" y="{y + 11}" '
            f'fill="{INK}">{_percent(row.value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
