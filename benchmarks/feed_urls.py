"""URLs for benchmarks/feed_api.py: the project's URLs plus Wagtail API v2, v3 and a 64 KB in-memory view."""

from django.db import transaction
from django.http import HttpResponse
from django.urls import path

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.v3.urls import api as api_v3

from cms.urls import urlpatterns as project_urlpatterns

# Replaced by feed_api.py with the feed's own response body, so both send the same bytes.
MEMORY_BODY = b'{"items":[' + b",".join([b'{"x":"' + b"a" * 630 + b'"}'] * 100) + b"]}"

memory_body = [MEMORY_BODY]
v2 = WagtailAPIRouter("wagtailapi_v2")
v2.register_endpoint("pages", PagesAPIViewSet)


@transaction.non_atomic_requests
def memory(request):
    return HttpResponse(memory_body[0], content_type="application/json")


urlpatterns = [
    path("bench/memory", memory),
    path("api/v2/", v2.urls),
    path("api/v3/", api_v3.urls),
    *project_urlpatterns,
]
