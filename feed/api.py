"""The export feed API (docs/CONTRACTS.md §3, docs/feed.md), built with django-ninja.

Endpoints stay thin: parameters are checked here, bodies come from ``feed.selectors`` and
HTTP caching from ``feed.http``. One list (and one detail) endpoint is declared per type with a
``FeedSpec`` in ``publication.registry.feed_types()``, with the output schema its app registered,
so a content app's type appears in the feed as soon as it is registered (docs/adding-a-type.md).
"""

import datetime as dt
import functools
import logging
from typing import Literal

from ninja import NinjaAPI, Query, Swagger
from ninja.errors import HttpError, ValidationError

from django.utils import translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from feed import schemas, selectors
from feed.http import conditional_json, error_response
from feed.protection import feed_guard
from publication.registry import PublishableType, feed_types

logger = logging.getLogger(__name__)

LIST_MAX = 500
SYNC_MAX = 1000
CODE_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

DESCRIPTION = """
The public export feed of the municipality's catalogue, news and forms, for the Smart Fujairah
and Rukhsati apps, the website and partners. Only live content appears. `lang` is `ar` (default)
or `en`. Lists are paginated by an opaque `cursor`; `/sync` returns every change in commit order.
Every 200 carries a strong `ETag` (send it back in `If-None-Match` to get a 304). Errors have the
shape `{"error": {"code", "message", "field"}}`. Partners may send `X-API-Key` for their own rate
limit; without it, requests are limited per address (429 with `Retry-After`).
Full guide: docs/feed.md.
"""

api = NinjaAPI(
    title="Baladiya export feed",
    version="1",
    description=DESCRIPTION,
    urls_namespace="feed-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Swagger UI would otherwise send the spec to validator.swagger.io: nothing leaves the server.
    docs=Swagger(settings={"validatorUrl": None}),
)

ERRORS = {400: schemas.Error, 401: schemas.Error, 404: schemas.Error, 429: schemas.Error}


