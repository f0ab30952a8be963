"""The item's history lists every version: who, when, before → after, and why."""

from decimal import Decimal

import pytest

from dti.appraisals.models import Decision
from tests.appraisals.appraiser_helpers import accept_post, adjust_post, item_url
from tests.appraisals.cycle import build_cycle

pytestmark = pytest.mark.django_db


def test_history_lists_each_version_with_who_before_after_and_reason(client):
    cycle = build_cycle()
    appraisal = cycle.appraisal("SCT", "1.1")
    url = item_url(appraisal)
    client.force_login(cycle.appraisers["SKHCN"])
    client.post(url, adjust_post(appraisal, {"meetings": "2"}, "Chỉ 2 biên bản"))
    appraisal.refresh_from_db()
    client.force_login(cycle.working_group)
    client.post(url, accept_post(appraisal, reason="Đã đối chiếu lại"))

    history = client.get(url).context["detail"].history
    assert [line.version.version for line in history] == [1, 2]
    first, second = history
    assert first.version.changed_by == cycle.appraisers["SKHCN"]
    assert (first.before.decision, first.before.points) == (Decision.PENDING, None)
    assert [value.text for value in first.before.values] == ["4 cuộc"]
    assert (first.after.decision, first.after.points) == (Decision.ADJUSTED, Decimal(10))
    assert [value.text for value in first.after.values] == ["2 cuộc"]
    assert first.version.reason == "Chỉ 2 biên bản"
    assert second.version.changed_by == cycle.working_group
    assert (second.before.decision, second.after.decision) == (Decision.ADJUSTED, Decision.ACCEPTED)
    assert (second.after.points, second.version.reason) == (Decimal(20), "Đã đối chiếu lại")
    page = client.get(url).content.decode()
    for text in (
        "Chỉ 2 biên bản",
        "Đã đối chiếu lại",
        cycle.appraisers["SKHCN"].username,
        cycle.working_group.username,
    ):
        assert text in page
