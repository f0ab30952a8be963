"""The PDF scorecard embeds DejaVu Sans from REPORT_FONT_DIR and writes Vietnamese with its
diacritics; missing font files fail the system check and the rendering instead of letting
WeasyPrint fall back silently to another font."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from dti.reports.checks import check_report_fonts
from dti.reports.scorecard import MissingFontError, agency_scorecard
from dti.results.models import Result
from tests.reports.helpers import finalised_cycle

ROOT = Path(__file__).resolve().parents[2]


def page_fonts(content: bytes) -> dict[str, bool]:
    """The base font name of each font of the page, without the subset prefix ("ABCDEF+"),
    and whether the PDF carries its font program (a TrueType /FontFile2)."""
    page = PdfReader(io.BytesIO(content)).pages[0]
    fonts = {}
    for font in page["/Resources"]["/Font"].values():
        font = font.get_object()
        descendants = font.get("/DescendantFonts")
        described = descendants[0].get_object() if descendants else font
        name = str(font["/BaseFont"]).split("+")[-1]
        fonts[name] = "/FontFile2" in described["/FontDescriptor"].get_object()
    return fonts


@pytest.mark.django_db
def test_the_scorecard_embeds_dejavu_sans_and_writes_vietnamese_diacritics():
    finalised_cycle()
    content = agency_scorecard(Result.objects.get(assessment__agency__code="SCT"))
    assert page_fonts(content) == {"DejaVu-Sans": True, "DejaVu-Sans-Bold": True}
    text = " ".join(PdfReader(io.BytesIO(content)).pages[0].extract_text().split())
    for words in (
        "PHIẾU KẾT QUẢ CHỈ SỐ CHUYỂN ĐỔI SỐ NĂM 2025",  # the kicker, in capitals
        "Sở Công Thương",
        "Xếp hạng trong khối",
        "Tự đánh giá và kết quả thẩm định",
        "Chỉ số thành phần yếu nhất",
    ):
        assert words in text


def test_the_check_names_each_missing_font_file(settings, tmp_path):
    settings.REPORT_FONT_DIR = tmp_path
    (tmp_path / "DejaVuSans.ttf").write_bytes(b"")  # present: only the bold one is missing
    errors = check_report_fonts()
    assert [(error.id, error.obj) for error in errors] == [("dti.reports.E001", "REPORT_FONT_DIR")]
    assert str(tmp_path / "DejaVuSans-Bold.ttf") in errors[0].msg
    assert "fonts-dejavu-core" in errors[0].hint


def test_the_check_passes_on_the_default_debian_folder():
    assert check_report_fonts() == []


@pytest.mark.django_db
def test_a_scorecard_is_refused_rather_than_drawn_in_a_fallback_font(settings, tmp_path):
    finalised_cycle()
    settings.REPORT_FONT_DIR = tmp_path / "no-fonts"
    with pytest.raises(MissingFontError, match=r"REPORT_FONT_DIR=.*no-fonts.*DejaVuSans\.ttf"):
        agency_scorecard(Result.objects.get(assessment__agency__code="SCT"))


def test_manage_py_check_fails_when_the_folder_from_the_environment_has_no_fonts(tmp_path):
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**environment, "REPORT_FONT_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "dti.reports.E001" in result.stderr
    assert str(tmp_path / "DejaVuSans.ttf") in result.stderr
