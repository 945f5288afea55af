"""``POST /api/status/v1/outlets/{code}`` and ``/channels/{code}`` (docs/CONTRACTS.md §6).

Bearer key with the ``status:write`` scope; JSON body ``{"state", "reason", "message_ar",
"message_en", "until"}``. Every refusal uses the feed's error shape and changes nothing."""

import json

from django.db import transaction
from django.http import JsonResponse
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from common.clients import client_ip_get
from status.http import error_response, rate_limit_per_minute, rate_limited
from status.models import ApiKey, Kind
from status.services import StatusInvalid, api_key_authenticate, status_set
from status.validation import code_exists

FIELDS = ("state", "reason", "message_ar", "message_en", "until")
BODY_MAX = 10_000


ROOT_URLCONF = "status.root_urls"


def _lang(request) -> str:
    request.urlconf = ROOT_URLCONF
    lang = request.GET.get("lang")
    if lang not in ("ar", "en"):
        lang = "ar"
    translation.activate(lang)
    request.LANGUAGE_CODE = lang
    return lang


def _bearer(request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _sep, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


class BadBody(Exception):
    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


def _parse(request) -> dict:
    if len(request.body) > BODY_MAX:
        raise BadBody(None, _("The body is too long."))
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadBody(None, _("The body must be a JSON object.")) from exc
    if not isinstance(body, dict):
        raise BadBody(None, _("The body must be a JSON object."))
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise BadBody(
            unknown[0],
            _("Unknown field “%(field)s”. Allowed: %(fields)s.")
            % {"field": unknown[0][:40], "fields": ", ".join(FIELDS)},
        )
    if "state" not in body:
        raise BadBody("state", _("The state must be “open”, “limited” or “closed”."))
    for field in ("state", "reason", "message_ar", "message_en", "until"):
        if body.get(field) is not None and not isinstance(body[field], str):
            raise BadBody(field, _("“%(field)s” must be text.") % {"field": field})
    until = body.get("until")
    if until:
        parsed = parse_datetime(until) if len(until) <= 64 else None
        if parsed is None or parsed.tzinfo is None:
            raise BadBody(
                "until", _("“until” must be a date and time in ISO 8601 with its zone, e.g. 2026-03-01T14:00:00+04:00.")
            )
        body["until"] = parsed
    else:
        body["until"] = None
    return body


def _answer(result: dict, lang: str) -> JsonResponse:
    row = result["row"]
    payload = {
        "kind": result["kind"],
        "code": result["code"],
        **row.contract(lang),
        "message_ar": row.message_ar or None,
        "message_en": row.message_en or None,
        "changed": result["changed"],
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def _set_status(request, kind: str, code: str):
    lang = _lang(request)
    if request.method != "POST":
        refused = error_response(
            status=405, code="method_not_allowed", message=_("This address only answers POST requests.")
        )
        refused["Allow"] = "POST"
        return refused
    raw = _bearer(request)
    key = api_key_authenticate(raw=raw) if raw else None
    if key is None:
        # Counted per address, so nobody can try keys as fast as they like.
        refused = rate_limited(client=f"ip:{client_ip_get(request=request)}", limit=rate_limit_per_minute())
        return refused or error_response(
            status=401,
            code="invalid_api_key",
            message=_("Send a valid API key: “Authorization: Bearer <key>”."),
            field="Authorization",
            headers={"WWW-Authenticate": "Bearer"},
        )
    refused = rate_limited(client=f"key:{key.pk}", limit=rate_limit_per_minute())
    if refused is not None:
        return refused
    if ApiKey.Scope.STATUS_WRITE not in key.scopes:
        return error_response(
            status=403,
            code="forbidden",
            message=_("This API key may not set statuses (it needs the “status:write” scope)."),
            field="Authorization",
        )
    if not code_exists(kind=kind, code=code):
        message = (
            _("There is no outlet with the code “%(code)s”.")
            if kind == Kind.OUTLET
            else _("There is no channel with the code “%(code)s”.")
        )
        return error_response(status=404, code="not_found", message=message % {"code": code[:80]}, field="code")
    try:
        body = _parse(request)
        result = status_set(
            kind=kind,
            code=code,
            state=body["state"],
            reason=body.get("reason"),
            message_ar=body.get("message_ar"),
            message_en=body.get("message_en"),
            until=body["until"],
            api_key=key,
        )
    except BadBody as exc:
        return error_response(status=400, code="invalid_body", message=exc.message, field=exc.field)
    except StatusInvalid as exc:
        field, messages = next(iter(exc.errors.items()))
        return error_response(status=400, code="invalid_status", message=" ".join(messages), field=field)
    return _answer(result, lang)


@csrf_exempt
@transaction.non_atomic_requests
def outlet_status(request, code: str):
    return _set_status(request, Kind.OUTLET, code)


@csrf_exempt
@transaction.non_atomic_requests
def channel_status(request, code: str):
    return _set_status(request, Kind.CHANNEL, code)


@csrf_exempt
@transaction.non_atomic_requests
def not_found(request, rest=""):
    _lang(request)
    return error_response(
        status=404, code="not_found", message=_("There is no such address in the status API. See docs/status.md.")
    )
