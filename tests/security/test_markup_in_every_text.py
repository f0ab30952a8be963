"""Markup typed into the texts test_hostile_input.py does not cover — evidence titles and file
names, framework, group and indicator names, the campaign title, people's full names, an
extension's reason, an API measurement's source, notifications — is shown as text on every page
where it appears, and the open data carries it as data, never as a page (the agency name, which
test_hostile_input.py checks on the pages, is the open data's text).

"Shown as text" is checked by parsing the page as a browser does: the payload is in the page's
text or attribute values, and the page holds no inline script and no event-handler attribute.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone

from dti.agencies.models import Agency, User
from dti.appraisals.services import decide
from dti.assessments.models import Evidence, EvidenceKind, Response, StoredFile
from dti.campaigns.models import Campaign, Extension, Phase
from dti.frameworks.models import Framework, Group, Indicator
from dti.notifications.models import Notification
from tests.appraisals.cycle import build_cycle
from tests.assessments.evidence_helpers import use_temporary_storage
from tests.core.url_worlds import project_urls

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("dti")</script>"><img src=x onerror=alert(1)>'


class PageScan(HTMLParser):
    """What a browser would make of a page: its text, its attribute values, and any markup that
    would run (inline scripts, event-handler attributes)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attribute_values: list[str] = []
        self.live: list[str] = []
        self._in_inline_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self._in_inline_script = True
            self.live.append("inline <script>")
        if tag == "img" and names.get("src") == "x":
            self.live.append("<img src=x>")
        self.live += [f"<{tag} {name}=…>" for name in names if name.startswith("on")]
        self.attribute_values += [value for value in names.values() if value]

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False

    def handle_data(self, data):
        self.text.append(data)

    def shows(self, text: str) -> bool:
        return text in "".join(self.text) or any(text in value for value in self.attribute_values)


@pytest.fixture
def hostile(settings, tmp_path):
    """A published campaign whose every text below carries the payload."""
    use_temporary_storage(settings, tmp_path / "media")
    cycle = build_cycle()
    framework = cycle.campaign.frameworks.get()
    Framework.objects.filter(pk=framework.pk).update(title_vi=f"Khung {PAYLOAD}")
    Group.objects.filter(framework=framework, code="1").update(name_vi=f"Nhóm {PAYLOAD}")
    Indicator.objects.filter(framework=framework, code="1.1").update(name_vi=f"Chỉ số {PAYLOAD}")
    Campaign.objects.filter(pk=cycle.campaign.pk).update(title=f"Đợt {PAYLOAD}")
    Agency.objects.filter(pk=cycle.agencies["SCT"].pk).update(name=f"Sở {PAYLOAD}")
    for user in (cycle.staff["SCT"], cycle.appraisers["SKHCN"], cycle.leaders["SCT"]):
        User.objects.filter(pk=user.pk).update(full_name=f"Nguyễn {PAYLOAD}")
    response = cycle.response("SCT", "1.1")
    Evidence.objects.create(
        assessment=response.assessment,
        response=response,
        kind=EvidenceKind.LINK,
        url="https://example.gov.vn/bien-ban",
        title=f"Biên bản {PAYLOAD}",
        uploaded_by=cycle.staff["SCT"],
    )
    pdf = b"%PDF-1.4\n%test\n%%EOF\n"
    Evidence.objects.create(
        assessment=response.assessment,
        response=response,
        kind=EvidenceKind.FILE,
        stored_file=StoredFile.objects.create(
            sha256="2" * 64,
            size=len(pdf),
            content_type="application/pdf",
            storage_name=storages["default"].save("evidence/hostile.pdf", ContentFile(pdf)),
        ),
        original_name=f"{PAYLOAD}.pdf",
        uploaded_by=cycle.staff["SCT"],
    )
    Response.objects.filter(pk=cycle.response("SCT", "2.2").pk).update(
        source=f"api:Cổng DVC — {PAYLOAD}", measured_at=timezone.now()
    )
    Extension.objects.create(
        assessment=cycle.assessment("SYT"),
        phase=Phase.SELF_ASSESSMENT,
        until=timezone.now() + datetime.timedelta(days=3),
        reason=f"Mất điện {PAYLOAD}",
        granted_by=cycle.coordinator,
    )
    for user in (cycle.coordinator, cycle.staff["SCT"]):
        Notification.objects.create(
            user=user,
            kind="test",
            title=f"Thông báo {PAYLOAD}",
            body=f"Nội dung {PAYLOAD}",
            url="/",
        )
    appraisal = cycle.appraisal("SCT", "1.1")
    decide(
        appraisal,
        expected_version=appraisal.version,
        decision="accepted",
        values={"meetings": "4"},
        by=cycle.appraisers["SKHCN"],
    )
    return cycle


def check(client, user, url: str, *texts: str) -> list[str]:
    """What is wrong with the page at ``url`` seen by ``user``: markup that runs, or one of
    ``texts`` (each carrying the payload) not shown as text."""
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    if response.status_code != 200:
        return [f"{url}: answered {response.status_code}"]
    scan = PageScan(response.content.decode())
    problems = [f"{url}: {live}" for live in scan.live]
    problems += [f"{url}: {text!r} is not shown as text" for text in texts if not scan.shows(text)]
    return problems


