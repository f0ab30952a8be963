from django.contrib import admin

from dti.agencies.permissions import can

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is append-only, so nobody adds, changes or deletes through here.

    Who may read it follows the permission table (``audit.view``), like the audit trail page.
    """

    list_display = (
        "at",
        "actor",
        "ip_address",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "agency",
    )
    list_filter = ("action", "object_type", ("agency", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("actor", "agency")
    search_fields = ("object_repr", "object_id", "reason", "actor__username", "actor__full_name")
    date_hierarchy = "at"
    show_full_result_count = False  # a count of a long trail on every page is not worth it

    def has_module_permission(self, request):
        return can(request.user, "audit.view") or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return can(request.user, "audit.view") or super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
