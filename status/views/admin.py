"""Admin: the live status screen (every outlet and channel, one-click changes with message
templates, upcoming alerts and special periods) and the API keys screen (administrators only)."""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalogue.models import Channel, Outlet, SpecialPeriod
from status.models import ApiKey, Kind, Reason, State
from status.selectors import alerts_live, alerts_upcoming, status_rows
from status.services import ApiKeyInvalid, StatusInvalid, api_key_create, api_key_revoke, status_set

SET_PERMISSION = "status.set_live_status"

# Common cases, one click away: reason and the message in both languages.
TEMPLATES = {
    "maintenance": {
        "label": gettext_lazy("Maintenance"),
        "reason": Reason.MAINTENANCE,
        "message_ar": "مغلق مؤقتاً لأعمال الصيانة. نعتذر عن الإزعاج، يمكنكم استخدام القنوات الأخرى.",
        "message_en": "Temporarily closed for maintenance. We apologise; please use another channel.",
    },
    "eid": {
        "label": gettext_lazy("Eid holiday"),
        "reason": Reason.HOLIDAY,
        "message_ar": "مغلق بمناسبة عطلة عيد. كل عام وأنتم بخير، يمكنكم استخدام الخدمات الإلكترونية.",
        "message_en": "Closed for the Eid holiday. Eid Mubarak; our online services remain open.",
    },
    "weather": {
        "label": gettext_lazy("Weather"),
        "reason": Reason.WEATHER,
        "message_ar": "مغلق بسبب الأحوال الجوية حرصاً على سلامتكم. يمكنكم استخدام الخدمات الإلكترونية.",
        "message_en": "Closed because of the weather, for your safety. Please use our online services.",
    },
    "system-outage": {
        "label": gettext_lazy("System outage"),
        "reason": Reason.SYSTEM_OUTAGE,
        "message_ar": "الخدمة متوقفة بسبب عطل في النظام ونعمل على إصلاحه. يرجى المحاولة لاحقاً أو استخدام قناة أخرى.",
        "message_en": "Unavailable because of a system outage that we are fixing. Please try later or use another channel.",
    },
}


def _lang() -> str:
    return "en" if (get_language() or "ar").startswith("en") else "ar"


def _require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _rows(kind: str, items, lang: str, now) -> list[dict]:
    stored = status_rows(kind=kind)
    rows = []
    for item in items:
        row = stored.get(item.code)
        live = row is not None and row.state != State.OPEN and (row.until is None or row.until > now)
        rows.append(
            {
                "kind": kind,
                "code": item.code,
                "name": item.name_in(lang),
                "state": row.state if live else State.OPEN,
                "state_label": row.get_state_display() if live else State.OPEN.label,
                "message": row.message_in(lang) if live else "",
                "reason": row.get_reason_display() if live and row.reason else "",
                "since": row.since if live else None,
                "until": row.until if live else None,
                "changed_by": (str(row.changed_by or "") or (row.changed_by_key and row.changed_by_key.name) or "")
                if row
                else "",
            }
        )
    return rows


def status_board(request):
    """Every outlet and channel with its live status, and what is coming."""
    _require(request, SET_PERMISSION)
    lang, now = _lang(), timezone.now()
    outlets = Outlet.objects.select_related("channel").order_by("code")
    channels = Channel.objects.order_by("sort_order", "code")
    return TemplateResponse(
        request,
        "status/admin/board.html",
        {
            "page_title": _("Live status"),
            "header_title": _("Live status of outlets and channels"),
            "header_icon": "warning",
            "sections": [
                {"kind": Kind.OUTLET, "title": _("Outlets"), "rows": _rows(Kind.OUTLET, outlets, lang, now)},
                {"kind": Kind.CHANNEL, "title": _("Channels"), "rows": _rows(Kind.CHANNEL, channels, lang, now)},
            ],
            "states": State.choices,
            "templates": [(key, t["label"]) for key, t in TEMPLATES.items()],
            "running": list(alerts_live(now=now)[:50]),
            "upcoming": alerts_upcoming(now=now),
            "periods": SpecialPeriod.objects.filter(end_date__gte=timezone.localdate())
            .select_related("outlet")
            .order_by("start_date")[:50],
            "lang": lang,
        },
    )


def _until(value: str):
    """The form's local date and time (Asia/Dubai) as an aware datetime; None when empty."""
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise StatusInvalid({"until": [_("Give “until” as a date and time.")]})
    if parsed.tzinfo is None:
        parsed = timezone.make_aware(parsed, timezone.get_current_timezone())
    return parsed


@require_POST
def status_change(request):
    """One change from the screen, validated like the API: all of it or nothing."""
    _require(request, SET_PERMISSION)
    data = request.POST
    template = TEMPLATES.get(data.get("template", ""))
    state = data.get("state", "")
    message_ar = data.get("message_ar", "").strip()
    message_en = data.get("message_en", "").strip()
    reason = data.get("reason", "") or None
    if template is not None:
        reason = reason or template["reason"]
        message_ar = message_ar or template["message_ar"]
        message_en = message_en or template["message_en"]
    kind, code = data.get("kind", ""), data.get("code", "")
    try:
        result = status_set(
            kind=kind,
            code=code,
            state=state,
            reason=reason,
            message_ar=message_ar,
            message_en=message_en,
            until=_until(data.get("until", "")),
            user=request.user,
        )
    except StatusInvalid as exc:
        for messages_of_field in exc.errors.values():
            for message in messages_of_field:
                messages.error(request, message)
        messages.error(request, _("Nothing was changed."))
    else:
        if result["changed"]:
            messages.success(
                request,
                _("%(code)s is now %(state)s.") % {"code": code, "state": State(state).label},
            )
        else:
            messages.info(request, _("%(code)s already had this status: nothing changed.") % {"code": code})
    anchor = f"#{kind}-{code}" if re.fullmatch(r"[a-z]+-[a-z0-9-]{1,50}", f"{kind}-{code}") else ""
    return redirect(reverse("status_board") + anchor)


def _require_admin(request) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


def api_keys(request):
    """List, create and revoke API keys; a new key is shown once, on the answer to its creation."""
    _require_admin(request)
    created_raw = None
    if request.method == "POST":
        action = request.POST.get("action")
        name = request.POST.get("name", "").strip()
        try:
            if action == "create":
                key, created_raw = api_key_create(name=name, scopes=request.POST.getlist("scopes"), user=request.user)
                messages.success(
                    request, _("Key %(name)s created. Copy it now: it is not shown again.") % {"name": key.name}
                )
            elif action == "revoke":
                api_key_revoke(name=name, user=request.user)
                messages.success(request, _("Key %(name)s revoked.") % {"name": name})
                return redirect("status_api_keys")
        except (ApiKeyInvalid, ValidationError):
            messages.error(
                request, _("Give a new name (lower-case letters, digits and hyphens) and at least one scope.")
            )
    response = TemplateResponse(
        request,
        "status/admin/api_keys.html",
        {
            "page_title": _("API keys"),
            "header_title": _("API keys"),
            "header_icon": "key",
            "keys": ApiKey.objects.all(),
            "scopes": ApiKey.Scope.choices,
            "created_raw": created_raw,
        },
    )
    response["Cache-Control"] = "no-store"
    return response
