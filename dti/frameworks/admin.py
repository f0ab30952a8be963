"""Raw edits for the coordinator, e.g. correcting unconfirmed details from the decision."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from dti.audit.admin_changes import AuditedModelAdmin
from dti.core.formatting import ui_renderer
from dti.scoring.spec import Problems, build_indicator

from .models import Framework, Group, Indicator, SubCriterion
from .services import touch_framework


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


class GroupInline(admin.TabularInline):
    model = Group
    fields = (
        "order",
        "code",
        "name_vi",
        "name_en",
        "max_points",
        "source_confirmed",
        "unconfirmed",
    )
    extra = 0


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
    inlines = [GroupInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        touch_framework(form.instance)


class SubCriterionInline(admin.TabularInline):
    model = SubCriterion
    fields = ("order", "code", "name_vi", "name_en", "max_points", "rule")
    extra = 0


class IndicatorAdminForm(forms.ModelForm):
    """Checks the scoring part with the engine before anything is saved."""

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

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        spec = {
            key: cleaned.get(key)
            for key in (
                "code",
                "max_points",
                "rule",
                "inputs",
                "constraints",
                "deductions",
                "bonuses",
                "applies_to",
                "may_be_not_applicable",
            )
        }
        spec["name"] = {"vi": cleaned.get("name_vi") or "", "en": cleaned.get("name_en") or ""}
        if self.instance.pk:
            spec["criteria"] = [
                {
                    "code": item.code,
                    "name": item.name_vi,
                    "max_points": item.max_points,
                    "rule": item.rule,
                }
                for item in self.instance.criteria.all()
            ]
        problems = Problems()
        build_indicator(spec, "", problems)
        if problems:
            renderer = ui_renderer()
            raise forms.ValidationError([problem.render(renderer) for problem in problems])
        return cleaned


@admin.register(Indicator)
class IndicatorAdmin(AuditedModelAdmin):
    form = IndicatorAdminForm
    list_display = (
        "code",
        "name_vi",
        "framework",
        "max_points",
        "applies_to",
        "measurement",
        "source_confirmed",
        "unconfirmed",
    )
    list_filter = ("framework", UnconfirmedFilter, "measurement", "applies_to")
    search_fields = ("code", "name_vi", "name_en")
    ordering = ("framework", "order")
    inlines = [SubCriterionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        touch_framework(form.instance.framework)


@admin.register(Group)
class GroupAdmin(AuditedModelAdmin):
    list_display = ("code", "name_vi", "framework", "max_points", "source_confirmed")
    list_filter = ("framework", UnconfirmedFilter)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        touch_framework(obj.framework)
