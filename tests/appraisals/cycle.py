"""A campaign walked through its phases with the real services, for the appraisal tests.

cycle = build_cycle()                 # two agencies submitted, now in appraisal round 1
cycle.move(Phase.RESULTS_SENT)        # after deciding every round-1 appraisal
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from dti.agencies.models import Agency, Role, Tier, User
from dti.appraisals.models import Appraisal, Decision
from dti.appraisals.services import decide, set_assignments
from dti.assessments.models import Assessment, Response
from dti.assessments.services import save_response, submit_assessment
from dti.campaigns.models import PHASE_ORDER, Campaign, Phase
from dti.campaigns.services import move_phase
from tests.assessments.helpers import FULL_ANSWERS, attach_link, open_deadlines
from tests.factories import make_agency, make_campaign, make_user

# Which department appraises which indicator of the small test framework.
ASSIGNMENT_PLAN = {"1.1": "SKHCN", "1.2": "SKHCN", "2.1": "VPUB", "2.2": "VPUB"}


@dataclass
class Cycle:
    campaign: Campaign
    coordinator: User
    departments: dict[str, Agency]
    appraisers: dict[str, User]
    agencies: dict[str, Agency]
    staff: dict[str, User]
    leaders: dict[str, User]
    working_group: User
    council: list[User] = field(default_factory=list)

    def assessment(self, agency_code: str) -> Assessment:
        return self.campaign.assessments.get(agency__code=agency_code)

    def response(self, agency_code: str, indicator_code: str) -> Response:
        return Response.objects.get(
            assessment__campaign=self.campaign,
            assessment__agency__code=agency_code,
            indicator__code=indicator_code,
        )

    def appraisal(self, agency_code: str, indicator_code: str, round_number: int = 1):
        return Appraisal.objects.select_related(
            "response__indicator", "assessment__campaign", "assessment__framework"
        ).get(response=self.response(agency_code, indicator_code), round=round_number)

    def appraiser_for(self, indicator_code: str) -> User:
        return self.appraisers[ASSIGNMENT_PLAN[indicator_code]]

    def accept_all(self, round_number: int) -> None:
        """Accept every pending appraisal of the round, each by its department's appraiser."""
        pending = Appraisal.objects.filter(
            assessment__campaign=self.campaign, round=round_number, decision=Decision.PENDING
        )
        for item in pending.select_related("response__indicator"):
            appraisal = self.appraisal(
                item.assessment.agency.code, item.response.indicator.code, round_number
            )
            decide(
                appraisal,
                expected_version=appraisal.version,
                decision=Decision.ACCEPTED,
                by=self.appraiser_for(item.response.indicator.code),
            )

    def close_explanations(self) -> None:
        """The explanation deadline passed a minute ago: round 2 may open without a warning
        for the agencies that filed nothing."""
        self.campaign.deadlines.filter(phase=Phase.EXPLANATION).update(
            due_at=timezone.now() - datetime.timedelta(minutes=1)
        )

    def move(self, to_phase: str) -> None:
        """Move phase by phase up to ``to_phase`` (each move with its checks)."""
        self.campaign.refresh_from_db()
        while PHASE_ORDER.index(self.campaign.phase) < PHASE_ORDER.index(to_phase):
            move_phase(
                self.campaign,
                PHASE_ORDER[PHASE_ORDER.index(self.campaign.phase) + 1],
                self.coordinator,
            )


def build_cycle(phase: str = Phase.APPRAISAL_1) -> Cycle:
    """Two department agencies (SCT with the digital_economy flag, SYT without) fill in and
    submit everything; SKHCN and VPUB appraise; the campaign is then moved to ``phase``."""
    coordinator = make_user(Role.COORDINATOR)
    departments = {
        code: make_agency(
            code, Tier.DEPARTMENT, name=f"Sở {code}", is_appraising_unit=True, is_assessed=False
        )
        for code in ("SKHCN", "VPUB")
    }
    agencies = {
        "SCT": make_agency(
            "SCT", Tier.DEPARTMENT, name="Sở Công Thương", flags=["digital_economy"]
        ),
        "SYT": make_agency("SYT", Tier.DEPARTMENT, name="Sở Y tế"),
    }
    campaign = make_campaign(
        agencies.values(), by=coordinator, deadlines=open_deadlines(), phase=Phase.SELF_ASSESSMENT
    )
    cycle = Cycle(
        campaign=campaign,
        coordinator=coordinator,
        departments=departments,
        appraisers={
            code: make_user(Role.APPRAISER, agency) for code, agency in departments.items()
        },
        agencies=agencies,
        staff={code: make_user(Role.AGENCY_STAFF, agency) for code, agency in agencies.items()},
        leaders={code: make_user(Role.AGENCY_LEADER, agency) for code, agency in agencies.items()},
        working_group=make_user(Role.WORKING_GROUP),
        council=[make_user(Role.COUNCIL_MEMBER) for _ in range(2)],
    )
    for code in agencies:
        for response in cycle.assessment(code).responses.select_related("indicator"):
            save_response(
                response,
                values=FULL_ANSWERS[response.indicator.code],
                not_applicable=False,
                note="",
                by=cycle.staff[code],
            )
            attach_link(response, cycle.staff[code])
        submit_assessment(cycle.assessment(code), cycle.leaders[code])
    framework = campaign.frameworks.get()
    indicators = {item.code: item.pk for item in framework.indicators.all()}
    set_assignments(
        framework,
        {
            (indicators[code], departments[department].pk)
            for code, department in ASSIGNMENT_PLAN.items()
        },
        coordinator,
    )
    cycle.move(phase)
    return cycle
