"""Reads of live statuses and alerts, for the site's templates, the admin screen and the API.

Every function here answers in one or two queries however many outlets, channels or alerts there
are, and returns the shapes of docs/CONTRACTS.md §6 (dicts of plain values, safe to cache).
"""

import functools
from collections.abc import Iterable

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from publication.public import public_html
from status.models import Alert, LiveStatus, State, iso, status_open

LEVEL_RANK = {Alert.Level.URGENT: 0, Alert.Level.WARNING: 1, Alert.Level.INFO: 2}


def statuses_by_code(*, kind: str, lang: str, now=None) -> dict[str, dict]:
    """Every non-open live status of ``kind`` ("outlet" or "channel"): code -> status shape.

    Codes missing from the answer are open. A status whose ``until`` has passed counts as open
    even before the sweep has written it back (the answer never shows a stale closure)."""
    now = now or timezone.now()
    rows = (
        LiveStatus.objects.filter(kind=kind).exclude(state=State.OPEN).filter(Q(until__isnull=True) | Q(until__gt=now))
    )
    return {row.code: row.contract(lang) for row in rows}


def status_current(*, kind: str, code: str, lang: str, now=None) -> dict:
    """The status of one outlet or channel (open with nulls when nothing is set)."""
    return statuses_by_code_for(kind=kind, codes=[code], lang=lang, now=now).get(code, status_open())


def statuses_by_code_for(*, kind: str, codes: Iterable[str], lang: str, now=None) -> dict[str, dict]:
    """``statuses_by_code`` restricted to some codes (one query)."""
    now = now or timezone.now()
    rows = (
        LiveStatus.objects.filter(kind=kind, code__in=list(codes))
        .exclude(state=State.OPEN)
        .filter(Q(until__isnull=True) | Q(until__gt=now))
    )
    return {row.code: row.contract(lang) for row in rows}


def status_rows(*, kind: str) -> dict[str, LiveStatus]:
    """code -> the stored row (any state), for the admin screen."""
    return {
        row.code: row for row in LiveStatus.objects.filter(kind=kind).select_related("changed_by", "changed_by_key")
    }


def alert_contract(alert: Alert, lang: str, *, updated_at=None) -> dict:
    """One alert in the feed's shape (docs/CONTRACTS.md §6)."""
    return {
        "code": alert.code,
        "lang": lang,
        "level": alert.level,
        "title": alert.title_in(lang),
        "body": public_html(alert.body_in(lang)),
        "scope": {"type": alert.scope_type, "code": alert.scope_code or None},
        "starts_at": iso(alert.starts_at),
        "ends_at": iso(alert.ends_at) if alert.ends_at else None,
        "updated_at": iso(updated_at or alert.last_published_at or alert.starts_at),
    }


@functools.cache
def _urgency():
    # Built once: an expression is not changed by the queries that use it (they resolve copies).
    return Case(
        *(When(level=level, then=Value(rank)) for level, rank in LEVEL_RANK.items()),
        output_field=IntegerField(),
    )


def alerts_live(*, now=None):
    """Published alerts that have started and not ended (a queryset, urgent first)."""
    now = now or timezone.now()
    return (
        Alert.objects.filter(live=True, starts_at__lte=now)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .annotate(urgency=_urgency())
        .order_by("urgency", "-starts_at", "code")
    )


def alerts_in_scope(
    *,
    lang: str,
    department: str | None = None,
    service: str | None = None,
    channels: Iterable[str] = (),
    outlets: Iterable[str] = (),
    now=None,
) -> list[dict]:
    """The running alerts for a page: the whole site's, plus those whose scope is one of the given
    codes; urgent first, each in the feed's alert shape (one query)."""
    # Running alerts are few: read them all in a plain query and keep this page's in Python
    # (building the scope's OR of conditions cost more than the query on every page view).
    now = now or timezone.now()
    codes = {
        Alert.Scope.SITE: None,
        Alert.Scope.DEPARTMENT: {department} if department else set(),
        Alert.Scope.SERVICE: {service} if service else set(),
        Alert.Scope.CHANNEL: set(channels),
        Alert.Scope.OUTLET: set(outlets),
    }
    running = Alert.objects.filter(live=True, starts_at__lte=now).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
    chosen = [
        alert
        for alert in running
        if alert.scope_type in codes
        and (codes[alert.scope_type] is None or alert.scope_code in codes[alert.scope_type])
    ]
    # The order of ``alerts_live``: urgent first, then the latest to start, then by code.
    chosen.sort(key=lambda alert: alert.code)
    chosen.sort(key=lambda alert: alert.starts_at, reverse=True)
    chosen.sort(key=lambda alert: LEVEL_RANK.get(alert.level, len(LEVEL_RANK)))
    return [alert_contract(alert, lang) for alert in chosen]


def alerts_upcoming(*, now=None, limit: int = 50) -> list[Alert]:
    """Published alerts that have not started yet, and alerts waiting in moderation (admin screen)."""
    now = now or timezone.now()
    published = Alert.objects.filter(live=True, starts_at__gt=now)
    pending = Alert.objects.filter(Q(live=False) | Q(has_unpublished_changes=True)).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    )
    return list((published | pending).distinct().order_by("starts_at", "code")[:limit])
