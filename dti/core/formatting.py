"""Numbers and dates the way the active language writes them (vi: 1.234,5 and dd/mm/yyyy)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, gettext

from dti.scoring import Renderer


def format_number(value: Decimal | int | float, places: int | None = None) -> str:
    """Localised number; without ``places`` trailing zeros are dropped (20.00 → 20, 7.50 → 7,5)."""
    number = Decimal(str(value))
    if places is None:
        number = number.normalize()
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
    else:
        number = number.quantize(Decimal(1).scaleb(-places))
    return number_format(number, use_l10n=True, force_grouping=True)


def ui_renderer() -> Renderer:
    """Renders scoring-engine messages in the active language and number format."""
    return Renderer(
        translate=gettext,
        format_number=format_number,
        format_date=lambda value: date_format(value, "SHORT_DATE_FORMAT"),
        language=get_language() or "vi",
    )
