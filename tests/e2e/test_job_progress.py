"""A background job followed on its page while it runs: the page asks the server every second
(job-progress.js), the bar moves as the job advances, and when the job is done the heading says
the file is ready and the download appears, without reloading the page.

The tests run jobs inline (tests/conftest.py), which would open the page at 100 %; here the job
row is created at 40 % and advanced by the test itself, as a worker would."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from dti.agencies.models import Role
from dti.jobs.models import Job, JobStatus
from tests.factories import PASSWORD, make_user
from tests.jobs.helpers import running_job

from .browser import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORKBOOK = b"PK\x03\x04 so ket qua"
# Set on the page's window: still there at the end only if the page was never reloaded.
MARK_THIS_PAGE = "() => { window.notReloaded = true; }"


def progress_value(page) -> int:
    return page.eval_on_selector("main progress[data-job=progress]", "(bar) => bar.value")


def test_the_bar_follows_the_job_and_the_download_appears_when_it_is_done(people, steps, tmp_path):
    coordinator = make_user(Role.COORDINATOR, username="dieuphoi")
    job = running_job(coordinator, progress=40)
    page = people.signed_in("dieuphoi", PASSWORD)
    with steps.step(page, "Tác vụ đang chạy: thanh tiến độ ở 40 %"):
        page.goto(f"/jobs/{job.pk}/")
        page.evaluate(MARK_THIS_PAGE)
        expect(page.locator("main h1")).to_have_text("Đang chuẩn bị tệp")
        expect(page.locator("main [data-job=percent]")).to_have_text("40 %")
        expect(page.locator("main [data-job=done]")).to_be_hidden()
    assert progress_value(page) == 40

    Job.objects.filter(pk=job.pk).update(progress=75, message="Đang ghi trang tính nhóm 2")
    with steps.step(page, "Thanh tiến độ lên 75 % mà không tải lại trang"):
        expect(page.locator("main [data-job=percent]")).to_have_text("75 %")
        expect(page.locator("main [data-job=message]")).to_have_text("Đang ghi trang tính nhóm 2")
    assert progress_value(page) == 75

    storage_name = storages["default"].save(f"jobs/{job.pk}/ket-qua.xlsx", ContentFile(WORKBOOK))
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        progress=100,
        message="",
        result_name="ket-qua.xlsx",
        result_storage_name=storage_name,
        result_content_type="application/octet-stream",
        finished_at=timezone.now(),
    )
    with steps.step(page, "Tác vụ xong: tệp đã sẵn sàng để tải về"):
        download_link = page.locator("main [data-job=done] a")
        expect(download_link).to_be_visible()
        expect(download_link).to_have_text("Tải về ket-qua.xlsx")
        expect(page.locator("main h1")).to_have_text("Tệp đã sẵn sàng")
        expect(page).to_have_title("Tệp đã sẵn sàng · Thành phố Hà Nội")
        expect(page.locator("main [data-job=status]")).to_have_text("Hoàn thành")
    assert progress_value(page) == 100
    assert page.evaluate("() => window.notReloaded === true")

    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == "ket-qua.xlsx"
    download.value.save_as(tmp_path / "ket-qua.xlsx")
    assert (tmp_path / "ket-qua.xlsx").read_bytes() == WORKBOOK


def test_a_job_that_fails_while_followed_says_so_without_a_download(people, steps):
    coordinator = make_user(Role.COORDINATOR, username="dieuphoi")
    job = running_job(coordinator, progress=10)
    page = people.signed_in("dieuphoi", PASSWORD)
    page.goto(f"/jobs/{job.pk}/")
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error="MemoryError()", finished_at=timezone.now()
    )
    with steps.step(page, "Tác vụ không thành công: thông báo lỗi, không có nút tải về"):
        expect(page.locator("main [data-job=failed]")).to_be_visible()
        expect(page.locator("main h1")).to_have_text("Không chuẩn bị được tệp")
        expect(page.locator("main [data-job=done]")).to_be_hidden()
