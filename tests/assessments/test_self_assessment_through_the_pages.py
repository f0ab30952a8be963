"""The whole self-assessment walked through the pages, as the coordinator, agency staff and the
agency leader use them: nothing here is created or changed through a service directly."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dti.agencies.models import Role, Tier
from dti.assessments.models import AssessmentStatus, Evidence, Response
from dti.audit.models import AuditEvent
from dti.campaigns.models import PHASE_ORDER, Campaign, Phase
from dti.frameworks.services import load_framework
from dti.notifications.models import Notification
from tests.assessments.evidence_helpers import MINIMAL_PDF, upload, use_temporary_storage
from tests.assessments.helpers import FULL_ANSWERS
from tests.factories import make_agency, make_user
from tests.frameworks.helpers import small_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage_dir(settings, tmp_path):
    return use_temporary_storage(settings, tmp_path / "media")


def day(offset: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=offset)).strftime("%d/%m/%Y")


def messages_of(page) -> list[str]:
    return [str(message) for message in page.context["messages"]]


def indicator_url(assessment, code):
    return reverse("assessments:indicator", args=[assessment.pk, code])


def test_a_self_assessment_from_the_campaign_form_to_the_extension(client):
    # The coordinator creates the campaign with the form (a deadline a day from tomorrow on) and
    # opens the self-assessment. The year is yesterday's, so that a deadline can later be moved
    # to yesterday without leaving the campaign's year; SCT has digital-economy tasks that year.
    year = (timezone.localdate() - datetime.timedelta(days=1)).year
    framework = load_framework(small_document())
    sct = make_agency(
        "SCT", Tier.DEPARTMENT, name="Sở Công Thương", flags=["digital_economy"], flags_year=year
    )
    syt = make_agency("SYT", Tier.DEPARTMENT, name="Sở Y tế")
    coordinator = make_user(Role.COORDINATOR)
    staff, leader = make_user(Role.AGENCY_STAFF, sct), make_user(Role.AGENCY_LEADER, sct)
    late_staff = make_user(Role.AGENCY_STAFF, syt)

    client.force_login(coordinator)
    form = {"year": year, "title": f"DTI {year}", "framework_department": framework.pk}
    form |= {f"deadline_{phase}": day(index + 1) for index, phase in enumerate(PHASE_ORDER)}
    created = client.post(reverse("campaigns:create"), form, follow=True)
    assert messages_of(created) == ["Đã tạo đợt đánh giá với 2 cơ quan tham gia."]
    campaign = Campaign.objects.get()
    opened = client.post(
        reverse("campaigns:move_phase", args=[campaign.pk]),
        {"to_phase": Phase.SELF_ASSESSMENT, "note": "Mở tự đánh giá"},
        follow=True,
    )
    assert messages_of(opened) == ["Đợt đánh giá đã chuyển sang giai đoạn “Tự đánh giá”."]
    assessment = campaign.assessments.get(agency=sct)
    late = campaign.assessments.get(agency=syt)

    # Staff fill every indicator with the form; for 1.1 they type the value and attach the
    # minutes as a PDF in one go, for the others they save, then attach.
    client.force_login(staff)
    start = client.get(reverse("assessments:mine"), follow=True)
    assert start.redirect_chain[-1][0] == reverse("assessments:overview", args=[assessment.pk])
    attached = client.post(
        reverse("assessments:evidence_add", args=[assessment.pk, "1.1"]),
        {
            **FULL_ANSWERS["1.1"],
            "note": "",
            "file": upload("bien-ban-hop.pdf", MINIMAL_PDF),
            "title": "Biên bản họp",
        },
        follow=True,
    )
    assert messages_of(attached) == ["Đã lưu.", "Đã đính kèm “Biên bản họp”."]
    for code in ("1.2", "2.1", "2.2"):
        saved = client.post(
            indicator_url(assessment, code), {**FULL_ANSWERS[code], "note": "", "then": "stay"}
        )
        assert saved.status_code == 302
        client.post(
            reverse("assessments:evidence_add", args=[assessment.pk, code]),
            {"file": upload(f"minh-chung-{code}.pdf", MINIMAL_PDF)},
        )
    overview = client.get(reverse("assessments:overview", args=[assessment.pk])).context["overview"]
    assert (overview.answered, overview.applicable, overview.missing_evidence) == (4, 4, [])
    assert Evidence.objects.filter(assessment=assessment, kind="file").count() == 4
    download = client.get(
        reverse("assessments:evidence_download", args=[Evidence.objects.first().pk])
    )
    assert b"".join(download.streaming_content) == MINIMAL_PDF

    # Staff mark it ready; the leader is told and signs off.
    ready = client.post(reverse("assessments:ready", args=[assessment.pk]), follow=True)
    assert messages_of(ready) == ["Lãnh đạo đơn vị có thể xem xét và nộp kết quả tự đánh giá."]
    notification = Notification.objects.get(user=leader)
    client.force_login(leader)
    assert client.get(notification.url).status_code == 200
    submitted = client.post(reverse("assessments:submit", args=[assessment.pk]), follow=True)
    assert messages_of(submitted) == ["Đã nộp kết quả tự đánh giá."]
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert (assessment.submitted_by, assessment.marked_ready_by) == (leader, staff)
    assert (assessment.self_points, assessment.self_max_points) == (Decimal("47.5"), 60)

    # Afterwards the assessment is read-only: a save is refused and changes nothing.
    client.force_login(staff)
    refused = client.post(indicator_url(assessment, "1.1"), {"meetings": "1", "note": ""})
    assert refused.context["closed_reason"] == "Đã nộp kết quả tự đánh giá."
    assert "Chỉ xem" in refused.content.decode()
    assert Response.objects.get(assessment=assessment, indicator__code="1.1").values == {
        "meetings": "4"
    }

    # Another agency is late: the coordinator moves the self-assessment deadline to yesterday on
    # the deadlines page, and its save is refused.
    client.force_login(late_staff)
    assert client.post(indicator_url(late, "1.1"), {"meetings": "2", "note": ""}).status_code == 302
    client.force_login(coordinator)
    deadlines = {f"deadline_{phase}": day(index + 1) for index, phase in enumerate(PHASE_ORDER)}
    deadlines |= {"deadline_preparation": day(-1), "deadline_self_assessment": day(-1)}
    moved = client.post(reverse("campaigns:deadlines", args=[campaign.pk]), deadlines)
    assert moved.status_code == 302
    client.force_login(late_staff)
    too_late = client.post(indicator_url(late, "1.1"), {"meetings": "3", "note": ""})
    assert too_late.context["closed_reason"].startswith("Đã hết thời hạn")
    assert Response.objects.get(assessment=late, indicator__code="1.1").values == {"meetings": "2"}

    # The coordinator grants it an extension from the campaign page, with a reason; the save
    # then goes through.
    client.force_login(coordinator)
    detail = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    extension_url = reverse("campaigns:extension", args=[campaign.pk, late.pk])
    assert f'href="{extension_url}"' in detail
    granted = client.post(extension_url, {"until": day(2), "reason": "Sự cố mạng"}, follow=True)
    assert messages_of(granted) == ["Đã gia hạn cho Sở Y tế."]
    assert AuditEvent.objects.get(action="assessment.extension").reason == "Sự cố mạng"
    client.force_login(late_staff)
    on_time = client.post(indicator_url(late, "1.1"), {"meetings": "3", "note": ""})
    assert on_time.status_code == 302
    assert Response.objects.get(assessment=late, indicator__code="1.1").values == {"meetings": "3"}
