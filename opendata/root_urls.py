"""A URL configuration holding only the open-data files, set on their requests.

Django's LocaleMiddleware turns a 404 outside the language prefixes into a redirect to ``/ar/...``;
an unknown open-data file must stay a JSON 404 (as in the feed, ``feed/root_urls.py``).
"""

from django.urls import include, path

urlpatterns = [path("api/open-data/v1/", include("opendata.urls"))]
