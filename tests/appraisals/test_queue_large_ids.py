"""The queue's checkboxes carry ids the server reads back, also past 999 (where Vietnamese
number formatting would write 1.240)."""

import re

import pytest
from django.urls import reverse

from dti.appraisals.models import Appraisal, Decision
from tests.appraisals.appraiser_helpers import queue_url
from tests.appraisals.cycle import build_cycle
from tests.ids import ids_start_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    ids_start_at(Appraisal, 12_345)
    return build_cycle()


def accept(client, cycle, data):
    url = reverse("appraisals:bulk_accept", kwargs={"campaign_id": cycle.campaign.pk})
    return client.post(url, {"filters": "", **data})


def skhcn_decisions(cycle) -> set[str]:
    return set(
        Appraisal.objects.filter(
            assessment__campaign=cycle.campaign,
            response__indicator__assignments__department__code="SKHCN",
        ).values_list("decision", flat=True)
    )


def test_ticked_items_with_large_ids_are_accepted_in_vietnamese(client, cycle):
    client.force_login(cycle.appraisers["SKHCN"])
    html = client.get(queue_url(cycle.campaign)).content.decode()
    ticked = re.findall(r'name="items" value="([^"]+)"', html)
    assert ticked, "the queue shows no checkbox"
    assert all(value.isdigit() and int(value) > 12_345 for value in ticked), ticked
    accept(client, cycle, {"items": ticked, "scope": "ticked"})
    assert skhcn_decisions(cycle) == {Decision.ACCEPTED}


def test_every_pending_item_of_the_page_with_large_ids_is_accepted(client, cycle):
    client.force_login(cycle.appraisers["SKHCN"])
    html = client.get(queue_url(cycle.campaign)).content.decode()
    page_items = re.findall(r'name="page_items" value="([^"]+)"', html)
    assert page_items and all(value.isdigit() for value in page_items), page_items
    accept(client, cycle, {"page_items": page_items, "scope": "page"})
    assert skhcn_decisions(cycle) == {Decision.ACCEPTED}
