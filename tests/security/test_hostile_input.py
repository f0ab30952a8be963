"""Hostile input: markup in every text field is shown as text (pages, reports, spreadsheets),
spreadsheets we hand out never run a formula somebody typed, and malicious workbooks are refused
before they are parsed."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from docx import Document
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from dti.agencies.importing import AgencyImportError, import_agencies
from dti.agencies.models import Agency
from dti.appraisals.models import Decision, Verdict
from dti.appraisals.services import (
    decide,
    save_explanation,
    submit_explanations,
    submit_opinion,
)
from dti.assessments.models import Response
from dti.campaigns.dashboard import progress_csv, progress_rows, progress_workbook
from dti.campaigns.models import Phase
from dti.core.xlsx import XmlDeclarationRefused, open_workbook
from dti.frameworks.files import FrameworkFileError, read_framework_file
from dti.reports.results_report import results_report
from dti.reports.results_workbook import results_workbook
from dti.reports.scorecard import agency_scorecard
from dti.reports.selectors import campaign_report
from dti.results.models import Result
from tests.appraisals.cycle import build_cycle
from tests.hostile_files import ENTITY_REFUSAL, with_entities, workbook_zip

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("dti")</script>'
FORMULA = '=HYPERLINK("http://evil.example","bấm vào đây")'


@pytest.fixture
def hostile_cycle():
    """A published campaign where every text a user types carries markup."""
    cycle = build_cycle()
    agency = cycle.agencies["SCT"]
    agency.name = f"Sở {SCRIPT} Công Thương"
    agency.save()
    response = cycle.response("SCT", "1.1")
    Response.objects.filter(pk=response.pk).update(note=f"Ghi chú {SCRIPT}")
    appraisal = cycle.appraisal("SCT", "1.1")
    decide(
        appraisal,
        expected_version=appraisal.version,
        decision=Decision.ADJUSTED,
        values={"meetings": "3"},
        reason=f"Lý do {SCRIPT}",
        by=cycle.appraisers["SKHCN"],
    )
    cycle.accept_all(1)
    cycle.move(Phase.EXPLANATION)
    save_explanation(response, f"Giải trình {SCRIPT}", cycle.staff["SCT"])
    # Signed off, so that appraisers and the council read the explanation too.
    submit_explanations(cycle.assessment("SCT"), cycle.leaders["SCT"])
    cycle.move(Phase.APPRAISAL_2)
    cycle.accept_all(2)
    cycle.move(Phase.COUNCIL)
    submit_opinion(
        cycle.campaign,
        verdict=Verdict.AGREE_WITH_COMMENTS,
        comments=f"Ý kiến {SCRIPT}",
        by=cycle.council[0],
    )
    cycle.move(Phase.PUBLISHED)
    return cycle


def test_markup_typed_anywhere_is_shown_as_text_on_every_page(client, hostile_cycle):
    cycle = hostile_cycle
    assessment = cycle.assessment("SCT")
    appraisal = cycle.appraisal("SCT", "1.1")
    pages = {
        cycle.coordinator: [
            reverse("campaigns:detail", args=[cycle.campaign.pk]),
            reverse("campaigns:dashboard", args=[cycle.campaign.pk]),
            reverse("appraisals:queue", args=[cycle.campaign.pk]) + "?round=1",
            reverse("appraisals:item", args=[appraisal.pk]),
            reverse("appraisals:item", args=[cycle.appraisal("SCT", "1.1", 2).pk]),
            reverse("appraisals:council", args=[cycle.campaign.pk]),
            reverse("appraisals:council_agency", args=[cycle.campaign.pk, assessment.pk]),
            reverse("appraisals:tally", args=[cycle.campaign.pk]),
            reverse("audit:list"),
            reverse("agencies:list"),
        ],
        cycle.staff["SCT"]: [
            reverse("assessments:overview", args=[assessment.pk]),
            reverse("assessments:indicator", args=[assessment.pk, "1.1"]),
            reverse("appraisals:agency_results", args=[assessment.pk]),
            reverse("appraisals:explain", args=[assessment.pk, "1.1"]),
        ],
        None: [
            reverse("portal:ranking", args=[cycle.campaign.pk, "department"]),
            reverse("portal:agency", args=[cycle.campaign.pk, "SCT"]),
        ],
    }
    for user, urls in pages.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            page = client.get(url)
            assert page.status_code == 200, url
            text = page.content.decode()
            assert SCRIPT not in text, url
            assert "&lt;script&gt;" in text, url


def test_markup_is_plain_text_in_the_word_report_and_the_pdf(hostile_cycle):
    report = campaign_report(hostile_cycle.campaign)
    document = Document(io.BytesIO(results_report(report)))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(SCRIPT in text for text in cells)  # shown as typed, never interpreted
    result = Result.objects.get(assessment__agency__code="SCT")
    pdf = PdfReader(io.BytesIO(agency_scorecard(result)))
    assert "<script>" in "".join(page.extract_text() for page in pdf.pages)


def test_exported_spreadsheets_never_run_a_formula_somebody_typed(hostile_cycle):
    cycle = hostile_cycle
    agency = cycle.agencies["SYT"]
    agency.name = FORMULA
    agency.save()
    rows = progress_rows(cycle.campaign)
    csv_rows = list(csv.reader(io.StringIO(progress_csv(rows).decode("utf-8-sig"))))
    assert any(f"'{FORMULA}" in row for row in csv_rows)
    for workbook_bytes in (
        progress_workbook(cycle.campaign, rows),
        results_workbook(campaign_report(cycle.campaign)),
    ):
        workbook = load_workbook(io.BytesIO(workbook_bytes))
        cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
        assert any(cell.value == FORMULA for cell in cells)
        assert all(cell.data_type != "f" for cell in cells)


def _agency_workbook() -> bytes:
    workbook = Workbook()
    workbook.active.append(["code", "name", "tier"])
    workbook.active.append(["SXD", "Sở Xây dựng", "department"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_real_workbook_with_an_xml_entity_bomb_is_refused_for_its_entities():
    from dti.agencies.accounts import AccountImportError, import_accounts, import_template_workbook
    from dti.agencies.models import Role
    from dti.frameworks.document import check_document
    from dti.frameworks.excel_format import write_workbook
    from tests.factories import make_agency, make_user
    from tests.frameworks.helpers import small_document

    coordinator = make_user(Role.COORDINATOR)
    make_agency("SYT")
    document, problems = check_document(small_document())
    assert not problems
    framework_file = write_workbook(document)
    agency_file = _agency_workbook()
    accounts_file = import_template_workbook()
    with translation.override("en"):
        # The workbooks themselves are fine …
        assert read_framework_file("khung.xlsx", framework_file)["code"]
        with transaction.atomic():
            assert import_agencies("co-quan.xlsx", agency_file).created == ["SXD"]
            assert import_accounts("tai-khoan.xlsx", accounts_file, coordinator)
            transaction.set_rollback(True)

        # … and refused for the entity declaration alone, named as such.
        with pytest.raises(FrameworkFileError) as refused:
            read_framework_file("khung.xlsx", with_entities(framework_file))
        assert ENTITY_REFUSAL in refused.value.lines[0]
        assert refused.value.lines[0].startswith("khung.xlsx")
        with pytest.raises(AgencyImportError) as refused:
            import_agencies("co-quan.xlsx", with_entities(agency_file))
        assert refused.value.lines == [
            "co-quan.xlsx: its part xl/worksheets/sheet1.xml declares XML entities (a document "
            "type), which Excel never writes; the file is refused for safety"
        ]
        with pytest.raises(AccountImportError) as refused:
            import_accounts("tai-khoan.xlsx", with_entities(accounts_file), coordinator)
        assert ENTITY_REFUSAL in refused.value.lines[0]
    assert not Agency.objects.filter(code="SXD").exists()


def test_the_entity_refusal_is_in_vietnamese_for_a_vietnamese_user():
    with translation.override("vi"), pytest.raises(AgencyImportError) as refused:
        import_agencies("co-quan.xlsx", with_entities(_agency_workbook()))
    assert "khai báo thực thể XML" in refused.value.lines[0]


def test_an_entity_declaration_in_any_part_is_refused_before_parsing():
    workbook = _agency_workbook()
    with zipfile.ZipFile(io.BytesIO(workbook)) as original:
        styles = original.read("xl/styles.xml")
    end = styles.index(b"?>") + 2 if styles.startswith(b"<?xml") else 0
    bomb = workbook_zip(
        {
            **_members(workbook),
            "xl/styles.xml": styles[:end]
            + b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            + styles[end:],
        }
    )
    with pytest.raises(XmlDeclarationRefused) as refused:
        open_workbook(bomb)
    assert refused.value.part == "xl/styles.xml"


def _members(workbook: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_workbook_that_unpacks_to_gigabytes_is_refused_unopened():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            chunk = b"0" * (1024 * 1024)
            for _ in range(60):  # 60 MB of zeros, a few kB once compressed
                member.write(chunk)
    assert len(buffer.getvalue()) < 200_000
    with pytest.raises(FrameworkFileError):
        read_framework_file("bomb.xlsx", buffer.getvalue())
    with pytest.raises(AgencyImportError):
        import_agencies("bomb.xlsx", buffer.getvalue())


def test_an_over_long_note_is_refused_and_what_was_typed_is_kept(client):
    from tests.assessments.helpers import open_deadlines
    from tests.factories import make_agency, make_campaign, make_user

    agency = make_agency()
    campaign = make_campaign([agency], deadlines=open_deadlines(), year=2026)
    assessment = campaign.assessments.get()
    client.force_login(make_user("agency_staff", agency))
    note = "x" * 6000
    page = client.post(
        reverse("assessments:indicator", args=[assessment.pk, "1.1"]),
        {"meetings": "3", "note": note},
    )
    assert page.status_code == 200
    assert page.context["form"].errors["note"]
    assert page.context["form"]["note"].value() == note
    assert page.context["form"]["meetings"].value() == "3"
    assert assessment.responses.get(indicator__code="1.1").note == ""
