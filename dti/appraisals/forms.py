"""Forms of the appraiser's workspace: the queue filters and the decision on one item."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dti.agencies.models import Tier
from dti.assessments.forms import MAX_VALUE_LENGTH, ResponseForm
from dti.scoring import IndicatorDef

from .models import Decision, Round
from .selectors import QueueFilters

MAX_REASON_LENGTH = 5000


class QueueFilterForm(forms.Form):
    """The GET filters of the queue; also carried to an item for its previous / next links."""

    # Words of the name or the code, not a list: a country-wide tier has 3,500 agencies.
    agency = forms.CharField(
        label=_("Agency"),
        required=False,
        max_length=100,
        help_text=_("Its code, or words of its name (accents may be left out)."),
    )
    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    status = forms.ChoiceField(
        label=_("Decision"), required=False, choices=[("", _("All")), *Decision.choices]
    )
    round = forms.TypedChoiceField(
        label=_("Round"), required=False, coerce=int, empty_value=None, choices=Round.choices
    )
    changed = forms.BooleanField(
        label=_("Changed since the agency explained"),
        required=False,
        help_text=_("Round-2 items whose result now differs from round 1."),
    )

    def __init__(self, data, *, indicator_codes: list[str], default_round: int):
        data = data.copy()
        if not data.get("round"):
            data["round"] = str(default_round)
        super().__init__(data)
        self.default_round = default_round
        self.fields["indicator"].choices = [
            ("", _("All")),
            *[(code, code) for code in indicator_codes],
        ]

    def filters(self) -> QueueFilters:
        """The valid filters; an invalid one is shown with its error and not applied."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        changed = bool(cleaned.get("changed"))
        round_number = Round.SECOND if changed else cleaned.get("round") or self.default_round
        return QueueFilters(
            agency=cleaned.get("agency", "").strip(),
            indicator_code=cleaned.get("indicator", ""),
            status=cleaned.get("status", ""),
            round=round_number,
            changed=changed,
        )


class DecisionForm(forms.Form):
    """Accept or adjust, the reason, and the version the page was opened at."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            (Decision.ACCEPTED, _("Accept the self-assessment")),
            (Decision.ADJUSTED, _("Adjust the values below")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=MAX_REASON_LENGTH,
        help_text=_("Required when adjusting; the agency reads it with the results."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def attach(self, errors: dict[str, list[str]]) -> None:
        for code, messages in errors.items():
            for message in messages:
                self.add_error(code if code in self.fields else None, message)


class AppraisedValuesForm(ResponseForm):
    """The indicator's typed inputs, as in the self-assessment form, holding the appraised
    values. The fields carry a prefix so that an input code can never clash with the
    decision form's fields (``decision``, ``reason``, ``version``)."""

    prefix = "appraised"

    def __init__(self, indicator: IndicatorDef, *args, **kwargs):
        super().__init__(indicator, *args, **kwargs)
        del self.fields["note"]
        if "not_applicable" in self.fields:
            self.fields["not_applicable"].label = _("This indicator does not apply to the agency")

    def raw_values(self) -> dict[str, str]:
        """What the appraiser typed, field by field (also when the form has errors)."""
        return {
            code: (self.data.get(self.add_prefix(code)) or "").strip()[:MAX_VALUE_LENGTH]
            for code in self.input_codes
        }

    def declared_not_applicable(self) -> bool:
        return "not_applicable" in self.fields and bool(
            self.data.get(self.add_prefix("not_applicable"))
        )

    def attach(self, errors: dict[str, list[str]]) -> None:
        for code, messages in errors.items():
            if code in self.fields:
                for message in messages:
                    self.add_error(code, message)


class ConsolidationFilterForm(forms.Form):
    tier = forms.ChoiceField(label=_("Tier"), required=False)

    def __init__(self, data, *, tiers: set[str]):
        super().__init__(data)
        self.fields["tier"].choices = [
            ("", _("All")),
            *[(value, label) for value, label in Tier.choices if value in tiers],
        ]

    def selected_tier(self) -> str:
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("tier", "")
