"""The simulated users of the deadline-day load test, for locust (started by bench/load/run.py).

Agency users (one per agency, staff of agencies whose self-assessment is still a draft) sign
in through the login form, then over and over: open their overview, open one of the
indicators it links to, save the indicator form with one of the indicator's worked answers and
a unique note, and now and then attach a small PDF to it. Appraisers sign in, then over and
over: open their queue filtered on one of their agencies, open an item, and accept it or
adjust it (with a unique reason). Each step is one page, with think time between steps, as a
person works; redirects are followed as a browser follows them.

The run has two parts. The ramp-up: users start at the spawn rate and each signs in, then
waits. The measured window: when the last user has signed in, every journey starts, and the
load stops by itself DTI_LOAD_SECONDS (60) later. Sign-ins (Argon2 hashing, once a day for a
person) are reported apart from the window's requests.

A save is acknowledged when the platform answers it the way it answers a successful save: the
redirect back to the page (indicator form, decision), or for evidence the redirect to a page
that shows the success message and the new file. Every save sent is recorded, acknowledged or
not, for the persistence check; every request is recorded with its time and error.

Needs DTI_LOAD_PLAN (the plan the driver wrote) and DTI_LOAD_OUTCOME (where to write what
happened); see bench/README.md.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import gevent
from gevent.event import Event
from locust import FastHttpUser, SequentialTaskSet, between, events, task

# The repository, so that the shared helpers import as bench.load.* however locust is started.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.load.actions import (
    ADJUSTED,
    ITEM_PATH,
    decision_submission,
    evidence_submission,
    flash_messages,
    indicator_codes,
    queue_items,
    response_submission,
    sign_in_submission,
)
from bench.load.browser import FormMismatch, Page, multipart_body, parse_page
from bench.load.plan import LoadPlan, RunOutcome, Sample, SentSave

PLAN = LoadPlan.read(Path(os.environ["DTI_LOAD_PLAN"]))
OUTCOME_PATH = Path(os.environ["DTI_LOAD_OUTCOME"])
FORM_TYPE = "application/x-www-form-urlencoded"

MEASURED_SECONDS = float(os.environ.get("DTI_LOAD_SECONDS", "60"))
USER_COUNT = len(PLAN.agency_users) + len(PLAN.appraisers)

samples: list[Sample] = []
saves: list[SentSave] = []
run_times = {"started": 0.0, "measured_from": 0.0, "stopped": 0.0}
unused_agency_users = iter(PLAN.agency_users)
unused_appraisers = iter(PLAN.appraisers)
# Set once every user has tried to sign in: the journeys start together, the measured window
# opens, and the load stops by itself MEASURED_SECONDS later.
everyone_signed_in = Event()
sign_ins = {"tried": 0}


@events.test_start.add_listener
def note_start(**_kwargs):
    run_times["started"] = time.time()


@events.request.add_listener
def note_request(name, response_time, exception, **_kwargs):
    error = None if exception is None else str(exception)[:300]
    now = time.time()
    samples.append(Sample(name, round(response_time, 2), error, round(now, 3)))
    run_times["stopped"] = now


@events.quitting.add_listener
def write_outcome(**_kwargs):
    RunOutcome(
        run_times["started"], run_times["measured_from"], run_times["stopped"], samples, saves
    ).write(OUTCOME_PATH)


def note_sign_in_tried(environment) -> None:
    """Count a user's sign-in (whatever its answer, so the journeys never wait forever)."""
    sign_ins["tried"] += 1
    if sign_ins["tried"] == USER_COUNT:
        run_times["measured_from"] = time.time()
        everyone_signed_in.set()
        gevent.spawn_later(MEASURED_SECONDS, environment.runner.quit)


def count_mismatch(name: str, mismatch: FormMismatch) -> None:
    """A form that lacks what the user wants to send is an error of that request type (the
    request is not sent: the page is not what the load test was written for)."""
    events.request.fire(
        request_type="POST", name=name, response_time=0, response_length=0, exception=mismatch
    )


