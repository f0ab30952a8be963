"""The progress dashboard."""

urlpatterns: list = []
