"""Wagtail's page routing in a fixed number of queries, whatever the depth of the page.

Wagtail routes ``/ar/services/licensing/trade-licence/`` level by level: at each level a query for
the child by slug and another for its specific object (two queries per level, nine for a service).
Here every page on the path is read in one query by ``url_path``; the page is then fetched as
its specific type (in one query of its own when it declares ``serve_get``). Wagtail's rules are
kept: a page type with a ``route`` of its own (a routable page's sub-routes) routes the rest of the path itself,
the page must be live, and anything unusual (no translation of the site root for the language, a
path that does not chain) is routed by Wagtail as before. The result is handed to Wagtail's own
``serve`` through the per-request route cache Wagtail documents in ``Page.route_for_request``.
"""

from django.core.cache import cache
from django.db import transaction
from django.http import Http404
from django.http.request import split_domain_port
from django.urls import Resolver404
from django.utils import translation

from wagtail import views as wagtail_views
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site
from wagtail.models.sites import SITE_ROOT_PATHS_CACHE_KEY, SITE_ROOT_PATHS_CACHE_VERSION
from wagtail.url_routing import RouteResult

_WAGTAIL = object()  # "let Wagtail route this request"

# Every Site row, kept in the cache beside Wagtail's site root paths and read with them in one
# query (Wagtail asks the database for the site on every request, with a costly CASE ordering).
SITES_CACHE_KEY = "baladiya_sites"


def sites_cache_clear(**kwargs) -> None:
    """Connected to Site's post_save and post_delete (cms/apps.py), as Wagtail clears its root paths."""
    cache.delete(SITES_CACHE_KEY, version=SITE_ROOT_PATHS_CACHE_VERSION)


def _site_and_root_paths(request):
    """The request's Site (as ``Site.find_for_request`` chooses it) and the site root paths, both
    cached on the request where Wagtail looks for them."""
    found = cache.get_many([SITE_ROOT_PATHS_CACHE_KEY, SITES_CACHE_KEY], version=SITE_ROOT_PATHS_CACHE_VERSION)
    sites = found.get(SITES_CACHE_KEY)
    if sites is None:
        sites = list(Site.objects.order_by("pk"))
        cache.set(SITES_CACHE_KEY, sites, timeout=None, version=SITE_ROOT_PATHS_CACHE_VERSION)
    root_paths = found.get(SITE_ROOT_PATHS_CACHE_KEY)
    if root_paths is None:
        root_paths = Site.get_site_root_paths()
    request._wagtail_cached_site_root_paths = root_paths
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = _site_for_host(request, sites)
    return request._wagtail_site, root_paths


def _site_for_host(request, sites):
    """wagtail.models.sites.get_site_for_hostname, over the cached rows instead of a query."""
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    port = int(port) if str(port).isdigit() else None

    def rank(site):  # Wagtail's MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT, MATCH_DEFAULT, MATCH_HOSTNAME
        if site.hostname == hostname and site.port == port:
            return 0
        if site.hostname == hostname and site.is_default_site:
            return 1
        return 2 if site.is_default_site else 3

    matches = sorted((site for site in sites if site.hostname == hostname or site.is_default_site), key=rank)
    if not matches:
        return None
    if len(matches) == 1 or rank(matches[0]) in (0, 1):
        return matches[0]
    # The default site with another hostname: a single site of this hostname is preferred to it.
    return matches[len(matches) == 2]


def _plain_route(page_class) -> bool:
    return page_class.route is Page.route


def _sub_route_matches(page, page_class, components: list[str]) -> bool:
    """Whether a live routable page serves ``components`` by one of its own sub-routes."""
    if not page.live:
        return False
    path = "/" + "".join(f"{component}/" for component in components)
    try:
        page_class.get_resolver().resolve(path)
    except (Resolver404, Http404):
        return False
    return True


def _specific(page: Page, page_class):
    # A page type may read itself for serving in its own way (ServicePage: with its lists).
    serve_get = getattr(page_class, "serve_get", None)
    specific = serve_get(page.pk) if serve_get else page_class.objects.select_related("locale").get(pk=page.pk)
    specific._cached_parent_obj = getattr(page, "_cached_parent_obj", None)
    return specific


def page_route(request, path: str):
    """Wagtail's ``RouteResult`` for the path (None: not found), or ``_WAGTAIL`` to let it route."""
    site, root_paths = _site_and_root_paths(request)
    if site is None:
        return None
    try:
        language = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return _WAGTAIL
    roots = [root.root_path for root in root_paths if root.site_id == site.id and root.language_code == language]
    if len(roots) != 1:
        return _WAGTAIL
    components = [component for component in path.split("/") if component]
    url_paths = [roots[0] + "".join(f"{c}/" for c in components[:i]) for i in range(len(components) + 1)]
    chain = list(Page.objects.filter(url_path__in=url_paths).order_by("depth"))
    if not chain or chain[0].url_path != roots[0]:
        return _WAGTAIL
    for parent, child in zip(chain, chain[1:], strict=False):
        if child.depth != parent.depth + 1 or not child.path.startswith(parent.path):
            return _WAGTAIL  # an inconsistent tree: Wagtail's walk decides
        child._cached_parent_obj = parent
    for index, page in enumerate(chain):
        page_class = page.specific_class
        if page_class is None:
            return _WAGTAIL
        remaining = components[index:]
        if not _plain_route(page_class):
            if not issubclass(page_class, RoutablePageMixin) or _sub_route_matches(page, page_class, remaining):
                return _specific(page, page_class).route(request, remaining)
        if not remaining:
            if not page.live:
                return None
            specific = _specific(page, page_class)
            specific._route_ancestors = chain[:index]
            return RouteResult(specific)
    return None  # a component names no child page


@transaction.non_atomic_requests
def serve(request, path):
    """Wagtail's serve view, routed by ``page_route``."""
    if not hasattr(request, "_wagtail_route_for_request"):
        try:
            route = page_route(request, path)
        except Http404:
            route = None
        if route is not _WAGTAIL:
            request._wagtail_route_for_request = route
    return wagtail_views.serve(request, path)
