"""Whole-page cache for anonymous visitors of the public site, purged on every publication.

Every cached page is stored under a key that includes a site-wide *generation* number. Any
publish, unpublish, move or delete of a page, and any change that the publication pipeline
records (reference data, forms, news), bumps the generation after commit, so every process on
every machine stops serving the old copies at once (the cache is shared: database or Redis).
Pages that embed a CSRF token or set cookies are never cached.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

GENERATION_KEY = "public-page-generation"


def page_cache_generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def page_cache_purge(**kwargs) -> None:
    """Invalidate every cached public page (after the current transaction commits)."""

    def bump():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, timeout=None)

    transaction.on_commit(bump)


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


def _key(request) -> str:
    raw = f"{request.get_full_path()}|{request.method}"
    return f"page:{page_cache_generation()}:{hashlib.sha256(raw.encode()).hexdigest()}"


class PublicPageCacheMiddleware:
    """Serve and store anonymous public pages; sits after the authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        cached = cache.get(key)
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
            cache.set(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response


def connect() -> None:
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from cms.publication import publication_committed

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_cache_purge, dispatch_uid=f"page_cache_purge_{signal}")
    post_delete.connect(page_cache_purge, sender=Page, dispatch_uid="page_cache_purge_delete")
    # Making a page private (or public again) changes who may see it, whatever lies beneath it.
    post_save.connect(page_cache_purge, sender=PageViewRestriction, dispatch_uid="page_cache_purge_restricted")
    post_delete.connect(page_cache_purge, sender=PageViewRestriction, dispatch_uid="page_cache_purge_unrestricted")
    publication_committed.connect(page_cache_purge, dispatch_uid="page_cache_purge_publication")
