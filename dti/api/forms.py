from django import forms
from django.utils.translation import gettext_lazy as _

from dti.agencies.models import Agency
from dti.frameworks.models import Framework, Indicator

from .models import CLIENT_NAME_MAX_LENGTH


class IndicatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, indicator: Indicator) -> str:
        return f"{indicator.framework} · {indicator.code}. {indicator.name}"


class AgencyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, agency: Agency) -> str:
        return f"{agency.code} — {agency.name}"


class ApiClientForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=CLIENT_NAME_MAX_LENGTH,
        help_text=_("The system that sends the values, e.g. “Cổng dịch vụ công quốc gia”."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    indicators = IndicatorChoiceField(
        label=_("Indicators it may write"),
        queryset=Indicator.objects.filter(measurement=Indicator.Measurement.AUTOMATIC)
        .exclude(framework__status=Framework.Status.RETIRED)
        .select_related("framework")
        .order_by("-framework__year", "framework__code", "-framework__version", "order"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only indicators measured automatically can be written through the API."),
    )
    agencies = AgencyChoiceField(
        label=_("Agencies it may write for"),
        required=False,
        queryset=Agency.objects.filter(is_assessed=True).order_by("tier", "code"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Leave empty to let it write for any agency."),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=1000, widget=forms.TextInput()
    )
