"""Excel round trip of the self-assessment form (see excel_views)."""

from django.urls import path

from . import excel_views

urlpatterns = [
    path("<int:pk>/excel/", excel_views.excel_download, name="excel_download"),
    path("<int:pk>/excel/upload/", excel_views.excel_upload, name="excel_upload"),
    path("<int:pk>/excel/confirm", excel_views.excel_confirm, name="excel_confirm"),
]
