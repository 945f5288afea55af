"""HTTP helpers of the status API: the contract's error shape and a per-client rate limit.

The feed has its own (``feed/http.py``, ``feed/protection.py``) but this app may not import the
feed (tests/test_architecture.py); both build on ``common.clients`` and ``CACHES["counters"]``,
shared by every process, so the limit holds however many workers serve the API."""

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _

from common.counters import window_hit
from common.http import error_response


def rate_limited(*, client: str, limit: int, window: int = 60) -> JsonResponse | None:
    """None while ``client`` stays within ``limit`` requests per ``window`` seconds, else a 429."""
    if limit <= 0:
        return None
    count, retry_after = window_hit(key=f"status-rl:{client}", window=window)
    if count <= limit:
        return None
    return error_response(
        status=429,
        code="rate_limited",
        message=_("Too many requests. Try again in %(seconds)s seconds.") % {"seconds": retry_after},
        headers={"Retry-After": str(retry_after)},
    )


def rate_limit_per_minute() -> int:
    return int(getattr(settings, "STATUS_API_RATE_LIMIT_PER_MINUTE", 120))
