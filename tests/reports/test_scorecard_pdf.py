"""The one-page PDF scorecard renders Vietnamese text (read back with pypdf), loads nothing
but its fonts, and a tier's scorecards come as one archive."""

import io
import zipfile

import pytest
from pypdf import PdfReader

from dti.reports.scorecard import (
    LocalFontFetcher,
    agency_scorecard,
    font_dir,
    scorecards_archive,
)
from dti.results.models import Result
from tests.reports.helpers import finalised_cycle

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> tuple[int, str]:
    """The number of pages and the text, with line breaks inside table cells made spaces."""
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


def test_the_scorecard_is_one_page_with_the_name_value_and_rank_in_vietnamese():
    finalised_cycle()
    pages, text = pdf_text(agency_scorecard(Result.objects.get(assessment__agency__code="SCT")))
    assert pages == 1
    assert "Sở Công Thương" in text
    assert "0,7083" in text  # appraised DTI value
    assert "0,7917" in text  # self-assessed
    assert "2/2" in text  # rank / agencies of the tier
    assert "42,5 / 60" in text
    assert "Mức độ hoàn thiện quy chế" in text  # the weakest indicator, by name
    assert "Tỷ lệ điểm đạt theo nhóm chỉ số" in text  # the chart's title


def test_the_fetcher_refuses_the_network_and_files_outside_the_fonts():
    fetcher = LocalFontFetcher(font_dir())
    climbing_out = (font_dir() / ".." / ".." / ".." / "etc" / "passwd").as_posix()
    for url in (
        "https://example.com/logo.png",
        "http://127.0.0.1/x.css",
        "file:///etc/passwd",
        f"file://{climbing_out}",
        "data:text/css,body{}",
    ):
        with pytest.raises(ValueError):
            fetcher(url)
    font = fetcher((font_dir() / "DejaVuSans.ttf").resolve().as_uri())
    try:
        assert font.read(4)
    finally:
        font.close()


def test_the_archive_holds_one_scorecard_per_agency_of_the_tier():
    cycle = finalised_cycle()
    progress = []
    content = scorecards_archive(
        cycle.campaign, "department", progress=lambda done, name: progress.append((done, name))
    )
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert sorted(archive.namelist()) == ["SCT.pdf", "SYT.pdf"]
    assert "Sở Y tế" in pdf_text(archive.read("SYT.pdf"))[1]
    assert progress == [(1, "Sở Y tế"), (2, "Sở Công Thương")]


def test_the_archive_of_a_tier_the_campaign_does_not_have_is_refused():
    cycle = finalised_cycle()
    with pytest.raises(ValueError, match="commune"):
        scorecards_archive(cycle.campaign, "commune")
