from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "dti.results"
    verbose_name = _("Results")

    def ready(self):
        from . import phases  # registers what publication does

        del phases
