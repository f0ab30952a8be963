"""Template helpers about the agency's appraisal results."""

from django import template

from dti.appraisals.explanation_selectors import results_visible as campaign_results_visible

register = template.Library()


@register.filter
def results_visible(assessment) -> bool:
    """``{% if assessment|results_visible %}``: the round-1 results of its campaign are sent."""
    return campaign_results_visible(assessment.campaign)
