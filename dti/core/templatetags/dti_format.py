from django import template

from dti.core.formatting import format_number

register = template.Library()


@register.filter
def points(value):
    """Points without trailing zeros, in the active language's format: 7,5 / 1.000."""
    if value is None or value == "":
        return "—"
    return format_number(value)


@register.filter
def dti_value(value):
    """A DTI value with its four published decimals: 0,7955."""
    if value is None or value == "":
        return "—"
    return format_number(value, places=4)
