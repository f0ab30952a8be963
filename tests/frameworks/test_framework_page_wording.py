"""The coordinator's framework pages speak the interface's language: field names, agency flags
and input labels instead of the raw keys and codes of the framework file."""

import html

import pytest
from django.urls import reverse

from dti.agencies.models import Role
from dti.frameworks.document import CONFIRMABLE_FIELDS
from dti.frameworks.files import read_framework_path
from dti.frameworks.models import CONFIRMABLE_FIELD_LABELS
from dti.frameworks.services import load_framework
from tests.factories import make_user
from tests.frameworks.helpers import DATA

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return load_framework(read_framework_path(DATA / "rich.yaml"))


def page_text(client, url_name, framework) -> str:
    client.force_login(make_user(Role.COORDINATOR))
    response = client.get(reverse(url_name, args=[framework.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_unconfirmed_fields_are_listed_by_their_names(client, framework):
    page = page_text(client, "frameworks:detail", framework)
    assert "<td>điểm tối đa, nguồn dữ liệu</td>" in page  # indicator 1.1
    assert "<td>quy tắc chấm điểm, đơn vị thẩm định, phạm vi áp dụng</td>" in page  # 1.3
    assert "chưa xác nhận: điểm tối đa, nguồn dữ liệu" in page  # the badge of 1.1
    for key in ("max_points", "data_source", "appraising_units", "applies_to"):
        assert key not in page


def test_every_confirmable_field_has_a_name():
    assert set(CONFIRMABLE_FIELD_LABELS) == set(CONFIRMABLE_FIELDS)


def test_an_agency_flag_is_named_by_what_it_means(client, framework):
    page = page_text(client, "frameworks:detail", framework)
    assert "chỉ áp dụng cho cơ quan được đánh dấu «Có nhiệm vụ kinh tế số»" in page
    assert "Chỉ áp dụng cho cơ quan được đánh dấu «Có nhiệm vụ kinh tế số»." in page
    assert "digital_economy" not in page
    applicability = page_text(client, "frameworks:applicability", framework)
    assert "<small>Có nhiệm vụ kinh tế số</small>" in applicability


def test_formulas_and_constraints_name_the_inputs_by_their_labels(client, framework):
    page = page_text(client, "frameworks:detail", framework)
    assert "Điểm = min(«Số người được đào tạo» / «Tổng số cán bộ» × 100; 100) × 0,3." in page
    assert "Ràng buộc: «Số người được đào tạo» ≤ «Tổng số cán bộ»</p>" in page
    assert "«Số hệ thống đạt chuẩn» ≤ «Tổng số hệ thống»; «Tổng số hệ thống» ≥ 0" in page
    assert "trained / staff" not in page


def test_a_band_of_one_value_says_equal_to(client, framework):
    page = page_text(client, "frameworks:detail", framework)
    assert "bằng 100: 20 điểm" in page
    assert "từ 100 đến 100" not in page


def test_english_names_after_switching_language(client, framework):
    client.force_login(make_user(Role.COORDINATOR))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = html.unescape(
        client.get(reverse("frameworks:detail", args=[framework.pk])).content.decode()
    )
    assert "<td>max points, data source</td>" in page
    assert "Points = min(«Staff trained» / «Total staff» × 100, 100) × 0.3." in page
    assert "only for agencies marked «Digital-economy tasks»" in page
