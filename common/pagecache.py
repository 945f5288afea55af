"""Whole-page cache for anonymous visitors of the public site, purged on every publication.

Every cached page is stored under a key that includes a site-wide *generation* number. Any
publish, unpublish, move or delete of a page, and any change that the publication pipeline
records (reference data, forms, news), bumps the generation after commit, so every process on
every machine stops serving the old copies at once (the cache is shared: database or Redis).
Pages that embed a CSRF token or set cookies are never cached.

A page is keyed on its path and the query parameters it declares it uses (``cache_query_params``
on the page class, or ``page_cache_query_params`` from a route): random parameters added to
defeat the cache (``?r=123``) are served the page of the path instead of rendering a new one.
"""

import hashlib
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

GENERATION_KEY = "public-page-generation"

logger = logging.getLogger(__name__)


def page_cache_generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def _generation_bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def page_cache_purge(**kwargs) -> None:
    """Invalidate every cached public page (after the current transaction commits)."""
    connection = transaction.get_connection()
    # Once per transaction: an import publishing 1,000 pages bumped the generation 1,000 times
    # after commit (a cache write each). Django drops the pending bump with a rolled-back
    # savepoint, so a later purge schedules it again.
    if connection.in_atomic_block and any(entry[1] is _generation_bump for entry in connection.run_on_commit):
        return
    transaction.on_commit(_generation_bump)


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or not getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 0):
        return False
    path = request.path_info
    if not path.startswith(("/ar/", "/en/")):
        return False
    if any(path[3:].startswith(prefix) for prefix in settings.PUBLIC_PAGE_CACHE_SKIP):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def page_cache_query_params(request, names: Iterable[str]) -> None:
    """Declare the query parameters the page being served depends on (a route of a page, a view).

    A page class may instead say so once in ``cache_query_params``. Pages are cached under their
    path and these parameters only: any other parameter (``?r=123``) is served the cached page.
    """
    request.page_cache_query_params = tuple(names)


def _declared_params(request, response) -> tuple[str, ...]:
    declared = getattr(request, "page_cache_query_params", None)
    if declared is None:
        page = (getattr(response, "context_data", None) or {}).get("page")
        declared = getattr(page, "cache_query_params", ())
    return tuple(sorted(set(declared)))


def _key(request, *, generation: int, params: tuple[str, ...] = ()) -> str:
    # Values are cut short: they only choose among variants the page itself renders.
    values = [(name, [value[:200] for value in request.GET.getlist(name)[:5]]) for name in params]
    raw = repr((request.path, request.method, values))
    return f"page:{generation}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _store(key: str, value) -> None:
    try:
        cache.set(key, value, settings.PUBLIC_PAGE_CACHE_SECONDS)
    except Exception:  # a page is served even when it cannot be kept
        logger.warning("Could not store a page in the cache", exc_info=True)


class PublicPageCacheMiddleware:
    """Serve and store anonymous public pages; sits after the authentication middleware.

    The entry under the path alone is either the page or, for a page that declared query
    parameters, a note of them; the page is then stored under the path and those parameters.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        generation = page_cache_generation()
        path_key = _key(request, generation=generation)
        cached = cache.get(path_key)
        if isinstance(cached, dict):
            cached = cache.get(_key(request, generation=generation, params=tuple(cached["params"])))
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        ):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            params = _declared_params(request, response)
            if params:
                _store(path_key, {"params": list(params)})
                _store(_key(request, generation=generation, params=params), response)
            else:
                _store(path_key, response)
            response["X-Page-Cache"] = "miss"
        return response


def connect(*, publication_committed) -> None:
    """Purge on page events and on every change the publication pipeline announces.

    The shell (cms/apps.py) passes the pipeline's signal, so this module imports no app."""
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_cache_purge, dispatch_uid=f"page_cache_purge_{signal}")
    post_delete.connect(page_cache_purge, sender=Page, dispatch_uid="page_cache_purge_delete")
    # Making a page private (or public again) changes who may see it, whatever lies beneath it.
    post_save.connect(page_cache_purge, sender=PageViewRestriction, dispatch_uid="page_cache_purge_restricted")
    post_delete.connect(page_cache_purge, sender=PageViewRestriction, dispatch_uid="page_cache_purge_unrestricted")
    publication_committed.connect(page_cache_purge, dispatch_uid="page_cache_purge_publication")
