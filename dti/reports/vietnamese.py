"""Words and number formats of the official Vietnamese documents (workbook, Word report, PDF).

These documents are Vietnamese by design, whatever language the person who asks for them reads
the interface in, so their text is written here directly rather than through gettext.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation

from dti.campaigns.models import Reopening
from dti.core.formatting import format_number
from dti.results.services import robustness_rule

TIER_NAMES = {
    "department": "Sở, ban, ngành",
    "commune": "UBND xã, phường",
    "district": "UBND quận, huyện, thị xã",
}
# Short forms for worksheet names, which Excel limits to 31 characters.
TIER_SHORT_NAMES = {"department": "Sở", "commune": "Xã", "district": "Huyện"}
TIER_ORDER = ("department", "commune", "district")

DECISIONS = {"accepted": "Chấp nhận", "adjusted": "Điều chỉnh", "pending": "Chưa thẩm định"}
STATUSES = {
    "scored": "Có điểm",
    "unanswered": "Chưa trả lời",
    "invalid": "Số liệu không hợp lệ",
    "not_applicable": "Không áp dụng",
}
YES, NO = "Có", "Không"
TIE_RULE = (
    "Các cơ quan, đơn vị có cùng giá trị Chỉ số được xếp đồng hạng và liệt kê theo thứ tự mã "
    "cơ quan; thứ hạng tiếp theo tính cả các cơ quan xếp trên (1, 2, 2, 4)."
)


def tier_name(tier: str) -> str:
    return TIER_NAMES.get(tier, tier)


def number(value: Decimal | int | float | str, places: int | None = None) -> str:
    """A number as Vietnamese writes it (1.234,5; a DTI value with ``places=4``: 0,7083)."""
    with translation.override("vi"):
        return format_number(Decimal(str(value)), places)


def percent(share: Decimal | None) -> str:
    """A share of a maximum as a whole percentage, written as on the charts: 0.825 → "83%"."""
    return "—" if share is None else f"{number(round(share * 100))}%"


def weight_spread() -> str:
    """How far the group weights are varied, e.g. "±20%"."""
    return f"±{number(round(robustness_rule().spread * 100))}%"


def robustness_definition() -> str:
    """When a rank is robust, with the numbers ``freeze_results`` uses."""
    rule = robustness_rule()
    share = number(round(rule.robust_share * 100))
    return (
        f"Thứ hạng được coi là ổn định khi, trong ít nhất {share}% "
        f"của {number(rule.draws)} lần thay đổi ngẫu nhiên trọng số các nhóm chỉ số trong khoảng "
        f"{weight_spread()}, cơ quan giữ thứ hạng cách thứ hạng công bố không quá "
        f"{number(rule.distance)} bậc."
    )


def rank_range_definition() -> str:
    """What the rank range and the range leaving one group out mean."""
    return (
        f"Khoảng hạng khi trọng số thay đổi: từ hạng ở phân vị 5% đến hạng ở phân vị 95% của các "
        f"lần thay đổi trọng số ({weight_spread()}). Khoảng hạng khi bỏ từng nhóm: hạng cao nhất "
        "và thấp nhất khi lần lượt bỏ một nhóm chỉ số khỏi cách tính Chỉ số."
    )


CORRECTIONS_TITLE = "Điều chỉnh sau khi hoàn thành kết quả"


def correction_date(reopening: Reopening) -> str:
    """The local date a campaign was reopened for a correction, e.g. "01/03/2025"."""
    return timezone.localtime(reopening.reopened_at).strftime("%d/%m/%Y")


def correction(reopening: Reopening) -> str:
    """One correction after finalisation as the documents list it: "Ngày 01/03/2025: reason"."""
    return f"Ngày {correction_date(reopening)}: {reopening.reason}"


def city_name() -> str:
    """The organisation named in the documents, e.g. "Thành phố Hà Nội"."""
    return settings.CITY_NAME


def place_name() -> str:
    """The place on the date line: "Thành phố Hà Nội" → "Hà Nội"."""
    name = city_name()
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name
