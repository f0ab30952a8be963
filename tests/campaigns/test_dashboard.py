"""The coordinator follows every agency's self-assessment on one page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dti.agencies.models import Role, Tier
from dti.assessments.models import AssessmentStatus
from dti.assessments.services import mark_ready
from dti.campaigns import dashboard_views
from dti.campaigns.dashboard import DashboardFilters, filter_rows, progress_rows
from dti.campaigns.services import create_campaign, grant_extension
from dti.frameworks.services import load_framework
from tests.campaigns.dashboard_helpers import answer, answer_all_and_submit, deadlines_from_now
from tests.factories import make_agency, make_campaign, make_user
from tests.frameworks.helpers import small_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR)


@pytest.fixture
def agencies():
    return {
        "SYT": make_agency("SYT", Tier.DEPARTMENT, name="Sở Y tế"),
        "SCT": make_agency(
            "SCT", Tier.DEPARTMENT, name="Sở Công Thương", flags=["digital_economy"]
        ),
        "SGD": make_agency("SGD", Tier.DEPARTMENT, name="Sở Giáo dục và Đào tạo"),
    }


@pytest.fixture
def campaign(agencies, coordinator):
    return make_campaign(agencies.values(), by=coordinator, deadlines=deadlines_from_now(10))


def assessment_of(campaign, code):
    return campaign.assessments.get(agency__code=code)


def dashboard_rows(client, campaign, **params):
    response = client.get(reverse("campaigns:dashboard", args=[campaign.pk]), params)
    assert response.status_code == 200
    return {row.agency.code: row for row in response.context["page"].object_list}


def test_dashboard_shows_each_agency_with_its_status_progress_and_missing_evidence(
    client, campaign, agencies, coordinator
):
    syt, sct = assessment_of(campaign, "SYT"), assessment_of(campaign, "SCT")
    sgd = assessment_of(campaign, "SGD")
    answer(syt, make_user(Role.AGENCY_STAFF, agencies["SYT"]), ["1.1", "1.2"], with_evidence=True)
    sgd_staff = make_user(Role.AGENCY_STAFF, agencies["SGD"])
    answer(sgd, sgd_staff, ["1.1", "1.2", "2.1"], with_evidence=True)
    mark_ready(sgd, sgd_staff)
    answer_all_and_submit(sct, make_user(Role.AGENCY_LEADER, agencies["SCT"]))
    client.force_login(coordinator)

    rows = dashboard_rows(client, campaign)

    assert list(rows) == ["SCT", "SGD", "SYT"]
    assert (rows["SYT"].answered, rows["SYT"].applicable, rows["SYT"].missing_evidence) == (2, 3, 1)
    assert rows["SYT"].assessment.marked_ready_at is None
    assert (rows["SGD"].answered, rows["SGD"].missing_evidence) == (3, 0)
    assert rows["SGD"].assessment.marked_ready_at is not None
    assert rows["SGD"].assessment.status == AssessmentStatus.DRAFT
    assert (rows["SCT"].answered, rows["SCT"].applicable, rows["SCT"].missing_evidence) == (4, 4, 0)
    assert rows["SCT"].assessment.status == AssessmentStatus.SUBMITTED
    assert rows["SCT"].assessment.self_dti_value > 0
    assert not any(row.overdue for row in rows.values())


def test_the_page_lists_the_agencies_and_their_progress(client, campaign, agencies, coordinator):
    answer(assessment_of(campaign, "SYT"), make_user(Role.AGENCY_STAFF, agencies["SYT"]), ["1.1"])
    client.force_login(coordinator)
    html = client.get(reverse("campaigns:dashboard", args=[campaign.pk])).content.decode()
    for name in ("Sở Y tế", "Sở Công Thương", "Sở Giáo dục và Đào tạo"):
        assert name in html
    assert "1 / 3" in html
    assert reverse("campaigns:dashboard_export_xlsx", args=[campaign.pk]) in html


def test_summary_counts_the_whole_campaign_whatever_the_filters(
    client, campaign, agencies, coordinator
):
    answer(assessment_of(campaign, "SYT"), make_user(Role.AGENCY_STAFF, agencies["SYT"]), ["1.1"])
    answer_all_and_submit(
        assessment_of(campaign, "SCT"), make_user(Role.AGENCY_LEADER, agencies["SCT"])
    )
    client.force_login(coordinator)
    response = client.get(reverse("campaigns:dashboard", args=[campaign.pk]), {"q": "y tế"})
    summary = response.context["dashboard"].summary
    assert (
        summary.agencies,
        summary.submitted,
        summary.in_progress,
        summary.not_started,
        summary.overdue,
    ) == (3, 1, 1, 1, 0)
    assert [row.agency.code for row in response.context["page"].object_list] == ["SYT"]


def test_filters_by_status_progress_tier_and_name(client, campaign, agencies, coordinator):
    answer(assessment_of(campaign, "SYT"), make_user(Role.AGENCY_STAFF, agencies["SYT"]), ["1.1"])
    answer_all_and_submit(
        assessment_of(campaign, "SCT"), make_user(Role.AGENCY_LEADER, agencies["SCT"])
    )
    client.force_login(coordinator)

    assert list(dashboard_rows(client, campaign, status="submitted")) == ["SCT"]
    assert list(dashboard_rows(client, campaign, status="draft")) == ["SGD", "SYT"]
    assert list(dashboard_rows(client, campaign, status="in_progress")) == ["SYT"]
    assert list(dashboard_rows(client, campaign, status="not_started")) == ["SGD"]
    assert list(dashboard_rows(client, campaign, tier=Tier.DEPARTMENT)) == ["SCT", "SGD", "SYT"]
    # Case and accents do not matter, and the code is searched too.
    assert list(dashboard_rows(client, campaign, q="giao duc")) == ["SGD"]
    assert list(dashboard_rows(client, campaign, q="SỞ CÔNG")) == ["SCT"]
    assert list(dashboard_rows(client, campaign, q="syt")) == ["SYT"]
    assert list(dashboard_rows(client, campaign, q="syt", status="submitted")) == []


def test_tier_filter_offers_the_campaign_tiers_and_keeps_only_that_tier(client, coordinator):
    department = load_framework(small_document())
    commune_document = small_document()
    commune_document.update(code="TEST-SMALL-XA", tier=Tier.COMMUNE)
    commune = load_framework(commune_document)
    make_agency("SYT", Tier.DEPARTMENT)
    make_agency("P-HK", Tier.COMMUNE)
    campaign = create_campaign(
        year=2026,
        title="DTI 2026",
        plan_reference="",
        frameworks=[department, commune],
        agencies=None,
        by=coordinator,
        deadlines=deadlines_from_now(10),
    )
    client.force_login(coordinator)

    response = client.get(reverse("campaigns:dashboard", args=[campaign.pk]))
    offered = [value for value, _label in response.context["form"].fields["tier"].choices]
    assert offered == ["", Tier.DEPARTMENT, Tier.COMMUNE]
    assert list(dashboard_rows(client, campaign, tier=Tier.COMMUNE)) == ["P-HK"]


def test_an_unknown_filter_value_is_reported_and_not_applied(client, campaign, coordinator):
    client.force_login(coordinator)
    response = client.get(
        reverse("campaigns:dashboard", args=[campaign.pk]), {"status": "lost", "q": "y tế"}
    )
    assert "status" in response.context["form"].errors
    assert [row.agency.code for row in response.context["page"].object_list] == ["SYT"]


def test_drafts_past_the_deadline_are_overdue_unless_extended(client, agencies, coordinator):
    campaign = make_campaign(agencies.values(), by=coordinator, deadlines=deadlines_from_now(-3))
    extended = assessment_of(campaign, "SYT")
    grant_extension(
        extended,
        until=timezone.now() + datetime.timedelta(days=5),
        reason="Đổi lãnh đạo",
        by=coordinator,
    )
    client.force_login(coordinator)

    response = client.get(reverse("campaigns:dashboard", args=[campaign.pk]))

    dashboard = response.context["dashboard"]
    assert [row.agency.code for row in dashboard.overdue] == ["SCT", "SGD"]
    assert dashboard.summary.overdue == 2
    rows = {row.agency.code: row for row in dashboard.page.object_list}
    assert not rows["SYT"].overdue
    assert rows["SYT"].closes_at > timezone.now()
    assert list(dashboard_rows(client, campaign, status="overdue")) == ["SCT", "SGD"]


def test_an_extension_that_has_run_out_leaves_the_draft_overdue(client, agencies, coordinator):
    campaign = make_campaign(agencies.values(), by=coordinator, deadlines=deadlines_from_now(-3))
    extended = assessment_of(campaign, "SYT")
    grant_extension(
        extended,
        until=timezone.now() + datetime.timedelta(days=5),
        reason="Đổi lãnh đạo",
        by=coordinator,
    )
    extended.extensions.update(until=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(coordinator)
    assert dashboard_rows(client, campaign)["SYT"].overdue


def test_a_submitted_assessment_is_not_overdue_after_the_deadline(client, agencies, coordinator):
    campaign = make_campaign(agencies.values(), by=coordinator, deadlines=deadlines_from_now(1))
    answer_all_and_submit(
        assessment_of(campaign, "SCT"), make_user(Role.AGENCY_LEADER, agencies["SCT"])
    )
    campaign.deadlines.filter(phase="self_assessment").update(
        due_at=timezone.now() - datetime.timedelta(days=1)
    )
    client.force_login(coordinator)
    rows = dashboard_rows(client, campaign)
    assert not rows["SCT"].overdue
    assert rows["SYT"].overdue


def test_campaign_page_links_to_the_dashboard(client, campaign, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert reverse("campaigns:dashboard", args=[campaign.pk]) in html


@pytest.mark.parametrize(
    "status", ["", "not_started", "in_progress", "overdue", "draft", "submitted"]
)
def test_the_page_filters_in_sql_as_the_export_filters_in_python(
    client, agencies, coordinator, status
):
    """The dashboard page and its exports must list the same agencies for the same filter."""
    campaign = make_campaign(agencies.values(), by=coordinator, deadlines=deadlines_from_now(1))
    answer(assessment_of(campaign, "SYT"), make_user(Role.AGENCY_STAFF, agencies["SYT"]), ["1.1"])
    answer_all_and_submit(
        assessment_of(campaign, "SCT"), make_user(Role.AGENCY_LEADER, agencies["SCT"])
    )
    campaign.deadlines.filter(phase="self_assessment").update(
        due_at=timezone.now() - datetime.timedelta(days=1)
    )
    grant_extension(
        assessment_of(campaign, "SGD"),
        until=timezone.now() + datetime.timedelta(days=2),
        reason="Đổi lãnh đạo",
        by=coordinator,
    )
    expected = [
        row.agency.code
        for row in filter_rows(progress_rows(campaign), DashboardFilters(status=status))
    ]
    assert expected, "every status should match someone in this setup"
    client.force_login(coordinator)

    assert list(dashboard_rows(client, campaign, status=status)) == expected


def test_a_page_of_the_dashboard_builds_only_its_own_rows(client, coordinator, monkeypatch):
    department = [make_agency(f"S{index:03}", Tier.DEPARTMENT) for index in range(7)]
    campaign = make_campaign(department, by=coordinator, deadlines=deadlines_from_now(3))
    monkeypatch.setattr(dashboard_views, "ROWS_PER_PAGE", 3)
    client.force_login(coordinator)

    response = client.get(reverse("campaigns:dashboard", args=[campaign.pk]), {"page": 3})

    assert [row.agency.code for row in response.context["page"].object_list] == ["S006"]
    assert response.context["page"].paginator.count == 7
    assert response.context["dashboard"].summary.agencies == 7
