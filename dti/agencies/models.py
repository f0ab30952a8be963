from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dti.scoring.describe import FLAG_NAMES


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

    def flags_in(self, year: int) -> frozenset[str]:
        """The agency's flags of ``year`` (prefetch ``yearly_flags`` when reading many)."""
        return frozenset(item.flag for item in self.yearly_flags.all() if item.year == year)

    @property
    def flags_by_year(self) -> list[tuple[int, list["AgencyFlag"]]]:
        """(year, flags of that year) for every year with a flag, oldest first."""
        years: dict[int, list[AgencyFlag]] = {}
        for item in sorted(self.yearly_flags.all(), key=lambda item: (item.year, item.flag)):
            years.setdefault(item.year, []).append(item)
        return list(years.items())


def flag_label(flag: str) -> str:
    """What a flag means, in the active language (the flag itself when the platform does not
    know it)."""
    return gettext(FLAG_NAMES[flag]) if flag in FLAG_NAMES else flag


class AgencyFlag(models.Model):
    """A marker of an agency in one year that decides which indicators apply to it, e.g.
    ``digital_economy``. Flags are yearly facts (nine departments had digital-economy tasks in
    2024, eight in 2025), so each year's agency list sets that year's flags only."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="yearly_flags"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    flag = models.CharField(
        _("flag"),
        max_length=64,
        help_text=_("Decides which indicators apply, e.g. digital_economy."),
    )

    class Meta:
        ordering = ["agency", "year", "flag"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "flag"], name="agency_flag_once_a_year"
            ),
        ]
        verbose_name = _("flag of a year")
        verbose_name_plural = _("flags by year")

    def __str__(self) -> str:
        return f"{self.agency.code} {self.year}: {self.flag}"

    @property
    def label(self) -> str:
        return flag_label(self.flag)


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
