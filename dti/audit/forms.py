"""The filters of the audit trail, shared by the list and its exports."""

from __future__ import annotations

from django import forms
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from dti.agencies.models import Agency

from .selectors import AuditFilters, recorded_actions, recorded_object_types

DATE_FORMAT = "%d/%m/%Y"
# dd/mm/yyyy as typed; ISO as sent by browsers' date pickers and scripts.
DATE_INPUT_FORMATS = [DATE_FORMAT, "%Y-%m-%d"]


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, agency: Agency) -> str:
        return f"{agency.code} — {agency.name}"


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )


class AuditFilterForm(forms.Form):
    agency = AgencyChoiceField(
        label=_("Agency"),
        required=False,
        queryset=Agency.objects.order_by("tier", "code"),
        empty_label=_("All agencies"),
    )
    user = forms.CharField(
        label=_("User"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": _("Username or full name")}),
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    date_from = _date_field(_("From (dd/mm/yyyy)"))
    date_to = _date_field(_("To (dd/mm/yyyy, inclusive)"))
    reason = forms.CharField(label=_("Reason contains"), required=False, max_length=200)

    def __init__(self, data=None):
        super().__init__(data)
        self.fields["action"].choices = [("", _("All actions")), *recorded_actions()]
        self.fields["object_type"].choices = [("", _("All object types")), *recorded_object_types()]

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> AuditFilters:
        """The valid filters; an invalid one is shown with its error and not applied."""
        self.is_valid()
        cleaned = self.cleaned_data
        agency = cleaned.get("agency")
        return AuditFilters(
            agency_id=agency.pk if agency else None,
            user=cleaned.get("user", "").strip(),
            action=cleaned.get("action", ""),
            object_type=cleaned.get("object_type", ""),
            object_id=cleaned.get("object_id", "").strip(),
            date_from=cleaned.get("date_from"),
            date_to=cleaned.get("date_to"),
            reason=cleaned.get("reason", "").strip(),
        )


def query_string(filters: AuditFilters) -> str:
    """The filters as a URL query, e.g. to export what the list shows."""
    pairs = {
        "agency": filters.agency_id or "",
        "user": filters.user,
        "action": filters.action,
        "object_type": filters.object_type,
        "object_id": filters.object_id,
        "date_from": filters.date_from.strftime(DATE_FORMAT) if filters.date_from else "",
        "date_to": filters.date_to.strftime(DATE_FORMAT) if filters.date_to else "",
        "reason": filters.reason,
    }
    return urlencode({key: value for key, value in pairs.items() if value})
