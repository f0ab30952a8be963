from django.urls import path

from . import views
from .evidence_urls import urlpatterns as evidence_patterns
from .excel_urls import urlpatterns as excel_patterns

app_name = "assessments"
urlpatterns = [
    path("", views.my_assessments, name="mine"),
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/indicators/<str:code>/", views.indicator, name="indicator"),
    path("<int:pk>/indicators/<str:code>/preview", views.preview, name="preview"),
    path("<int:pk>/ready", views.ready, name="ready"),
    path("<int:pk>/submit", views.submit, name="submit"),
    *evidence_patterns,
    *excel_patterns,
]
