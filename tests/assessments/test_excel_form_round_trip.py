"""Download → fill offline → upload → preview → confirm: the values are saved with their points."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from dti.assessments.excel_form import session_key
from dti.assessments.models import Response
from dti.assessments.services import save_response
from dti.audit.models import AuditEvent
from dti.campaigns.models import PhaseDeadline

from .excel_form_helpers import (
    confirm,
    download,
    load_percent_framework,
    logged_in,
    open_assessment,
    set_cell,
    set_value,
    upload,
    value_cell,
)

pytestmark = pytest.mark.django_db


def _responses(assessment):
    return {
        r.indicator.code: r
        for r in Response.objects.filter(assessment=assessment).select_related("indicator")
    }


def test_a_filled_form_is_previewed_then_saved_with_its_points_on_confirmation(client):
    assessment, user = open_assessment()
    workbook = download(logged_in(client, user), assessment)
    set_value(workbook, "1.1", "meetings", 3)
    set_value(workbook, "1.2", "chaired", "3")  # typed as text
    set_value(workbook, "1.2", "total", 4.0)  # an Excel number
    set_value(workbook, "2.1", "plan", "Có")
    set_value(workbook, "2.1", "drills", 1)
    set_value(workbook, "2.1", "incidents", 1)
    set_cell(workbook, "2.1", "note", "Đã diễn tập tháng 5")

    preview = upload(client, assessment, workbook)

    assert preview.status_code == 200
    changes = {change.code: change for change in preview.context["changes"]}
    assert set(changes) == {"1.1", "1.2", "2.1"}
    assert (changes["1.2"].points_before, changes["1.2"].points_after) == (0, Decimal("7.5"))
    assert [(item.before, item.after) for item in changes["1.2"].changes] == [
        ("—", "3"),
        ("—", "4"),
    ]
    assert all(r.status == "unanswered" for r in _responses(assessment).values())  # not yet

    done = confirm(client, assessment, preview.context["digest"])

    assert done.status_code == 302
    assert done.url == reverse("assessments:overview", args=[assessment.pk])
    assert [str(m) for m in get_messages(done.wsgi_request)] == ["3 indicators updated."]
    saved = _responses(assessment)
    assert saved["1.1"].values == {"meetings": 3}
    assert saved["1.2"].values == {"chaired": 3, "total": 4}
    assert saved["2.1"].values == {"plan": "yes", "drills": 1, "incidents": 1}
    assert saved["2.1"].note == "Đã diễn tập tháng 5"
    assert [saved[code].points for code in ("1.1", "1.2", "2.1")] == [15, Decimal("7.5"), 8]
    assessment.refresh_from_db()
    assert assessment.self_points == Decimal("30.5")
    assert AuditEvent.objects.filter(action="response.save").count() == 3
    assert AuditEvent.objects.filter(action="assessment.excel_upload").count() == 1
    assert session_key(assessment) not in client.session


def test_numbers_typed_as_text_or_as_numbers_with_either_decimal_separator_are_accepted(client):
    assessment, user = open_assessment(framework=load_percent_framework())
    workbook = download(logged_in(client, user), assessment)
    set_value(workbook, "1.3", "online_pct", "92,5")
    set_value(workbook, "1.3", "hours", 7.5)

    preview = upload(client, assessment, workbook)
    confirm(client, assessment, preview.context["digest"])

    saved = _responses(assessment)["1.3"]
    assert saved.values == {"online_pct": 92.5, "hours": 7.5}
    assert saved.points == 10


def test_a_number_shown_as_a_percentage_in_excel_counts_as_that_percentage(client):
    assessment, user = open_assessment(framework=load_percent_framework())
    workbook = download(logged_in(client, user), assessment)
    set_value(workbook, "1.3", "online_pct", 0.75)
    value_cell(workbook, "1.3", "online_pct").number_format = "0%"

    preview = upload(client, assessment, workbook)
    confirm(client, assessment, preview.context["digest"])

    assert _responses(assessment)["1.3"].values["online_pct"] == 75


@pytest.mark.parametrize(
    "word, expected",
    [
        ("Có", "yes"),
        ("Không", "no"),
        ("yes", "yes"),
        ("No", "no"),
        ("true", "yes"),
        ("FALSE", "no"),
        (1, "yes"),
        (0, "no"),
        (True, "yes"),
    ],
)
def test_yes_no_answers_accept_the_vietnamese_and_english_words(client, word, expected):
    assessment, user = open_assessment()
    workbook = download(logged_in(client, user), assessment)
    set_value(workbook, "2.1", "plan", word)

    preview = upload(client, assessment, workbook)
    assert preview.context.get("problems") is None, preview.context.get("problems")
    confirm(client, assessment, preview.context["digest"])

    assert _responses(assessment)["2.1"].values["plan"] == expected


def test_an_indicator_declared_not_applicable_leaves_the_maximum(client):
    assessment, user = open_assessment()
    workbook = download(logged_in(client, user), assessment)
    set_cell(workbook, "2.1", "not_applicable", "Có")

    preview = upload(client, assessment, workbook)
    confirm(client, assessment, preview.context["digest"])

    assert _responses(assessment)["2.1"].not_applicable
    assert _responses(assessment)["2.1"].status == "not_applicable"
    assessment.refresh_from_db()
    assert assessment.self_max_points == 30


def test_choices_and_dates_come_back_as_their_values(client):
    assessment, user = open_assessment(flags=["digital_economy"])
    workbook = download(logged_in(client, user), assessment)
    set_value(workbook, "2.2", "level", "Đầy đủ")
    set_value(workbook, "2.2", "issued_on", datetime.datetime(2025, 3, 15))

    preview = upload(client, assessment, workbook)
    confirm(client, assessment, preview.context["digest"])

    saved = _responses(assessment)["2.2"]
    assert saved.values == {"level": "full", "issued_on": "15/03/2025"}
    assert saved.points == 20


def test_unchanged_rows_are_not_saved(client):
    assessment, user = open_assessment()
    responses = _responses(assessment)
    save_response(
        responses["1.1"], values={"meetings": "3"}, not_applicable=False, note="", by=user
    )
    save_response(
        responses["1.2"],
        values={"chaired": "1", "total": "2"},
        not_applicable=False,
        note="",
        by=user,
    )
    versions = {code: r.version for code, r in _responses(assessment).items()}
    workbook = download(logged_in(client, user), assessment)
    set_value(workbook, "1.2", "chaired", 2)

    preview = upload(client, assessment, workbook)

    assert [change.code for change in preview.context["changes"]] == ["1.2"]
    assert preview.context["unchanged_count"] == 2
    confirm(client, assessment, preview.context["digest"])
    after = _responses(assessment)
    assert after["1.1"].version == versions["1.1"]
    assert after["2.1"].version == versions["2.1"]
    assert after["1.2"].version == versions["1.2"] + 1
    assert after["1.2"].points == 10


def test_a_form_that_changes_nothing_offers_nothing_to_confirm(client):
    assessment, user = open_assessment()
    workbook = download(logged_in(client, user), assessment)

    preview = upload(client, assessment, workbook)

    assert preview.context["changes"] == []
    assert session_key(assessment) not in client.session
    assert reverse("assessments:excel_confirm", args=[assessment.pk]) not in (
        preview.content.decode()
    )


def test_deleted_rows_leave_their_indicators_as_they_are(client):
    assessment, user = open_assessment()
    save_response(
        _responses(assessment)["1.1"],
        values={"meetings": "2"},
        not_applicable=False,
        note="",
        by=user,
    )
    workbook = download(logged_in(client, user), assessment)
    sheet = workbook.worksheets[0]
    sheet.delete_rows(3)  # the row of 1.1
    set_value(workbook, "1.2", "chaired", 1)
    set_value(workbook, "1.2", "total", 1)

    preview = upload(client, assessment, workbook)
    confirm(client, assessment, preview.context["digest"])

    assert _responses(assessment)["1.1"].values == {"meetings": "2"}
    assert _responses(assessment)["1.2"].points == 10


def test_nothing_is_applied_when_the_deadline_passes_between_preview_and_confirmation(client):
    assessment, user = open_assessment()
    workbook = download(logged_in(client, user), assessment)
    set_value(workbook, "1.1", "meetings", 4)
    preview = upload(client, assessment, workbook)
    PhaseDeadline.objects.filter(campaign=assessment.campaign, phase="self_assessment").update(
        due_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    done = confirm(client, assessment, preview.context["digest"])

    assert done.status_code == 302
    [message] = get_messages(done.wsgi_request)
    assert message.level_tag == "error"
    assert str(message).startswith("Nothing was applied: The deadline has passed")
    assert _responses(assessment)["1.1"].values == {}


def test_nothing_is_applied_when_a_response_was_edited_after_the_preview(client):
    assessment, user = open_assessment()
    workbook = download(logged_in(client, user), assessment)
    set_value(workbook, "1.1", "meetings", 4)
    set_value(workbook, "1.2", "chaired", 1)
    set_value(workbook, "1.2", "total", 2)
    preview = upload(client, assessment, workbook)
    save_response(
        _responses(assessment)["1.2"],
        values={"chaired": "2", "total": "2"},
        not_applicable=False,
        note="typed on the web",
        by=user,
    )

    done = confirm(client, assessment, preview.context["digest"])

    assert done.url == reverse("assessments:excel_upload", args=[assessment.pk])
    assert [m.level_tag for m in get_messages(done.wsgi_request)] == ["error"]
    saved = _responses(assessment)
    assert saved["1.1"].values == {}
    assert saved["1.2"].values == {"chaired": "2", "total": "2"}


def test_a_confirmation_without_the_previewed_upload_applies_nothing(client):
    assessment, user = open_assessment()
    workbook = download(logged_in(client, user), assessment)
    set_value(workbook, "1.1", "meetings", 4)
    preview = upload(client, assessment, workbook)

    done = confirm(client, assessment, "0" * 64)  # not the digest of the previewed file

    assert done.url == reverse("assessments:excel_upload", args=[assessment.pk])
    assert _responses(assessment)["1.1"].values == {}
    assert confirm(client, assessment, preview.context["digest"]).url == done.url  # used up
    assert _responses(assessment)["1.1"].values == {}
