"""The official results report read back with python-docx: the heading block and title, the
legal basis, the ranking table with Vietnamese-formatted DTI values, the chart, the corrections
after finalisation and the signature block."""

import io

import pytest
from docx import Document

from dti.campaigns.models import Phase
from dti.reports.results_report import results_report
from dti.reports.selectors import campaign_report
from dti.results.services import reopen_campaign
from tests.reports.helpers import finalised_cycle

pytestmark = pytest.mark.django_db


def read_report(campaign):
    return Document(io.BytesIO(results_report(campaign_report(campaign))))


def paragraphs(document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def ranking_table(document):
    return next(table for table in document.tables if table.cell(0, 0).text == "Xếp hạng")


def test_the_report_opens_with_the_heading_block_and_the_title(settings):
    settings.CITY_NAME = "Thành phố Hà Nội"
    document = read_report(finalised_cycle().campaign)
    left, right = table_rows(document.tables[0])[0]
    assert left.startswith("UBND THÀNH PHỐ HÀ NỘI")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
    assert "Hà Nội, ngày" in right
    text = paragraphs(document)
    assert "BÁO CÁO" in text
    assert "Kết quả xác định Chỉ số chuyển đổi số năm 2025" in text


def test_the_introduction_names_the_framework_decision_and_the_plan():
    document = read_report(finalised_cycle().campaign)
    text = "\n".join(paragraphs(document))
    assert "Quyết định số 1/QĐ-TEST ngày 15/01/2025" in text
    assert "Căn cứ KH thử;" in text


def test_the_ranking_table_lists_the_tier_with_vietnamese_numbers():
    document = read_report(finalised_cycle().campaign)
    assert table_rows(ranking_table(document)) == [
        ["Xếp hạng", "Cơ quan, đơn vị", "Chỉ số DTI", "Điểm đạt / tối đa"],
        ["1", "Sở Y tế", "0,9375", "37,5 / 40"],
        ["2", "Sở Công Thương", "0,7083", "42,5 / 60"],
    ]


def test_the_tie_rule_follows_the_ranking_table():
    document = read_report(finalised_cycle().campaign)
    text = paragraphs(document)
    tie_rule = text.index(
        "Các cơ quan, đơn vị có cùng giá trị Chỉ số được xếp đồng hạng và liệt kê theo thứ tự mã "
        "cơ quan; thứ hạng tiếp theo tính cả các cơ quan xếp trên (1, 2, 2, 4)."
    )
    assert text.index("1. Bảng xếp hạng") < tie_rule < text.index("2. Kết quả theo nhóm chỉ số")


def test_each_tier_has_its_chart_as_an_inline_picture():
    document = read_report(finalised_cycle().campaign)
    assert len(document.inline_shapes) == 1
    picture = document.inline_shapes[0]
    assert picture.width > 0 and picture.height > 0


def test_the_signature_block_is_left_for_the_vice_chairperson():
    document = read_report(finalised_cycle().campaign)
    left, right = table_rows(document.tables[-1])[0]
    assert right.startswith("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
    assert left.startswith("Nơi nhận:")


def test_the_city_comes_from_the_settings(settings):
    settings.CITY_NAME = "Thành phố Hải Phòng"
    document = read_report(finalised_cycle().campaign)
    left, right = table_rows(document.tables[0])[0]
    assert left.startswith("UBND THÀNH PHỐ HẢI PHÒNG")
    assert "Hải Phòng, ngày" in right


def test_corrections_after_finalisation_are_reported():
    cycle = finalised_cycle()
    reason = "Sửa điểm chỉ số 1.2 của Sở Y tế theo biên bản bổ sung"
    reopen_campaign(cycle.campaign, reason, cycle.coordinator)
    cycle.move(Phase.FINALIZED)
    text = "\n".join(paragraphs(read_report(cycle.campaign)))
    assert "ĐIỀU CHỈNH SAU KHI HOÀN THÀNH KẾT QUẢ" in text
    assert reason in text


def test_without_corrections_there_is_no_corrections_section():
    text = "\n".join(paragraphs(read_report(finalised_cycle().campaign)))
    assert "ĐIỀU CHỈNH SAU KHI HOÀN THÀNH KẾT QUẢ" not in text
