"""Writes of live statuses, alerts' start and end, and API keys.

A status change is validated first (nothing is written when anything is wrong), then written,
logged in Wagtail's audit log and republished through the pipeline in one transaction, so the
feed, sync, webhooks, snapshots and the page-cache purge follow the commit.
"""

import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from common.pagecache import page_cache_purge
from publication.services import publication_refresh, publication_refresh_many
from status.models import Alert, ApiKey, Kind, LiveStatus, State
from status.representations import ALERT_TYPE
from status.validation import status_problems

logger = logging.getLogger(__name__)


class StatusInvalid(Exception):
    """A change refused by the rules: ``errors`` is ``{field: [messages]}``; nothing was written."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(m for ms in errors.values() for m in ms))
        self.errors = errors


def _now():
    # One place to read the clock, so tests can travel in time.
    return timezone.now()


def status_set(
    *,
    kind: str,
    code: str,
    state: str,
    reason: str | None,
    message_ar: str | None,
    message_en: str | None,
    until,
    user=None,
    api_key: ApiKey | None = None,
    now=None,
) -> dict:
    """Set the status of one outlet or channel. Returns ``{"kind", "code", "changed", "row"}``;
    sending the same status again changes nothing (no write, no log, no change in sync)."""
    now = now or _now()
    errors = status_problems(
        kind=kind,
        code=code,
        state=state,
        reason=reason,
        message_ar=message_ar,
        message_en=message_en,
        until=until,
        now=now,
    )
    if errors:
        raise StatusInvalid(errors)
    if state == State.OPEN:
        # Open is the ordinary state: nothing to explain, nothing to end.
        reason, message_ar, message_en, until = "", "", "", None
    wanted = {
        "state": state,
        "reason": reason or "",
        "message_ar": (message_ar or "").strip(),
        "message_en": (message_en or "").strip(),
        "until": until,
    }
    with transaction.atomic():
        row = LiveStatus.objects.select_for_update().filter(kind=kind, code=code).first()
        expired = row is not None and row.until is not None and row.until <= now
        if row is not None and not expired and all(getattr(row, k) == v for k, v in wanted.items()):
            return {"kind": kind, "code": code, "changed": False, "row": row}
        if row is None and state == State.OPEN:
            return {"kind": kind, "code": code, "changed": False, "row": LiveStatus(kind=kind, code=code)}
        previous = row.state if row is not None and not expired else State.OPEN
        if row is None:
            row = LiveStatus(kind=kind, code=code)
        for name, value in wanted.items():
            setattr(row, name, value)
        if previous != state or row.pk is None:
            row.since = now
        row.changed_by = user if user is not None and user.is_authenticated else None
        row.changed_by_key = api_key
        row.save()
        log(
            instance=row,
            action="status.change",
            user=row.changed_by,
            title=f"{kind}:{code}",
            data={
                "kind": kind,
                "code": code,
                "from": previous,
                "to": state,
                "reason": wanted["reason"],
                "message_ar": wanted["message_ar"],
                "message_en": wanted["message_en"],
                "until": until.isoformat() if until else None,
                "api_key": api_key.name if api_key else None,
            },
        )
        publication_refresh(type_name=kind, code=code)
        if until is not None:
            transaction.on_commit(lambda: expiry_schedule(at=until))
    return {"kind": kind, "code": code, "changed": True, "row": row}


def expiry_schedule(*, at) -> None:
    """Ask the task worker to run the sweep when ``at`` comes (where the backend can defer)."""
    from django_tasks import default_task_backend

    from status.tasks import status_sweep

    if not default_task_backend.supports_defer:
        return  # inline tasks: the sweep at the start of requests does it
    try:
        status_sweep.using(run_after=at).enqueue()
    except Exception:  # the sweep on requests still does it; never fail the edit for this
        logger.exception("could not schedule the status sweep for %s", at)


def status_expire_due(*, now=None) -> int:
    """Return to open every status whose ``until`` has passed, and move alerts that started or
    ended since the last sweep; returns the number of items changed. One indexed query for each
    when nothing is due, so it runs at the start of feed, status and page requests."""
    now = now or _now()
    changed = 0
    due = list(LiveStatus.objects.filter(until__isnull=False, until__lte=now))
    alerts = list(
        Alert.objects.filter(live=True).filter(
            Q(phase=Alert.Phase.SCHEDULED, starts_at__lte=now)
            | Q(phase__in=[Alert.Phase.SCHEDULED, Alert.Phase.RUNNING], ends_at__lte=now)
        )
    )
    if not due and not alerts:
        return 0
    with transaction.atomic():
        by_kind: dict[str, list[str]] = {}
        for row in LiveStatus.objects.select_for_update().filter(pk__in=[r.pk for r in due], until__lte=now):
            previous = row.state
            row.state, row.reason, row.message_ar, row.message_en = State.OPEN, "", "", ""
            row.until, row.since, row.changed_by, row.changed_by_key = None, now, None, None
            row.save()
            ModelLogEntry.objects.log_action(
                row,
                "status.expire",
                user=None,
                title=f"{row.kind}:{row.code}",
                data={"kind": row.kind, "code": row.code, "from": previous, "to": State.OPEN},
            )
            by_kind.setdefault(row.kind, []).append(row.code)
            changed += 1
        for kind, codes in by_kind.items():
            publication_refresh_many(type_name=kind, codes=codes)
        for alert in alerts:
            ended = alert.ends_at is not None and alert.ends_at <= now
            phase = Alert.Phase.ENDED if ended else Alert.Phase.RUNNING
            if not Alert.objects.filter(pk=alert.pk, phase=alert.phase).update(phase=phase):
                continue  # another process swept it
            if ended:
                # Rendered as gone at the sweep's ``now``, whatever the clock says while rendering.
                publication_refresh_many(
                    type_name=ALERT_TYPE, codes=[alert.code], reason="expired", rendered={alert.code: {}}
                )
                ModelLogEntry.objects.log_action(alert, "status.alert_end", user=None, data={"code": alert.code})
            # A banner appears or disappears on the public pages: cached copies must go.
            page_cache_purge()
            changed += 1
    return changed


_last_sweep = [0.0]


def status_sweep_throttled() -> int:
    """``status_expire_due`` at most once per STATUS_SWEEP_SECONDS per process (requests call this)."""
    now = time.monotonic()
    # Seconds between sweeps in one process (STATUS_SWEEP_SECONDS): tests set it very long so
    # that page query counts do not depend on the clock, and call sweep_reset() to sweep.
    if now - _last_sweep[0] < settings.STATUS_SWEEP_SECONDS:
        return 0
    _last_sweep[0] = now
    try:
        return status_expire_due()
    except Exception:  # a busy database must not fail the visitor's request
        logger.exception("status sweep failed")
        return 0


def sweep_reset() -> None:
    """Forget the last sweep time (tests, and after a status change in this process)."""
    _last_sweep[0] = float("-inf")


def alert_published(*, alert: Alert) -> None:
    """Keep the pipeline in step with an alert just published or unpublished (same transaction)."""
    now = _now()
    if alert.ends_at is not None and alert.ends_at <= now:
        phase = Alert.Phase.ENDED
    elif alert.starts_at <= now:
        phase = Alert.Phase.RUNNING
    else:
        phase = Alert.Phase.SCHEDULED
    Alert.objects.filter(pk=alert.pk).update(phase=phase)
    alert.phase = phase
    publication_refresh(type_name=ALERT_TYPE, code=alert.code)
    page_cache_purge()
    for moment in (alert.starts_at, alert.ends_at):
        if alert.live and moment is not None and moment > now:
            transaction.on_commit(lambda moment=moment: expiry_schedule(at=moment))


def alert_deleted(*, alert: Alert) -> None:
    publication_refresh(type_name=ALERT_TYPE, code=alert.code, reason="deleted")
    page_cache_purge()


# --- API keys ------------------------------------------------------------------------------


class ApiKeyInvalid(Exception):
    pass


def api_key_create(*, name: str, scopes: Iterable[str], user=None) -> tuple[ApiKey, str]:
    """Create a key; returns it with the raw key, which is shown once and never stored."""
    scopes = sorted(set(scopes))
    unknown = [s for s in scopes if s not in ApiKey.Scope.values]
    if unknown or not scopes:
        raise ApiKeyInvalid(f"unknown or missing scope: {', '.join(unknown) or '-'}")
    if ApiKey.objects.filter(name=name).exists():
        raise ApiKeyInvalid(f"a key named {name!r} exists")
    raw = ApiKey.generate()
    key = ApiKey(name=name, prefix=raw[:10], key_hash=ApiKey.hash(raw), scopes=scopes, created_by=user)
    key.full_clean(exclude=["key_hash", "prefix"])
    key.save()
    log(instance=key, action="status.api_key_create", user=user, data={"name": name, "scopes": scopes})
    return key, raw


def api_key_revoke(*, name: str, user=None) -> ApiKey:
    key = ApiKey.objects.filter(name=name, revoked_at__isnull=True).first()
    if key is None:
        raise ApiKeyInvalid(f"no active key named {name!r}")
    key.revoked_at = _now()
    key.save(update_fields=["revoked_at"])
    log(instance=key, action="status.api_key_revoke", user=user, data={"name": name})
    return key


def api_key_authenticate(*, raw: str) -> ApiKey | None:
    """The active key for this raw key, or None; notes when it was last used (at most once a minute)."""
    key = ApiKey.objects.filter(key_hash=ApiKey.hash(raw[:200]), revoked_at__isnull=True).first()
    if key is not None:
        now = _now()
        if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
    return key


def kinds() -> list[str]:
    return list(Kind.values)


def next_due(*, now=None):
    """The next moment a status or an alert is due to change (None when nothing is)."""
    now = now or _now()
    moments = [
        LiveStatus.objects.filter(until__gt=now).order_by("until").values_list("until", flat=True).first(),
        Alert.objects.filter(live=True, phase=Alert.Phase.SCHEDULED, starts_at__gt=now)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first(),
        Alert.objects.filter(live=True, phase__in=[Alert.Phase.SCHEDULED, Alert.Phase.RUNNING], ends_at__gt=now)
        .order_by("ends_at")
        .values_list("ends_at", flat=True)
        .first(),
    ]
    moments = [m for m in moments if m is not None]
    return min(moments) if moments else None
