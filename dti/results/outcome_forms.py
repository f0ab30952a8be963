"""Forms of the PAR Index rule and the award rule.

The forms read what was typed (numbers in the active language's format: "2,5" in Vietnamese)
and show the rule's own errors (ranges, band order, at least one award condition) from the
checks in ``outcomes.py`` on their fields, all at once; the services repeat those checks.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AwardRule, ParIndexRule, ParMethod
from .outcomes import (
    DEFAULT_COMPONENT_MAX,
    DEFAULT_PAR_COMPONENT,
    NON_FIELD,
    check_award_rule,
    check_par_rule,
)

BAND_ROWS = 6


def _number_input() -> forms.TextInput:
    """Text rather than type=number: browsers refuse "2,5" in a number input."""
    return forms.TextInput(attrs={"inputmode": "decimal", "size": 8})


class RuleErrorsMixin:
    """Put a service's errors (``RuleInvalid.errors``) on the form's fields."""

    def field_for(self, key: str) -> str | None:
        return key if key in self.fields else None

    def add_rule_errors(self, errors: dict[str, list[str]]) -> None:
        """Add each error to its field, unless the field already has one (what was typed there
        could not be read, which says enough)."""
        for key, messages in errors.items():
            name = None if key == NON_FIELD else self.field_for(key)
            if name is not None and name in self.errors:
                continue
            for message in messages:
                self.add_error(name, message)


class ParRuleForm(RuleErrorsMixin, forms.Form):
    component_name = forms.CharField(
        label=_("PAR Index component"),
        max_length=255,
        help_text=_("As the Department of Home Affairs names it in the PAR Index."),
    )
    method = forms.ChoiceField(
        label=_("Method"), choices=ParMethod.choices, widget=forms.RadioSelect
    )
    component_max = forms.DecimalField(
        label=_("Component maximum (points)"),
        localize=True,
        widget=_number_input(),
        help_text=_("E.g. 3: the points an agency with a DTI value of 1 receives."),
    )
    otherwise_points = forms.DecimalField(
        label=_("Points for every other rank"),
        required=False,
        localize=True,
        widget=_number_input(),
        help_text=_("Leave empty to give 0 points below the last band."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, BAND_ROWS + 1):
            self.fields[f"band_{number}_max_rank"] = forms.IntegerField(
                label=_("Band {number}: last rank").format(number=number),
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}),
            )
            self.fields[f"band_{number}_points"] = forms.DecimalField(
                label=_("Band {number}: points").format(number=number),
                required=False,
                localize=True,
                widget=_number_input(),
            )

    @classmethod
    def for_rule(cls, rule: ParIndexRule | None) -> ParRuleForm:
        """The form showing a saved rule, or the usual defaults when there is none."""
        if rule is None:
            return cls(
                initial={
                    "component_name": DEFAULT_PAR_COMPONENT,
                    "method": ParMethod.PROPORTIONAL,
                    "component_max": DEFAULT_COMPONENT_MAX,
                }
            )
        initial = {
            "component_name": rule.component_name,
            "method": rule.method,
            "component_max": rule.component_max,
        }
        rows = [band for band in rule.bands if "max_rank" in band]
        for number, band in enumerate(rows, start=1):
            initial[f"band_{number}_max_rank"] = band["max_rank"]
            initial[f"band_{number}_points"] = Decimal(str(band["points"]))
        for band in rule.bands:
            if "otherwise" in band:
                initial["otherwise_points"] = Decimal(str(band["otherwise"]))
        return cls(initial=initial)

    def band_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [
            (number, self[f"band_{number}_max_rank"], self[f"band_{number}_points"])
            for number in range(1, BAND_ROWS + 1)
        ]

    def _filled_rows(self) -> list[int]:
        return [
            number
            for number in range(1, BAND_ROWS + 1)
            if self.cleaned_data.get(f"band_{number}_max_rank") is not None
            or self.cleaned_data.get(f"band_{number}_points") is not None
        ]

    def clean(self):
        cleaned = super().clean()
        filled = self._filled_rows()
        for number in filled:
            for part in ("max_rank", "points"):
                name = f"band_{number}_{part}"
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Give both the rank and the points, or neither."))
        has_gap = bool(filled) and filled != list(range(1, len(filled) + 1))
        if has_gap:
            first_gap = next(number for number in range(1, BAND_ROWS + 1) if number not in filled)
            self.add_error(
                f"band_{first_gap}_max_rank",
                _("Fill in the bands from the first row down, without empty rows between."),
            )
        # The rule's own checks, so that every error shows at once (the service repeats them).
        _bands, errors = check_par_rule(
            cleaned.get("component_name", ""),
            cleaned.get("method", ""),
            cleaned.get("component_max"),
            self.bands(),
        )
        if has_gap:  # band positions no longer match the rows
            errors = {key: value for key, value in errors.items() if not key.startswith("bands")}
        self.add_rule_errors(errors)
        return cleaned

    def bands(self) -> list[dict]:
        """The bands as the service takes them: rows in order, then the other ranks."""
        bands: list[dict] = [
            {
                "max_rank": self.cleaned_data.get(f"band_{number}_max_rank"),
                "points": self.cleaned_data.get(f"band_{number}_points"),
            }
            for number in self._filled_rows()
        ]
        if self.cleaned_data.get("otherwise_points") is not None:
            bands.append({"otherwise": self.cleaned_data["otherwise_points"]})
        return bands

    def field_for(self, key: str) -> str | None:
        """``bands[0].points`` is the first row's points; ``bands`` itself the first row."""
        if key == "bands":
            return "band_1_max_rank"
        if key.startswith("bands["):
            index = int(key[len("bands[") : key.index("]")])
            part = key.rpartition(".")[2] if "." in key else "max_rank"
            if part == "otherwise":
                return "otherwise_points"
            return f"band_{index + 1}_{part}"
        return super().field_for(key)


class AwardRuleForm(RuleErrorsMixin, forms.Form):
    top_n = forms.IntegerField(
        label=_("Number of agencies proposed per tier"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}),
        help_text=_(
            "The best N of each tier among those meeting the other conditions; agencies tied "
            "at the last place are all proposed. Leave empty for no limit."
        ),
    )
    min_dti_value = forms.DecimalField(
        label=_("Minimum DTI value"),
        required=False,
        localize=True,
        widget=_number_input(),
        help_text=_("Between 0 and 1, e.g. 0,8. Leave empty for no minimum."),
    )
    no_zero_indicator = forms.BooleanField(
        label=_("No indicator at 0 points"),
        required=False,
        help_text=_("Agencies with an applicable indicator at 0 points are not proposed."),
    )

    def clean(self):
        cleaned = super().clean()
        errors = check_award_rule(
            cleaned.get("top_n"), cleaned.get("min_dti_value"), cleaned.get("no_zero_indicator")
        )
        if self.errors:  # a value that could not be read is not a missing condition
            errors.pop(NON_FIELD, None)
        self.add_rule_errors(errors)
        return cleaned

    @classmethod
    def for_rule(cls, rule: AwardRule | None) -> AwardRuleForm:
        if rule is None:
            return cls(initial={"top_n": 3, "no_zero_indicator": True})
        return cls(
            initial={
                "top_n": rule.top_n,
                "min_dti_value": rule.min_dti_value,
                "no_zero_indicator": rule.no_zero_indicator,
            }
        )
