from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from dti.agencies.permissions import can

from .admin_changes import AuditedModelAdmin
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


# Django admin pages of other apps that change who may do what or how one signs in: their
# writes are audited like the platform's own (auth groups and their permissions, second-factor
# devices, the sign-in lock-out records). This app is installed after theirs, so they are
# registered by now.
admin.site.unregister(Group)


@admin.register(Group)
class AuditedGroupAdmin(AuditedModelAdmin, GroupAdmin):
    pass


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuditedTOTPDeviceAdmin(AuditedModelAdmin, TOTPDeviceAdmin):
    pass


if admin.site.is_registered(AccessAttempt):  # AXES_ENABLE_ADMIN
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        admin.site.unregister(model)

    @admin.register(AccessAttempt)
    class AuditedAccessAttemptAdmin(AuditedModelAdmin, AccessAttemptAdmin):
        # Deleting an attempt unlocks a sign-in; axes' own "clean up expired attempts" deletes
        # without the admin's delete hooks, so only the audited deletion is offered.
        actions = ()

    @admin.register(AccessLog)
    class AuditedAccessLogAdmin(AuditedModelAdmin, AccessLogAdmin):
        pass

    @admin.register(AccessFailureLog)
    class AuditedAccessFailureLogAdmin(AuditedModelAdmin, AccessFailureLogAdmin):
        pass
