"""URL patterns of the reports (views in report_views.py)."""

urlpatterns: list = []
