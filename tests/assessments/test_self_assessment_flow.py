"""The self-assessment as agencies live it: fill in, attach evidence, sign off, then read-only."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dti.agencies.models import Role, Tier
from dti.assessments.models import AssessmentStatus, Response
from dti.audit.models import AuditEvent
from dti.campaigns.models import Phase
from dti.campaigns.services import grant_extension
from tests.assessments.helpers import FULL_ANSWERS, attach_link, open_deadlines
from tests.factories import make_agency, make_campaign, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return make_agency("SCT", Tier.DEPARTMENT, name="Sở Công Thương", flags=["digital_economy"])


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR)


@pytest.fixture
def assessment(agency, coordinator):
    campaign = make_campaign([agency], by=coordinator, deadlines=open_deadlines())
    return campaign.assessments.get()


@pytest.fixture
def staff(agency):
    return make_user(Role.AGENCY_STAFF, agency)


@pytest.fixture
def leader(agency):
    return make_user(Role.AGENCY_LEADER, agency)


def indicator_url(assessment, code):
    return reverse("assessments:indicator", args=[assessment.pk, code])


def fill(client, assessment, code, values, **extra):
    return client.post(indicator_url(assessment, code), {**values, "note": "", **extra})


def test_staff_fills_every_indicator_and_the_leader_submits(client, assessment, staff, leader):
    client.force_login(staff)
    for code, values in FULL_ANSWERS.items():
        response = fill(client, assessment, code, values, then="overview")
        assert response.status_code == 302
        attach_link(Response.objects.get(assessment=assessment, indicator__code=code), staff)
    assessment.refresh_from_db()
    # 20 + 7.5 + 10 + 10 of 60
    assert (assessment.self_points, assessment.self_max_points) == (Decimal("47.50"), 60)
    assert assessment.self_dti_value == Decimal("0.7917")
    assert assessment.answered_count == assessment.applicable_count == 4

    assert client.post(reverse("assessments:submit", args=[assessment.pk])).status_code == 403
    client.post(reverse("assessments:ready", args=[assessment.pk]))
    client.force_login(leader)
    response = client.post(reverse("assessments:submit", args=[assessment.pk]))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.submitted_by == leader and assessment.marked_ready_by == staff
    assert AuditEvent.objects.filter(action="assessment.submit").count() == 1

    client.force_login(staff)
    response = fill(client, assessment, "1.1", {"meetings": "1"})
    assert response.status_code == 200 and response.context["closed_reason"]
    assert Response.objects.get(assessment=assessment, indicator__code="1.1").values == {
        "meetings": "4"
    }


def test_submission_lists_what_is_missing(client, assessment, staff, leader):
    client.force_login(staff)
    fill(client, assessment, "1.1", FULL_ANSWERS["1.1"])
    fill(client, assessment, "1.2", {"chaired": "5", "total": "4"})
    client.force_login(leader)
    response = client.post(reverse("assessments:submit", args=[assessment.pk]))
    missing = {(item.code, item.reason) for item in response.context["missing"]}
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    codes = {code for code, _reason in missing}
    assert codes == {"1.1", "1.2", "2.1", "2.2"}  # 1.1 lacks evidence, the rest are unanswered
    assert len([item for item in missing if item[0] == "1.2"]) == 2  # invalid and no evidence


@pytest.mark.parametrize(
    ("code", "values", "field", "fragment"),
    [
        ("1.1", {"meetings": "bốn"}, "meetings", "Hãy nhập số nguyên: “bốn” không phải là số."),
        ("1.2", {"chaired": "5", "total": "4"}, "chaired", "phải ≤"),
        ("1.1", {"meetings": "-2"}, "meetings", "không được âm"),
    ],
)
def test_a_bad_value_is_saved_as_typed_and_shown_next_to_its_field(
    client, assessment, staff, code, values, field, fragment
):
    client.force_login(staff)
    response = fill(client, assessment, code, values, note="Ghi chú của tôi")
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert fragment in errors
    stored = Response.objects.get(assessment=assessment, indicator__code=code)
    assert stored.values == {key: value for key, value in values.items()} | {
        key: "" for key in stored.values if key not in values
    }
    assert stored.note == "Ghi chú của tôi"
    assert stored.status == "invalid" and stored.points is None
    page = response.content.decode()
    for typed in values.values():
        assert f'value="{typed}"' in page


def test_a_percent_above_one_hundred_is_refused_next_to_the_field(client, coordinator):
    from dti.frameworks.services import load_framework
    from tests.frameworks.helpers import small_document

    document = small_document()
    document["code"] = "TEST-PERCENT"
    indicator = document["groups"][0]["indicators"][0]
    indicator["inputs"] = [{"code": "share", "type": "percent", "label": "Tỷ lệ"}]
    indicator["rule"] = {"type": "steps", "value": "share", "bands": [{"min": 90, "points": 20}]}
    indicator["examples"] = []
    framework = load_framework(document)
    agency = make_agency()
    campaign = make_campaign([agency], framework, by=coordinator, deadlines=open_deadlines())
    assessment = campaign.assessments.get()
    client.force_login(make_user(Role.AGENCY_STAFF, agency))
    response = fill(client, assessment, "1.1", {"share": "120,5"})
    assert "không được vượt quá 100" in " ".join(response.context["form"].errors["share"])


def test_vietnamese_decimal_comma_is_understood(client, assessment, staff):
    client.force_login(staff)
    fill(client, assessment, "1.2", {"chaired": "3", "total": "4"})
    preview = client.post(
        reverse("assessments:preview", args=[assessment.pk, "1.2"]), {"chaired": "1", "total": "3"}
    ).json()
    assert preview["points"] == "3,33"
    assert preview["errors"] == {}


def test_preview_computes_points_and_trace_without_saving(client, assessment, staff):
    client.force_login(staff)
    result = client.post(
        reverse("assessments:preview", args=[assessment.pk, "1.1"]), {"meetings": "3"}
    ).json()
    assert result["points"] == "15"
    assert result["trace"][-1] == "Điểm: 15 / 20."
    bad = client.post(
        reverse("assessments:preview", args=[assessment.pk, "1.1"]), {"meetings": "abc"}
    ).json()
    assert bad["status"] == "invalid" and bad["errors"]["meetings"]
    assert Response.objects.get(assessment=assessment, indicator__code="1.1").values == {}


def test_a_save_after_the_deadline_is_refused_and_an_extension_lets_it_through(
    client, agency, coordinator, staff
):
    past = open_deadlines(days=-1)
    campaign = make_campaign([agency], by=coordinator, deadlines=past)
    assessment = campaign.assessments.get()
    client.force_login(staff)
    response = fill(client, assessment, "1.1", {"meetings": "2"})
    assert "hạn" in response.context["closed_reason"]
    assert Response.objects.get(assessment=assessment, indicator__code="1.1").values == {}
    assert response.context["form"]["meetings"].value() == "2"  # what was typed is kept

    grant_extension(
        assessment,
        until=timezone.now() + datetime.timedelta(days=2),
        reason="Sự cố mạng",
        by=coordinator,
    )
    response = fill(client, assessment, "1.1", {"meetings": "2"})
    assert response.status_code == 302
    assert Response.objects.get(assessment=assessment, indicator__code="1.1").points == 10


def test_an_extension_reopens_a_submitted_assessment_for_a_new_sign_off(
    client, assessment, coordinator, staff, leader
):
    client.force_login(staff)
    for code, values in FULL_ANSWERS.items():
        fill(client, assessment, code, values)
        attach_link(Response.objects.get(assessment=assessment, indicator__code=code), staff)
    client.force_login(leader)
    client.post(reverse("assessments:submit", args=[assessment.pk]))
    grant_extension(
        assessment,
        until=timezone.now() + datetime.timedelta(days=3),
        reason="Bổ sung số liệu",
        by=coordinator,
    )
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    client.force_login(staff)
    assert fill(client, assessment, "1.1", {"meetings": "3"}).status_code == 302


def test_declaring_not_applicable_is_only_possible_where_the_framework_allows(
    client, assessment, staff
):
    client.force_login(staff)
    fill(client, assessment, "2.1", {}, not_applicable="on")
    fill(client, assessment, "1.1", {}, not_applicable="on")
    assert (
        Response.objects.get(assessment=assessment, indicator__code="2.1").status
        == "not_applicable"
    )
    assert Response.objects.get(assessment=assessment, indicator__code="1.1").status == "unanswered"
    assessment.refresh_from_db()
    assert assessment.self_max_points == 50


def test_overview_shows_groups_progress_and_missing_evidence(client, assessment, staff):
    client.force_login(staff)
    fill(client, assessment, "1.1", FULL_ANSWERS["1.1"])
    response = client.get(reverse("assessments:overview", args=[assessment.pk]))
    overview = response.context["overview"]
    assert [(group.group.code, group.answered, group.applicable) for group in overview.groups] == [
        ("1", 1, 2),
        ("2", 0, 2),
    ]
    assert overview.groups[0].points == 20
    assert [line.indicator.code for line in overview.missing_evidence] == [
        "1.1",
        "1.2",
        "2.1",
        "2.2",
    ]
    attach_link(Response.objects.get(assessment=assessment, indicator__code="1.1"), staff)
    overview = client.get(reverse("assessments:overview", args=[assessment.pk])).context["overview"]
    assert [line.indicator.code for line in overview.missing_evidence] == ["1.2", "2.1", "2.2"]
    assert overview.days_left in (9, 10)


def test_the_campaign_must_be_in_self_assessment_to_edit(client, agency, coordinator, staff):
    campaign = make_campaign(
        [agency], by=coordinator, phase=Phase.PREPARATION, deadlines=open_deadlines()
    )
    client.force_login(staff)
    response = fill(client, campaign.assessments.get(), "1.1", {"meetings": "2"})
    assert response.status_code == 200 and response.context["closed_reason"]


def test_a_value_typed_with_a_vietnamese_decimal_comma_reads_the_same_in_english(
    client, coordinator
):
    from dti.frameworks.services import load_framework
    from tests.frameworks.helpers import small_document

    document = small_document()
    document["code"] = "TEST-DECIMAL"
    indicator = document["groups"][0]["indicators"][0]
    indicator["inputs"] = [{"code": "share", "type": "percent", "label": "Tỷ lệ"}]
    indicator["rule"] = {"type": "formula", "expression": "share / 5"}
    indicator["examples"] = []
    framework = load_framework(document)
    agency = make_agency()
    campaign = make_campaign([agency], framework, by=coordinator, deadlines=open_deadlines())
    assessment = campaign.assessments.get()
    client.force_login(make_user(Role.AGENCY_STAFF, agency))
    fill(client, assessment, "1.1", {"share": "85,5"})
    stored = Response.objects.get(assessment=assessment, indicator__code="1.1")
    assert stored.values == {"share": "85.5"} and stored.points == Decimal("17.10")
    assert 'value="85,5"' in client.get(indicator_url(assessment, "1.1")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(indicator_url(assessment, "1.1"))
    assert 'value="85.5"' in page.content.decode()
    assert page.context["score"].points == Decimal("17.10")
