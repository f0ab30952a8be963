"""A framework and a few departments for the assignment matrix tests.

The small test framework (year 2025) with default appraising units 1.1 → SKHCN (from the file),
2.1 → VPUB and SKHCN, 2.2 → NOPE (a code that is no agency); 1.2 names none. Departments:
SKHCN and VPUB appraise; SNV appraised until 2024 (not active in 2025); SYT is assessed only.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import load_workbook

from dti.agencies.models import Agency, Role, Tier, User
from dti.appraisals.services import set_assignments
from dti.frameworks.models import Framework
from dti.frameworks.services import load_framework
from tests.factories import make_agency, make_user
from tests.frameworks.helpers import small_document

DEFAULT_UNITS = {"2.1": ["VPUB", "SKHCN"], "2.2": ["NOPE"]}


@dataclass
class Setup:
    framework: Framework
    coordinator: User
    departments: dict[str, Agency]

    def indicator_id(self, code: str) -> int:
        return self.framework.indicators.get(code=code).pk

    def pairs(self, plan: dict[str, list[str]]) -> set[tuple[int, int]]:
        """{"1.1": ["SKHCN"]} → {(indicator id, department id)}."""
        return {
            (self.indicator_id(code), self.departments[department].pk)
            for code, departments in plan.items()
            for department in departments
        }

    def assign(self, plan: dict[str, list[str]]) -> None:
        set_assignments(self.framework, self.pairs(plan), self.coordinator)

    def saved_plan(self) -> dict[str, list[str]]:
        """The saved assignments as {"1.1": ["SKHCN"], …} (indicators without any left out)."""
        plan: dict[str, list[str]] = {}
        for indicator, department in self.framework.assignments.order_by(
            "indicator__order", "department__code"
        ).values_list("indicator__code", "department__code"):
            plan.setdefault(indicator, []).append(department)
        return plan


def build_setup() -> Setup:
    document = small_document()
    for group in document["groups"]:
        for indicator in group["indicators"]:
            if indicator["code"] in DEFAULT_UNITS:
                indicator["appraising_units"] = DEFAULT_UNITS[indicator["code"]]
    framework = load_framework(document)
    departments = {
        "SKHCN": make_agency("SKHCN", name="Sở Khoa học và Công nghệ", is_appraising_unit=True),
        "VPUB": make_agency("VPUB", name="Văn phòng UBND", is_appraising_unit=True),
        "SNV": make_agency("SNV", name="Sở Nội vụ", is_appraising_unit=True, active_until=2024),
        "SYT": make_agency("SYT", Tier.DEPARTMENT, name="Sở Y tế"),
    }
    return Setup(framework, make_user(Role.COORDINATOR), departments)


def open_sheet(data: bytes, sheet: str = "Phân công"):
    return load_workbook(io.BytesIO(data))[sheet]


def workbook_bytes(sheet) -> bytes:
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    return buffer.getvalue()
