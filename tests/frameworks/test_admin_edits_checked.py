"""Raw edits in Django admin get the loader's checks, with its messages: the sub-criteria as
submitted are built with their indicator, and points keep the group and framework sums."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from dti.agencies.models import Role
from dti.frameworks.definitions import framework_definition
from dti.frameworks.models import Group, Indicator, SubCriterion
from dti.frameworks.services import load_framework
from tests.factories import make_user
from tests.frameworks.helpers import admin_form, small_document

pytestmark = pytest.mark.django_db

HINT = (
    "Để thay đổi đồng thời điểm của chỉ số, nhóm và bộ chỉ số, hãy xuất bộ chỉ số ra Excel, sửa "
    "trong đó rồi nhập lại dưới dạng cập nhật."
)


@pytest.fixture
def framework(client):
    client.force_login(make_user(Role.COORDINATOR))
    return load_framework(small_document())


def change_url(obj) -> str:
    return reverse(f"admin:frameworks_{obj._meta.model_name}_change", args=[obj.pk])


def criterion_row(data: dict[str, str], code: str) -> str:
    """The form prefix (e.g. "criteria-1") of the inline row of sub-criterion ``code``."""
    return next(
        key.removesuffix("-code")
        for key, value in data.items()
        if key.startswith("criteria-") and key.endswith("-code") and value == code
    )


def errors_of(response) -> str:
    assert response.status_code == 200, "the edit was saved"
    return response.content.decode()


def test_a_sub_criterion_rule_of_an_unknown_type_is_refused_and_nothing_is_stored(
    client, framework
):
    indicator = framework.indicators.get(code="2.1")
    data = admin_form(client, change_url(indicator))
    data[f"{criterion_row(data, 'a')}-rule"] = json.dumps({"type": "bogus"})
    page = errors_of(client.post(change_url(indicator), data))
    assert "criteria[0].rule.type: Loại quy tắc &#x27;bogus&#x27; không hợp lệ" in page
    assert SubCriterion.objects.get(indicator=indicator, code="a").rule["type"] == "boolean"
    assert framework_definition(framework).indicator("2.1").rule.type == "sum"


def test_sub_criteria_as_submitted_must_cover_the_indicator_maximum(client, framework):
    indicator = framework.indicators.get(code="2.1")
    data = admin_form(client, change_url(indicator))
    data[f"{criterion_row(data, 'b')}-DELETE"] = "on"
    page = errors_of(client.post(change_url(indicator), data))
    assert "criteria: Tổng điểm các tiêu chí con là 6, nhỏ hơn điểm tối đa 10 của chỉ số." in page
    assert indicator.criteria.count() == 2


def test_a_valid_sub_criterion_correction_is_saved(client, framework):
    indicator = framework.indicators.get(code="2.1")
    data = admin_form(client, change_url(indicator))
    data[f"{criterion_row(data, 'b')}-name_vi"] = "Diễn tập phương án"
    response = client.post(change_url(indicator), data)
    assert response.status_code == 302
    assert SubCriterion.objects.get(indicator=indicator, code="b").name_vi == "Diễn tập phương án"


def test_an_indicator_maximum_that_breaks_its_group_sum_is_refused(client, framework):
    indicator = framework.indicators.get(code="1.1")
    data = admin_form(client, change_url(indicator))
    data["max_points"] = "25"
    page = errors_of(client.post(change_url(indicator), data))
    assert "Nhóm 1: Điểm tối đa của nhóm là 30 nhưng tổng điểm các chỉ số là 35." in page
    assert HINT in page
    assert Indicator.objects.get(pk=indicator.pk).max_points == Decimal(20)


def test_a_group_maximum_that_breaks_the_sums_is_refused(client, framework):
    group = framework.groups.get(code="1")
    data = admin_form(client, change_url(group))
    data["max_points"] = "35"
    page = errors_of(client.post(change_url(group), data))
    assert "Nhóm 1: Điểm tối đa của nhóm là 35 nhưng tổng điểm các chỉ số là 30." in page
    assert "Điểm tối đa của bộ chỉ số là 60 nhưng tổng điểm các nhóm là 65." in page
    assert Group.objects.get(pk=group.pk).max_points == Decimal(30)


def test_the_framework_maximum_must_stay_the_sum_of_its_groups(client, framework):
    data = admin_form(client, change_url(framework))
    data["max_points"] = "70"
    page = errors_of(client.post(change_url(framework), data))
    assert "Điểm tối đa của bộ chỉ số là 70 nhưng tổng điểm các nhóm là 60." in page
    framework.refresh_from_db()
    assert framework.max_points == Decimal(60)


def test_an_edit_that_keeps_the_points_is_saved(client, framework):
    indicator = framework.indicators.get(code="1.1")
    data = admin_form(client, change_url(indicator))
    data["name_en"] = "Meetings of the steering committee"
    assert client.post(change_url(indicator), data).status_code == 302


def test_an_indicator_rule_that_the_engine_cannot_build_is_refused(client, framework):
    indicator = framework.indicators.get(code="1.2")
    data = admin_form(client, change_url(indicator))
    data["rule"] = json.dumps({"type": "ratio", "numerator": "chaired", "denominator": "nobody"})
    page = errors_of(client.post(change_url(indicator), data))
    assert "rule.denominator: Quy tắc tham chiếu dữ liệu đầu vào không tồn tại" in page
    assert Indicator.objects.get(pk=indicator.pk).rule["denominator"] == "total"
