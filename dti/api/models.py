"""Clients of the JSON API: systems that send automatically measured inputs.

A client holds a bearer token of which only the SHA-256 is stored (``dti.api.tokens``); the token
itself is shown once, when the coordinator creates the client. A client may write only the
indicators it is scoped to, and, when agencies are named, only for those agencies.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Room left in ``Response.source`` ("api:<client name> — <source>", 255 characters).
CLIENT_NAME_MAX_LENGTH = 60


class ApiClient(models.Model):
    name = models.CharField(_("name"), max_length=CLIENT_NAME_MAX_LENGTH, unique=True)
    description = models.TextField(_("description"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(
        _("token begins with"),
        max_length=12,
        editable=False,
        help_text=_("The first characters of the token, to recognise it; not enough to use it."),
    )
    indicators = models.ManyToManyField(
        "frameworks.Indicator", related_name="+", verbose_name=_("indicators it may write")
    )
    agencies = models.ManyToManyField(
        "agencies.Agency",
        blank=True,
        related_name="+",
        verbose_name=_("agencies it may write for"),
        help_text=_("None: any agency."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        """A client works until it is revoked; revocation is final (create a new client)."""
        return self.revoked_at is None