def _path(url: str) -> str:
    return urlsplit(url).path


class PlatformUser(FastHttpUser):
    """A person in a browser: cookies, CSRF tokens from the forms, redirects followed."""

    abstract = True
    wait_time = between(PLAN.think_min, PLAN.think_max)
    network_timeout = 30.0
    connection_timeout = 30.0
    username = ""

    def page(self, url: str, name: str) -> Page | None:
        """GET a page; None (and the request counted as an error) unless it answers 200."""
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as got:
            if got.status_code != 200:
                got.failure(f"HTTP {got.status_code} for {_path(url)} (expected the page)")
                return None
            return parse_page(got.text)

    def post(self, url: str, body: bytes | str, content_type: str, name: str):
        """POST as the browser does (no redirect followed here), inside catch_response."""
        return self.client.post(
            url,
            data=body,
            name=name,
            headers={"Content-Type": content_type, "Origin": self.host, "Referer": self.host + url},
            allow_redirects=False,
            catch_response=True,
        )

    def sign_in(self) -> None:
        """Sign in through the form, then wait for the others: the measured window starts
        when everyone is in (sign-ins are reported apart, as the ramp-up)."""
        try:
            self._sign_in()
        finally:
            note_sign_in_tried(self.environment)
        everyone_signed_in.wait()
        # People do not start in step: each begins at a random moment of a think time.
        gevent.sleep(random.uniform(0, PLAN.think_max))

    def _sign_in(self) -> None:
        login = self.page("/login/", "sign-in page")
        if login is None:
            return
        self.wait()  # typing the username and password
        pairs = sign_in_submission(login, self.username, PLAN.password)
        with self.post("/login/", urlencode(pairs), FORM_TYPE, "sign in") as answer:
            location = answer.headers.get("Location", "") if answer.headers else ""
            if answer.status_code != 302 or _path(location).startswith("/login/"):
                answer.failure(f"{self.username} was not signed in (HTTP {answer.status_code})")

    def refused(self, answer, what: str) -> None:
        shown = "; ".join(text for _level, text in flash_messages(answer.text or ""))
        answer.failure(f"{what}: HTTP {answer.status_code}{f' — {shown}' if shown else ''}")


class AgencyJourney(SequentialTaskSet):
    """Overview → indicator → save → sometimes attach evidence, again and again."""

    user: AgencyUser

    def on_start(self):
        self.codes: list[str] = []
        self.code = ""
        self.form_page: Page | None = None
        self.saves_sent = 0

    @property
    def indicator_url(self) -> str:
        return f"/assessments/{self.user.assessment}/indicators/{self.code}/"

    @task
    def open_overview(self):
        self.form_page = None
        page = self.user.page(f"/assessments/{self.user.assessment}/", "overview")
        if page is not None:
            codes = indicator_codes(page, self.user.assessment)
            self.codes = [code for code in codes if code in PLAN.answers]

    @task
    def open_indicator(self):
        if not self.codes:
            return
        self.code = random.choice(self.codes)
        self.form_page = self.user.page(self.indicator_url, "indicator")

    @task
    def save_indicator(self):
        if self.form_page is None:
            return
        page, self.form_page = self.form_page, None
        self.saves_sent += 1
        note = f"load {self.user.username} #{self.saves_sent}"
        try:
            pairs, sent = response_submission(
                page.form_with("note"),
                random.choice(PLAN.answers[self.code]),
                note,
                assessment=self.user.assessment,
                indicator=self.code,
                username=self.user.username,
            )
        except FormMismatch as mismatch:
            count_mismatch("save indicator", mismatch)
            return
        saves.append(sent)
        body = urlencode(pairs)
        with self.user.post(self.indicator_url, body, FORM_TYPE, "save indicator") as answer:
            location = answer.headers.get("Location", "") if answer.headers else ""
            if answer.status_code == 302 and _path(location) == self.indicator_url:
                sent.acknowledged = True
            else:
                self.user.refused(answer, f"indicator {self.code} not saved")
                return
        self.form_page = self.user.page(location, "indicator")

    @task
    def attach_evidence(self):
        if self.form_page is None or random.random() >= PLAN.upload_share:
            return
        page, self.form_page = self.form_page, None
        token = f"load-{self.user.username}-{self.saves_sent}-{random.randrange(10**6):06d}"
        try:
            pairs, upload, sent = evidence_submission(
                page.form_with("file"),
                token,
                assessment=self.user.assessment,
                indicator=self.code,
                username=self.user.username,
            )
        except FormMismatch as mismatch:
            count_mismatch("upload evidence", mismatch)
            return
        saves.append(sent)
        body, content_type = multipart_body(pairs, [upload])
        url = f"{self.indicator_url}evidence/"
        with self.user.post(url, body, content_type, "upload evidence") as answer:
            location = answer.headers.get("Location", "") if answer.headers else ""
            if answer.status_code != 302 or _path(location) != self.indicator_url:
                self.user.refused(answer, f"evidence for {self.code} not attached")
                return
            shown = self.user.client.get(location, name="indicator", allow_redirects=False)
            html = shown.text or ""
            levels = {level for level, _text in flash_messages(html)}
            if shown.status_code == 200 and "success" in levels and token in html:
                sent.acknowledged = True
            else:
                messages = "; ".join(text for _level, text in flash_messages(html))
                answer.failure(f"evidence for {self.code} not attached: {messages or 'no message'}")


