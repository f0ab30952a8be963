from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dti.agencies.permissions import can

# Menu entries: (URL name, label, the action the user needs to see it).
MENU = [
    ("assessments:mine", _("Our self-assessment"), "assessment.edit"),
    ("campaigns:list", _("Campaigns"), "campaign.view"),
    ("appraisals:home", _("Appraisal"), "appraisal.view"),
    ("appraisals:council_home", _("Council"), "council.opinion"),
    ("frameworks:list", _("Frameworks"), "framework.view"),
    ("agencies:list", _("Agencies"), "agency.view"),
]
# The coordinator's administration pages, grouped under one entry of the menu so that the menu
# keeps to one line on an office screen (Django admin is added there for staff).
ADMIN_MENU = [
    ("accounts:list", _("Accounts"), "account.manage"),
    ("api_clients:list", _("API clients"), "apiclient.manage"),
    ("jobs:list", _("Background jobs"), "job.view"),
    ("audit:list", _("Audit trail"), "audit.view"),
]


def site(request):
    user = getattr(request, "user", None)
    menu, admin_menu = [], []
    if user is not None and user.is_authenticated:
        menu = [(reverse(name), label) for name, label, action in MENU if can(user, action)]
        admin_menu = [
            (reverse(name), label) for name, label, action in ADMIN_MENU if can(user, action)
        ]
    return {"CITY_NAME": settings.CITY_NAME, "menu": menu, "admin_menu": admin_menu}
