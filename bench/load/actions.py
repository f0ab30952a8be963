"""What the simulated users do with the platform's pages: which links they follow and what they
type into which form. Plain Python over ``browser``'s parsed pages; the locustfile sends the
results and the tests post them to the real views.

Field names are never invented here: each submission starts from the form the page rendered
and only fills fields it has (``browser.FormMismatch`` otherwise).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import unquote, urlsplit

from .browser import Form, FormMismatch, Page, UploadedFile, small_pdf
from .plan import DECISION, EVIDENCE, RESPONSE, Answer, SentSave

CSRF_FIELD = "csrfmiddlewaretoken"
# The prefix of the appraised-value fields of the decision form (AppraisedValuesForm.prefix).
APPRAISED_PREFIX = "appraised-"
ACCEPTED, ADJUSTED = "accepted", "adjusted"

# The messages base.html shows after an action: <li class="message message--success">…</li>
FLASH_MESSAGE = re.compile(
    r'<li class="message message--(?P<level>[a-z]+)">(?P<text>.*?)</li>', re.S
)
INDICATOR_PATH = re.compile(r"^/assessments/(?P<assessment>\d+)/indicators/(?P<code>[^/]+)/$")
ITEM_PATH = re.compile(r"^/appraisals/items/(?P<appraisal>\d+)/$")


def flash_messages(html: str) -> list[tuple[str, str]]:
    """The (level, text) of the messages a page shows, e.g. ("success", "Đã lưu.")."""
    return [
        (match["level"], unescape(match["text"]).strip()) for match in FLASH_MESSAGE.finditer(html)
    ]


def sign_in_submission(page: Page, username: str, password: str) -> list[tuple[str, str]]:
    return page.form_with("username").submission({"username": username, "password": password})


def indicator_codes(page: Page, assessment: int) -> list[str]:
    """The indicators the overview links to, in page order, each once."""
    codes: list[str] = []
    for link in page.links:
        match = INDICATOR_PATH.match(urlsplit(link.href).path)
        if match and int(match["assessment"]) == assessment:
            code = unquote(match["code"])
            if code not in codes:
                codes.append(code)
    return codes


@dataclass(frozen=True)
class QueueItem:
    appraisal: int
    indicator: str
    href: str  # with the queue's filters, as the page links it


def queue_items(page: Page) -> list[QueueItem]:
    """The items the appraiser's queue lists: each row links to the item and starts with the
    indicator code."""
    items = []
    for link in page.links:
        match = ITEM_PATH.match(urlsplit(link.href).path)
        if match and link.text:
            items.append(QueueItem(int(match["appraisal"]), link.text.split()[0], link.href))
    return items


def response_submission(
    form: Form, answer: Answer, note: str, *, assessment: int, indicator: str, username: str
) -> tuple[list[tuple[str, str]], SentSave]:
    """The indicator form filled with ``answer`` and ``note``, saved with "Save" (stay on the
    page); and the record of what the platform should store if it acknowledges the save."""
    values = {code: answer.typed.get(code, "") for code in answer.inputs}
    ticked = {}
    if answer.not_applicable or any(control.name == "not_applicable" for control in form.controls):
        ticked["not_applicable"] = answer.not_applicable
    pairs = form.submission({**values, "note": note}, ticked, button=("then", "stay"))
    sent = SentSave(
        kind=RESPONSE,
        username=username,
        acknowledged=False,
        assessment=assessment,
        indicator=indicator,
        values=dict(answer.stored),
        not_applicable=answer.not_applicable,
        note=note,
    )
    return pairs, sent


def decision_submission(
    form: Form,
    *,
    appraisal: int,
    username: str,
    adjust_to: Answer | None,
    reason: str,
) -> tuple[list[tuple[str, str]], SentSave]:
    """The decision form, accepting the self-assessment (``adjust_to`` None: the appraised
    values are sent as the page shows them) or adjusting to ``adjust_to`` with ``reason``."""
    if adjust_to is None:
        values = {"decision": ACCEPTED, "reason": ""}
        ticked: dict[str, bool] = {}
        stored: dict[str, str] = {}
        reason = ""
    else:
        values = {
            "decision": ADJUSTED,
            "reason": reason,
            **{APPRAISED_PREFIX + code: adjust_to.typed.get(code, "") for code in adjust_to.inputs},
        }
        name = APPRAISED_PREFIX + "not_applicable"
        has_checkbox = any(control.name == name for control in form.controls)
        ticked = {name: adjust_to.not_applicable} if has_checkbox else {}
        stored = dict(adjust_to.stored)
    pairs = form.submission(values, ticked, button=("then", "stay"))
    sent = SentSave(
        kind=DECISION,
        username=username,
        acknowledged=False,
        appraisal=appraisal,
        expected_version=int(form.value("version")),
        decision=values["decision"],
        values=stored,
        not_applicable=bool(adjust_to and adjust_to.not_applicable),
        reason=reason,
    )
    return pairs, sent


def evidence_submission(
    form: Form, token: str, *, assessment: int, indicator: str, username: str
) -> tuple[list[tuple[str, str]], UploadedFile, SentSave]:
    """The evidence form with a small PDF (unique content) titled ``token``."""
    content = small_pdf(token)
    upload = UploadedFile("file", f"kiem-chung-{token}.pdf", "application/pdf", content)
    file_fields = {control.name for control in form.controls if control.kind == "file"}
    if upload.field not in file_fields:
        raise FormMismatch(f"the form has no file field {upload.field!r}")
    pairs = form.submission({"title": token})
    sent = SentSave(
        kind=EVIDENCE,
        username=username,
        acknowledged=False,
        assessment=assessment,
        indicator=indicator,
        title=token,
        file_name=upload.name,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    return pairs, upload, sent
