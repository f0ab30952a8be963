"""Demo data for `make demo`: shipped frameworks and agencies, one account per role, and a 2025
campaign in which some agencies are part-way through their self-assessment and a few submitted.

Everything goes through the same services as the interface (so the audit trail is real), and is
deterministic: the values come from each indicator's worked examples, picked with a fixed seed.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from dti.agencies.importing import import_agencies_path
from dti.agencies.models import Agency, Role, User
from dti.agencies.services import create_account
from dti.appraisals.models import Appraisal, Assignment, Decision, Verdict
from dti.appraisals.scoring import refresh_appraised_totals
from dti.appraisals.services import (
    assign_defaults,
    decide,
    save_explanation,
    submit_explanations,
    submit_opinion,
)
from dti.assessments.models import Assessment, Evidence, EvidenceKind
from dti.assessments.scoring import score_response
from dti.assessments.services import mark_ready, save_responses, submit_assessment
from dti.campaigns.models import PHASE_ORDER, Campaign, Phase
from dti.campaigns.services import (
    create_campaign,
    default_deadlines,
    end_of_day,
    move_phase,
    set_deadlines,
)
from dti.frameworks.definitions import framework_definition
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

# The demo's campaigns: 2024 (departments and districts) and 2025 departments published, so the
# portal shows the year-over-year change; 2025 communes and wards in self-assessment; 2026
# departments in the explanation phase after round 1.
TITLE_2024 = "Xác định Chỉ số chuyển đổi số năm 2024 (dữ liệu minh họa)"
TITLE_2025_DEPARTMENTS = "Xác định DTI năm 2025 — Sở, ban, ngành (dữ liệu minh họa)"
TITLE_2025_COMMUNES = "Xác định DTI năm 2025 — UBND xã, phường (dữ liệu minh họa)"
TITLE_2026_DEPARTMENTS = "Xác định DTI năm 2026 — Sở, ban, ngành (dữ liệu minh họa)"
# Communes whose self-assessment the demo fills in: (code, share of indicators answered,
# submitted by the leader).
COMMUNE_PROGRESS = (
    ("P-HOANGMAI", 1.0, True),
    ("P-CUANAM", 1.0, True),
    ("X-DONGANH", 1.0, True),
    ("P-HOANKIEM", 0.5, False),
    ("P-BADINH", 0.8, False),
    ("P-HADONG", 0.6, False),
    ("X-SOCSON", 0.3, False),
)
ADJUSTMENT_REASONS = (
    "Tài liệu kiểm chứng chưa thể hiện đủ số liệu đã kê khai.",
    "Số liệu không khớp với hệ thống theo dõi của Thành phố.",
    "Văn bản ban hành ngoài thời gian đánh giá.",
    "Biên bản không có chữ ký của người chủ trì.",
)


def load_agency_lists() -> None:
    """The 2024 list first, then 2025, so the current year's names and notes win (each list
    sets the flags of its own year only)."""
    for path in sorted(DATA_DIR.glob("agencies-*.csv")):
        import_agencies_path(path)


def load_shipped_frameworks() -> list[str]:
    """Load every framework file not loaded yet (same code and version); return what loaded."""
    loaded = []
    for path in sorted(DATA_DIR.glob("*.yaml")):
        document = read_framework_path(path)
        exists = Framework.objects.filter(
            code=document["code"], version=document["version"]
        ).exists()
        if not exists:
            load_framework(document)
            loaded.append(f"{document['code']} v{document['version']}")
    return loaded


@lru_cache(maxsize=1)
def demo_password_hash() -> str:
    """The demo password hashed once: every demo account shares it (Argon2 is slow on
    purpose, and the demo creates over a hundred accounts)."""
    return make_password(DEMO_PASSWORD)


def ensure_demo_accounts() -> list[DemoAccount]:
    for account in DEMO_ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        agency = Agency.objects.get(code=account.agency_code) if account.agency_code else None
        create_account(
            username=account.username,
            password=demo_password_hash(),
            password_is_hashed=True,
            role=account.role,
            agency=agency,
            full_name=account.full_name,
            email=f"{account.username}@example.gov.vn",
        )
    return list(DEMO_ACCOUNTS)


def demo_deadlines() -> dict[str, datetime.datetime]:
    """Deadlines relative to the day the demo starts: the current phase closes in two weeks."""
    today = timezone.localdate()
    deadlines = {Phase.PREPARATION: end_of_day(today)}
    for weeks, phase in enumerate(PHASE_ORDER[1:], start=2):
        deadlines[phase] = end_of_day(today + datetime.timedelta(weeks=weeks))
    return deadlines


def ensure_demo_campaigns() -> list[Campaign]:
    """The three demo campaigns, each built once (a second run changes nothing)."""
    coordinator = User.objects.get(username="dieuphoi")
    randomness = random.Random(DEMO_SEED)
    builders = (
        (TITLE_2024, _build_2024),
        (TITLE_2025_DEPARTMENTS, _build_2025_departments),
        (TITLE_2025_COMMUNES, _build_2025_communes),
        (TITLE_2026_DEPARTMENTS, _build_2026_departments),
    )
    campaigns = []
    for title, build in builders:
        campaign = Campaign.objects.filter(title=title).first()
        if campaign is None:
            with transaction.atomic():
                campaign = build(title, coordinator, randomness)
        campaigns.append(campaign)
    _appraiser_of_indicator.cache_clear()
    return campaigns


def _start(title: str, year: int, tiers: list[str], by, framework_year: int | None = None):
    frameworks = list(Framework.objects.filter(year=framework_year or year, tier__in=tiers))
    campaign = create_campaign(
        year=year,
        title=title,
        plan_reference=PLAN_REFERENCES[year],
        frameworks=frameworks,
        agencies=None,
        by=by,
        deadlines=demo_deadlines(),
    )
    move_phase(campaign, Phase.SELF_ASSESSMENT, by, note="Dữ liệu minh họa")
    return campaign


PLAN_REFERENCES = {
    2024: "Kế hoạch số 95/KH-UBND ngày 29/3/2024",
    2025: "Kế hoạch /KH-UBND tháng 11/2025",
    2026: "Kế hoạch xác định DTI năm 2026 (minh họa)",
}


def _publish_cycle(campaign: Campaign, by, randomness: random.Random) -> None:
    """Every agency submits; two appraisal rounds; council opinions; finalised and published."""
    for assessment in campaign.assessments.select_related("agency"):
        _fill(assessment, 1.0, True, randomness)
    _appraise(campaign, by, randomness, explain_share=0.5)
    # The demo's deadlines are still ahead: round 2 opens before the explanation deadline.
    move_phase(campaign, Phase.APPRAISAL_2, by, note="Dữ liệu minh họa", confirmed=True)
    _decide_round_two(campaign, randomness)
    move_phase(campaign, Phase.COUNCIL, by)
    for username, verdict, comments in (
        ("hoidong1", Verdict.AGREE, ""),
        ("hoidong2", Verdict.AGREE_WITH_COMMENTS, "Đề nghị công bố kèm phân tích theo nhóm."),
    ):
        submit_opinion(
            campaign, verdict=verdict, comments=comments, by=User.objects.get(username=username)
        )
    move_phase(campaign, Phase.FINALIZED, by)
    move_phase(campaign, Phase.PUBLISHED, by)
    set_deadlines(campaign, default_deadlines(campaign.year), by)


def _build_2024(title: str, by, randomness: random.Random) -> Campaign:
    """Departments and districts, the whole 2024 cycle up to published results."""
    campaign = _start(title, 2024, ["department", "district"], by)
    _publish_cycle(campaign, by, randomness)
    return campaign


def _build_2025_departments(title: str, by, randomness: random.Random) -> Campaign:
    """Departments 2025, published: with the 2024→2025 mapping the portal shows the change."""
    campaign = _start(title, 2025, ["department"], by)
    _publish_cycle(campaign, by, randomness)
    return campaign


def _build_2025_communes(title: str, by, randomness: random.Random) -> Campaign:
    """Communes and wards: some part-way through their self-assessment, a few submitted."""
    campaign = _start(title, 2025, ["commune"], by)
    for code, share, submit in COMMUNE_PROGRESS:
        assessment = campaign.assessments.select_related("agency").get(agency__code=code)
        _fill(assessment, share, submit, randomness)
    return campaign


def _build_2026_departments(title: str, by, randomness: random.Random) -> Campaign:
    """Departments 2026 (on the 2025 framework): appraised in round 1, now explaining."""
    campaign = _start(title, 2026, ["department"], by, framework_year=2025)
    for assessment in campaign.assessments.select_related("agency"):
        _fill(assessment, 1.0, True, randomness)
    _appraise(campaign, by, randomness, explain_share=0.4)
    return campaign


def _agency_user(agency: Agency, role: str) -> User:
    """The demo account of ``agency`` with ``role``, created if the demo has none."""
    user = User.objects.filter(agency=agency, role=role, is_active=True).first()
    if user is not None:
        return user
    prefix = {
        Role.AGENCY_STAFF: "canbo",
        Role.AGENCY_LEADER: "lanhdao",
        Role.APPRAISER: "thamdinh",
    }[role]
    username = f"{prefix}.{agency.code.lower()}"
    return create_account(
        username=username,
        password=demo_password_hash(),
        password_is_hashed=True,
        role=role,
        agency=agency,
        full_name=f"{agency.name} ({prefix})",
        email=f"{username}@example.gov.vn",
    )


def _examples(indicator) -> list[dict]:
    return [
        example["inputs"]
        for example in indicator.examples
        if example.get("inputs") and not example.get("not_applicable")
    ]


def _fill(assessment: Assessment, share: float, submit: bool, randomness: random.Random) -> None:
    staff = _agency_user(assessment.agency, Role.AGENCY_STAFF)
    responses = list(
        assessment.responses.select_related("indicator", "assessment__framework").order_by(
            "indicator__order"
        )
    )
    answers = {}
    for response in responses[: round(len(responses) * share)]:
        examples = _examples(response.indicator)
        if examples:
            values = {code: _typed(value) for code, value in randomness.choice(examples).items()}
            answers[response] = {"values": values}
    save_responses(assessment, answers, staff)
    Evidence.objects.bulk_create(
        Evidence(
            assessment=assessment,
            response=response,
            kind=EvidenceKind.LINK,
            url=f"https://vanban.hanoi.gov.vn/minh-hoa/{assessment.agency.code.lower()}/"
            f"{response.indicator.code}",
            title=f"Tài liệu kiểm chứng chỉ số {response.indicator.code}",
            uploaded_by=staff,
        )
        for response in answers
        if response.indicator.evidence_required
    )
    if submit:
        mark_ready(assessment, staff)
        submit_assessment(assessment, _agency_user(assessment.agency, Role.AGENCY_LEADER))


def _appraise(campaign: Campaign, by, randomness: random.Random, explain_share: float) -> None:
    """Round 1 (about one indicator in eight adjusted), results sent, then explanations by a
    share of the agencies with adjustments; leaves the campaign in the explanation phase."""
    for framework in campaign.frameworks.all():
        assign_defaults(framework, by)
    move_phase(campaign, Phase.APPRAISAL_1, by)
    appraisals = Appraisal.objects.filter(assessment__campaign=campaign).select_related(
        "response__indicator",
        "assessment__campaign",
        "assessment__framework",
        "assessment__agency",
    )
    for appraisal in appraisals:
        appraiser = _appraiser_of(appraisal.response.indicator)
        lower = _lower_values(appraisal, randomness)
        if lower is not None and randomness.random() < 0.125:
            decide(
                appraisal,
                expected_version=appraisal.version,
                decision=Decision.ADJUSTED,
                values=lower,
                reason=randomness.choice(ADJUSTMENT_REASONS),
                by=appraiser,
                refresh_totals=False,
            )
        else:
            decide(
                appraisal,
                expected_version=appraisal.version,
                decision=Decision.ACCEPTED,
                by=appraiser,
                refresh_totals=False,
            )
    _refresh_appraised(campaign)
    move_phase(campaign, Phase.RESULTS_SENT, by)
    move_phase(campaign, Phase.EXPLANATION, by)
    adjusted = Appraisal.objects.filter(
        assessment__campaign=campaign, decision=Decision.ADJUSTED
    ).select_related("response__assessment__agency", "response__assessment__campaign")
    by_assessment: dict[int, list[Appraisal]] = {}
    for appraisal in adjusted:
        by_assessment.setdefault(appraisal.assessment_id, []).append(appraisal)
    for items in by_assessment.values():
        if randomness.random() >= explain_share:
            continue
        assessment = items[0].response.assessment
        staff = _agency_user(assessment.agency, Role.AGENCY_STAFF)
        for appraisal in items:
            save_explanation(
                appraisal.response,
                "Đơn vị bổ sung tài liệu kiểm chứng và giải trình số liệu.",
                staff,
            )
        submit_explanations(assessment, _agency_user(assessment.agency, Role.AGENCY_LEADER))


def _decide_round_two(campaign: Campaign, randomness: random.Random) -> None:
    pending = Appraisal.objects.filter(assessment__campaign=campaign, round=2).select_related(
        "response__indicator", "assessment__campaign", "assessment__framework"
    )
    for appraisal in pending:
        appraiser = _appraiser_of(appraisal.response.indicator)
        if randomness.random() < 0.5:
            decide(
                appraisal,
                expected_version=appraisal.version,
                decision=Decision.ACCEPTED,
                by=appraiser,
                refresh_totals=False,
            )
        else:
            decide(
                appraisal,
                expected_version=appraisal.version,
                decision=Decision.ADJUSTED,
                values=appraisal.values,
                reason="Giải trình chưa đủ căn cứ.",
                by=appraiser,
                refresh_totals=False,
            )
    _refresh_appraised(campaign)


def _refresh_appraised(campaign: Campaign) -> None:
    """The demo decides with refresh_totals=False; the totals are refreshed once here."""
    for assessment in campaign.assessments.select_related("framework"):
        refresh_appraised_totals(assessment)


@cache
def _appraiser_of_indicator(indicator_id: int) -> User:
    department = (
        Assignment.objects.filter(indicator_id=indicator_id)
        .select_related("department")
        .first()
        .department
    )
    return _agency_user(department, Role.APPRAISER)


def _appraiser_of(indicator) -> User:
    return _appraiser_of_indicator(indicator.pk)


def _lower_values(appraisal: Appraisal, randomness: random.Random) -> dict | None:
    """Another worked example of the indicator that gives fewer points, if there is one."""
    indicator = framework_definition(appraisal.assessment.framework).indicator(
        appraisal.response.indicator.code
    )
    current = score_response(indicator, appraisal.values).points
    lower = []
    for example in _examples(appraisal.response.indicator):
        values = {code: _typed(value) for code, value in example.items()}
        if score_response(indicator, values).points < current:
            lower.append(values)
    return randomness.choice(lower) if lower else None


def _typed(value) -> str:
    """A value as a civil servant would type it in the form (booleans as yes / no)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def data_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml")) + sorted(DATA_DIR.glob("agencies-*.csv"))
