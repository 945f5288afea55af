"""``/api/feed/v1/``: the ninja API, plus JSON answers for unknown addresses and wrong methods."""

import functools

from django.db import transaction
from django.urls import path, re_path
from django.utils.translation import gettext as _

from feed.api import api, protect, with_rate_headers
from feed.http import cached_response, error_response

FEED_URLCONF = "feed.root_urls"


def not_found(request, rest=""):
    request.urlconf = FEED_URLCONF
    return error_response(
        status=404, code="not_found", message=_("There is no such address in the feed. See /api/feed/v1/docs.")
    )


def _json_errors(view):
    # Reads only: no transaction per request; wrong methods answer in the contract's error shape.
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        request.urlconf = FEED_URLCONF
        if request.method == "GET":
            # Fast path: only requests that passed validation are ever cached, so an exact hit
            # needs no parsing; protection still applies to every request.
            refused = protect(request)
            if refused is not None:
                return refused
            cached = cached_response(request)
            if cached is not None:
                return with_rate_headers(request, cached)
            # Not cached: the operation runs (and is protected) without counting the request twice.
            request.feed_protected = True
        response = view(request, *args, **kwargs)
        if response.status_code == 405:
            refused = error_response(
                status=405, code="method_not_allowed", message=_("This address only answers GET requests.")
            )
            refused["Allow"] = response.get("Allow", "GET")
            return refused
        return response

    return transaction.non_atomic_requests(wrapper)


_patterns, _app, _namespace = api.urls
for _pattern in _patterns:
    _pattern.callback = _json_errors(_pattern.callback)

urlpatterns = [
    path("", (_patterns, _app, _namespace)),
    re_path(r"^(?P<rest>.*)$", transaction.non_atomic_requests(not_found)),
]
