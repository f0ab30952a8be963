"""The load test's simulated users do what a person does, and the persistence check catches a
lost save.

The journeys of bench/load (sign in, overview → indicator → save → evidence; queue → item →
accept or adjust) are played through Django's test client against the real views, on the
campaigns the load test generates; then ``check_persistence`` is asked about what was sent —
and about saves that never reached the database, which it must report.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import urlencode, urlsplit

import pytest

from bench.load.actions import (
    ADJUSTED,
    decision_submission,
    evidence_submission,
    flash_messages,
    indicator_codes,
    queue_items,
    response_submission,
    sign_in_submission,
)
from bench.load.browser import multipart_body, parse_page
from bench.load.persistence import check_persistence
from bench.load.scenario import appraiser_counts, build_plan, generate_campaigns
from dti.appraisals.models import Appraisal
from dti.assessments.models import Response
from dti.core.scale import commune_framework
from tests.bench.helpers import flushed_afterwards

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def plan(django_db_setup, django_db_blocker, tmp_path_factory):
    """Campaigns of 8 communes, 2 agency users and 4 appraisers, as the load test makes them."""
    with flushed_afterwards(django_db_blocker):
        self_campaign, appraisal_campaign = generate_campaigns(agencies=8, seed=11)
        yield build_plan(self_campaign, appraisal_campaign, agency_users=2, appraisers=4)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def sign_in(client, username: str, password: str) -> None:
    login = parse_page(client.get("/login/").content.decode())
    answer = client.post(
        "/login/",
        urlencode(sign_in_submission(login, username, password)),
        content_type=FORM,
    )
    assert answer.status_code == 302 and not answer["Location"].startswith("/login/")


def page(client, url: str):
    answer = client.get(url)
    assert answer.status_code == 200, url
    return parse_page(answer.content.decode())


def agency_journey(client, plan, agency, saves: list) -> None:
    """Every indicator the overview links to, saved with each of its worked answers; one
    evidence upload."""
    sign_in(client, agency.username, plan.password)
    overview = page(client, f"/assessments/{agency.assessment}/")
    codes = [code for code in indicator_codes(overview, agency.assessment) if code in plan.answers]
    assert len(codes) >= 40
    for code in codes:
        url = f"/assessments/{agency.assessment}/indicators/{code}/"
        for number, answer in enumerate(plan.answers[code]):
            pairs, sent = response_submission(
                page(client, url).form_with("note"),
                answer,
                f"{agency.username} {code} #{number}",
                assessment=agency.assessment,
                indicator=code,
                username=agency.username,
            )
            saves.append(sent)
            reply = client.post(url, urlencode(pairs), content_type=FORM)
            assert (reply.status_code, urlsplit(reply.get("Location", "")).path) == (302, url)
            sent.acknowledged = True
    url = f"/assessments/{agency.assessment}/indicators/{codes[0]}/"
    pairs, upload, sent = evidence_submission(
        page(client, url).form_with("file"),
        "token-1",
        assessment=agency.assessment,
        indicator=codes[0],
        username=agency.username,
    )
    saves.append(sent)
    body, content_type = multipart_body(pairs, [upload])
    reply = client.post(f"{url}evidence/", body, content_type=content_type, follow=True)
    assert ("success", True) in {
        (level, "token-1" in reply.content.decode())
        for level, _text in flash_messages(reply.content.decode())
    }
    sent.acknowledged = True


def appraiser_journey(client, plan, appraiser, saves: list) -> None:
    """The first items of the appraiser's first agency: accepted, then adjusted."""
    sign_in(client, appraiser.username, plan.password)
    queue = page(
        client, f"/appraisals/campaigns/{appraiser.campaign}/queue/?agency={appraiser.agencies[0]}"
    )
    items = queue_items(queue)
    assert items
    adjustable = [item for item in items if plan.adjustments.get(item.indicator)][:3]
    for item in adjustable:
        for adjust_to in (None, plan.adjustments[item.indicator][0]):
            form = page(client, item.href).form_with("version")
            pairs, sent = decision_submission(
                form,
                appraisal=item.appraisal,
                username=appraiser.username,
                adjust_to=adjust_to,
                reason=f"{appraiser.username} on {item.appraisal}",
            )
            saves.append(sent)
            reply = client.post(form.action or item.href, urlencode(pairs), content_type=FORM)
            assert reply.status_code == 302, flash_messages(reply.content.decode())
            sent.acknowledged = True


