"""Starting a report: checks that the campaign's results are frozen, then queues the job."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dti.agencies.permissions import require
from dti.campaigns.models import Campaign
from dti.jobs.models import Job
from dti.jobs.services import enqueue
from dti.results.selectors import campaign_tiers

from .jobs import REPORT, SCORECARDS, WORKBOOK
from .selectors import reports_available

# The report names used in URLs, and the job kind that makes each.
REPORT_KINDS = {"workbook": WORKBOOK, "report": REPORT, "scorecards": SCORECARDS}


class ReportRefused(ValueError):
    """The report cannot be made: the message says why, for the person who asked."""


def start_report(campaign: Campaign, name: str, by, tier: str = "") -> Job:
    """Queue the report ``name`` (see ``REPORT_KINDS``) of ``campaign``; scorecards are made for
    one ``tier``. Refused until the campaign is finalised. ``enqueue`` records the audit event."""
    require(by, "report.generate", campaign)
    kind = REPORT_KINDS.get(name)
    if kind is None:
        raise ReportRefused(_("Unknown report: %(name)s.") % {"name": name})
    if not reports_available(campaign):
        raise ReportRefused(
            _(
                "Reports are made from the final results: they are available once the campaign "
                "is finalised (it is now in the phase “%(phase)s”)."
            )
            % {"phase": campaign.get_phase_display()}
        )
    params = {"campaign_id": campaign.pk}
    if kind == SCORECARDS:
        if tier not in campaign_tiers(campaign):
            raise ReportRefused(_("Choose the tier whose scorecards you want."))
        params["tier"] = tier
    return enqueue(kind, params, by)
