"""The data the load test runs on, and the plan handed to the simulated users.

Two generated campaigns of the same communes (``dti.core.scale``): one in the self-assessment
phase, whose agencies still in draft get one agency user each, and one in appraisal round 1,
whose items the appraisers decide. Both phases are opened until two days from now, as on a
deadline day. The appraisers are accounts made for the load test, spread over the appraising
departments by their share of the framework's indicators; each works on agencies no other
appraiser of its department has, so that two simulated appraisers never race for one item
(the refusal of such a race is tested in tests/appraisals, not measured here).

What a user may type comes from the indicators' worked examples, written the Vietnamese way
("7,5") by the same function the form uses to show stored values; what the platform stores is
what the form's own normalisation makes of it. Runs after ``django.setup()``.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone, translation

from dti.agencies.models import Agency, Role, User
from dti.assessments.forms import displayed_values
from dti.assessments.models import AssessmentStatus
from dti.assessments.scoring import normalized_values
from dti.campaigns.models import Campaign, Phase, PhaseDeadline
from dti.core.scale import SCALE_PASSWORD, commune_framework, generate_campaign
from dti.frameworks.definitions import framework_definition
from dti.frameworks.models import Framework
from dti.scoring import IndicatorDef

from .plan import AgencyAccount, Answer, AppraiserAccount, LoadPlan

LOAD_APPRAISER_PREFIX = "load.thamdinh"
OPEN_FOR = datetime.timedelta(days=2)


class ScenarioError(RuntimeError):
    """The generated data cannot carry the load asked for; the message says why."""


def open_phase_until(campaign: Campaign, until: datetime.datetime) -> None:
    """Shift every deadline of ``campaign`` by the same amount, so that its current phase
    closes at ``until`` and the phases keep their order."""
    current = campaign.deadlines.get(phase=campaign.phase)
    shift = until - current.due_at
    for deadline in campaign.deadlines.all():
        PhaseDeadline.objects.filter(pk=deadline.pk).update(due_at=deadline.due_at + shift)


def generate_campaigns(agencies: int, seed: int) -> tuple[Campaign, Campaign]:
    """The self-assessment campaign and the round-1 campaign, both open until two days on."""
    until = timezone.now() + OPEN_FOR
    campaigns = []
    for offset, phase in enumerate((Phase.SELF_ASSESSMENT, Phase.APPRAISAL_1)):
        report = generate_campaign(
            agencies=agencies,
            seed=seed + offset,
            phase=phase,
            title=f"Load test — {phase} ({agencies} communes)",
        )
        open_phase_until(report.campaign, until)
        campaigns.append(report.campaign)
    return campaigns[0], campaigns[1]


def typed_answer(indicator: IndicatorDef, values: dict, not_applicable: bool) -> Answer:
    """A worked example as a Vietnamese user types it, and what the form stores from that."""
    codes = [spec.code for spec in indicator.inputs]
    with translation.override("vi"):
        shown = displayed_values(indicator, values)
        typed = {code: str(shown.get(code, "") or "") for code in codes}
        stored = normalized_values(indicator, typed)
    return Answer(
        inputs=codes,
        typed=typed,
        stored={code: value for code, value in stored.items() if code in codes},
        not_applicable=not_applicable,
    )


def worked_answers(framework: Framework) -> tuple[dict[str, list[Answer]], dict[str, list[Answer]]]:
    """Per indicator: every worked example a user may type (not-applicable ones only where the
    indicator allows it), and the ones an appraiser may adjust to (those with inputs)."""
    definition = framework_definition(framework)
    answers: dict[str, list[Answer]] = {}
    adjustments: dict[str, list[Answer]] = {}
    for indicator in framework.indicators.order_by("order"):
        spec = definition.indicator(indicator.code)
        for example in indicator.examples:
            if example.get("not_applicable"):
                if spec.may_be_not_applicable:
                    answers.setdefault(indicator.code, []).append(typed_answer(spec, {}, True))
                continue
            if not example.get("inputs"):
                continue
            values = {
                code: ("yes" if value else "no") if isinstance(value, bool) else str(value)
                for code, value in example["inputs"].items()
            }
            answer = typed_answer(spec, values, False)
            answers.setdefault(indicator.code, []).append(answer)
            adjustments.setdefault(indicator.code, []).append(answer)
    return answers, adjustments


def appraiser_counts(framework: Framework, total: int) -> dict[str, int]:
    """How many of ``total`` appraisers each appraising department gets: in proportion to
    the indicators it appraises (largest remainders), at least one each."""
    indicators = Counter(
        framework.assignments.values_list("department__code", flat=True).order_by()
    )
    if total < len(indicators):
        raise ScenarioError(f"{total} appraisers cannot cover {len(indicators)} departments")
    spare = total - len(indicators)
    whole = sum(indicators.values())
    counts = {code: 1 + spare * count // whole for code, count in indicators.items()}
    by_remainder = sorted(indicators, key=lambda code: (-(spare * indicators[code] % whole), code))
    for code in by_remainder[: total - sum(counts.values())]:
        counts[code] += 1
    return dict(sorted(counts.items()))


@transaction.atomic
def appraiser_accounts(framework: Framework, total: int) -> list[User]:
    """``total`` appraiser accounts (load.thamdinh.<department>.<n>), created if missing."""
    password = make_password(SCALE_PASSWORD)
    accounts = []
    for code, count in appraiser_counts(framework, total).items():
        department = Agency.objects.get(code=code)
        for number in range(1, count + 1):
            user, _created = User.objects.get_or_create(
                username=f"{LOAD_APPRAISER_PREFIX}.{code.lower()}.{number}",
                defaults={
                    "password": password,
                    "role": Role.APPRAISER,
                    "agency": department,
                    "full_name": f"Thẩm định viên {code} {number} (kiểm thử tải)",
                },
            )
            accounts.append(user)
    return accounts


def build_plan(
    self_campaign: Campaign,
    appraisal_campaign: Campaign,
    *,
    agency_users: int,
    appraisers: int,
    think_min: float = 1.0,
    think_max: float = 5.0,
) -> LoadPlan:
    """Who signs in and what they may type; see the module's docstring."""
    drafts = list(
        self_campaign.assessments.filter(status=AssessmentStatus.DRAFT)
        .select_related("agency")
        .order_by("agency__code")[:agency_users]
    )
    if len(drafts) < agency_users:
        raise ScenarioError(
            f"only {len(drafts)} assessments of campaign {self_campaign.pk} are drafts; "
            f"{agency_users} agency users need more agencies"
        )
    framework = commune_framework()
    answers, adjustments = worked_answers(framework)
    accounts = appraiser_accounts(framework, appraisers)
    agency_codes = list(
        appraisal_campaign.assessments.order_by("agency__code").values_list(
            "agency__code", flat=True
        )
    )
    by_department: dict[int, list[User]] = {}
    for account in accounts:
        by_department.setdefault(account.agency_id, []).append(account)
    plan_appraisers = []
    for colleagues in by_department.values():
        for index, account in enumerate(colleagues):
            plan_appraisers.append(
                AppraiserAccount(
                    username=account.username,
                    department=account.agency.code,
                    campaign=appraisal_campaign.pk,
                    agencies=agency_codes[index :: len(colleagues)],
                )
            )
    return LoadPlan(
        password=SCALE_PASSWORD,
        agency_users=[
            AgencyAccount(username=f"canbo.{draft.agency.code.lower()}", assessment=draft.pk)
            for draft in drafts
        ],
        appraisers=sorted(plan_appraisers, key=lambda item: item.username),
        answers=answers,
        adjustments=adjustments,
        think_min=think_min,
        think_max=think_max,
    )
