from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("dti.core.urls")),
    path("frameworks/", include("dti.frameworks.urls")),
    path("agencies/", include("dti.agencies.urls")),
    path("admin/", admin.site.urls),
]
