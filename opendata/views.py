"""The open-data files (``/api/open-data/v1/``) and the public "Open data" page."""

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from common.http import error_response
from opendata import services

TURTLE = "text/turtle"


def _wants_turtle(request) -> bool:
    accept = request.META.get("HTTP_ACCEPT", "")
    return TURTLE in accept and "application/ld+json" not in accept.split(TURTLE)[0]


def _matches(header: str, etag: str) -> bool:
    # A strong comparison: weak validators (W/"...") never match a strong ETag.
    return header.strip() == "*" or any(candidate.strip() == etag for candidate in header.split(","))


def _respond(request, name: str) -> HttpResponse:
    entry = services.opendata_file(name=name)
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None and _matches(if_none_match, entry.etag):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(entry.body, content_type=entry.content_type)
        if name.endswith(".csv"):
            response["Content-Disposition"] = 'inline; filename="services.csv"'
    response["ETag"] = entry.etag
    response["Last-Modified"] = http_date(entry.last_modified.timestamp())
    # The feed's freshness: a publish reaches caches within FEED_CACHE_MAX_AGE seconds.
    response["Cache-Control"] = f"public, max-age={getattr(settings, 'FEED_CACHE_MAX_AGE', 30)}"
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may fetch it
    return response


def _error(status: int, message: str) -> JsonResponse:
    code = "not_found" if status == 404 else "method_not_allowed"
    return error_response(status=status, code=code, message=message)


@transaction.non_atomic_requests
def dataset(request, name: str):
    """``services.jsonld`` (Turtle with ``Accept: text/turtle``), ``services.ttl``, ``services.csv``,
    ``catalog.jsonld``."""
    request.urlconf = "opendata.root_urls"
    if request.method not in ("GET", "HEAD"):
        response = _error(405, _("This address only answers GET requests."))
        response["Allow"] = "GET, HEAD"
        return response
    if name not in services.FILES:
        return _error(404, _("There is no such open-data file. See /api/open-data/v1/catalog.jsonld."))
    if name == "services.jsonld" and _wants_turtle(request):
        response = _respond(request, "services.ttl")
    else:
        response = _respond(request, name)
    if name == "services.jsonld":
        response["Vary"] = "Accept"
    return response


@require_GET
@transaction.non_atomic_requests
def open_data_page(request):
    """``/ar/open-data/`` and ``/en/open-data/``: the datasets, their formats and the licence."""
    base = services.API_PATH
    files = [
        {"name": _("Public services (JSON-LD, CPSV-AP 3.2.0)"), "url": f"{base}/services.jsonld", "type": "JSON-LD"},
        {"name": _("Public services (Turtle, CPSV-AP 3.2.0)"), "url": f"{base}/services.ttl", "type": "Turtle"},
        {"name": _("Public services (CSV spreadsheet)"), "url": f"{base}/services.csv", "type": "CSV"},
        {"name": _("Catalogue record (DCAT-AP)"), "url": f"{base}/catalog.jsonld", "type": "JSON-LD"},
    ]
    licence = services.opendata_licence()
    return render(
        request,
        "opendata/open_data.html",
        {
            "files": files,
            "licence": licence,
            "licence_is_cc_by": licence.rstrip("/") == services.DEFAULT_LICENCE.rstrip("/"),
        },
    )
