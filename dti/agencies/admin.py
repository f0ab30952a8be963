from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from dti.audit.admin_changes import AuditedModelAdmin
from dti.audit.services import record

from .models import Agency, AgencyFlag, User


class AgencyFlagInline(admin.TabularInline):
    """The agency's flags, one row per year and flag (each year's list sets its own)."""

    model = AgencyFlag
    fields = ("year", "flag", "label")
    readonly_fields = ("label",)
    extra = 0

    @admin.display(description=_("meaning"))
    def label(self, obj: AgencyFlag) -> str:
        return obj.label if obj.pk else ""


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = (
        "code",
        "name",
        "tier",
        "flags_by_year",
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
    inlines = [AgencyFlagInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("yearly_flags")

    @admin.display(description=_("flags by year"))
    def flags_by_year(self, agency: Agency) -> str:
        return "; ".join(
            f"{year}: {', '.join(item.label for item in flags)}"
            for year, flags in agency.flags_by_year
        )


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

    def user_change_password(self, request, id, form_url=""):
        """Django admin's own password form (it bypasses ``save_model``): a password it sets
        is recorded in the audit trail, without the password or its hash."""
        stored_hash = User.objects.filter(pk=id).values_list("password", flat=True).first()
        response = super().user_change_password(request, id, form_url)
        user = User.objects.filter(pk=id).first()
        if user is not None and stored_hash is not None and user.password != stored_hash:
            record(request.user, "admin.password_change", user, reason="Django admin")
        return response
