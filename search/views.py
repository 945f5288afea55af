"""The search API (``/api/search/v1/``, CONTRACTS §4), its type-ahead and the public search page."""

import logging
from urllib.parse import urlencode

from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from common.pagecache import page_cache_query_params
from common.text import text_bidi_strip
from search.query import SearchParamError, SearchParams, search_params_parse
from search.selectors import search_run
from search.services import query_stat_record

logger = logging.getLogger(__name__)

TYPEAHEAD_SIZE = 7


def _error(*, status: int, code: str, message: str, field: str | None = None) -> JsonResponse:
    # Always the contract's three keys, like the feed's errors; "field" is null when none applies.
    error = {"code": code, "message": message, "field": field or None}
    return JsonResponse({"error": error}, status=status, json_dumps_params={"ensure_ascii": False})


def _lang_hint(request) -> str:
    lang = request.GET.get("lang", "ar")
    return lang if lang in ("ar", "en") else "ar"


def _api(view):
    """GET only; errors in the contract's shape and in the person's language."""

    @transaction.non_atomic_requests
    @never_cache
    def wrapper(request):
        with translation.override(_lang_hint(request)):
            if request.method not in ("GET", "HEAD"):
                return _error(
                    status=405, code="method_not_allowed", message=_("This address only answers GET requests.")
                )
            try:
                return view(request)
            except SearchParamError as exc:
                return _error(status=400, code=exc.code, message=exc.message, field=exc.field)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@_api
def search_api(request):
    """``GET /api/search/v1/?q=&lang=&type=&department=&channel=&audience=&page=&size=``."""
    params = search_params_parse(data=request.GET)
    response = search_run(params=params)
    if params.page == 1:
        query_stat_record(lang=params.lang, query=params.q, total=response["total"])
    return JsonResponse(response, json_dumps_params={"ensure_ascii": False})


@_api
def typeahead_api(request):
    """``GET /api/search/v1/suggest?q=&lang=``: the first matches while someone types (not logged)."""
    params = search_params_parse(data=request.GET)
    params = SearchParams(**{**params.__dict__, "page": 1, "size": TYPEAHEAD_SIZE})
    response = search_run(params=params)
    items = [{k: r[k] for k in ("type", "code", "title", "url")} for r in response["results"]]
    return JsonResponse({"query": params.q, "items": items}, json_dumps_params={"ensure_ascii": False})


def _url(params: SearchParams, **changes) -> str:
    values = {"q": params.q, **params.filters(), "page": params.page if params.page > 1 else ""}
    values.update(changes)
    return "?" + urlencode({k: v for k, v in values.items() if v not in ("", None, 1)})


def _facet_groups(*, params: SearchParams, facets: dict) -> list[dict]:
    titles = {"type": _("Type"), "department": _("Department"), "channel": _("Channel"), "audience": _("Audience")}
    groups = []
    for name, entries in facets.items():
        selected = getattr(params, name)
        items = [
            {
                **entry,
                "selected": entry["code"] == selected,
                # Choosing a selected value again clears it; any choice goes back to page one.
                "url": _url(params, page="", **{name: "" if entry["code"] == selected else entry["code"]}),
            }
            for entry in entries
        ]
        if items:
            groups.append({"name": name, "title": titles[name], "entries": items})
    return groups


@transaction.non_atomic_requests  # a read: never inside a (SQLite write-locking) transaction
def search_page(request):
    """``/ar/search/`` and ``/en/search/``: the search box, results, facets and suggestion."""
    # Skipped by the page cache (PUBLIC_PAGE_CACHE_SKIP); declared in case that ever changes.
    page_cache_query_params(request, ("q", "type", "department", "channel", "audience", "page", "size"))
    lang = translation.get_language() or "ar"
    lang = lang if lang in ("ar", "en") else "ar"
    data = request.GET.copy()
    data["lang"] = lang
    # Shown even when the query is refused: never with bidirectional controls in it.
    raw_q = text_bidi_strip(value=request.GET.get("q", ""))
    context = {"q": raw_q, "response": None, "error": None, "filters": {}}
    status = 200
    try:
        params = search_params_parse(data=data, default_lang=lang, require_q=False)
        context["q"] = params.q
        context["filters"] = params.filters()
        if params.q:
            response = search_run(params=params)
            if params.page == 1:
                query_stat_record(lang=lang, query=params.q, total=response["total"])
            context["response"] = response
            context["params"] = params
            pages = max(1, -(-response["total"] // params.size))
            context["previous_page"] = params.page - 1 if params.page > 1 else None
            context["next_page"] = params.page + 1 if params.page < min(pages, 100) else None
            context["facet_groups"] = _facet_groups(params=params, facets=response["facets"])
            context["page_url"] = lambda page: _url(params, page=page)
            if context["previous_page"]:
                context["previous_url"] = _url(params, page=context["previous_page"])
            if context["next_page"]:
                context["next_url"] = _url(params, page=context["next_page"])
    except SearchParamError as exc:
        context["error"] = exc.message
        status = 400
    return render(request, "search/search_page.html", context, status=status)