class BadParameter(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _field_message(field: str) -> str:
    if field == "lang":
        return _("“lang” must be “ar” or “en”.")
    if field == "limit":
        return _("“limit” must be a whole number from 1 to %(max)s.") % {"max": LIST_MAX}
    if field == "cursor":
        return _("This cursor is not valid. Start again without a cursor.")
    if field == "updated_since":
        return _("“updated_since” must be a date and time in ISO 8601, for example 2026-01-31T08:00:00Z.")
    if field in ("department", "channel", "audience"):
        return _("“%(field)s” must be a code of lower-case letters, digits and hyphens.") % {"field": field}
    return _("The parameter “%(field)s” is not valid.") % {"field": field}


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    field = None
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        if len(location) > 1:
            field = location[1]
            break
    if field == "limit" and request.resolver_match and request.resolver_match.url_name == "sync":
        message = _("“limit” must be a whole number from 1 to %(max)s.") % {"max": SYNC_MAX}
    else:
        message = _field_message(field or "")
    return error_response(status=400, code="invalid_parameter", message=message, field=field)


@api.exception_handler(BadParameter)
def _bad_parameter(request, exc: BadParameter):
    return error_response(status=400, code="invalid_parameter", message=exc.message, field=exc.field)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return error_response(status=exc.status_code, code="http_error", message=str(exc))


@api.exception_handler(Exception)
def _unexpected(request, exc: Exception):
    # The contract promises no 5xx for any input; anything reaching here is our bug, logged.
    logger.exception("feed error on %s", request.get_full_path())
    return error_response(
        status=500, code="server_error", message=_("Something went wrong on our side. Please try again later.")
    )


def protect(request):
    """Language, API key and rate limit: None to go on, or the 401/429 to send."""
    if getattr(request, "feed_protected", False):
        return None
    lang = request.GET.get("lang")
    if lang in ("ar", "en"):
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
    return feed_guard(request)


def with_rate_headers(request, response):
    if hasattr(request, "feed_rate_remaining"):
        limit, remaining = request.feed_rate_remaining
        response["X-RateLimit-Limit"] = str(limit)
        response["X-RateLimit-Remaining"] = str(max(remaining, 0))
    return response


def guarded(view):
    """Every feed operation goes through ``protect``."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        refused = protect(request)
        if refused is not None:
            return refused
        return with_rate_headers(request, view(request, *args, **kwargs))

    return wrapper


def parse_updated_since(value: str | None) -> dt.datetime | None:
    if value is None or value == "":
        return None
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value)
            if day is None:
                raise ValueError(value)
            parsed = dt.datetime.combine(day, dt.time(0))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.UTC)
        return parsed.astimezone(dt.UTC)
    except (ValueError, OverflowError) as exc:
        raise BadParameter("updated_since", _field_message("updated_since")) from exc


def parse_list_cursor(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return selectors.list_cursor_decode(cursor=value)
    except selectors.CursorError as exc:
        raise BadParameter("cursor", _field_message("cursor")) from exc


Lang = Literal["ar", "en"]
Limit = Query(100, ge=1, le=LIST_MAX, description="Items per page, 1–500.")
Cursor = Query(None, max_length=400, description="The `next_cursor` of the previous page.")
UpdatedSince = Query(
    None,
    max_length=64,
    description="Only items changed at or after this time (ISO 8601).",
    example="2026-01-31T08:00:00Z",
)


def _declare_list(*, publishable: PublishableType) -> None:
    endpoint, item, type_name = publishable.feed, publishable.schema, publishable.name
    page_schema = schemas.list_schema(item_schema=item, name=f"{item.__name__}Page_{endpoint.path.replace('-', '_')}")

    if endpoint.filters:

        def list_items(
            request,
            lang: Lang = "ar",
            department: str | None = Query(None, max_length=50, pattern=CODE_PATTERN),
            channel: str | None = Query(None, max_length=50, pattern=CODE_PATTERN),
            audience: str | None = Query(None, max_length=50, pattern=CODE_PATTERN),
            updated_since: str | None = UpdatedSince,
            cursor: str | None = Cursor,
            limit: int = Limit,
        ):
            return _list(request, type_name, lang, limit, cursor, updated_since, department, channel, audience)

    else:

        def list_items(
            request,
            lang: Lang = "ar",
            updated_since: str | None = UpdatedSince,
            cursor: str | None = Cursor,
            limit: int = Limit,
        ):
            return _list(request, type_name, lang, limit, cursor, updated_since, None, None, None)

    list_items.__name__ = f"list_{endpoint.path.replace('-', '_')}"
    api.get(
        f"/{endpoint.path}",
        response={200: page_schema, 304: None, **ERRORS},
        operation_id=list_items.__name__,
        url_name=list_items.__name__,
        summary=f"{endpoint.title} (list)",
        tags=[endpoint.title],
    )(guarded(list_items))


def _list(request, type_name, lang, limit, cursor, updated_since, department, channel, audience):
    after = parse_list_cursor(cursor)
    since = parse_updated_since(updated_since)
    return conditional_json(
        request,
        source=type_name,
        build=lambda: selectors.feed_list_body(
            type_name=type_name,
            lang=lang,
            limit=limit,
            after=after,
            updated_since=since,
            department=department,
            channel=channel,
            audience=audience,
        ),
    )


def _declare_detail(*, publishable: PublishableType) -> None:
    endpoint, item, type_name = publishable.feed, publishable.schema, publishable.name

    def get_item(request, code: str, lang: Lang = "ar"):
        missing = error_response(
            status=404,
            code="not_found",
            message=_("Nothing live has the code “%(code)s”.") % {"code": code[:80]},
            field="code",
        )
        if not selectors.CODE_RE.match(code):
            return missing
        body = selectors.feed_detail_body(type_name=type_name, code=code, lang=lang)
        if body is None:
            return missing
        return conditional_json(request, source=type_name, build=lambda: body)

    get_item.__name__ = f"get_{endpoint.path.replace('-', '_')}"
    api.get(
        f"/{endpoint.path}/{{code}}",
        response={200: item, 304: None, **ERRORS},
        operation_id=get_item.__name__,
        url_name=get_item.__name__,
        summary=f"{endpoint.title} (one item)",
        tags=[endpoint.title],
    )(guarded(get_item))


# The URL routes and API docs are built once, when the URLconf is first loaded: every app's
# ready() (and so every registration) has run by then.
for _publishable in feed_types():
    if _publishable.schema is None:
        raise TypeError(f"The feed type {_publishable.name!r} needs its schema (docs/adding-a-type.md).")
    _declare_list(publishable=_publishable)
    if _publishable.feed.detail:
        _declare_detail(publishable=_publishable)


@api.get(
    "/sync",
    response={200: schemas.SyncPage, 304: None, **ERRORS},
    operation_id="sync",
    url_name="sync",
    summary="Changes since a cursor, in commit order",
    tags=["Sync"],
)
@guarded
def sync(
    request,
    cursor: str | None = Query(
        None, max_length=400, description="The `next_cursor` of the previous call; omit to start."
    ),
    limit: int = Query(500, ge=1, le=SYNC_MAX, description="Changes per page, 1–1000."),
):
    """Follow `next_cursor` until `has_more` is false and apply the changes in order."""
    after = 0
    if cursor:
        try:
            after = selectors.sync_cursor_decode(cursor=cursor)
        except selectors.CursorError as exc:
            raise BadParameter("cursor", _field_message("cursor")) from exc
    return conditional_json(request, source="*", build=lambda: selectors.feed_sync_body(after=after, limit=limit))
