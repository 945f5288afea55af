"""A URL configuration holding only the status API, set on its requests: LocaleMiddleware turns a
404 outside the language prefixes into a redirect to ``/ar/...`` unless the request's URLconf has
no language prefixes (as feed/root_urls.py does for the feed)."""

from django.urls import include, path

urlpatterns = [path("api/status/v1/", include("status.urls"))]
