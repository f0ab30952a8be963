from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Tier


class AgencyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    tier = forms.ChoiceField(
        label=_("Tier"), required=False, choices=[("", _("All tiers")), *Tier.choices]
    )
    flag = forms.ChoiceField(
        label=_("Flag"),
        required=False,
        choices=[("", _("Any")), ("digital_economy", _("Digital-economy tasks"))],
    )
    year = forms.IntegerField(
        label=_("Year of the flag"),
        required=False,
        min_value=2000,
        max_value=2100,
    )


class AgencyImportForm(forms.Form):
    file = forms.FileField(
        label=_("Agency list (.csv or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
