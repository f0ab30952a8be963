"""Raw edits for the coordinator, e.g. correcting unconfirmed details from the decision.

Raw edits get the loader's checks, with its messages: an indicator's scoring part (rule, inputs
and the sub-criteria as submitted) is built by the engine, and a change of points must keep each
group at the sum of its indicators and the framework at the sum of its groups.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from dti.agencies.models import flag_label
from dti.audit.admin_changes import AuditedModelAdmin
from dti.core.formatting import ui_renderer
from dti.scoring.messages import Message
from dti.scoring.spec import Problems, build_indicator

from .definitions import indicator_spec
from .document import check_sums
from .models import CONFIRMABLE_FIELD_LABELS, Framework, Group, Indicator, SubCriterion
from .services import touch_framework

POINTS_HINT = _(
    "To change the points of an indicator, its group and the framework together, export the "
    "framework to Excel, correct it there and import it again as an update."
)


@dataclass
class GroupPoints:
    """A group's points as an edit would leave them, and whether the edit touches them."""

    code: str
    max_points: Decimal
    indicator_points: dict[object, Decimal] = field(default_factory=dict)  # indicator pk → max
    touched: bool = False


def stored_points(framework: Framework) -> dict[object, GroupPoints]:
    """The framework's groups (by primary key, in order) with their indicators' points."""
    groups = {
        group.pk: GroupPoints(group.code, group.max_points)
        for group in framework.groups.order_by("order")
    }
    for pk, group_id, points in framework.indicators.values_list("pk", "group_id", "max_points"):
        groups[group_id].indicator_points[pk] = points
    return groups


def points_sum_problems(
    framework_max: Decimal, groups: list[GroupPoints], total_touched: bool
) -> list[str]:
    """The loader's points-sum problems of what the edit touches (a sum already off elsewhere
    does not block an unrelated correction), each group named, then how to change points."""
    problems = Problems()
    check_sums(
        {
            "max_points": framework_max,
            "groups": [
                {
                    "max_points": group.max_points,
                    "indicators": [
                        {"max_points": points} for points in group.indicator_points.values()
                    ],
                }
                for group in groups
            ],
        },
        problems,
    )
    renderer = ui_renderer()
    lines = []
    for problem in problems:
        if problem.path == "max_points":  # the framework's
            if total_touched:
                lines.append(problem.message.render(renderer))
            continue
        group = groups[int(problem.path.removeprefix("groups[").split("]")[0])]
        if group.touched:
            message = Message(
                _("Group {group}: {problem}"), {"group": group.code, "problem": problem.message}
            )
            lines.append(message.render(renderer))
    return [*lines, str(POINTS_HINT)] if lines else []


