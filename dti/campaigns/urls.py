from django.urls import path

from . import views
from .dashboard_urls import urlpatterns as dashboard_patterns

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/phase", views.campaign_move_phase, name="move_phase"),
    path("<int:pk>/deadlines/", views.campaign_deadlines, name="deadlines"),
    path(
        "<int:pk>/assessments/<int:assessment_id>/extension/",
        views.assessment_extension,
        name="extension",
    ),
    *dashboard_patterns,
]
