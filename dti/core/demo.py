"""Demo data for `make demo`: shipped frameworks and agencies, one account per role, and a 2025
campaign in which some agencies are part-way through their self-assessment and a few submitted.

Everything goes through the same services as the interface (so the audit trail is real), and is
deterministic: the values come from each indicator's worked examples, picked with a fixed seed.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from dti.agencies.importing import import_agencies_path
from dti.agencies.models import Agency, Role, User
from dti.agencies.services import create_account
from dti.assessments.models import Assessment, Evidence, EvidenceKind
from dti.assessments.services import mark_ready, save_response, submit_assessment
from dti.campaigns.models import PHASE_ORDER, Campaign, Phase
from dti.campaigns.services import create_campaign, end_of_day, move_phase
from dti.frameworks.files import read_framework_path
from dti.frameworks.models import Framework
from dti.frameworks.services import load_framework

DATA_DIR = settings.BASE_DIR / "frameworks"
DEMO_PASSWORD = "dti-demo-2025"
DEMO_SEED = 2025


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    agency_code: str | None
    full_name: str


DEMO_ACCOUNTS = (
    DemoAccount("dieuphoi", Role.COORDINATOR, "SKHCN", "Nguyễn Văn Điều Phối"),
    DemoAccount("canbo.syt", Role.AGENCY_STAFF, "SYT", "Trần Thị Cán Bộ"),
    DemoAccount("lanhdao.syt", Role.AGENCY_LEADER, "SYT", "Lê Văn Lãnh Đạo"),
    DemoAccount("canbo.hoankiem", Role.AGENCY_STAFF, "P-HOANKIEM", "Phạm Thị Phường"),
    DemoAccount("lanhdao.hoankiem", Role.AGENCY_LEADER, "P-HOANKIEM", "Hoàng Văn Chủ Tịch"),
    DemoAccount("thamdinh.skhcn", Role.APPRAISER, "SKHCN", "Vũ Thị Thẩm Định"),
    DemoAccount("thamdinh.vpub", Role.APPRAISER, "VPUB", "Đỗ Văn Văn Phòng"),
    DemoAccount("thamdinh.snv", Role.APPRAISER, "SNV", "Bùi Thị Nội Vụ"),
    DemoAccount("tocongtac", Role.WORKING_GROUP, "SKHCN", "Đặng Văn Tổ Công Tác"),
    DemoAccount("hoidong1", Role.COUNCIL_MEMBER, None, "Ngô Thị Hội Đồng"),
    DemoAccount("hoidong2", Role.COUNCIL_MEMBER, None, "Dương Văn Hội Đồng"),
)

DEMO_CAMPAIGN_TITLE = "Xác định Chỉ số chuyển đổi số năm 2025 (dữ liệu minh họa)"
# Agencies whose self-assessment the demo fills in: (code, share of indicators answered,
# submitted by the leader).
DEMO_PROGRESS = (
    ("SCT", 1.0, True),
    ("STC", 1.0, True),
    ("SKHCN", 1.0, True),
    ("P-HOANGMAI", 1.0, True),
    ("SYT", 0.6, False),
    ("SXD", 0.4, False),
    ("SGDDT", 0.25, False),
    ("P-HOANKIEM", 0.5, False),
    ("P-BADINH", 0.8, False),
    ("X-SOCSON", 0.3, False),
)


def load_agency_lists() -> None:
    """The 2024 list first, then 2025, so the current year's flags and notes win."""
    for path in sorted(DATA_DIR.glob("agencies-*.csv")):
        import_agencies_path(path)


def load_shipped_frameworks() -> list[str]:
    """Load every framework file not loaded yet (same code and version); return what loaded."""
    loaded = []
    for path in sorted(DATA_DIR.glob("*.yaml")):
        document = read_framework_path(path)
        exists = Framework.objects.filter(code=document["code"],
                                          version=document["version"]).exists()
        if not exists:
            load_framework(document)
            loaded.append(f"{document['code']} v{document['version']}")
    return loaded


