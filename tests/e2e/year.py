"""The people and data of a DTI year that nobody enters in the browser: the indicator framework
(the small test framework), the agencies, the accounts and who appraises which indicator.

Sở Giáo dục và Đào tạo is the agency the browser walk follows; Sở Y tế is a second agency that
fills in its assessment through the services, so that the ranking has somebody to rank against.
"""

from __future__ import annotations

from dataclasses import dataclass

from dti.agencies.models import Agency, Role, Tier, User
from dti.agencies.services import create_account
from dti.appraisals.services import set_assignments
from dti.assessments.models import Assessment
from dti.assessments.services import save_response, submit_assessment
from dti.frameworks.models import Framework
from dti.frameworks.services import load_framework
from tests.assessments.helpers import attach_link
from tests.frameworks.helpers import small_document

PASSWORD = "mat-khau-thu-2025"

# Sở Y tế's answers (filled through the services): 20 + 2,5 + 8 = 30,5 of 40 points.
OTHER_AGENCY_ANSWERS = {
    "1.1": {"meetings": "4"},
    "1.2": {"chaired": "1", "total": "4"},
    "2.1": {"plan": "yes", "drills": "1", "incidents": "1"},
}


@dataclass
class Year:
    framework: Framework
    agency: Agency
    other_agency: Agency
    usernames: dict[str, str]

    def sign_in_as(self, people, who: str, viewport=None):
        return people.signed_in(self.usernames[who], PASSWORD, viewport)

    def assessment(self) -> Assessment:
        return Assessment.objects.get(agency=self.agency)


def _account(username: str, role: str, agency: Agency | None = None, name: str = ""):
    return create_account(
        username=username, password=PASSWORD, role=role, agency=agency, full_name=name
    )


def prepare_year() -> Year:
    """What exists before the year starts: framework, agencies, accounts, assignments."""
    framework = load_framework(small_document())
    department = Agency.objects.create(
        code="SKHCN",
        name="Sở Khoa học và Công nghệ",
        tier=Tier.DEPARTMENT,
        is_appraising_unit=True,
        is_assessed=False,
    )
    agency = Agency.objects.create(
        code="SGDDT", name="Sở Giáo dục và Đào tạo", tier=Tier.DEPARTMENT
    )
    other = Agency.objects.create(code="SYT", name="Sở Y tế", tier=Tier.DEPARTMENT)
    coordinator = _account("dieuphoi", Role.COORDINATOR, department, "Nguyễn Văn Điều")
    _account("canbo.sgd", Role.AGENCY_STAFF, agency, "Trần Thị Cán")
    _account("lanhdao.sgd", Role.AGENCY_LEADER, agency, "Lê Văn Lãnh")
    _account("thamdinh.skhcn", Role.APPRAISER, department, "Phạm Thị Thẩm")
    _account("hoidong1", Role.COUNCIL_MEMBER, name="Hoàng Văn Hội")
    _account("hoidong2", Role.COUNCIL_MEMBER, name="Vũ Thị Đồng")
    _account("canbo.syt", Role.AGENCY_STAFF, other)
    _account("lanhdao.syt", Role.AGENCY_LEADER, other)
    set_assignments(
        framework,
        {(indicator.pk, department.pk) for indicator in framework.indicators.all()},
        coordinator,
    )
    return Year(
        framework=framework,
        agency=agency,
        other_agency=other,
        usernames={
            "coordinator": "dieuphoi",
            "staff": "canbo.sgd",
            "leader": "lanhdao.sgd",
            "appraiser": "thamdinh.skhcn",
            "council_1": "hoidong1",
            "council_2": "hoidong2",
        },
    )


def other_agency_submits(year: Year) -> None:
    """Sở Y tế answers every indicator, attaches a link as evidence and its leader submits."""
    staff = User.objects.get(username="canbo.syt")
    leader = User.objects.get(username="lanhdao.syt")
    assessment = Assessment.objects.get(agency=year.other_agency)
    for response in assessment.responses.select_related("indicator"):
        save_response(
            response,
            values=OTHER_AGENCY_ANSWERS[response.indicator.code],
            not_applicable=False,
            note="",
            by=staff,
        )
        attach_link(response, staff)
    submit_assessment(assessment, leader)
