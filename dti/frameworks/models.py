"""Indicator frameworks: framework → groups → indicators → optional sub-criteria.

The scoring details of an indicator (rule, typed inputs, constraints, deductions, bonuses and
worked examples) are stored as the same plain structures as in the framework YAML files, and
turned into engine definitions by ``definitions.framework_definition``.
"""

import uuid

from django.db import models
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from dti.agencies.models import Tier
from dti.scoring.describe import FLAG_NAMES

POINTS = {"max_digits": 8, "decimal_places": 2}

# What the fields a group or indicator may list as not confirmed by the official decision
# (``document.CONFIRMABLE_FIELDS``) are called on the framework pages.
CONFIRMABLE_FIELD_LABELS = {
    "name": _("name"),
    "description": _("description"),
    "max_points": _("max points"),
    "rule": _("scoring rule"),
    "inputs": _("inputs"),
    "evidence": _("evidence"),
    "data_source": _("data source"),
    "appraising_units": _("appraising units"),
    "applies_to": _("applicability"),
}


class Localized:
    """``name`` / ``title`` in the active language, falling back to Vietnamese."""

    def localized(self, field: str) -> str:
        english = getattr(self, f"{field}_en", "")
        if (get_language() or "vi").startswith("en") and english:
            return english
        return getattr(self, f"{field}_vi")


class Unconfirmable:
    """A group or an indicator, whose ``unconfirmed`` lists fields the decision did not confirm."""

    @property
    def unconfirmed_labels(self) -> list[str]:
        """The fields not confirmed by the decision, by their names in the active language."""
        return [str(CONFIRMABLE_FIELD_LABELS.get(field, field)) for field in self.unconfirmed]


class Framework(Localized, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired")

    code = models.CharField(_("code"), max_length=64)
    version = models.PositiveIntegerField(_("version"), default=1)
    year = models.PositiveSmallIntegerField(_("year"))
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    legal_reference = models.CharField(_("decision number"), max_length=100)
    legal_reference_date = models.DateField(_("decision date"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    max_points = models.DecimalField(_("max points"), **POINTS)
    source_confirmed = models.BooleanField(_("confirmed by the decision"), default=False)
    source_note = models.TextField(_("note on sources"), blank=True)
    content_token = models.UUIDField(
        default=uuid.uuid4,
        editable=False,
        help_text="Renewed on every change of the framework's content; keys the definition cache.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "tier", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="framework_code_version"),
        ]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @property
    def title(self) -> str:
        return self.localized("title")


class Group(Localized, Unconfirmable, models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("code"), max_length=16)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=500)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    max_points = models.DecimalField(_("max points"), **POINTS)
    order = models.PositiveIntegerField(default=0)
    source_confirmed = models.BooleanField(_("confirmed by the decision"), default=False)
    unconfirmed = models.JSONField(_("unconfirmed fields"), default=list, blank=True)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="group_code_per_framework"),
        ]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return f"{self.code}. {self.name_vi}"

    @property
    def name(self) -> str:
        return self.localized("name")


class Indicator(Localized, Unconfirmable, models.Model):
    class Measurement(models.TextChoices):
        SELF = "self", _("Self-reported")
        AUTOMATIC = "automatic", _("Measured automatically")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=16)
    name_vi = models.TextField(_("name (Vietnamese)"))
    name_en = models.TextField(_("name (English)"), blank=True)
    description_vi = models.TextField(_("how it is determined (Vietnamese)"), blank=True)
    description_en = models.TextField(_("how it is determined (English)"), blank=True)
    max_points = models.DecimalField(_("max points"), **POINTS)
    rule = models.JSONField(_("scoring rule"))
    inputs = models.JSONField(_("inputs"), default=list, blank=True)
    constraints = models.JSONField(_("constraints"), default=list, blank=True)
    deductions = models.JSONField(_("deductions"), default=list, blank=True)
    bonuses = models.JSONField(_("bonuses"), default=list, blank=True)
    evidence_required = models.BooleanField(_("evidence required"), default=True)
    evidence_vi = models.TextField(_("evidence (Vietnamese)"), blank=True)
    evidence_en = models.TextField(_("evidence (English)"), blank=True)
    data_source_vi = models.TextField(_("data source (Vietnamese)"), blank=True)
    data_source_en = models.TextField(_("data source (English)"), blank=True)
    appraising_units = models.JSONField(
        _("default appraising units"),
        default=list,
        blank=True,
        help_text=_("Agency codes of the departments that appraise this indicator."),
    )
    applies_to = models.CharField(
        _("applies to"),
        max_length=64,
        default="all",
        help_text=_("'all', or the flag an agency needs, e.g. digital_economy."),
    )
    may_be_not_applicable = models.BooleanField(
        _("agency may declare not applicable"), default=False
    )
    measurement = models.CharField(
        _("measurement"), max_length=16, choices=Measurement.choices, default=Measurement.SELF
    )
    source_confirmed = models.BooleanField(_("confirmed by the decision"), default=False)
    unconfirmed = models.JSONField(_("unconfirmed fields"), default=list, blank=True)
    examples = models.JSONField(_("worked examples"), default=list, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="indicator_code_per_framework"
            ),
        ]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code}. {self.name_vi}"

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def description(self) -> str:
        return self.localized("description")

    @property
    def evidence(self) -> str:
        return self.localized("evidence")

    @property
    def data_source(self) -> str:
        return self.localized("data_source")

    def applies_to_flags(self, flags: frozenset[str]) -> bool:
        return self.applies_to == "all" or self.applies_to in flags

    @property
    def applies_to_label(self) -> str:
        """The flag the indicator needs, by what it means ("" when it applies to all)."""
        if self.applies_to == "all":
            return ""
        return (
            gettext(FLAG_NAMES[self.applies_to])
            if self.applies_to in FLAG_NAMES
            else self.applies_to
        )


class SubCriterion(Localized, models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=16)
    name_vi = models.TextField(_("name (Vietnamese)"))
    name_en = models.TextField(_("name (English)"), blank=True)
    max_points = models.DecimalField(_("max points"), **POINTS)
    rule = models.JSONField(_("scoring rule"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["indicator", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "code"], name="criterion_code_per_indicator"
            ),
        ]
        verbose_name = _("sub-criterion")
        verbose_name_plural = _("sub-criteria")

    def __str__(self) -> str:
        return f"{self.code}. {self.name_vi}"

    @property
    def name(self) -> str:
        return self.localized("name")


class FrameworkMapping(models.Model):
    """Which indicators of an earlier framework compare with which of a later one.

    Year-over-year change is shown only through such a mapping: an indicator without a mapped
    predecessor is "not comparable".
    """

    source = models.ForeignKey(
        Framework,
        on_delete=models.CASCADE,
        related_name="mappings_out",
        verbose_name=_("earlier framework"),
    )
    target = models.ForeignKey(
        Framework,
        on_delete=models.CASCADE,
        related_name="mappings_in",
        verbose_name=_("later framework"),
    )
    note = models.TextField(_("note"), blank=True)
    source_confirmed = models.BooleanField(_("confirmed by a source"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="one_mapping_per_pair"),
        ]
        verbose_name = _("framework mapping")
        verbose_name_plural = _("framework mappings")

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class IndicatorMapping(models.Model):
    mapping = models.ForeignKey(
        FrameworkMapping, on_delete=models.CASCADE, related_name="indicators"
    )
    source = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mapping", "target"], name="one_predecessor_per_indicator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.code} → {self.target.code}"
