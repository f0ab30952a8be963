"""The public results portal, mounted at /ket-qua/ (no login). Views in public_views.py."""

from django.urls import path

from . import public_views

app_name = "portal"
urlpatterns = [
    path("", public_views.index, name="index"),
    path("<int:campaign_id>/open-data/", public_views.opendata_page, name="opendata_page"),
    path("<int:campaign_id>/<str:tier>/data.<str:fmt>", public_views.opendata, name="opendata"),
    path(
        "<int:campaign_id>/<str:tier>/codebook.csv",
        public_views.opendata_codebook,
        name="opendata_codebook",
    ),
    path("<int:campaign_id>/agency/<str:code>/", public_views.agency, name="agency"),
    path("<int:campaign_id>/<str:tier>/", public_views.ranking, name="ranking"),
]
