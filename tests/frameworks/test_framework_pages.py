import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dti.agencies.models import Role, Tier
from dti.frameworks.services import load_framework
from tests.factories import make_agency, make_user
from tests.frameworks.helpers import SMALL, small_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return load_framework(small_document())


@pytest.fixture
def coordinator_client(client):
    client.force_login(make_user(Role.COORDINATOR))
    return client


def test_coordinator_browses_the_tree_with_rules_explained_in_vietnamese(
    coordinator_client, framework
):
    response = coordinator_client.get(reverse("frameworks:detail", args=[framework.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Số cuộc họp của Ban chỉ đạo" in page
    assert "Nhận thức số" in page
    assert "Điểm theo giá trị của Số cuộc họp" in page  # steps rule, explained in Vietnamese
    assert "chưa xác nhận" in page.lower()


def test_the_page_lists_every_unconfirmed_field(coordinator_client, framework):
    page = coordinator_client.get(reverse("frameworks:detail", args=[framework.pk])).content
    page = page.decode()
    assert "tên, quy tắc chấm điểm" in page  # indicator 1.1
    assert "<td>điểm tối đa</td>" in page  # group 1


def test_english_interface_after_switching_language(coordinator_client, framework):
    coordinator_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = coordinator_client.get(reverse("frameworks:detail", args=[framework.pk])).content
    page = page.decode()
    assert "Steering committee meetings" in page
    assert "Points by the value of Meetings" in page


def test_framework_list_shows_counts(coordinator_client, framework):
    page = coordinator_client.get(reverse("frameworks:list")).content.decode()
    assert "TEST-SMALL v1" in page
    assert "Bộ chỉ số thử nghiệm" in page


def test_applicability_shows_the_flagged_indicator_per_agency(coordinator_client, framework):
    flagged = make_agency("DE", Tier.DEPARTMENT, name="Sở có kinh tế số", flags=["digital_economy"])
    plain = make_agency("PL", Tier.DEPARTMENT, name="Sở thường")
    response = coordinator_client.get(reverse("frameworks:applicability", args=[framework.pk]))
    rows = {row.agency: row for row in response.context["rows"]}
    assert [item.code for item in response.context["conditional"]] == ["2.2"]
    assert rows[flagged].count == 4 and rows[flagged].applicable == [True]
    assert rows[plain].count == 3 and rows[plain].applicable == [False]


def test_export_downloads_a_workbook(coordinator_client, framework):
    response = coordinator_client.get(reverse("frameworks:export_xlsx", args=[framework.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert "Chỉ số" in workbook.sheetnames
    yaml_response = coordinator_client.get(reverse("frameworks:export_yaml", args=[framework.pk]))
    assert b"code: TEST-SMALL" in yaml_response.content


def test_coordinator_imports_a_framework_file(coordinator_client):
    with SMALL.open("rb") as upload:
        response = coordinator_client.post(reverse("frameworks:import"), {"file": upload})
    assert response.status_code == 302


def test_import_of_a_broken_file_shows_every_problem_and_stores_nothing(
    coordinator_client, tmp_path
):
    from tests.frameworks.helpers import broken_document, write_document

    path = write_document(tmp_path, broken_document(), "broken.yaml")
    with path.open("rb") as upload:
        response = coordinator_client.post(reverse("frameworks:import"), {"file": upload})
    assert response.status_code == 200
    assert len(response.context["problems"]) >= 4
    assert "groups[0].indicators[1].rule.type" in response.content.decode()


@pytest.mark.parametrize("role", [Role.AGENCY_STAFF, Role.AGENCY_LEADER])
def test_agency_users_cannot_browse_frameworks(client, framework, role):
    client.force_login(make_user(role))
    assert client.get(reverse("frameworks:list")).status_code == 403
    assert client.get(reverse("frameworks:detail", args=[framework.pk])).status_code == 403


def test_only_the_coordinator_may_import(client):
    client.force_login(make_user(Role.WORKING_GROUP))
    assert client.get(reverse("frameworks:list")).status_code == 200
    assert client.get(reverse("frameworks:import")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, framework):
    response = client.get(reverse("frameworks:detail", args=[framework.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
