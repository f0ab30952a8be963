"""The response form: one field per typed input of the indicator, built from the framework.

Values are checked by the scoring engine, whose messages are attached to the fields, so a draft
with a mistake still saves as typed. The form itself only refuses what cannot be kept at all: a
value or a note over its length limit (the rest of the form is saved all the same).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dti.core.formatting import format_number
from dti.scoring import IndicatorDef, InputSpec
from dti.scoring.inputs import NUMERIC_KINDS

from .models import Response
from .scoring import normalized_values

MAX_VALUE_LENGTH = 200
MAX_NOTE_LENGTH = 5000

_YES_NO = [("", _("— not answered —")), ("yes", _("Yes")), ("no", _("No"))]


def _field(spec: InputSpec) -> forms.Field:
    label = spec.label.pick(get_language() or "vi")
    if spec.unit:
        label = f"{label} ({spec.unit})"
    common = {"label": label, "required": False}
    if spec.kind == "boolean":
        return forms.ChoiceField(choices=_YES_NO, widget=forms.RadioSelect, **common)
    if spec.kind == "choice":
        language = get_language() or "vi"
        choices = [("", _("— choose —"))] + [
            (choice.value, choice.label.pick(language) or choice.value) for choice in spec.choices
        ]
        return forms.ChoiceField(choices=choices, **common)
    attributes = {"autocomplete": "off", "maxlength": MAX_VALUE_LENGTH}
    if spec.kind in NUMERIC_KINDS:
        attributes["inputmode"] = "numeric" if spec.kind == "integer" else "decimal"
        if spec.kind == "percent":
            attributes["aria-describedby"] = f"id_{spec.code}_unit"
    else:
        attributes["placeholder"] = "dd/mm/yyyy"
    return forms.CharField(
        max_length=MAX_VALUE_LENGTH, strip=True, widget=forms.TextInput(attrs=attributes), **common
    )


def displayed_values(indicator: IndicatorDef, values: dict) -> dict:
    """Stored values as the active language writes them: 7.5 is shown as "7,5" in Vietnamese.
    Values that are not numbers (a mistake kept in a draft) are shown exactly as typed."""
    shown = dict(values)
    for spec in indicator.inputs:
        value = values.get(spec.code)
        if spec.kind in NUMERIC_KINDS and value not in (None, ""):
            try:
                shown[spec.code] = format_number(Decimal(str(value)))
            except InvalidOperation:
                continue
    return shown


class ResponseForm(forms.Form):
    not_applicable = forms.BooleanField(
        label=_("This indicator does not apply to our agency"), required=False
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, indicator: IndicatorDef, *args, response: Response | None = None, **kwargs):
        if response is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **displayed_values(indicator, response.values),
                "not_applicable": response.not_applicable,
                "note": response.note,
            }
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.input_codes = [spec.code for spec in indicator.inputs]
        for spec in indicator.inputs:
            self.fields[spec.code] = _field(spec)
        if not indicator.may_be_not_applicable:
            del self.fields["not_applicable"]
        self.order_fields([*self.input_codes, "not_applicable", "note"])

    def input_fields(self):
        return [self[code] for code in self.input_codes]

    def raw_values(self) -> dict[str, str]:
        """What the user typed, field by field (also when the form has errors)."""
        return {code: (self.data.get(code) or "").strip() for code in self.input_codes}

    def refused_inputs(self) -> set[str]:
        """Inputs whose typed value cannot be kept at all (longer than MAX_VALUE_LENGTH); the
        field's own error says so and the field still shows what was typed."""
        return {code for code in self.input_codes if code in self.errors}

    def values_to_store(self, stored: dict[str, Any]) -> dict[str, Any]:
        """What is typed, normalised, except refused inputs, which keep their ``stored`` value:
        an over-long value is never cut and saved as something the user did not type."""
        values = normalized_values(self.indicator, self.raw_values())
        for code in self.refused_inputs():
            values[code] = stored.get(code, "")
        return values

    def note_to_store(self, stored: str) -> str:
        """The typed note, or the ``stored`` one while the typed note is refused (too long)."""
        return stored if "note" in self.errors else self.cleaned_data.get("note", "")

    def attach_engine_errors(self, errors: dict[str, list[str]]) -> None:
        if not self.is_bound:
            # An unbound form (a stored draft shown again) has no cleaned data for add_error to
            # update; its errors are shown next to the fields all the same.
            self.cleaned_data = {}
        for code, messages in errors.items():
            for message in messages:
                self.add_error(code, message)
