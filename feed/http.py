"""HTTP side of the feed: strong ETags, 304s, Last-Modified, Cache-Control and the response cache.

The response cache lives in each process and is keyed by the request; an entry is valid only for
the version it was built at: the latest change-log sequence of its type. A process re-reads a
type's version (one indexed query) at most every ``FEED_VERSION_TTL`` seconds (default 1), and at
once after a publication commits in that process; so a publish invalidates the cached responses
of its type immediately where it happened and within a second everywhere else.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import http_date, parse_http_date_safe

from common.http import error_response  # noqa: F401  (the feed's views import it from here)
from publication.signals import publication_committed

JSON = "application/json; charset=utf-8"


@dataclass(frozen=True)
class Cached:
    source: str  # type name, or "*" for sync
    version: int
    body: bytes
    etag: str
    last_modified: str


class ResponseCache:
    """A small thread-safe LRU of response bodies."""

    def __init__(self, max_entries: int = 512):
        self.max_entries = max_entries
        self._entries: OrderedDict[str, Cached] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Cached | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Cached) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


response_cache = ResponseCache(getattr(settings, "FEED_CACHE_ENTRIES", 512))


def cache_control() -> str:
    return "public, max-age={}, stale-while-revalidate={}".format(
        getattr(settings, "FEED_CACHE_MAX_AGE", 30), getattr(settings, "FEED_STALE_WHILE_REVALIDATE", 300)
    )


def strong_etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def _matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    # A strong comparison: weak validators (W/"...") never match a strong ETag.
    return any(candidate.strip() == etag for candidate in header.split(","))


_versions: dict[str, tuple[float, int, object]] = {}


def feed_version(source: str) -> tuple[int, object]:
    """(version, last modified) of a type ("*": the whole change log), memoised briefly."""
    from feed import selectors

    hit = _versions.get(source)
    now = time.monotonic()
    if hit is not None and hit[0] > now:
        return hit[1], hit[2]
    if source == "*":
        version, last_modified = selectors.feed_log_version()
    else:
        version, last_modified = selectors.feed_type_version(type_name=source)
    _versions[source] = (now + getattr(settings, "FEED_VERSION_TTL", 1.0), version, last_modified)
    return version, last_modified


def feed_versions_forget(*, sources=None) -> None:
    if sources is None:
        _versions.clear()
        return
    for source in sources:
        _versions.pop(source, None)
    _versions.pop("*", None)


def on_publication_committed(sender, changes, **kwargs):
    feed_versions_forget(sources={change.type for change in changes})


def connect() -> None:
    publication_committed.connect(on_publication_committed, dispatch_uid="feed_versions")


def request_key(request) -> str:
    return request.path + "?" + request.META.get("QUERY_STRING", "")


def cached_response(request) -> HttpResponse | None:
    """The answer from the response cache, if it holds a current one for exactly this request."""
    entry = response_cache.get(request_key(request))
    if entry is None or entry.version != feed_version(entry.source)[0]:
        return None
    return _respond(request, entry)


def conditional_json(request, *, source: str, build: Callable[[], str]) -> HttpResponse:
    """A 200 with the (cached) body, or a 304 when the client already holds it."""
    key = request_key(request)
    version, last_modified = feed_version(source)
    entry = response_cache.get(key)
    if entry is None or entry.version != version:
        body = build().encode()
        entry = Cached(
            source=source,
            version=version,
            body=body,
            etag=strong_etag(body),
            last_modified=http_date(last_modified.timestamp()),
        )
        response_cache.put(key, entry)
    return _respond(request, entry)


def _respond(request, entry: Cached) -> HttpResponse:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    not_modified = False
    if if_none_match is not None:
        not_modified = _matches(if_none_match, entry.etag)
    elif (since := request.META.get("HTTP_IF_MODIFIED_SINCE")) is not None:
        parsed = parse_http_date_safe(since)
        not_modified = parsed is not None and parse_http_date_safe(entry.last_modified) <= parsed
    response = HttpResponse(status=304) if not_modified else HttpResponse(entry.body, content_type=JSON)
    response["ETag"] = entry.etag
    response["Last-Modified"] = entry.last_modified
    response["Cache-Control"] = cache_control()
    return response
