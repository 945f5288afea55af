"""A URL configuration holding only the feed, set on feed requests.

Django's LocaleMiddleware turns any 404 outside the language prefixes into a redirect to
``/ar/...`` when the site uses i18n_patterns; a feed 404 must stay a JSON 404, so feed views point
``request.urlconf`` here, where no language prefixes are used.
"""

from django.urls import include, path

urlpatterns = [path("api/feed/v1/", include("feed.urls"))]
