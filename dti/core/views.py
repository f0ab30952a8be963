from django.shortcuts import redirect, render

from dti.agencies.permissions import can

# Where each kind of user starts: the first page of this list they may see.
START_PAGES = [
    ("assessment.edit", "assessments:mine"),
    ("campaign.view", "campaigns:list"),
    ("appraisal.view", "appraisals:home"),
    ("council.opinion", "appraisals:council_home"),
    ("framework.view", "frameworks:list"),
]


def home(request):
    """Signed-in users land on their start page; visitors see the platform's front page."""
    if request.user.is_authenticated:
        for action, url_name in START_PAGES:
            if can(request.user, action):
                return redirect(url_name)
    return render(request, "core/home.html")