def ensure_demo_accounts() -> list[DemoAccount]:
    for account in DEMO_ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        agency = Agency.objects.get(code=account.agency_code) if account.agency_code else None
        create_account(username=account.username, password=DEMO_PASSWORD, role=account.role,
                       agency=agency, full_name=account.full_name,
                       email=f"{account.username}@example.gov.vn")
    return list(DEMO_ACCOUNTS)


def demo_deadlines() -> dict[str, datetime.datetime]:
    """Deadlines relative to the day the demo starts: self-assessment closes in two weeks."""
    today = timezone.localdate()
    deadlines = {Phase.PREPARATION: end_of_day(today)}
    for weeks, phase in enumerate(PHASE_ORDER[1:], start=2):
        deadlines[phase] = end_of_day(today + datetime.timedelta(weeks=weeks))
    return deadlines


def ensure_demo_campaign() -> Campaign:
    """The 2025 campaign in self-assessment, with progress in the agencies of DEMO_PROGRESS."""
    existing = Campaign.objects.filter(title=DEMO_CAMPAIGN_TITLE).first()
    if existing is not None:
        return existing
    coordinator = User.objects.get(username="dieuphoi")
    frameworks = list(Framework.objects.filter(year=2025, tier__in=["department", "commune"]))
    campaign = create_campaign(year=2025, title=DEMO_CAMPAIGN_TITLE,
                               plan_reference="Kế hoạch /KH-UBND tháng 11/2025",
                               frameworks=frameworks, agencies=None, by=coordinator,
                               deadlines=demo_deadlines())
    move_phase(campaign, Phase.SELF_ASSESSMENT, coordinator, note="Dữ liệu minh họa")
    randomness = random.Random(DEMO_SEED)
    for code, share, submit in DEMO_PROGRESS:
        assessment = campaign.assessments.select_related("agency").get(agency__code=code)
        _fill(assessment, share, submit, randomness)
    return campaign


def _agency_user(agency: Agency, role: str) -> User:
    """The demo account of ``agency`` with ``role``, created if the demo has none."""
    user = User.objects.filter(agency=agency, role=role, is_active=True).first()
    if user is not None:
        return user
    prefix = "canbo" if role == Role.AGENCY_STAFF else "lanhdao"
    username = f"{prefix}.{agency.code.lower()}"
    return create_account(username=username, password=DEMO_PASSWORD, role=role, agency=agency,
                          full_name=f"{agency.name} ({prefix})",
                          email=f"{username}@example.gov.vn")


def _fill(assessment: Assessment, share: float, submit: bool,
          randomness: random.Random) -> None:
    staff = _agency_user(assessment.agency, Role.AGENCY_STAFF)
    responses = list(assessment.responses.select_related("indicator")
                     .order_by("indicator__order"))
    answered = responses[: round(len(responses) * share)]
    for response in answered:
        examples = [example for example in response.indicator.examples
                    if example.get("inputs") and not example.get("not_applicable")]
        if not examples:
            continue
        values = {code: _typed(value)
                  for code, value in randomness.choice(examples)["inputs"].items()}
        save_response(response, values=values, not_applicable=False, note="", by=staff)
        if response.indicator.evidence_required:
            Evidence.objects.create(
                assessment=assessment, response=response, kind=EvidenceKind.LINK,
                url=f"https://vanban.hanoi.gov.vn/minh-hoa/{assessment.agency.code.lower()}/"
                    f"{response.indicator.code}",
                title=f"Tài liệu kiểm chứng chỉ số {response.indicator.code}",
                uploaded_by=staff,
            )
    if submit:
        mark_ready(assessment, staff)
        submit_assessment(assessment, _agency_user(assessment.agency, Role.AGENCY_LEADER))


def _typed(value) -> str:
    """A value as a civil servant would type it in the form (booleans as yes / no)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def data_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml")) + sorted(DATA_DIR.glob("agencies-*.csv"))
