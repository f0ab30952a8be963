from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "dti.results"
    verbose_name = _("Results")

    def ready(self):
        # dti.reports is not an installed app of its own (it has no models): the results app,
        # whose pages serve the reports, registers its start-up checks.
        from dti.reports import checks

        from . import phases  # registers what publication does

        del checks, phases
