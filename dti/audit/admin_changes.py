"""Django admin that writes the audit trail.

Coordinators correct frameworks and agencies in Django admin (details the public sources do
not give); a superuser may also change accounts, their groups and permissions, second-factor
devices and the sign-in lock-out tables there. Those raw edits bypass the services, so the admin
classes record them here: every add, change and delete, of the edited object and of the rows of
its inlines, as an audit event ``admin.add`` / ``admin.change`` / ``admin.delete`` with the
stored field values before and after, many-to-many links (a user's groups and permissions, a
group's permissions) as the sorted list of what they link to. Password hashes and second-factor
secrets are never copied into the trail.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models

from .services import NO_AGENCY, record

# A password hash; the secret of a TOTP device (django_otp), from which its codes follow.
HIDDEN_FIELDS = {"password", "key"}
HIDDEN_VALUE = "(hidden)"


def stored_fields(obj: models.Model) -> dict[str, Any] | None:
    """The row of ``obj`` as the database holds it now (None if it is not stored)."""
    if obj.pk is None:
        return None
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    return field_values(stored) if stored is not None else None


def field_values(obj: models.Model) -> dict[str, Any]:
    return {
        field.attname: HIDDEN_VALUE if field.name in HIDDEN_FIELDS else getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
    }


def links(obj: models.Model) -> dict[str, list[str]]:
    """The stored many-to-many links of ``obj``: field name → what it links to, sorted."""
    if obj.pk is None:
        return {}
    return {
        field.name: sorted(str(linked) for linked in getattr(obj, field.name).all())
        for field in obj._meta.many_to_many
    }


def _changed_only(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """Of a change, only the fields that differ (the whole row for an add or a delete)."""
    if before is None or after is None:
        return before, after
    changed = [name for name in after if before.get(name) != after[name]]
    return {name: before.get(name) for name in changed}, {name: after[name] for name in changed}


def record_admin_change(user, action: str, obj: models.Model, before, after) -> None:
    """Record one admin write; a deletion is recorded before it happens (in the same
    transaction), while the object still has its primary key."""
    before, after = _changed_only(before, after)
    if action == "admin.change" and not after:
        return
    agency = (
        NO_AGENCY
        if action == "admin.delete" and obj._meta.label_lower == "agencies.agency"
        else None
    )
    record(user, action, obj, before=before, after=after, reason="Django admin", agency=agency)


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every write, inlines and many-to-many links included, is recorded in
    the audit trail.

    The admin saves an object's fields (``save_model``) before its links and inlines
    (``save_related``): the fields' before and after are kept on the form until the links are
    saved too, then recorded as one event.
    """

    def save_model(self, request, obj, form, change):
        before = stored_fields(obj) if change else None
        super().save_model(request, obj, form, change)
        form.audited_fields = (before, field_values(obj))

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        links_before = links(obj) if change else {}
        super().save_related(request, form, formsets, change)
        fields_before, fields_after = form.audited_fields
        before = None if fields_before is None else {**fields_before, **links_before}
        after = {**fields_after, **links(obj)}
        action = "admin.change" if change else "admin.add"
        record_admin_change(request.user, action, obj, before, after)

    def delete_model(self, request, obj):
        before = {**field_values(obj), **links(obj)}
        record_admin_change(request.user, "admin.delete", obj, before, None)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            record_admin_change(request.user, "admin.delete", obj, field_values(obj), None)
            obj.delete()
        for obj in instances:
            before = stored_fields(obj)
            obj.save()
            action = "admin.add" if before is None else "admin.change"
            record_admin_change(request.user, action, obj, before, field_values(obj))
        formset.save_m2m()
