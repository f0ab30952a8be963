from django.contrib import admin
from django.urls import include, path

from dti.api.api import api
from dti.core.health import health_view

urlpatterns = [
    path("", include("dti.core.urls")),
    path("frameworks/", include("dti.frameworks.urls")),
    path("agencies/", include("dti.agencies.urls")),
    path("accounts/", include("dti.agencies.account_urls")),
    path("campaigns/", include("dti.campaigns.urls")),
    path("assessments/", include("dti.assessments.urls")),
    path("appraisals/", include("dti.appraisals.urls")),
    path("notifications/", include("dti.notifications.urls")),
    path("jobs/", include("dti.jobs.urls")),
    path("results/", include("dti.results.urls")),
    path("ket-qua/", include("dti.results.public_urls")),
    path("audit/", include("dti.audit.urls")),
    path("api/", api.urls),
    path("api-clients/", include("dti.api.urls")),
    path("admin/", admin.site.urls),
    path("health/", health_view, name="health"),
]
