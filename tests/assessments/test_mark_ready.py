"""Staff mark the self-assessment ready for their leader's sign-off: only when it is complete,
the leaders are told, and any later change of an answer or of evidence takes the mark back."""

import pytest
from django.urls import reverse

from dti.agencies.models import Role, Tier
from dti.assessments.models import Evidence, Response
from dti.audit.models import AuditEvent
from dti.notifications.models import Notification
from tests.assessments import excel_form_helpers as excel
from tests.assessments.evidence_helpers import MINIMAL_PDF, upload, use_temporary_storage
from tests.assessments.helpers import FULL_ANSWERS, attach_link, open_deadlines
from tests.factories import make_agency, make_campaign, make_user

pytestmark = pytest.mark.django_db

# The small framework without the digital economy flag: three indicators.
CODES = ["1.1", "1.2", "2.1"]


@pytest.fixture(autouse=True)
def storage_dir(settings, tmp_path):
    return use_temporary_storage(settings, tmp_path / "media")


@pytest.fixture
def agency():
    return make_agency("SYT", Tier.DEPARTMENT, name="Sở Y tế")


@pytest.fixture
def assessment(agency):
    return make_campaign([agency], deadlines=open_deadlines()).assessments.get()


@pytest.fixture
def staff(agency, client):
    user = make_user(Role.AGENCY_STAFF, agency)
    client.force_login(user)
    return user


@pytest.fixture
def leaders(agency):
    return [make_user(Role.AGENCY_LEADER, agency), make_user(Role.AGENCY_LEADER, agency)]


def indicator_url(assessment, code):
    return reverse("assessments:indicator", args=[assessment.pk, code])


def fill(client, assessment, codes, staff):
    """Answer ``codes`` through the indicator page, each with its evidence."""
    for code in codes:
        client.post(indicator_url(assessment, code), {**FULL_ANSWERS[code], "note": ""})
        attach_link(Response.objects.get(assessment=assessment, indicator__code=code), staff)


def mark_ready(client, assessment):
    return client.post(reverse("assessments:ready", args=[assessment.pk]))


def marked(assessment):
    assessment.refresh_from_db()
    return assessment.marked_ready_at is not None


def test_an_incomplete_assessment_is_refused_with_the_same_list_as_a_submission(
    client, assessment, staff, leaders
):
    fill(client, assessment, ["1.1"], staff)
    client.post(indicator_url(assessment, "1.2"), {"chaired": "5", "total": "4", "note": ""})

    page = mark_ready(client, assessment)

    assert page.status_code == 200
    assert not marked(assessment)
    shown = [(item.code, item.reason) for item in page.context["missing"]]
    assert shown == [
        ("1.2", "Một số giá trị không hợp lệ."),
        ("1.2", "Thiếu tài liệu kiểm chứng bắt buộc."),
        ("2.1", "Chưa nhập."),
        ("2.1", "Thiếu tài liệu kiểm chứng bắt buộc."),
    ]
    html = page.content.decode()
    assert "Cần hoàn thành 4 mục trước khi trình lãnh đạo ký duyệt" in html
    assert f'href="{indicator_url(assessment, "2.1")}"' in html
    assert "Chưa thể trình lãnh đạo ký duyệt kết quả tự đánh giá." in html
    client.force_login(leaders[0])
    submit_page = client.get(reverse("assessments:submit", args=[assessment.pk]))
    assert [(item.code, item.reason) for item in submit_page.context["missing"]] == shown
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(action="assessment.ready").exists()


