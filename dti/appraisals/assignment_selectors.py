"""Reads for the assignment matrix: which appraising departments appraise which indicators of a
framework (the model is annex 02 of the 2024 DTI plan)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db.models import Q

from dti.agencies.models import Agency
from dti.frameworks.models import Framework, Group, Indicator

Pair = tuple[int, int]  # (indicator id, department id)


def appraising_departments(framework: Framework) -> list[Agency]:
    """The grid's columns: appraising units active in the framework's year, plus any department
    that already appraises one of its indicators (so that saving the grid never drops an
    assignment the coordinator cannot see)."""
    assigned = set(framework.assignments.values_list("department_id", flat=True))
    candidates = Agency.objects.filter(Q(is_appraising_unit=True) | Q(pk__in=assigned))
    return [
        agency
        for agency in candidates.order_by("code")
        if agency.pk in assigned or agency.is_active_in(framework.year)
    ]


def is_eligible(department: Agency, framework: Framework) -> bool:
    """May appraise indicators of ``framework``: an appraising unit active in its year."""
    return department.is_appraising_unit and department.is_active_in(framework.year)


def assigned_pairs(framework: Framework) -> set[Pair]:
    return set(framework.assignments.values_list("indicator_id", "department_id"))


def pairs_fingerprint(pairs: set[Pair]) -> str:
    """A short digest of a set of assignments: the grid sends back the one it was drawn from,
    so a save made after someone else's change is noticed instead of silently undoing it."""
    text = ";".join(f"{indicator}:{department}" for indicator, department in sorted(pairs))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def default_units_not_found(framework: Framework) -> list[str]:
    """Codes that the framework file names as appraising units but that are not appraising
    units here (an agency list not loaded yet, or a department renamed)."""
    named = {
        code
        for units in framework.indicators.values_list("appraising_units", flat=True)
        for code in units or []
    }
    known = set(
        Agency.objects.filter(code__in=named, is_appraising_unit=True).values_list(
            "code", flat=True
        )
    )
    return sorted(named - known)


@dataclass
class GridColumn:
    department: Agency
    eligible: bool  # False for a department kept only because it is still assigned


@dataclass
class GridCell:
    department: Agency
    assigned: bool
    saved: bool  # what the database holds; differs from ``assigned`` when a save was refused

    @property
    def changed(self) -> bool:
        return self.assigned != self.saved


@dataclass
class GridRow:
    indicator: Indicator
    cells: list[GridCell]

    @property
    def department_count(self) -> int:
        return sum(cell.assigned for cell in self.cells)

    @property
    def has_no_department(self) -> bool:
        return self.department_count == 0


@dataclass
class GridGroup:
    group: Group
    rows: list[GridRow] = field(default_factory=list)


@dataclass
class AssignmentGrid:
    """Indicators (grouped) × appraising departments, and what the page sums up from them."""

    framework: Framework
    columns: list[GridColumn]
    groups: list[GridGroup]
    fingerprint: str

    @property
    def rows(self) -> list[GridRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def department_counts(self) -> list[tuple[Agency, int]]:
        """How many indicators each department appraises, in column order."""
        rows = self.rows
        return [
            (column.department, sum(row.cells[index].assigned for row in rows))
            for index, column in enumerate(self.columns)
        ]

    @property
    def without_department(self) -> list[Indicator]:
        return [row.indicator for row in self.rows if row.has_no_department]

    @property
    def changed_count(self) -> int:
        return sum(cell.changed for row in self.rows for cell in row.cells)


def assignment_grid(framework: Framework, checked: set[Pair] | None = None) -> AssignmentGrid:
    """The matrix of ``framework``; ``checked`` replaces the saved assignments as what is ticked
    (to show again what a user sent when their save was refused). Three queries."""
    saved = assigned_pairs(framework)
    ticked = saved if checked is None else checked
    departments = appraising_departments(framework)
    groups: dict[int, GridGroup] = {}
    indicators = framework.indicators.select_related("group").order_by("group__order", "order")
    for indicator in indicators:
        cells = [
            GridCell(
                department=department,
                assigned=(indicator.pk, department.pk) in ticked,
                saved=(indicator.pk, department.pk) in saved,
            )
            for department in departments
        ]
        group = groups.setdefault(indicator.group_id, GridGroup(indicator.group))
        group.rows.append(GridRow(indicator, cells))
    return AssignmentGrid(
        framework=framework,
        columns=[GridColumn(item, is_eligible(item, framework)) for item in departments],
        groups=list(groups.values()),
        fingerprint=pairs_fingerprint(saved),
    )
