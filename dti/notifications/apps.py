from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "dti.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from . import jobs

        request_started.connect(jobs.request_started, dispatch_uid="notifications.request")
        request_finished.connect(jobs.request_finished, dispatch_uid="notifications.request")
