"""The framework definition the engine scores against: framework → groups → indicators."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .inputs import Constraint, InputSpec
from .messages import LocalText
from .rules import Adjustment, Rule


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name: LocalText
    max_points: Decimal
    rule: Rule
    inputs: tuple[InputSpec, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    deductions: tuple[Adjustment, ...] = ()
    bonuses: tuple[Adjustment, ...] = ()
    applies_to_flag: str | None = None  # None: every agency of the tier
    may_be_not_applicable: bool = False  # the agency may declare it does not apply

    def applies_to(self, agency_flags: frozenset[str] | set[str]) -> bool:
        return self.applies_to_flag is None or self.applies_to_flag in agency_flags

    def input(self, code: str) -> InputSpec | None:
        return next((spec for spec in self.inputs if spec.code == code), None)


@dataclass(frozen=True)
class GroupDef:
    code: str
    name: LocalText
    max_points: Decimal
    indicators: tuple[IndicatorDef, ...] = ()


@dataclass(frozen=True)
class FrameworkDef:
    code: str
    title: LocalText
    groups: tuple[GroupDef, ...] = ()
    _index: dict[str, IndicatorDef] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for group in self.groups:
            for indicator in group.indicators:
                self._index[indicator.code] = indicator

    @property
    def max_points(self) -> Decimal:
        return sum((group.max_points for group in self.groups), Decimal(0))

    def indicators(self) -> tuple[IndicatorDef, ...]:
        return tuple(self._index.values())

    def indicator(self, code: str) -> IndicatorDef:
        return self._index[code]
