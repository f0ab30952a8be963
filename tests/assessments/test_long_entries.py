"""An over-long note or value is refused next to its field, still showing what was typed, while
everything else on the indicator page is saved."""

import pytest
from django.urls import reverse

from dti.agencies.models import Role
from dti.assessments.forms import MAX_NOTE_LENGTH, MAX_VALUE_LENGTH
from dti.assessments.models import Response
from tests.assessments.helpers import open_deadlines
from tests.factories import make_agency, make_campaign, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment():
    return make_campaign([make_agency("SYT")], deadlines=open_deadlines()).assessments.get()


@pytest.fixture
def staff(assessment, client):
    user = make_user(Role.AGENCY_STAFF, assessment.agency)
    client.force_login(user)
    return user


def indicator_url(assessment, code):
    return reverse("assessments:indicator", args=[assessment.pk, code])


def stored(assessment, code):
    return Response.objects.get(assessment=assessment, indicator__code=code)


def test_an_over_long_note_is_refused_next_to_it_and_the_values_are_saved(
    client, assessment, staff
):
    client.post(
        indicator_url(assessment, "1.1"), {"meetings": "1", "note": "Ghi chú cũ"}, follow=True
    )
    long_note = "Biên bản số 12. " * 400  # 6,400 characters

    page = client.post(indicator_url(assessment, "1.1"), {"meetings": "3", "note": long_note})

    assert page.status_code == 200
    response = stored(assessment, "1.1")
    assert (response.values, response.points) == ({"meetings": "3"}, 15)
    assert response.note == "Ghi chú cũ"
    error = " ".join(page.context["form"].errors["note"])
    assert str(MAX_NOTE_LENGTH) in error and str(len(long_note.strip())) in error
    html = page.content.decode()
    assert long_note.strip() in html  # the note typed is still in the field
    assert 'class="field__error"' in html
    assert [str(message) for message in page.context["messages"]] == [
        "Đã lưu dự thảo, nhưng một số nội dung cần sửa lại: xem thông báo bên cạnh từng ô."
    ]


def test_an_over_long_value_is_refused_next_to_it_never_cut_and_the_rest_is_saved(
    client, assessment, staff
):
    client.post(indicator_url(assessment, "1.2"), {"chaired": "2", "total": "3", "note": ""})
    long_value = "3" * (MAX_VALUE_LENGTH + 1)

    page = client.post(
        indicator_url(assessment, "1.2"), {"chaired": long_value, "total": "4", "note": "Mới"}
    )

    assert page.status_code == 200
    response = stored(assessment, "1.2")
    assert response.values == {"chaired": "2", "total": "4"}  # the earlier value is kept
    assert response.note == "Mới"
    error = " ".join(page.context["form"].errors["chaired"])
    assert str(MAX_VALUE_LENGTH) in error and str(MAX_VALUE_LENGTH + 1) in error
    assert page.context["form"]["chaired"].value() == long_value
    assert f'value="{long_value}"' in page.content.decode()


def test_the_live_preview_reports_an_over_long_value_at_its_field(client, assessment, staff):
    result = client.post(
        reverse("assessments:preview", args=[assessment.pk, "1.1"]),
        {"meetings": "4" * (MAX_VALUE_LENGTH + 1)},
    ).json()
    assert str(MAX_VALUE_LENGTH) in " ".join(result["errors"]["meetings"])
    assert stored(assessment, "1.1").values == {}
