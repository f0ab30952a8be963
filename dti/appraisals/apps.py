from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppraisalsConfig(AppConfig):
    name = "dti.appraisals"
    verbose_name = _("Appraisal")

    def ready(self):
        from . import phases  # registers the checks and actions of the appraisal phases

        del phases
