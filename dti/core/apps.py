from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dti.core"
    verbose_name = "DTI"