def test_a_complete_assessment_is_marked_and_each_leader_is_notified(
    client, assessment, staff, leaders
):
    other_agency_leader = make_user(Role.AGENCY_LEADER, make_agency("SCT", Tier.DEPARTMENT))
    fill(client, assessment, CODES, staff)

    response = mark_ready(client, assessment)

    assert response.status_code == 302
    assert marked(assessment) and assessment.marked_ready_by == staff
    notified = Notification.objects.filter(kind="assessment.ready")
    assert sorted(item.user_id for item in notified) == sorted(leader.pk for leader in leaders)
    assert not Notification.objects.filter(user=other_agency_leader).exists()
    notification = notified.first()
    assert notification.title == "Có kết quả tự đánh giá đang chờ lãnh đạo ký duyệt"
    assert "Sở Y tế" in notification.body
    assert notification.url == reverse("assessments:submit", args=[assessment.pk])
    assert AuditEvent.objects.filter(action="assessment.ready", actor=staff).count() == 1
    overview = client.get(reverse("assessments:overview", args=[assessment.pk]))
    assert "đã trình lãnh đạo ký duyệt lúc" in overview.content.decode()


def test_the_leaders_are_told_in_the_platforms_language_whatever_the_staffs(
    client, assessment, staff, leaders, settings
):
    fill(client, assessment, CODES, staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    mark_ready(client, assessment)

    notification = Notification.objects.filter(kind="assessment.ready").first()
    assert notification.title == "Có kết quả tự đánh giá đang chờ lãnh đạo ký duyệt"
    assert notification.body == (
        f"{staff} đã trình lãnh đạo ký duyệt kết quả tự đánh giá của Sở Y tế trong "
        f"{assessment.campaign}."
    )


def test_changing_an_answer_afterwards_takes_the_mark_back(client, assessment, staff, leaders):
    fill(client, assessment, CODES, staff)
    mark_ready(client, assessment)

    client.post(indicator_url(assessment, "1.1"), {"meetings": "3", "note": ""})

    assert not marked(assessment)
    event = AuditEvent.objects.get(action="assessment.ready_cleared")
    assert event.actor == staff and event.before["marked_ready_by"] == str(staff)
    client.force_login(leaders[0])
    overview = client.get(reverse("assessments:overview", args=[assessment.pk]))
    assert "đã trình lãnh đạo ký duyệt lúc" not in overview.content.decode()


def test_a_changed_answer_uploaded_with_the_excel_form_takes_the_mark_back(
    client, assessment, staff, leaders
):
    fill(client, assessment, CODES, staff)
    mark_ready(client, assessment)
    workbook = excel.download(client, assessment)
    excel.set_value(workbook, "1.1", "meetings", 3)

    preview = excel.upload(client, assessment, workbook)
    excel.confirm(client, assessment, preview.context["digest"])

    assert Response.objects.get(assessment=assessment, indicator__code="1.1").values == {
        "meetings": 3
    }
    assert not marked(assessment)


def test_saving_the_same_answer_again_keeps_the_mark(client, assessment, staff, leaders):
    fill(client, assessment, CODES, staff)
    mark_ready(client, assessment)

    client.post(indicator_url(assessment, "1.1"), {**FULL_ANSWERS["1.1"], "note": ""})

    assert marked(assessment)


def test_attaching_evidence_afterwards_takes_the_mark_back(client, assessment, staff, leaders):
    fill(client, assessment, CODES, staff)
    mark_ready(client, assessment)

    client.post(
        reverse("assessments:evidence_add", args=[assessment.pk, "1.1"]),
        {"file": upload("bien-ban.pdf", MINIMAL_PDF)},
    )

    assert Evidence.objects.filter(kind="file").count() == 1
    assert not marked(assessment)


def test_deleting_evidence_afterwards_takes_the_mark_back(client, assessment, staff, leaders):
    fill(client, assessment, CODES, staff)
    extra = attach_link(Response.objects.get(assessment=assessment, indicator__code="1.1"), staff)
    mark_ready(client, assessment)
    assert marked(assessment)

    client.post(reverse("assessments:evidence_delete", args=[extra.pk]))

    assert not Evidence.objects.filter(pk=extra.pk).exists()
    assert not marked(assessment)


def test_a_closed_assessment_cannot_be_marked_ready(client, agency, staff):
    late = make_campaign([agency], deadlines=open_deadlines(days=-1)).assessments.get()
    response = mark_ready(client, late)
    assert response.status_code == 302
    assert not marked(late)
    page = client.get(response["Location"])
    assert any("Đã hết thời hạn" in str(message) for message in page.context["messages"])
