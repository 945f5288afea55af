"""Live statuses and alerts on the public pages (docs/status.md, "On the site").

The catalogue may not import this app (tests/test_architecture.py), so its templates load these
tags instead. A page reads its alerts in one query, and every live status (outlets and channels
together) in one more, however many it shows.
"""

import datetime as dt

from django import template
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language

from catalogue.models import Channel, ServiceChannel
from status.models import LiveStatus, Reason, State
from status.selectors import alerts_in_scope

register = template.Library()

# Urgent alerts interrupt a screen reader (role=alert); the others are announced politely.
ALERT_ROLES = {"urgent": "alert", "warning": "status", "info": "status"}


def _lang() -> str:
    return "en" if (get_language() or "ar").startswith("en") else "ar"


def _moment(value) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return parse_datetime(str(value).replace("Z", "+00:00"))


def _statuses(context, kind: str) -> dict[str, dict]:
    """``status.selectors.statuses_by_code`` for ``kind``, but one query per page for both kinds
    (a service page shows its channels and its outlets), kept in the template's render context."""
    key = "status_tags.statuses"
    found = context.render_context.get(key)
    if found is None:
        lang = _lang()
        found = {}
        # The selector's rule: a status whose ``until`` has passed is open, even before the sweep.
        rows = LiveStatus.objects.exclude(state=State.OPEN).filter(Q(until__isnull=True) | Q(until__gt=timezone.now()))
        for row in rows:
            found.setdefault(row.kind, {})[row.code] = row.contract(lang)
        context.render_context[key] = found
    return found.get(kind, {})


def _view(status: dict | None) -> dict | None:
    """A non-open status ready for a template (parsed dates, reason label), or None when open."""
    if not status or status.get("state") in (None, State.OPEN):
        return None
    reason = status.get("reason")
    return {
        **status,
        "since": _moment(status.get("since")),
        "until": _moment(status.get("until")),
        "reason_label": Reason(reason).label if reason in Reason.values else "",
        "closed": status["state"] == State.CLOSED,
        "limited": status["state"] == State.LIMITED,
    }


def _codes(items, attribute: str) -> list[str]:
    """Codes out of codes, model instances, links (``link.channel``) or rows (``row["outlet"]``)."""
    if isinstance(items, str):
        items = [items]
    codes = []
    for item in items or ():
        if isinstance(item, dict):
            item = item.get(attribute)
        elif not isinstance(item, str) and hasattr(item, attribute):
            item = getattr(item, attribute)
        code = item if isinstance(item, str) else getattr(item, "code", None)
        if code:
            codes.append(code)
    return codes


def _alert_link(alert: dict, lang: str) -> str:
    # The catalogue lives at /<lang>/services/ (cms/bootstrap.py); outlets and channels have no
    # page of their own, so an alert about one points at its place in the catalogue.
    scope = alert.get("scope") or {}
    if scope.get("type") == "outlet" and scope.get("code"):
        return f"/{lang}/services/outlets/#outlet-{scope['code']}"
    if scope.get("type") == "channel" and scope.get("code"):
        return f"/{lang}/services/channel/{scope['code']}/"
    return ""


@register.inclusion_tag("status/alerts.html")
def alert_banners(department=None, service=None, channels=(), outlets=()):
    """The banners of the live alerts of the whole site and of the given scope, urgent first.

    ``channels`` and ``outlets`` take codes, Channel/Outlet objects, a service's channel links or
    the outlet rows of the catalogue's templates.
    """
    lang = _lang()
    alerts = alerts_in_scope(
        lang=lang,
        department=getattr(department, "code", department) or None,
        service=getattr(service, "code", service) or None,
        channels=tuple(_codes(channels, "channel")),
        outlets=tuple(_codes(outlets, "outlet")),
    )
    return {
        "alerts": [
            {**alert, "role": ALERT_ROLES.get(alert.get("level"), "status"), "link": _alert_link(alert, lang)}
            for alert in alerts
        ]
    }


@register.simple_tag(takes_context=True)
def outlets_live(context, rows):
    """The catalogue's outlet rows with their live status: a closed outlet is not open now."""
    statuses = _statuses(context, "outlet")
    live = []
    for row in rows:
        status = _view(statuses.get(row["outlet"].code))
        open_now = bool(row.get("open_now")) and not (status and status["closed"])
        live.append({**row, "status": status, "open_now": open_now})
    return live


@register.simple_tag(takes_context=True)
def channels_live(context, channel_links):
    """A service's channels with their live status, and where to turn when some are closed.

    ``rows``: every link with its status; ``affected``: the closed or limited ones; ``open``: the
    links not closed (fully open first); ``online``: open online links to start the service.
    """
    statuses = _statuses(context, "channel")
    rows = [
        {"link": link, "channel": link.channel, "status": _view(statuses.get(link.channel.code))}
        for link in channel_links
    ]
    usable = [row for row in rows if not (row["status"] and row["status"]["closed"])]
    return {
        "rows": rows,
        "affected": [row for row in rows if row["status"]],
        "open": sorted(usable, key=lambda row: row["status"] is not None),
        "online": [row["link"] for row in usable if row["channel"].type in Channel.ONLINE_TYPES and row["link"].url],
    }


@register.simple_tag(takes_context=True)
def search_closures(context, results):
    """{service code: [closed online channels with their message]} for the services in results.

    Two queries whatever the number of results: the closed channels, then the links of these
    services to them (language-neutral facts come from the Arabic original).
    """
    codes = [item["code"] for item in results or () if item.get("type") == "service"]
    if not codes:
        return {}
    lang = _lang()
    closed = {
        code: status for code, status in _statuses(context, "channel").items() if status.get("state") == State.CLOSED
    }
    if not closed:
        return {}
    links = (
        ServiceChannel.objects.filter(
            page__code__in=codes,
            page__locale__language_code="ar",
            channel__code__in=list(closed),
            channel__type__in=Channel.ONLINE_TYPES,
        )
        .annotate(service_code=F("page__code"))
        .select_related("channel")
        .order_by("service_code", "channel__sort_order")
    )
    flags: dict[str, list[dict]] = {}
    for link in links:
        entries = flags.setdefault(link.service_code, [])
        if all(entry["code"] != link.channel.code for entry in entries):
            entries.append(
                {
                    "code": link.channel.code,
                    "name": link.channel.name_in(lang),
                    "status": _view(closed[link.channel.code]),
                }
            )
    return flags


@register.filter
def status_of(mapping, key):
    """``mapping[key]`` in a template, or None."""
    return (mapping or {}).get(key)
