"""What the job pages read."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from dti.campaigns.models import Campaign

from .models import Job
from .services import job_kinds

JOBS_PER_PAGE = 50


@dataclass(frozen=True)
class JobRow:
    job: Job
    label: str  # the kind, as people call it
    campaign: Campaign | None  # the campaign the job worked on, when it names one


def kind_label(kind: str) -> str:
    """What people call a kind of job (its code for a kind no longer known or unnamed)."""
    known = job_kinds().get(kind)
    return str(known.label) if known and known.label else kind


def job_list_page(page_number, per_page: int = JOBS_PER_PAGE) -> Page:
    """One page of every background job, newest first, each with who started it and its
    campaign: three queries whatever the page's size (the count, the jobs, their campaigns)."""
    jobs = Job.objects.select_related("created_by").order_by("-created_at", "-id")
    page = Paginator(jobs, per_page).get_page(page_number)
    campaign_ids = {job.params.get("campaign_id") for job in page.object_list} - {None}
    campaigns = Campaign.objects.in_bulk(campaign_ids) if campaign_ids else {}
    page.object_list = [
        JobRow(
            job=job,
            label=kind_label(job.kind),
            campaign=campaigns.get(job.params.get("campaign_id")),
        )
        for job in page.object_list
    ]
    return page
