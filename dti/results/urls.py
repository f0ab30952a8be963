from .outcome_urls import urlpatterns as outcome_patterns
from .report_urls import urlpatterns as report_patterns

app_name = "results"
urlpatterns = [*report_patterns, *outcome_patterns]
