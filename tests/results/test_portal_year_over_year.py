"""Change against the previous year, hand-computed: only through an explicit framework mapping,
only against published results, and "not comparable" everywhere else."""

import copy
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from dti.campaigns.models import Campaign
from dti.frameworks.models import FrameworkMapping, IndicatorMapping
from dti.frameworks.services import load_framework
from tests.frameworks.helpers import small_document
from tests.results.portal_helpers import indicator, results_campaign, tied_cycle, write_result

pytestmark = pytest.mark.django_db


def earlier_framework():
    """The 2024 version of the small framework, in which today's 1.2 was numbered 1.9."""
    document = copy.deepcopy(small_document())
    document.update(code="TEST-SMALL-2024", year=2024)
    document["groups"][0]["indicators"][1]["code"] = "1.9"
    return load_framework(document)


@pytest.fixture
def years():
    """2025: the tied cycle (SCT 45 / 60 = 0.7500). 2024: SCT only, written by hand:
    1.1 10/20, 1.9 5/10, 2.1 6/10, 2.2 15/20 → 36 / 60 = 0.6000.
    The mapping pairs 1.1 → 1.1, 1.9 → 1.2 and 2.1 → 2.1; 2.2 has no predecessor."""
    cycle = tied_cycle()
    old = earlier_framework()
    earlier = results_campaign([cycle.agencies["SCT"]], year=2024, framework=old)
    write_result(
        earlier,
        cycle.agencies["SCT"],
        rank=1,
        group_points=(15, 21),
        indicators={
            "1.1": indicator("1", 10, 20),
            "1.9": indicator("1", 5, 10),
            "2.1": indicator("2", 6, 10),
            "2.2": indicator("2", 15, 20),
        },
    )
    new = cycle.campaign.frameworks.get()
    mapping = FrameworkMapping.objects.create(source=old, target=new)
    for source, target in (("1.1", "1.1"), ("1.9", "1.2"), ("2.1", "2.1")):
        IndicatorMapping.objects.create(
            mapping=mapping,
            source=old.indicators.get(code=source),
            target=new.indicators.get(code=target),
        )
    return cycle, earlier, mapping


def ranking(client, cycle, **query):
    url = reverse("portal:ranking", args=[cycle.campaign.pk, "department"])
    return client.get(url, query)


def agency_page(client, cycle, code):
    return client.get(reverse("portal:agency", args=[cycle.campaign.pk, code])).context["page"]


def test_the_dti_change_is_this_years_value_minus_last_years(client, years):
    cycle, earlier, _mapping = years
    response = ranking(client, cycle)
    changes = {row.agency_code: row.change for row in response.context["rows"]}
    # SCT 0.7500 − 0.6000; SYT has no earlier result.
    assert changes == {"SCT": Decimal("0.1500"), "SYT": None}
    years_compared = {row.agency_code: row.previous_year for row in response.context["rows"]}
    assert years_compared == {"SCT": earlier.year, "SYT": None}
    assert "+0,1500" in response.content.decode()


def test_indicator_changes_follow_the_mapping_and_an_unmapped_one_is_not_comparable(client, years):
    cycle, _earlier, _mapping = years
    page = agency_page(client, cycle, "SCT")
    # Shares of the maximum in percentage points: 1.1 100 % − 50 %; 1.2 50 % against 1.9's 50 %;
    # 2.1 100 % − 60 %; 2.2 has no predecessor in the mapping.
    assert {line.code: line.change.change for line in page.indicators} == {
        "1.1": Decimal("50.0"),
        "1.2": Decimal("0.0"),
        "2.1": Decimal("40.0"),
        "2.2": None,
    }
    assert page.change == Decimal("0.1500")


def test_an_agency_without_an_earlier_result_is_not_comparable(client, years):
    cycle, _earlier, _mapping = years
    page = agency_page(client, cycle, "SYT")
    assert page.change is None
    assert {line.change.change for line in page.indicators} == {None}


def test_without_a_framework_mapping_nothing_is_comparable(client, years):
    cycle, _earlier, mapping = years
    mapping.delete()
    assert [row.change for row in ranking(client, cycle).context["rows"]] == [None, None]
    page = agency_page(client, cycle, "SCT")
    assert {line.change.change for line in page.indicators} == {None}


@pytest.mark.parametrize(
    ("language", "shown", "other"),
    [
        ("vi", "không so sánh được", "not comparable"),
        ("en", "not comparable", "không so sánh được"),
    ],
)
def test_without_a_mapping_both_pages_say_not_comparable_in_the_interface_language(
    client, years, language, shown, other
):
    cycle, _earlier, mapping = years
    mapping.delete()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    ranking_page = ranking(client, cycle).content.decode()
    # One mark per agency (SCT, SYT) in the change column.
    assert ranking_page.count(f'<span class="muted">{shown}</span>') == 2
    agency = client.get(reverse("portal:agency", args=[cycle.campaign.pk, "SCT"]))
    # The DTI value's change and each of the four indicators'.
    assert agency.content.decode().count(f'<span class="muted">{shown}</span>') == 5
    for content in (ranking_page, agency.content.decode()):
        assert other not in content
        assert "+0,1500" not in content and "+0.1500" not in content


def test_an_unpublished_earlier_campaign_is_not_compared_with(client, years):
    cycle, earlier, _mapping = years
    Campaign.objects.filter(pk=earlier.pk).update(published_at=None)
    assert [row.change for row in ranking(client, cycle).context["rows"]] == [None, None]


@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_sorting_by_change_puts_the_agencies_that_are_not_comparable_last(client, years, direction):
    cycle, _earlier, _mapping = years
    rows = ranking(client, cycle, sort="change", dir=direction).context["rows"]
    assert [row.agency_code for row in rows] == ["SCT", "SYT"]