def test_the_texts_are_shown_as_text_while_the_campaign_runs(client, hostile):
    cycle = hostile
    campaign, sct, syt = cycle.campaign, cycle.assessment("SCT"), cycle.assessment("SYT")
    framework = campaign.frameworks.get()
    staff, coordinator = cycle.staff["SCT"], cycle.coordinator
    indicator_page = reverse("assessments:indicator", args=[sct.pk, "1.1"])
    problems = [
        *check(client, staff, indicator_page, f"Biên bản {PAYLOAD}", f"{PAYLOAD}.pdf"),
        *check(client, staff, indicator_page, f"Chỉ số {PAYLOAD}", f"Nguyễn {PAYLOAD}"),
        *check(client, staff, reverse("assessments:indicator", args=[sct.pk, "2.2"]), PAYLOAD),
        *check(client, staff, reverse("assessments:overview", args=[sct.pk]), f"Đợt {PAYLOAD}"),
        *check(client, staff, reverse("notifications:list"), f"Thông báo {PAYLOAD}"),
        *check(
            client,
            cycle.appraisers["SKHCN"],
            reverse("appraisals:item", args=[cycle.appraisal("SCT", "1.1").pk]),
            f"Biên bản {PAYLOAD}",
            f"{PAYLOAD}.pdf",
            f"Chỉ số {PAYLOAD}",
        ),
        *check(client, coordinator, reverse("campaigns:list"), f"Đợt {PAYLOAD}"),
        *check(client, coordinator, reverse("campaigns:detail", args=[campaign.pk])),
        *check(client, coordinator, reverse("campaigns:dashboard", args=[campaign.pk])),
        *check(
            client,
            coordinator,
            reverse("campaigns:extension", args=[campaign.pk, syt.pk]),
            f"Mất điện {PAYLOAD}",
        ),
        *check(client, coordinator, reverse("frameworks:list"), f"Khung {PAYLOAD}"),
        *check(
            client,
            coordinator,
            reverse("frameworks:detail", args=[framework.pk]),
            f"Nhóm {PAYLOAD}",
            f"Chỉ số {PAYLOAD}",
        ),
        *check(client, coordinator, reverse("accounts:list"), f"Nguyễn {PAYLOAD}"),
        *check(client, coordinator, reverse("audit:list"), f"Nguyễn {PAYLOAD}"),
        *check(client, coordinator, reverse("notifications:list"), f"Nội dung {PAYLOAD}"),
    ]
    assert problems == [], "\n".join(problems)


def test_the_texts_are_shown_as_text_once_published(client, hostile):
    cycle = hostile
    cycle.accept_all(1)
    cycle.move(Phase.PUBLISHED)
    campaign = cycle.campaign
    portal = [
        (reverse("portal:index"), [f"Đợt {PAYLOAD}"]),
        (reverse("portal:ranking", args=[campaign.pk, "department"]), [f"Đợt {PAYLOAD}"]),
        (reverse("portal:agency", args=[campaign.pk, "SCT"]), [f"Chỉ số {PAYLOAD}"]),
    ]
    problems = [problem for url, texts in portal for problem in check(client, None, url, *texts)]
    problems += check(
        client,
        cycle.staff["SCT"],
        reverse("appraisals:agency_results", args=[cycle.assessment("SCT").pk]),
        f"Chỉ số {PAYLOAD}",
    )
    assert problems == [], "\n".join(problems)


def opendata_url(campaign_id: int, fmt: str) -> str:
    pattern = dict(project_urls())["portal:opendata"]
    values = {"campaign_id": campaign_id, "tier": "department", "fmt": fmt}
    return reverse(
        "portal:opendata", kwargs={name: values[name] for name in pattern.pattern.converters}
    )


def strings_of(value) -> list[str]:
    """Every string of a parsed JSON document."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_of(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings_of(item)]
    return [value] if isinstance(value, str) else []


def test_the_open_data_carries_the_texts_as_data(client, hostile):
    cycle = hostile
    cycle.accept_all(1)
    cycle.move(Phase.PUBLISHED)
    pk = cycle.campaign.pk

    as_json = client.get(opendata_url(pk, "json"))
    assert as_json["Content-Type"].startswith("application/json")
    assert as_json["X-Content-Type-Options"] == "nosniff"
    assert f"Sở {PAYLOAD}" in strings_of(json.loads(as_json.content))

    as_csv = client.get(opendata_url(pk, "csv"))
    assert as_csv["Content-Type"].startswith("text/csv")
    assert as_csv["Content-Disposition"].startswith("attachment")
    rows = csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")))
    assert f"Sở {PAYLOAD}" in [cell for row in rows for cell in row]


def test_an_evidence_file_named_with_markup_downloads_under_a_safe_header(client, hostile):
    cycle = hostile
    evidence = Evidence.objects.get(original_name=f"{PAYLOAD}.pdf")
    client.force_login(cycle.staff["SCT"])
    response = client.get(reverse("assessments:evidence_download", args=[evidence.pk]))
    # One header line whose quoted file name cannot be closed early by the name's quotes.
    disposition = response["Content-Disposition"]
    assert re.fullmatch(r'inline; filename="(?:[^"\\\r\n]|\\.)*"', disposition), disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
