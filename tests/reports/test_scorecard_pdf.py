"""The one-page PDF scorecard renders Vietnamese text (read back with pypdf), also for an agency
on a shipped nine-group framework, names the corrections made after finalisation, loads nothing
but its fonts, and a tier's scorecards come as one archive."""

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from dti.agencies.models import Tier
from dti.campaigns.models import Phase
from dti.frameworks.services import load_framework
from dti.frameworks.yaml_format import read_yaml_file
from dti.reports.scorecard import (
    LocalFontFetcher,
    agency_scorecard,
    font_dir,
    scorecards_archive,
)
from dti.results.models import Result
from dti.results.services import reopen_campaign
from tests.factories import make_agency
from tests.reports.helpers import finalised_cycle
from tests.results.portal_helpers import indicator, results_campaign

pytestmark = pytest.mark.django_db

FRAMEWORKS = Path(__file__).resolve().parents[2] / "frameworks"


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


def test_a_corrected_result_names_the_correction_on_the_one_page():
    cycle = finalised_cycle()
    reason = "Sửa điểm chỉ số 1.2 của Sở Y tế theo biên bản bổ sung"
    reopen_campaign(cycle.campaign, reason, cycle.coordinator)
    cycle.move(Phase.FINALIZED)
    pages, text = pdf_text(agency_scorecard(Result.objects.get(assessment__agency__code="SYT")))
    assert pages == 1
    assert "Điều chỉnh sau khi hoàn thành kết quả" in text
    assert f"Ngày {timezone.localdate():%d/%m/%Y}: {reason}" in text
    archive = zipfile.ZipFile(io.BytesIO(scorecards_archive(cycle.campaign, "department")))
    assert reason in pdf_text(archive.read("SCT.pdf"))[1]


def test_a_result_never_corrected_names_no_correction():
    finalised_cycle()
    text = pdf_text(agency_scorecard(Result.objects.get(assessment__agency__code="SYT")))[1]
    assert "Điều chỉnh sau khi hoàn thành kết quả" not in text


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


def test_a_scorecard_on_the_shipped_nine_group_framework_is_one_page_in_vietnamese():
    document, problems = read_yaml_file(FRAMEWORKS / "hanoi-2025-department.yaml")
    assert not problems
    framework = load_framework(document)
    groups = list(framework.groups.order_by("order"))
    assert len(groups) == 9
    indicators = list(framework.indicators.select_related("group"))
    # The indicators with the longest names are the strongest and the weakest: the longest
    # lines the lists can have.
    longest = sorted(indicators, key=lambda item: -len(item.name_vi))
    shares = {item.code: Decimal("0.5") for item in indicators}
    shares |= {item.code: Decimal(1) for item in longest[:3]}
    shares |= {item.code: Decimal(0) for item in longest[3:6]}
    agencies = [
        make_agency("SNNMT", Tier.DEPARTMENT, name="Sở Nông nghiệp và Môi trường"),
        make_agency("SGDDT", Tier.DEPARTMENT, name="Sở Giáo dục và Đào tạo"),
    ]
    campaign = results_campaign(agencies, framework=framework)
    for rank, agency in enumerate(agencies, start=1):
        points = {
            item.code: (item.max_points * shares[item.code]).quantize(Decimal("0.01"))
            for item in indicators
        }
        group_points = {
            group.code: sum(points[item.code] for item in indicators if item.group_id == group.pk)
            for group in groups
        }
        total = sum(group_points.values())
        Result.objects.create(
            assessment=campaign.assessments.get(agency=agency),
            self_points=total,
            self_max_points=framework.max_points,
            self_dti_value=(total / framework.max_points).quantize(Decimal("0.0001")),
            points=total,
            max_points=framework.max_points,
            dti_value=(total / framework.max_points).quantize(Decimal("0.0001")),
            rank=rank,
            rank_low=1,
            rank_high=2,
            rank_robust=False,
            group_ranks={group.code: rank for group in groups},
            groups={
                group.code: {
                    "self_points": str(group_points[group.code]),
                    "self_max_points": str(group.max_points),
                    "points": str(group_points[group.code]),
                    "max_points": str(group.max_points),
                }
                for group in groups
            },
            indicators={
                item.code: indicator(item.group.code, points[item.code], item.max_points)
                for item in indicators
            },
            frozen_at=timezone.now(),
        )
    pages, text = pdf_text(agency_scorecard(Result.objects.get(assessment__agency__code="SNNMT")))
    assert pages == 1
    assert "Sở Nông nghiệp và Môi trường" in text
    assert "9. Mức độ hoàn thành kế hoạch chuyển đổi số năm" in text  # wrapped, not cut
    assert "…" not in text
    assert longest[0].name_vi.split()[0] in text
    assert "Bình quân khối Sở, ban, ngành" in text
