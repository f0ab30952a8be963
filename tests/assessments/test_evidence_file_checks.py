"""Which uploaded files are accepted, judged by their content, and how their names are cleaned."""

import io
import zipfile

import pytest
from django.utils import translation

from dti.assessments import evidence
from dti.assessments.evidence import (
    EvidenceRejected,
    check_link,
    check_title,
    check_upload,
    sanitise_file_name,
)
from tests.assessments.evidence_helpers import (
    MINIMAL_PDF,
    WINDOWS_PROGRAM,
    docx_bytes,
    docx_with_members,
    docx_with_zeros,
    image_bytes,
    ods_bytes,
    odt_bytes,
    plain_zip_bytes,
    upload,
    xlsx_bytes,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("bien-ban.pdf", MINIMAL_PDF, "application/pdf"),
        ("anh.png", image_bytes("PNG"), "image/png"),
        ("anh.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("anh.jpeg", image_bytes("JPEG"), "image/jpeg"),
        (
            "bao-cao.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "so-lieu.xlsx",
            xlsx_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("van-ban.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
        ("bang-tinh.ods", ods_bytes(), "application/vnd.oasis.opendocument.spreadsheet"),
    ],
)
def test_each_accepted_type_is_recognised_by_its_content(name, content, content_type):
    checked = check_upload(upload(name, content))
    assert checked.file_type.content_type == content_type
    assert checked.size == len(content)
    assert checked.name == name


def test_a_windows_program_renamed_pdf_is_refused_and_the_message_says_what_it_is():
    with pytest.raises(EvidenceRejected) as refused:
        check_upload(upload("bien-ban.pdf", WINDOWS_PROGRAM, "application/pdf"))
    message = str(refused.value)
    assert "“bien-ban.pdf”" in message
    assert "not in the PDF format" in message
    assert "Windows program" in message


def test_a_png_named_pdf_is_refused_naming_both_types():
    with pytest.raises(EvidenceRejected) as refused:
        check_upload(upload("scan.pdf", image_bytes("PNG"), "application/pdf"))
    assert "the content is in the PNG format but the name ends in .pdf" in str(refused.value)
    assert "Rename it to .png" in str(refused.value)


def test_a_docx_named_xlsx_is_refused():
    with pytest.raises(EvidenceRejected, match="content is in the DOCX format"):
        check_upload(upload("so-lieu.xlsx", docx_bytes()))


def test_an_empty_file_is_refused():
    with pytest.raises(EvidenceRejected, match=r"“trong\.pdf” is empty"):
        check_upload(upload("trong.pdf", b""))


class Unreadable:
    """An upload of ``size`` bytes that fails the test if anything reads it."""

    name = "lon.pdf"

    def __init__(self, size: int):
        self.size = size

    def read(self, *args):
        raise AssertionError("the content of an oversize file was read")

    seek = chunks = read


def test_a_file_over_the_size_setting_is_refused_before_its_content_is_read(settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(EvidenceRejected) as refused:
        check_upload(Unreadable(2048))
    assert str(refused.value) == "“lon.pdf” is too big: 2.0\xa0KB; the limit is 1.0\xa0KB."


def test_a_file_just_over_the_limit_is_told_in_bytes_so_that_the_sizes_differ(settings):
    settings.EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
    with pytest.raises(EvidenceRejected) as refused:
        check_upload(Unreadable(20 * 1024 * 1024 + 1))
    assert str(refused.value) == (
        "“lon.pdf” is too big: 20,971,521 bytes; the limit is 20,971,520 bytes."
    )


def test_a_file_at_the_size_limit_is_accepted(settings):
    settings.EVIDENCE_MAX_BYTES = len(MINIMAL_PDF)
    assert check_upload(upload("vua-du.pdf", MINIMAL_PDF)).size == len(MINIMAL_PDF)


def test_a_program_with_its_own_extension_is_refused_as_a_type_not_accepted():
    with pytest.raises(EvidenceRejected, match=r"not an accepted type of file\. Accepted: PDF"):
        check_upload(upload("setup.exe", WINDOWS_PROGRAM))


def test_a_file_without_extension_is_refused():
    with pytest.raises(EvidenceRejected, match="not an accepted type"):
        check_upload(upload("bien-ban", MINIMAL_PDF))


def test_a_zip_that_is_not_an_office_document_is_refused_even_when_named_docx():
    with pytest.raises(EvidenceRejected, match="not in the DOCX format"):
        check_upload(upload("bao-cao.docx", plain_zip_bytes()))


def test_an_odt_without_its_content_part_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    with pytest.raises(EvidenceRejected, match="not in the ODT format"):
        check_upload(upload("van-ban.odt", buffer.getvalue()))


def test_a_damaged_zip_is_refused_as_damaged():
    damaged = docx_bytes()[:200]
    with pytest.raises(EvidenceRejected, match="damaged or cannot be read"):
        check_upload(upload("hong.docx", damaged))


def test_a_zip_bomb_inside_a_docx_is_refused_without_inflating_it():
    bomb = docx_with_zeros(megabytes=250)
    assert len(bomb) < 1024 * 1024  # 250 MB of zeros packed in well under 1 MB
    with pytest.raises(EvidenceRejected) as refused:
        check_upload(upload("bom.docx", bomb))
    assert "unpacked it would take" in str(refused.value)


def test_a_docx_part_that_inflates_more_than_a_hundredfold_is_refused():
    with pytest.raises(EvidenceRejected, match="compressed abnormally"):
        check_upload(upload("nen.docx", docx_with_zeros(megabytes=5)))


def test_a_docx_with_too_many_parts_is_refused(monkeypatch):
    monkeypatch.setattr(evidence, "ZIP_MAX_MEMBERS", 10)
    assert check_upload(upload("du.docx", docx_with_members(10))).file_type.label == "DOCX"
    with pytest.raises(EvidenceRejected, match=r"too many parts \(11, at most 10\)"):
        check_upload(upload("qua-nhieu.docx", docx_with_members(11)))


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/bien-ban.pdf", "bien-ban.pdf"),
        ("C:\\Users\\canbo\\Desktop\\bao cao.docx", "bao cao.docx"),
        ("Báo cáo chuyển đổi số năm 2025.PDF", "Báo cáo chuyển đổi số năm 2025.pdf"),
        ("tax\u202egpj.exe.pdf", "taxgpj.exe.pdf"),
        ("bien\x00ban\x1f.pdf", "bienban.pdf"),
        ('a<b>c:d"e|f?g*h.pdf', "a_b_c_d_e_f_g_h.pdf"),
        ("  nhiều   khoảng\ttrắng  .pdf", "nhiều khoảng trắng.pdf"),
        (".htaccess", "file.htaccess"),
        ("bien-ban.pdf. . ", "bien-ban.pdf"),
        ("...", "file"),
        ("../.pdf", "file.pdf"),
        ("", "file"),
    ],
)
def test_file_names_are_sanitised(raw, clean):
    assert sanitise_file_name(raw) == clean


def test_vietnamese_letters_typed_decomposed_are_kept_composed():
    decomposed = "Bie\u0302\u0301n ba\u0309n.pdf"
    assert sanitise_file_name(decomposed) == "Biến bản.pdf"


def test_long_file_names_are_cut_keeping_the_extension():
    name = sanitise_file_name("ả" * 400 + ".docx")
    assert len(name) == evidence.MAX_NAME_CHARS
    assert name.endswith("ả.docx")


def test_a_path_in_the_name_does_not_stop_the_content_being_accepted():
    checked = check_upload(upload("../../../var/www/bien-ban.pdf", MINIMAL_PDF))
    assert checked.name == "bien-ban.pdf"
    assert checked.file_type.label == "PDF"


@pytest.mark.parametrize(
    "url",
    [
        "https://dichvucong.hanoi.gov.vn/bao-cao?nam=2025",
        "http://example.org/tài-liệu",
    ],
)
def test_http_and_https_links_are_accepted(url):
    assert check_link(f"  {url} ") == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "ftp://example.org/a.pdf",
        "example.org",
        "",
    ],
)
def test_other_links_are_refused(url):
    with pytest.raises(EvidenceRejected, match="starts with http:// or https://"):
        check_link(url)


def test_a_title_longer_than_the_field_is_refused():
    assert check_title("  Biên   bản họp ") == "Biên bản họp"
    with pytest.raises(EvidenceRejected, match="too long"):
        check_title("x" * 256)
