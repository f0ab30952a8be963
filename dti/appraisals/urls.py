from .appraiser_urls import urlpatterns as appraiser_patterns
from .assignment_urls import urlpatterns as assignment_patterns
from .council_urls import urlpatterns as council_patterns
from .explanation_urls import urlpatterns as explanation_patterns

app_name = "appraisals"
urlpatterns = [
    *assignment_patterns,
    *appraiser_patterns,
    *explanation_patterns,
    *council_patterns,
]
