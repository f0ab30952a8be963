"""The tier's average share of each group's maximum (the grey bars of the agency chart, the tier
chart), computed by the database: agencies to which a group does not apply, or that lack it,
are left out of that group's average."""

from decimal import Decimal

import pytest

from dti.agencies.models import Tier
from dti.results.models import Result
from dti.results.selectors import TierSummary, tier_summary
from tests.factories import make_agency
from tests.results.portal_helpers import results_campaign, small_framework, write_result

pytestmark = pytest.mark.django_db


def test_the_average_leaves_out_agencies_to_which_the_group_does_not_apply():
    framework = small_framework("TEST-XA", tier="commune")
    wards = [make_agency(f"P-{number}", Tier.COMMUNE, name=f"Phường {number}") for number in "ABC"]
    campaign = results_campaign(wards, framework=framework)
    write_result(campaign, wards[0], rank=1, group_points=(30, 15))
    write_result(campaign, wards[1], rank=2, group_points=(20, 0))
    write_result(campaign, wards[2], rank=3, group_points=(10,))  # no group 2 at all
    # Group 2 does not apply to P-B: its maximum is 0.
    result = Result.objects.get(assessment__agency__code="P-B")
    result.groups["2"] |= {"points": "0.00", "max_points": "0.00"}
    result.save()
    summary = tier_summary(campaign, "commune", ["1", "2", "3"])
    assert summary.size == 3
    # Group 1: (30 + 20 + 10) / 3 / 30 = 2 / 3; group 2: P-A only, 15 / 30; group 3: nobody.
    assert summary.averages == {
        "1": Decimal("0.666666667"),
        "2": Decimal("0.500000000"),
    }
    assert tier_summary(campaign, "department", ["1"]) == TierSummary(size=0, averages={})
