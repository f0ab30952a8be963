import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from dti.agencies.models import Agency, Tier
from dti.frameworks.models import Framework

from .models import PHASE_ORDER, Phase
from .services import default_deadlines, end_of_day, inactive_in

# The years a campaign may have (the new campaign form refuses others next to the field).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def year_from_address(text: str | None) -> tuple[int | None, str]:
    """The year asked for in the new campaign page's address (``?year=2027``), and "" as the
    problem; or ``None`` and the problem, for the page to show, when it is not a campaign year
    (the form then shows this year)."""
    if not text:
        return None, ""
    if re.fullmatch(r"[0-9]{1,4}", text) and FIRST_YEAR <= int(text) <= LAST_YEAR:
        return int(text), ""
    return None, _(
        "The year in the address (“%(text)s”) is not a year from %(first)s to %(last)s: the "
        "form shows this year instead."
    ) % {"text": Truncator(text).chars(20), "first": FIRST_YEAR, "last": LAST_YEAR}


def _deadline_field(phase: str) -> forms.DateField:
    return forms.DateField(
        label=Phase(phase).label,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        ),
    )


class DeadlinesMixin:
    """One date field per phase; a deadline is the end of that day (local time)."""

    def add_deadline_fields(self, initial: dict[str, datetime.datetime]) -> None:
        for phase in PHASE_ORDER:
            name = f"deadline_{phase}"
            self.fields[name] = _deadline_field(phase)
            if phase in initial:
                self.initial.setdefault(name, timezone.localtime(initial[phase]).date())

    def deadline_fields(self):
        return [self[f"deadline_{phase}"] for phase in PHASE_ORDER]

    def cleaned_deadlines(self) -> dict[str, datetime.datetime]:
        return {phase: end_of_day(self.cleaned_data[f"deadline_{phase}"]) for phase in PHASE_ORDER}

    def check_year(self, year: int, *, refuse_past: bool) -> None:
        """Refuse, next to the field, a deadline before the campaign's year and, for a campaign
        being created, one that has already passed: such a phase would be closed from the start
        (e.g. the pre-filled dates kept after changing the year)."""
        today = timezone.localdate()
        for phase in PHASE_ORDER:
            name = f"deadline_{phase}"
            value = self.cleaned_data.get(name)
            if value is None:
                continue
            if value.year < year:
                self.add_error(
                    name,
                    _("This deadline is before the campaign's year (%(year)s).") % {"year": year},
                )
            elif refuse_past and value < today:
                self.add_error(
                    name,
                    _("This deadline has already passed (today is %(today)s).")
                    % {"today": today.strftime("%d/%m/%Y")},
                )

    def check_order(self) -> None:
        previous = None
        for phase in PHASE_ORDER:
            value = self.cleaned_data.get(f"deadline_{phase}")
            if value and previous and value < previous:
                self.add_error(
                    f"deadline_{phase}", _("This deadline is before the previous phase's deadline.")
                )
            previous = value or previous


class CampaignForm(DeadlinesMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    title = forms.CharField(label=_("Title"), max_length=500)
    plan_reference = forms.CharField(
        label=_("Plan reference"),
        max_length=255,
        required=False,
        help_text=_("E.g. the number of the year's plan."),
    )

    def __init__(self, *args, year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        year = year or timezone.localdate().year
        self.initial.setdefault("year", year)
        for tier, label in Tier.choices:
            self.fields[f"framework_{tier}"] = forms.ModelChoiceField(
                label=_("Framework for: %(tier)s") % {"tier": label},
                required=False,
                queryset=Framework.objects.filter(
                    tier=tier, status=Framework.Status.ACTIVE
                ).order_by("-year", "-version"),
            )
        self.fields["agencies"] = forms.ModelMultipleChoiceField(
            label=_("Participating agencies"),
            required=False,
            help_text=_("Leave empty to take every active agency of the chosen tiers."),
            queryset=Agency.objects.filter(is_assessed=True),
            widget=forms.CheckboxSelectMultiple,
        )
        self.add_deadline_fields(default_deadlines(year))

    def framework_fields(self):
        return [self[f"framework_{tier}"] for tier in Tier.values]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("year"):
            self.check_year(cleaned["year"], refuse_past=True)
            for agency in cleaned.get("agencies", []):
                if inactive := inactive_in(agency, cleaned["year"]):
                    self.add_error("agencies", inactive)
        self.check_order()
        if not self.chosen_frameworks():
            raise forms.ValidationError(_("Choose at least one framework."))
        return cleaned

    def chosen_frameworks(self) -> list[Framework]:
        return [
            self.cleaned_data[f"framework_{tier}"]
            for tier in Tier.values
            if self.cleaned_data.get(f"framework_{tier}")
        ]


class DeadlinesForm(DeadlinesMixin, forms.Form):
    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.add_deadline_fields({item.phase: item.due_at for item in campaign.deadlines.all()})

    def clean(self):
        cleaned = super().clean()
        # Past dates stay allowed here: a phase of a running campaign may have ended already.
        self.check_year(self.campaign.year, refuse_past=False)
        self.check_order()
        return cleaned


class PhaseMoveForm(forms.Form):
    to_phase = forms.ChoiceField(choices=Phase.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=1000)
    confirm = forms.BooleanField(
        label=_("Move on anyway (give the reason in the note)"), required=False
    )


class ExtensionForm(forms.Form):
    until = forms.DateField(
        label=_("Extended until (end of the day)"),
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
