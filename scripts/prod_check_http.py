"""The HTTP half of `make prod-check`: use the running production stack as people would.

Run by scripts/prod_check.sh against gunicorn on 127.0.0.1 (with the demo data loaded): signs in
as an agency's staff, saves an indicator's values, attaches a PDF (and finds it in the S3 bucket,
then downloads it back), signs in as the coordinator, starts a results workbook, follows the job
until the Celery worker has made it and downloads it; checks /health/ and a static file on the
way. Exits non-zero, saying which step failed, at the first thing that is not as it should be.

Usage: prod_check_http.py BASE_URL   (the S3_* variables name the bucket to look in)
"""

from __future__ import annotations

import hashlib
import http.cookiejar
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass

import boto3

DEMO_PASSWORD = "dti-demo-2025"
STAFF, COORDINATOR = "canbo.hoankiem", "dieuphoi"
JOB_SECONDS = 180
PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n" + f"% prod-check {uuid.uuid4()}\n".encode()
    # Unique content, so that the upload really writes a new object to the bucket.
)


class CheckFailed(Exception):
    pass


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes
    url: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies, CSRF tokens and redirects, as a browser handles them."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects()
        )

    def request(self, method: str, path: str, body: bytes | None = None, headers=None) -> Answer:
        url = path if path.startswith("http") else self.base + path
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as answer:
                return Answer(answer.status, dict(answer.headers), answer.read(), url)
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read(), url)

    def get(self, path: str, follow: bool = False) -> Answer:
        answer = self.request("GET", path)
        while follow and answer.status in (301, 302, 303):
            target = urllib.parse.urljoin(answer.url, answer.headers["Location"])
            answer = self.request("GET", target)
        return answer

    def csrf_token(self) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")

    def post(self, path: str, fields: dict, files: dict | None = None) -> Answer:
        fields = {**fields, "csrfmiddlewaretoken": self.csrf_token()}
        if files:
            body, content_type = multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        return self.request("POST", path, body, {"Content-Type": content_type})

    def sign_in(self, username: str) -> None:
        self.cookies.clear()
        expect(self.get("/login/").status == 200, "the login page does not answer 200")
        answer = self.post("/login/", {"username": username, "password": DEMO_PASSWORD})
        expect(
            answer.status == 302,
            f"signing in as {username} answered {answer.status}, not a redirect",
        )


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + str(value).encode()
            + b"\r\n"
        )
    for name, (file_name, content, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{file_name}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def step(title: str) -> None:
    print(f"prod-check: {title}", flush=True)


# ---------------------------------------------------------------------------------------------
# The steps


def check_health(browser: Browser) -> None:
    answer = browser.get("/health/")
    expect(answer.status == 200, f"/health/ answered {answer.status}: {answer.text}")
    checks = json.loads(answer.body)["checks"]
    expect(
        checks == {"database": "ok", "storage": "ok", "queue": "ok"},
        f"/health/ says {checks}",
    )


def check_static_files(browser: Browser) -> None:
    page = browser.get("/login/").text
    found = re.search(r'href="(/static/css/dti\.[0-9a-f]{12}\.css)"', page)
    expect(found is not None, "the login page does not link a hashed stylesheet (collectstatic?)")
    answer = browser.get(found.group(1))
    expect(answer.status == 200, f"{found.group(1)} answered {answer.status}")
    expect(
        "immutable" in answer.headers.get("Cache-Control", ""),
        f"{found.group(1)} is not cached for long: {answer.headers.get('Cache-Control')}",
    )


def first_indicator(browser: Browser) -> str:
    """The path of the first indicator of the staff's own assessment."""
    overview = browser.get("/assessments/", follow=True)
    expect(overview.status == 200, f"the staff's assessment answered {overview.status}")
    links = re.findall(r'href="(/assessments/\d+/indicators/[^/"]+/)"', overview.text)
    expect(bool(links), "the staff's assessment lists no indicator")
    return links[0]


def save_values(browser: Browser, indicator: str) -> None:
    page = browser.get(indicator).text
    form = page[page.index('class="response-form"') :]
    form = form[: form.index("</form>")]
    inputs = re.findall(r'<input type="text" name="([^"]+)"[^>]*inputmode="numeric"', form)
    expect(bool(inputs), f"{indicator} has no number to type")
    note = f"prod-check {uuid.uuid4().hex[:8]}"
    answer = browser.post(indicator, {**dict.fromkeys(inputs, "1"), "note": note})
    expect(answer.status in (200, 302), f"saving {indicator} answered {answer.status}")
    saved = browser.get(indicator).text
    expect(note in saved, f"{indicator} does not show the saved note after a reload")
    for name in inputs:
        expect(
            re.search(rf'name="{re.escape(name)}"[^>]*value="1"', saved) is not None,
            f"{indicator}: the saved value of {name} is not shown after a reload",
        )


def upload_evidence(browser: Browser, indicator: str, bucket) -> None:
    answer = browser.post(
        f"{indicator}evidence/",
        {"title": "Biên bản kiểm tra"},
        files={"file": ("biên bản prod-check.pdf", PDF, "application/pdf")},
    )
    expect(answer.status == 302, f"the upload answered {answer.status}")
    sha256 = hashlib.sha256(PDF).hexdigest()
    key = f"evidence/{sha256[:2]}/{sha256[2:4]}/{sha256}"
    expect(bucket.read(key) == PDF, f"{key} is not in the bucket with the uploaded content")
    page = browser.get(indicator).text
    links = re.findall(r'href="(/assessments/evidence/\d+/)"', page)
    expect(bool(links), f"{indicator} lists no evidence after the upload")
    downloads = [browser.get(link) for link in links]
    expect(
        any(download.status == 200 and download.body == PDF for download in downloads),
        "the uploaded file does not download back",
    )


def make_report(browser: Browser, bucket) -> None:
    start = None
    campaigns = set(re.findall(r'href="/campaigns/(\d+)/"', browser.get("/campaigns/").text))
    for campaign in sorted(campaigns, key=int):
        reports = browser.get(f"/results/campaigns/{campaign}/reports/")
        action = f"/results/campaigns/{campaign}/reports/workbook"
        if reports.status == 200 and action in reports.text:
            start = action
            break
    expect(start is not None, "no campaign offers a results workbook (demo data loaded?)")
    answer = browser.post(start, {})
    expect(answer.status == 302, f"starting the workbook answered {answer.status}")
    job_page = answer.headers["Location"]
    job_id = re.search(r"/jobs/(\d+)/", job_page).group(1)
    deadline = time.monotonic() + JOB_SECONDS
    while True:
        status = json.loads(browser.get(f"/jobs/{job_id}/status").body)
        if status["done"] or status["failed"]:
            break
        expect(time.monotonic() < deadline, f"job {job_id} is still {status['status']}")
        time.sleep(0.5)
    expect(status["done"], f"job {job_id} failed: {status['message']}")
    download = browser.get(f"/jobs/{job_id}/download")
    expect(download.status == 200, f"the job's download answered {download.status}")
    expect(download.body.startswith(b"PK"), "the job's download is not a workbook")
    keys = bucket.keys(f"jobs/{job_id}/")
    expect(len(keys) == 1, f"the bucket holds {keys} for job {job_id}")


class Bucket:
    def __init__(self):
        self.name = os.environ["S3_BUCKET"]
        self.client = boto3.client(
            "s3",
            endpoint_url=os.environ["S3_ENDPOINT_URL"],
            aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"],
            aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"],
            region_name=os.environ.get("S3_REGION") or "us-east-1",
        )

    def read(self, key: str) -> bytes | None:
        try:
            return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()
        except self.client.exceptions.NoSuchKey:
            return None

    def keys(self, prefix: str) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name, Prefix=prefix)
        return [item["Key"] for item in listing.get("Contents", [])]


def main(base: str) -> None:
    browser, bucket = Browser(base), Bucket()
    step("GET /health/ (database, storage, queue)")
    check_health(browser)
    step("a static file, hashed and cached")
    check_static_files(browser)
    step(f"sign in as {STAFF}")
    browser.sign_in(STAFF)
    indicator = first_indicator(browser)
    step(f"save the values of {indicator}")
    save_values(browser, indicator)
    step("upload a PDF as evidence: it lands in the bucket and downloads back")
    upload_evidence(browser, indicator, bucket)
    step(f"sign in as {COORDINATOR}, make a results workbook on the queue, download it")
    browser.sign_in(COORDINATOR)
    make_report(browser, bucket)
    step("all steps passed")


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except CheckFailed as failed:
        print(f"prod-check FAILED: {failed}", file=sys.stderr)
        sys.exit(1)
