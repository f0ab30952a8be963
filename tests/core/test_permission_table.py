"""``can(user, action, obj)`` answers every role × action × scope as design.md §1 says.

The expectations are written out here, independently of ``PERMISSIONS``: the URL × role tests
take their answers from ``can`` itself, so a bug inside ``can`` (say, "own agency" always true)
would be invisible to them, but not to this test.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from dti.agencies.models import Role
from dti.agencies.permissions import PERMISSIONS, can
from tests.appraisals.cycle import build_cycle

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "working_group", "appraiser", "council_member", "staff", "leader"]
# Who may take each action, per role in the order of ROLES: "all" objects, only those of the
# "own" agency, only those of indicators "assigned" to the user's department, or "-" nobody.
TABLE = """
framework.view          all  all  all       all  -    -
framework.manage        all  -    -         -    -    -
agency.view             all  all  -         -    -    -
agency.manage           all  -    -         -    -    -
account.manage          all  -    -         -    -    -
campaign.view           all  all  -         -    -    -
campaign.manage         all  -    -         -    -    -
assessment.view         all  all  -         -    own  own
assessment.edit         -    -    -         -    own  own
assessment.mark_ready   -    -    -         -    own  own
assessment.submit       -    -    -         -    -    own
evidence.view           all  all  assigned  -    own  own
assignment.view         all  all  all       -    -    -
assignment.manage       all  -    -         -    -    -
appraisal.view          all  all  assigned  -    -    -
appraisal.edit          -    all  assigned  -    -    -
appraisal.consolidate   all  all  -         -    -    -
results.own             -    -    -         -    own  own
explanation.edit        -    -    -         -    own  own
explanation.submit      -    -    -         -    -    own
council.view            all  all  -         all  -    -
council.opinion         -    -    -         all  -    -
campaign.finalize       all  -    -         -    -    -
report.generate         all  all  -         -    -    -
scorecard.own           -    -    -         -    own  own
par.manage              all  -    -         -    -    -
award.manage            all  -    -         -    -    -
apiclient.manage        all  -    -         -    -    -
audit.view              all  -    -         -    -    -
job.view                all  -    -         -    -    -
"""

# The objects each check is made on. The user's agency is SCT (staff, leader) or SKHCN (the
# appraiser, whose department appraises indicators 1.1 and 1.2, not 2.1).
SCOPES = ["none", "own_assigned", "own_unassigned", "other_assigned", "other_unassigned"]
ANSWERS = {
    "all": {scope: True for scope in SCOPES},
    "-": {scope: False for scope in SCOPES},
    # An action without an object (a list page) is open to the role; an object decides by its
    # agency.
    "own": {
        "none": True,
        "own_assigned": True,
        "own_unassigned": True,
        "other_assigned": False,
        "other_unassigned": False,
    },
    # By its indicator, whatever the agency.
    "assigned": {
        "none": True,
        "own_assigned": True,
        "own_unassigned": False,
        "other_assigned": True,
        "other_unassigned": False,
    },
}


def expected_table() -> dict[str, dict[str, str]]:
    rows = {}
    for line in TABLE.strip().splitlines():
        action, *cells = line.split()
        rows[action] = dict(zip(ROLES, cells, strict=True))
    return rows


@pytest.fixture
def checks():
    """The users of each role, and the object of each scope (appraisals: they belong to an
    agency and are about one indicator)."""
    cycle = build_cycle()
    users = {
        "coordinator": cycle.coordinator,
        "working_group": cycle.working_group,
        "appraiser": cycle.appraisers["SKHCN"],
        "council_member": cycle.council[0],
        "staff": cycle.staff["SCT"],
        "leader": cycle.leaders["SCT"],
    }
    objects = {
        "none": None,
        "own_assigned": cycle.appraisal("SCT", "1.1"),
        "own_unassigned": cycle.appraisal("SCT", "2.1"),
        "other_assigned": cycle.appraisal("SYT", "1.1"),
        "other_unassigned": cycle.appraisal("SYT", "2.1"),
    }
    return users, objects


def test_the_written_table_covers_every_action_of_the_permission_table():
    assert list(expected_table()) == list(PERMISSIONS)


@pytest.mark.parametrize("role", ROLES)
def test_can_answers_each_action_and_scope_as_written(checks, role):
    users, objects = checks
    user = users[role]
    wrong = []
    for action, cells in expected_table().items():
        for scope, expected in ANSWERS[cells[role]].items():
            actual = can(user, action, objects[scope])
            if actual != expected:
                wrong.append(
                    f"{role} {action} on {scope}: can() says {actual}, expected {expected}"
                )
    assert wrong == [], "\n".join(wrong)


def test_the_user_s_agency_decides_own_agency_objects(checks):
    users, objects = checks
    sct_staff, syt_object = users["staff"], objects["other_assigned"]
    assert can(sct_staff, "assessment.edit", syt_object.assessment) is False
    assert can(sct_staff, "assessment.edit", objects["own_assigned"].assessment) is True
    assert can(sct_staff, "assessment.edit", sct_staff.agency) is True


def test_nobody_signed_out_or_deactivated_may_do_anything(checks):
    users, _objects = checks
    coordinator = users["coordinator"]
    coordinator.is_active = False
    for action in PERMISSIONS:
        assert can(AnonymousUser(), action) is False
        assert can(coordinator, action) is False


def test_an_action_missing_from_the_table_is_an_error_not_a_refusal(checks):
    users, _objects = checks
    with pytest.raises(KeyError):
        can(users["coordinator"], "assessment.delete")


def test_roles_of_the_table_are_the_roles_of_the_platform():
    assert len(ROLES) == len(Role.values)
