"""Excel round trip of the self-assessment form."""

urlpatterns: list = []
