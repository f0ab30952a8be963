from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from dti.audit.admin_changes import AuditedModelAdmin

from .models import Agency, User


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = (
        "code",
        "name",
        "tier",
        "flags",
        "is_assessed",
        "is_appraising_unit",
        "active_from",
        "active_until",
        "is_placeholder",
        "source_confirmed",
    )
    list_filter = (
        "tier",
        "is_assessed",
        "is_appraising_unit",
        "is_placeholder",
        "source_confirmed",
    )
    search_fields = ("code", "name", "name_en")


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
    """Accounts are read here; coordinators change them on the Accounts pages, whose services
    check the role rules and audit every change. Only a superuser (a server administrator,
    made with ``createsuperuser``) may write here — roles, permissions, superuser status."""

    list_display = ("username", "full_name", "role", "agency", "is_active")
    list_filter = ("role", "is_active", "agency__tier")
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("DTI"), {"fields": ("full_name", "role", "agency", "must_change_password")}),
    )

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
