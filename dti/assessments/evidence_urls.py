"""Evidence upload, download and deletion."""

urlpatterns: list = []
