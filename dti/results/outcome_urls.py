"""URL patterns of the PAR Index conversion and the award proposals."""

urlpatterns: list = []
