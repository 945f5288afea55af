"""HTTP helpers of the status API: the contract's error shape and a per-client rate limit.

The feed has its own (``feed/http.py``, ``feed/protection.py``) but this app may not import the
feed (tests/test_architecture.py); both build on ``common.clients`` and ``CACHES["counters"]``,
shared by every process, so the limit holds however many workers serve the API."""

import time

from django.conf import settings
from django.core.cache import caches
from django.http import JsonResponse
from django.utils.translation import gettext as _


def error_response(*, status: int, code: str, message, field: str | None = None, headers=None) -> JsonResponse:
    """``{"error": {"code", "message", "field"}}`` (docs/CONTRACTS.md §3), never cached."""
    response = JsonResponse(
        {"error": {"code": code, "message": str(message), "field": field}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def rate_limited(*, client: str, limit: int, window: int = 60) -> JsonResponse | None:
    """None while ``client`` stays within ``limit`` requests per ``window`` seconds, else a 429."""
    if limit <= 0:
        return None
    now = time.time()
    slot = int(now // window)
    counters = caches["counters"]
    key = f"status-rl:{client}:{slot}"
    if counters.add(key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = counters.incr(key)
        except ValueError:  # expired between add and incr
            counters.set(key, 1, timeout=window + 5)
            count = 1
    if count <= limit:
        return None
    retry_after = max(1, int((slot + 1) * window - now) + 1)
    return error_response(
        status=429,
        code="rate_limited",
        message=_("Too many requests. Try again in %(seconds)s seconds.") % {"seconds": retry_after},
        headers={"Retry-After": str(retry_after)},
    )


def rate_limit_per_minute() -> int:
    return int(getattr(settings, "STATUS_API_RATE_LIMIT_PER_MINUTE", 120))
