"""Django admin shows the coordinator which fields the decision does not confirm, by their
names in the interface's language, and whom each indicator applies to in words."""

import html
import re

import pytest
from django.urls import reverse

from dti.agencies.models import Role
from dti.audit.models import AuditEvent
from dti.frameworks.services import load_framework
from tests.factories import make_user
from tests.frameworks.helpers import admin_form, small_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(client):
    coordinator = make_user(Role.COORDINATOR)
    assert coordinator.is_staff and not coordinator.is_superuser
    client.force_login(coordinator)
    return load_framework(small_document())


def page(client, url: str, **query) -> str:
    response = client.get(url, query)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def headings(text: str) -> list[str]:
    """The column headings of the page's tables, as text."""
    cells = re.findall(r"<th[^>]*>(.*?)</th>", text, re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def test_the_framework_page_lists_the_indicators_with_their_unconfirmed_fields(client, framework):
    text = page(client, reverse("admin:frameworks_framework_change", args=[framework.pk]))
    assert "Các chỉ số thành phần và những trường quyết định chưa xác nhận" in text
    assert {"Mã", "Các trường chưa đối chiếu", "Áp dụng cho"} <= set(headings(text))
    assert "tên, quy tắc chấm điểm" in text  # indicator 1.1: [name, rule]
    assert "điểm tối đa" in text  # group 1: [max_points]
    assert "Có nhiệm vụ kinh tế số" in text and "mọi cơ quan của cấp" in text
    assert '["name", "rule"]' not in text


def test_the_framework_page_still_saves_with_the_indicator_overview(client, framework):
    url = reverse("admin:frameworks_framework_change", args=[framework.pk])
    indicators = list(framework.indicators.order_by("pk").values())
    data = admin_form(client, url)
    data["source_note"] = "Đối chiếu với Quyết định 5279/QĐ-UBND."
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    framework.refresh_from_db()
    assert framework.source_note == "Đối chiếu với Quyết định 5279/QĐ-UBND."
    assert list(framework.indicators.order_by("pk").values()) == indicators
    changed = AuditEvent.objects.filter(action__startswith="admin.")
    assert set(changed.values_list("object_type", flat=True)) == {"frameworks.framework"}


def test_the_indicator_list_names_unconfirmed_fields_and_applicability(client, framework):
    text = page(client, reverse("admin:frameworks_indicator_changelist"))
    assert {"Áp dụng cho", "Các trường chưa đối chiếu"} <= set(headings(text))
    assert "tên, quy tắc chấm điểm" in text
    assert "Có nhiệm vụ kinh tế số" in text and "mọi cơ quan của cấp" in text
    assert '["name", "rule"]' not in text and ">digital_economy<" not in text
    filtered = page(
        client, reverse("admin:frameworks_indicator_changelist"), applies_to="digital_economy"
    )
    assert "2.2" in filtered and "Số cuộc họp của Ban chỉ đạo" not in filtered


def test_the_indicator_page_names_its_unconfirmed_fields_and_explains_the_keys(client, framework):
    indicator = framework.indicators.get(code="1.1")
    text = page(client, reverse("admin:frameworks_indicator_change", args=[indicator.pk]))
    assert "Các trường chưa đối chiếu (theo tên)" in text
    assert "tên, quy tắc chấm điểm" in text
    assert "rule = quy tắc chấm điểm" in text and "appraising_units = đơn vị thẩm định" in text


def test_the_english_interface_names_them_in_english(client, framework, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = page(client, reverse("admin:frameworks_framework_change", args=[framework.pk]))
    assert "Indicators and the fields the decision does not confirm" in text
    assert "name, scoring rule" in text and "Digital-economy tasks" in text