def test_every_save_of_the_journeys_is_stored_and_found_by_the_check(client, plan):
    saves: list = []
    for agency in plan.agency_users:
        client.logout()
        agency_journey(client, plan, agency, saves)
    for appraiser in plan.appraisers:
        client.logout()
        appraiser_journey(client, plan, appraiser, saves)
    report = check_persistence(saves)
    assert report.problems == []
    assert report.acknowledged["evidence"] == 2
    assert report.acknowledged["decision"] >= 2 * len(plan.appraisers)
    adjusted = [save for save in saves if save.kind == "decision" and save.decision == ADJUSTED]
    stored = Appraisal.objects.get(pk=adjusted[-1].appraisal)
    assert (stored.decision, stored.values) == (ADJUSTED, adjusted[-1].values)


def test_the_check_reports_saves_that_never_reached_the_database(client, plan):
    agency = plan.agency_users[0]
    sign_in(client, agency.username, plan.password)
    code = next(iter(plan.answers))
    url = f"/assessments/{agency.assessment}/indicators/{code}/"
    pairs, sent = response_submission(
        page(client, url).form_with("note"),
        plan.answers[code][0],
        "the one that counts",
        assessment=agency.assessment,
        indicator=code,
        username=agency.username,
    )
    assert client.post(url, urlencode(pairs), content_type=FORM).status_code == 302
    sent.acknowledged = True
    assert check_persistence([sent]).problems == []

    never_stored = dataclasses.replace(sent, note="acknowledged, then lost")
    lost_upload = dataclasses.replace(
        sent, kind="evidence", title="never uploaded", file_name="x.pdf", sha256="0" * 64
    )
    appraisal = Appraisal.objects.filter(assessment__campaign_id=plan.appraisers[0].campaign)[0]
    lost_decision = dataclasses.replace(
        sent,
        kind="decision",
        appraisal=appraisal.pk,
        expected_version=appraisal.version,
        decision="accepted",
        reason="",
    )
    problems = check_persistence([sent, never_stored, lost_upload, lost_decision]).problems
    # The lost indicator save: not stored, and the response holds an earlier save; the lost
    # upload: no evidence row; the lost decision: no version record, the item at its old state.
    assert len(problems) == 5, problems
    assert [problem.split(": ", 1)[1] for problem in problems] == [
        "acknowledged but not stored",
        f"the response now holds {response_values(agency, code)} (note 'the one that counts'), "
        "not the last acknowledged save",
        "0 evidence rows titled 'never uploaded'",
        "acknowledged but not stored",
        f"the appraisal is now at version {appraisal.version} ({appraisal.decision}), "
        "not the last acknowledged decision",
    ]
    response = Response.objects.get(assessment_id=agency.assessment, indicator__code=code)
    assert response.note == "the one that counts"


def response_values(agency, code: str) -> dict:
    return Response.objects.get(assessment_id=agency.assessment, indicator__code=code).values


def test_appraisers_are_spread_over_departments_by_their_share_of_indicators(plan):
    counts = appraiser_counts(commune_framework(), 20)
    assert counts == {"SKHCN": 14, "SNV": 3, "VPUB": 3}
    by_department: dict[str, list[set[int]]] = {}
    for appraiser in plan.appraisers:
        by_department.setdefault(appraiser.department, []).append(set(appraiser.agencies))
    for department, agency_sets in by_department.items():
        union = set().union(*agency_sets)
        assert sum(len(agencies) for agencies in agency_sets) == len(union), department


def test_agency_users_only_get_assessments_still_in_draft(plan):
    from dti.assessments.models import Assessment

    statuses = Assessment.objects.filter(
        pk__in=[agency.assessment for agency in plan.agency_users]
    ).values_list("status", flat=True)
    assert set(statuses) == {"draft"}
