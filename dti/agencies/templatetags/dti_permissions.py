from django import template

from dti.agencies.permissions import can

register = template.Library()


@register.filter(name="can")
def can_filter(user, action):
    """``{% if user|can:"framework.manage" %}`` — the permission table, in templates."""
    return can(user, action)
