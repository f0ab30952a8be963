"""Attaching evidence on the indicator page never loses the values typed but not yet saved: the
attach fields belong to the values form, and whichever button is pressed, both are kept."""

import pytest
from django.urls import reverse

from dti.agencies.models import Role
from dti.assessments.models import Evidence, Response
from dti.assessments.services import save_response
from dti.audit.models import AuditEvent
from tests.assessments.evidence_helpers import (
    MINIMAL_PDF,
    WINDOWS_PROGRAM,
    closed_campaign,
    open_campaign,
    upload,
    use_temporary_storage,
)
from tests.factories import make_agency, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage_dir(settings, tmp_path):
    return use_temporary_storage(settings, tmp_path / "media")


@pytest.fixture
def agency():
    return make_agency("SYT")


@pytest.fixture
def assessment(agency):
    return open_campaign([agency]).assessments.get()


@pytest.fixture
def staff(agency, client):
    user = make_user(Role.AGENCY_STAFF, agency)
    client.force_login(user)
    return user


def indicator_url(assessment, code="1.1"):
    return reverse("assessments:indicator", args=[assessment.pk, code])


def attach_url(assessment, code="1.1"):
    return reverse("assessments:evidence_add", args=[assessment.pk, code])


def stored(assessment, code="1.1"):
    return Response.objects.get(assessment=assessment, indicator__code=code)


def messages_of(page):
    return [str(message) for message in page.context["messages"]]


def test_attaching_a_file_saves_the_values_typed_on_the_page(client, assessment, staff):
    page = client.post(
        attach_url(assessment),
        {
            "meetings": "3",
            "note": "Theo biên bản",
            "file": upload("bien-ban.pdf", MINIMAL_PDF),
            "title": "Biên bản họp",
        },
        follow=True,
    )

    assert page.redirect_chain == [(indicator_url(assessment), 302)]
    response = stored(assessment)
    assert (response.values, response.note, response.points) == (
        {"meetings": "3"},
        "Theo biên bản",
        15,
    )
    assert [item.title for item in Evidence.objects.filter(response=response)] == ["Biên bản họp"]
    assert messages_of(page) == ["Đã lưu.", "Đã đính kèm “Biên bản họp”."]
    assert page.context["form"]["meetings"].value() == "3"


def test_a_refused_file_does_not_lose_the_typed_values(client, assessment, staff):
    page = client.post(
        attach_url(assessment),
        {"meetings": "4", "note": "", "file": upload("bien-ban.pdf", WINDOWS_PROGRAM)},
        follow=True,
    )

    assert stored(assessment).values == {"meetings": "4"}
    assert not Evidence.objects.exists()
    assert messages_of(page)[0] == "Đã lưu."
    assert messages_of(page)[1].startswith("Chưa đính kèm được. Không chấp nhận “bien-ban.pdf”")


def test_pressing_attach_with_nothing_chosen_saves_the_values_and_says_what_is_missing(
    client, assessment, staff
):
    page = client.post(attach_url(assessment), {"meetings": "2", "note": ""}, follow=True)

    assert stored(assessment).values == {"meetings": "2"}
    assert messages_of(page) == [
        "Đã lưu.",
        "Chưa đính kèm được. Hãy chọn tệp hoặc nhập đường dẫn.",
    ]


def test_a_value_with_a_mistake_is_saved_shown_with_its_error_and_the_file_attached(
    client, assessment, staff
):
    page = client.post(
        attach_url(assessment),
        {"meetings": "bốn", "note": "", "file": upload("bien-ban.pdf", MINIMAL_PDF)},
    )

    assert page.status_code == 200
    assert stored(assessment).values == {"meetings": "bốn"}
    assert page.context["form"].errors["meetings"]
    assert 'value="bốn"' in page.content.decode()
    assert [item.original_name for item in page.context["evidence"]] == ["bien-ban.pdf"]


def test_a_file_chosen_before_pressing_save_is_attached_too(client, assessment, staff):
    response = client.post(
        indicator_url(assessment),
        {
            "meetings": "4",
            "note": "",
            "then": "overview",
            "file": upload("bien-ban.pdf", MINIMAL_PDF),
        },
    )

    assert response["Location"] == reverse("assessments:overview", args=[assessment.pk])
    assert stored(assessment).values == {"meetings": "4"}
    assert Evidence.objects.get().original_name == "bien-ban.pdf"


def test_pressing_save_with_nothing_chosen_says_nothing_about_evidence(client, assessment, staff):
    page = client.post(indicator_url(assessment), {"meetings": "4", "note": ""}, follow=True)
    assert messages_of(page) == ["Đã lưu."]


def test_a_file_posted_alone_leaves_the_saved_values_as_they_are(client, assessment, staff):
    client.post(indicator_url(assessment), {"meetings": "4", "note": "Đã có"})

    client.post(attach_url(assessment), {"file": upload("bien-ban.pdf", MINIMAL_PDF)})

    response = stored(assessment)
    assert (response.values, response.note) == ({"meetings": "4"}, "Đã có")
    assert Evidence.objects.count() == 1


def test_attaching_with_nothing_typed_keeps_the_values_and_where_they_came_from(
    client, assessment, staff
):
    response = stored(assessment)
    save_response(
        response, values={"meetings": "4"}, not_applicable=False, note="", by=staff, source="excel"
    )
    shown = client.get(indicator_url(assessment)).context["form"]
    saves = AuditEvent.objects.filter(action="response.save").count()

    page = client.post(
        attach_url(assessment),
        {
            "meetings": shown["meetings"].value(),
            "note": shown["note"].value(),
            "file": upload("bien-ban.pdf", MINIMAL_PDF),
        },
        follow=True,
    )

    assert messages_of(page) == ["Đã đính kèm “bien-ban.pdf”."]
    response.refresh_from_db()
    assert (response.values, response.source) == ({"meetings": "4"}, "excel")
    assert AuditEvent.objects.filter(action="response.save").count() == saves
    assert "Nhập qua biểu mẫu Excel" in page.content.decode()


def test_after_the_deadline_nothing_is_saved_or_attached_and_the_typed_values_stay_shown(
    client, agency, staff
):
    late = closed_campaign([agency]).assessments.get()

    page = client.post(
        attach_url(late),
        {"meetings": "3", "note": "", "file": upload("bien-ban.pdf", MINIMAL_PDF)},
    )

    assert page.status_code == 200
    assert page.context["closed_reason"]
    assert page.context["form"]["meetings"].value() == "3"
    assert stored(late).values == {}
    assert not Evidence.objects.exists()
    shown = messages_of(page)
    assert shown[0].startswith("Chưa lưu: ") and shown[1].startswith("Chưa đính kèm được. ")
