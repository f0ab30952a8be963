from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.TextChoices):
    DEPARTMENT = "department", _("Department (Sở, ban, ngành)")
    COMMUNE = "commune", _("Commune / ward (UBND xã, phường)")
    DISTRICT = "district", _("District (UBND quận, huyện, thị xã)")


class Agency(models.Model):
    """A body that is assessed (and, for departments, may appraise others)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices)
    flags = models.JSONField(
        _("flags"),
        default=list,
        blank=True,
        help_text=_("Markers that decide which indicators apply, e.g. digital_economy."),
    )
    is_assessed = models.BooleanField(
        _("assessed"),
        default=True,
        help_text=_("Takes part in DTI assessments (false for units that only appraise)."),
    )
    is_appraising_unit = models.BooleanField(_("appraising unit"), default=False)
    active_from = models.PositiveSmallIntegerField(_("active from year"), null=True, blank=True)
    active_until = models.PositiveSmallIntegerField(_("active until year"), null=True, blank=True)
    is_placeholder = models.BooleanField(
        _("placeholder"),
        default=False,
        help_text=_(
            "Stands in for an agency whose name the sources do not give; replace by "
            "importing the official list."
        ),
    )
    source_confirmed = models.BooleanField(
        _("confirmed by a source"),
        default=False,
        help_text=_("Name and tier checked against an official list."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["tier", "code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name

    def is_active_in(self, year: int) -> bool:
        starts = self.active_from is None or self.active_from <= year
        ends = self.active_until is None or year <= self.active_until
        return starts and ends

    @property
    def flag_set(self) -> frozenset[str]:
        return frozenset(self.flags or [])


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    AGENCY_STAFF = "agency_staff", _("Agency staff")
    AGENCY_LEADER = "agency_leader", _("Agency leader")
    APPRAISER = "appraiser", _("Appraiser")
    WORKING_GROUP = "working_group", _("Working group member")
    COUNCIL_MEMBER = "council_member", _("Council member")


# Roles whose account must belong to an agency.
ROLES_WITH_AGENCY = {Role.AGENCY_STAFF, Role.AGENCY_LEADER, Role.APPRAISER}


class User(AbstractUser):
    """An account: one role, and the agency it acts for where the role needs one."""

    full_name = models.CharField(_("full name"), max_length=255, blank=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    # The coordinator knows a password it set (on creation, reset or import): the user must
    # choose their own before anything else (dti.core.security.PasswordChangeMiddleware).
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("The coordinator set the password; cleared when the user changes it."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR
