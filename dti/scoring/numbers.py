"""The one rounding rule of the platform.

- An indicator's points are rounded half-up to 2 decimals, after capping to [0, max].
- Group points and the total are exact sums of the rounded indicator points, so the total always
  equals the sum of the groups and the sum of the indicators shown in any report.
- The DTI value (total / applicable max) is rounded half-up to 4 decimals, as the national DTI
  is published (e.g. 0.7955); rankings compare these rounded values, so what is shown is what ranks.
"""

from decimal import ROUND_HALF_UP, Decimal

from .messages import Message, _

POINTS_QUANTUM = Decimal("0.01")
DTI_QUANTUM = Decimal("0.0001")
ZERO = Decimal(0)
# Intermediate values shown in a trace are written out up to this size. A formula can reach far
# beyond it (x × y with two inputs of 10^14 is 10^28), where rounding to 0.01 would need more
# digits than the decimal context has; the points are capped to the maximum anyway.
SHOWN_LIMIT = Decimal(10) ** 15


def round_points(value: Decimal) -> Decimal:
    return value.quantize(POINTS_QUANTUM, rounding=ROUND_HALF_UP)


def round_dti(value: Decimal) -> Decimal:
    return value.quantize(DTI_QUANTUM, rounding=ROUND_HALF_UP)


def shown(value: Decimal, quantum: Decimal = POINTS_QUANTUM) -> Decimal | Message:
    """An intermediate value for a trace line: rounded, or "more than 10^15" when it is huge."""
    if value >= SHOWN_LIMIT:
        return Message(_("more than {limit}"), {"limit": SHOWN_LIMIT})
    if value <= -SHOWN_LIMIT:
        return Message(_("less than {limit}"), {"limit": -SHOWN_LIMIT})
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return min(max(value, low), high)


def to_decimal(value: object) -> Decimal:
    """Exact decimal of an int, a Decimal, a numeric string or a float (through its repr)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)  # type: ignore[arg-type]