class AgencyUser(PlatformUser):
    fixed_count = len(PLAN.agency_users)
    tasks = [AgencyJourney]

    def on_start(self):
        identity = next(unused_agency_users)
        self.username, self.assessment = identity.username, identity.assessment
        self.sign_in()


class AppraiserJourney(SequentialTaskSet):
    """Queue (one of the appraiser's agencies) → item → accept or adjust, again and again."""

    user: AppraiserUser

    def on_start(self):
        self.items = []
        self.item = None
        self.form_page: Page | None = None
        self.decisions_sent = 0

    @task
    def open_queue(self):
        self.items, self.form_page = [], None
        agency = random.choice(self.user.identity.agencies)
        url = f"/appraisals/campaigns/{self.user.identity.campaign}/queue/?agency={agency}"
        page = self.user.page(url, "appraisal queue")
        if page is not None:
            self.items = queue_items(page)

    @task
    def open_item(self):
        if not self.items:
            return
        self.item = random.choice(self.items)
        self.form_page = self.user.page(self.item.href, "appraisal item")

    @task
    def save_decision(self):
        if self.form_page is None:
            return
        page, self.form_page = self.form_page, None
        self.decisions_sent += 1
        choices = PLAN.adjustments.get(self.item.indicator, [])
        adjust = choices and random.random() < PLAN.adjust_share
        try:
            form = page.form_with("version")
            pairs, sent = decision_submission(
                form,
                appraisal=self.item.appraisal,
                username=self.user.username,
                adjust_to=random.choice(choices) if adjust else None,
                reason=f"load {self.user.username} #{self.decisions_sent}",
            )
        except FormMismatch as mismatch:
            count_mismatch("save decision", mismatch)
            return
        saves.append(sent)
        url = form.action or self.item.href
        with self.user.post(url, urlencode(pairs), FORM_TYPE, "save decision") as answer:
            location = answer.headers.get("Location", "") if answer.headers else ""
            match = ITEM_PATH.match(_path(location))
            if answer.status_code == 302 and match and int(match["appraisal"]) == sent.appraisal:
                sent.acknowledged = True
            else:
                what = "adjustment" if sent.decision == ADJUSTED else "acceptance"
                self.user.refused(answer, f"{what} of item {self.item.appraisal} not saved")
                return
        self.user.page(location, "appraisal item")


class AppraiserUser(PlatformUser):
    fixed_count = len(PLAN.appraisers)
    tasks = [AppraiserJourney]

    def on_start(self):
        self.identity = next(unused_appraisers)
        self.username = self.identity.username
        self.sign_in()
