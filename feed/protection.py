"""Per-client rate limits and partner API keys for the feed.

Anonymous clients are counted per address (``common.clients.client_ip_get``: behind a proxy only
when ``TRUSTED_PROXIES`` trusts it); a partner presenting a valid ``X-API-Key`` is counted per key,
with the key's own limit. Counters live in ``CACHES["counters"]``, shared by every process, so the
limit holds however many workers serve the feed.
"""

import hashlib
import time

from django.conf import settings
from django.utils.translation import gettext as _

from common.clients import client_ip_get
from common.counters import window_hit
from feed.http import error_response
from feed.models import FeedApiKey

KEY_HEADER = "HTTP_X_API_KEY"
_key_cache: dict[str, tuple[float, int | None, int]] = {}
KEY_CACHE_SECONDS = 30


def api_key_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _api_key(raw: str) -> tuple[int | None, int]:
    """(key id or None when unknown/inactive, its limit per minute), cached briefly per process."""
    digest = api_key_hash(raw)
    hit = _key_cache.get(digest)
    now = time.monotonic()
    if hit and hit[0] > now:
        return hit[1], hit[2]
    row = FeedApiKey.objects.filter(key_hash=digest, active=True).values_list("pk", "requests_per_minute").first()
    key_id, limit = row if row else (None, 0)
    if len(_key_cache) > 10_000:
        _key_cache.clear()
    _key_cache[digest] = (now + KEY_CACHE_SECONDS, key_id, limit)
    return key_id, limit


def feed_guard(request):
    """None when the request may proceed, else the 401/429 response to send."""
    raw_key = request.META.get(KEY_HEADER)
    if raw_key:
        key_id, limit = _api_key(raw_key[:200])
        if key_id is None:
            return error_response(
                status=401,
                code="invalid_api_key",
                message=_("This API key is not valid or has been revoked."),
                field="X-API-Key",
            )
        client = f"key:{key_id}"
    else:
        limit = getattr(settings, "FEED_RATE_LIMIT_PER_MINUTE", 600)
        client = f"ip:{client_ip_get(request=request)}"
    if not limit:
        return None
    count, retry_after = window_hit(key=f"feed-rl:{client}", window=60)
    if count > limit:
        return error_response(
            status=429,
            code="rate_limited",
            message=_("Too many requests. Try again in %(seconds)s seconds.") % {"seconds": retry_after},
            headers={"Retry-After": str(retry_after), "X-RateLimit-Limit": str(limit)},
        )
    request.feed_rate_remaining = (limit, limit - count)
    return None