class UnconfirmedFilter(admin.SimpleListFilter):
    title = _("confirmed by the decision")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("no", _("Not confirmed")), ("yes", _("Confirmed"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(source_confirmed=False)
        if self.value() == "yes":
            return queryset.filter(source_confirmed=True)
        return queryset


class AppliesToFilter(admin.SimpleListFilter):
    """The indicators by whom they apply to, named by what the flag means."""

    title = _("applies to")
    parameter_name = "applies_to"

    def lookups(self, request, model_admin):
        values = Indicator.objects.order_by("applies_to").values_list("applies_to", flat=True)
        return [(value, applies_to_text(value)) for value in values.distinct()]

    def queryset(self, request, queryset):
        return queryset.filter(applies_to=self.value()) if self.value() else queryset


def applies_to_text(applies_to: str) -> str:
    """Whom an indicator applies to, in words: every agency, or those with a flag (by what the
    flag means)."""
    return str(_("every agency of the tier")) if applies_to == "all" else flag_label(applies_to)


def unconfirmed_text(item: Group | Indicator) -> str:
    """The fields the decision did not confirm, by their names ("—" when none)."""
    return ", ".join(item.unconfirmed_labels) or "—"


def _kept_rows(formset: BaseInlineFormSet) -> list[forms.Form]:
    """The inline rows that will be stored (filled in and not marked for deletion)."""
    return [
        form
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
    ]


class GroupFormSet(BaseInlineFormSet):
    """The groups of a framework as submitted: points sums as the loader checks them."""

    def clean(self):
        super().clean()
        framework = self.instance
        if any(self.errors) or framework.pk is None:
            return
        stored = stored_points(framework)
        stored_max = Framework.objects.values_list("max_points", flat=True).get(pk=framework.pk)
        groups = []
        total_touched = framework.max_points != stored_max
        for form in _kept_rows(self):
            data = form.cleaned_data
            group = stored.get(form.instance.pk) or GroupPoints("", Decimal(0))
            group.code, group.max_points = data["code"], data["max_points"]
            group.touched = form.instance.pk is None or "max_points" in form.changed_data
            total_touched = total_touched or group.touched
            groups.append(group)
        total_touched = total_touched or len(groups) != len(stored)  # a group deleted
        problems = points_sum_problems(framework.max_points, groups, total_touched)
        if problems:
            raise forms.ValidationError(problems)


class GroupInline(admin.TabularInline):
    model = Group
    formset = GroupFormSet
    fields = (
        "order",
        "code",
        "name_vi",
        "name_en",
        "max_points",
        "source_confirmed",
        "unconfirmed",
        "unconfirmed_column",
    )
    readonly_fields = ("unconfirmed_column",)
    extra = 0

    @admin.display(description=_("unconfirmed fields, by name"))
    def unconfirmed_column(self, group: Group) -> str:
        return unconfirmed_text(group) if group.pk else ""


class IndicatorOverviewInline(admin.TabularInline):
    """The framework's indicators with the fields the decision did not confirm, to read (each
    indicator is corrected on its own page, where its scoring part is checked)."""

    model = Indicator
    fields = ("code", "name_vi", "max_points", "applies_to_column", "unconfirmed_column")
    readonly_fields = fields
    ordering = ("order",)
    show_change_link = True
    can_delete = False
    extra = 0
    verbose_name = _("indicator")
    verbose_name_plural = _("Indicators and the fields the decision does not confirm")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("applies to"))
    def applies_to_column(self, indicator: Indicator) -> str:
        return applies_to_text(indicator.applies_to)

    @admin.display(description=_("unconfirmed fields"))
    def unconfirmed_column(self, indicator: Indicator) -> str:
        return unconfirmed_text(indicator)


@admin.register(Framework)
class FrameworkAdmin(AuditedModelAdmin):
    list_display = (
        "code",
        "version",
        "year",
        "tier",
        "legal_reference",
        "status",
        "max_points",
        "source_confirmed",
    )
    list_filter = ("year", "tier", "status", "source_confirmed")
    search_fields = ("code", "title_vi", "legal_reference")
    inlines = [GroupInline, IndicatorOverviewInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        touch_framework(form.instance)


class SubCriterionFormSet(BaseInlineFormSet):
    """The sub-criteria as submitted, checked with the indicator as submitted: the engine builds
    the whole scoring part, as the loader does (the indicator's form cannot see these rows)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rows = sorted(
            (form.cleaned_data for form in _kept_rows(self)), key=lambda data: data["order"]
        )
        spec = indicator_spec(self.instance, criteria=[])
        spec["criteria"] = [
            {
                "code": data["code"],
                "name": {"vi": data["name_vi"], "en": data["name_en"]},
                "max_points": data["max_points"],
                "rule": data["rule"],
            }
            for data in rows
        ]
        problems = Problems()
        build_indicator(spec, "", problems)
        if problems:
            renderer = ui_renderer()
            raise forms.ValidationError([problem.render(renderer) for problem in problems])


class SubCriterionInline(admin.TabularInline):
    model = SubCriterion
    formset = SubCriterionFormSet
    fields = ("order", "code", "name_vi", "name_en", "max_points", "rule")
    extra = 0


def unconfirmed_help() -> str:
    """What the keys of an ``unconfirmed`` list mean, in the active language."""
    keys = ", ".join(f"{key} = {label}" for key, label in CONFIRMABLE_FIELD_LABELS.items())
    return _(
        'The fields the decision does not confirm, as a list such as ["name", "rule"]. '
        "Keys: %(keys)s."
    ) % {"keys": keys}


class IndicatorAdminForm(forms.ModelForm):
    """An indicator's points must keep its group at the sum of its indicators (its scoring part
    is checked with the sub-criteria, by ``SubCriterionFormSet``)."""

    class Meta:
        model = Indicator
        fields = (
            "framework",
            "group",
            "order",
            "code",
            "name_vi",
            "name_en",
            "description_vi",
            "description_en",
            "max_points",
            "rule",
            "inputs",
            "constraints",
            "deductions",
            "bonuses",
            "evidence_required",
            "evidence_vi",
            "evidence_en",
            "data_source_vi",
            "data_source_en",
            "appraising_units",
            "applies_to",
            "may_be_not_applicable",
            "measurement",
            "source_confirmed",
            "unconfirmed",
            "examples",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unconfirmed"].help_text = unconfirmed_help()

    def clean(self):
        cleaned = super().clean()
        moved = {"max_points", "group", "framework"} & set(self.changed_data)
        if self.errors or not (moved or self.instance.pk is None):
            return cleaned
        framework, group = cleaned["framework"], cleaned["group"]
        groups = stored_points(framework)
        for stored in groups.values():
            stored.indicator_points.pop(self.instance.pk, None)
        if group.pk in groups:
            groups[group.pk].indicator_points[self.instance.pk] = cleaned["max_points"]
        for pk in {group.pk, self.instance.group_id if self.instance.pk else None}:
            if pk in groups:
                groups[pk].touched = True
        problems = points_sum_problems(framework.max_points, list(groups.values()), False)
        if problems:
            raise forms.ValidationError(problems)
        return cleaned


@admin.register(Indicator)
class IndicatorAdmin(AuditedModelAdmin):
    form = IndicatorAdminForm
    list_display = (
        "code",
        "name_vi",
        "framework",
        "max_points",
        "applies_to_column",
        "measurement",
        "source_confirmed",
        "unconfirmed_column",
    )
    list_filter = ("framework", UnconfirmedFilter, "measurement", AppliesToFilter)
    search_fields = ("code", "name_vi", "name_en")
    ordering = ("framework", "order")
    readonly_fields = ("unconfirmed_names",)
    inlines = [SubCriterionInline]

    @admin.display(description=_("applies to"), ordering="applies_to")
    def applies_to_column(self, indicator: Indicator) -> str:
        return applies_to_text(indicator.applies_to)

    @admin.display(description=_("unconfirmed fields"))
    def unconfirmed_column(self, indicator: Indicator) -> str:
        return unconfirmed_text(indicator)

    @admin.display(description=_("unconfirmed fields, by name"))
    def unconfirmed_names(self, indicator: Indicator) -> str:
        return unconfirmed_text(indicator) if indicator.pk else ""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        touch_framework(form.instance.framework)


class GroupAdminForm(forms.ModelForm):
    """A group's points must stay the sum of its indicators and keep the framework's sum."""

    class Meta:
        model = Group
        fields = (
            "framework",
            "code",
            "name_vi",
            "name_en",
            "max_points",
            "order",
            "source_confirmed",
            "unconfirmed",
        )

    def clean(self):
        cleaned = super().clean()
        if self.errors or self.instance.pk is None or "max_points" not in self.changed_data:
            return cleaned
        framework = self.instance.framework
        groups = stored_points(framework)
        edited = groups[self.instance.pk]
        edited.max_points, edited.touched = cleaned["max_points"], True
        problems = points_sum_problems(framework.max_points, list(groups.values()), True)
        if problems:
            raise forms.ValidationError(problems)
        return cleaned


@admin.register(Group)
class GroupAdmin(AuditedModelAdmin):
    form = GroupAdminForm
    list_display = (
        "code",
        "name_vi",
        "framework",
        "max_points",
        "source_confirmed",
        "unconfirmed_column",
    )
    list_filter = ("framework", UnconfirmedFilter)

    @admin.display(description=_("unconfirmed fields"))
    def unconfirmed_column(self, group: Group) -> str:
        return unconfirmed_text(group)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        touch_framework(obj.framework)
