"""Webhooks: each committed publish, unpublish or deletion is POSTed, signed, to the subscribers.

After a transaction commits, ``publication_committed`` carries its changes; one delivery per
interested subscription is recorded and handed to a background task. A failed attempt is retried
with exponential back-off (``WEBHOOK_RETRY_BASE_SECONDS`` · 2^n, capped at an hour, with jitter)
until ``WEBHOOK_MAX_ATTEMPTS``; every attempt is logged on the delivery, visible in the admin.

Destinations are public addresses only (``feed.destinations``): the host is resolved once per
attempt, every address checked, and the connection made to the checked address; a refused
destination fails the delivery at once, without connecting.

Signature: ``X-Baladiya-Signature: sha256=<hex>`` is HMAC-SHA256 with the subscription's secret
over ``"<X-Baladiya-Timestamp>.<raw body>"`` (docs/feed.md shows how to verify it).
"""

import datetime as dt
import hashlib
import hmac
import json
import logging
import random
import secrets
import time
import uuid

import urllib3
from django_tasks import default_task_backend, task

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from feed.destinations import Destination, DestinationRefused, destination_resolve
from feed.models import WebhookDelivery, WebhookSubscription
from feed.selectors import sync_cursor_encode
from publication.models import ChangeLog
from publication.signals import publication_committed

logger = logging.getLogger(__name__)
USER_AGENT = "Baladiya-Webhooks/1"


def webhook_secret_generate() -> str:
    return secrets.token_urlsafe(32)


def webhook_sign(*, secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def webhook_verify(*, secret: str, timestamp: str, body: bytes, signature: str, tolerance: int = 300) -> bool:
    """What a receiver does: constant-time compare, and refuse stale timestamps (replays)."""
    if not (timestamp.isascii() and timestamp.isdigit()) or abs(time.time() - int(timestamp)) > tolerance:
        return False
    return hmac.compare_digest(webhook_sign(secret=secret, timestamp=int(timestamp), body=body), signature)


def _change(change: ChangeLog) -> dict:
    entry = {"op": change.op, "type": change.type, "code": change.code, "lang": change.lang}
    if change.op == ChangeLog.Op.UPSERT:
        entry["item"] = change.payload
    else:
        entry["reason"] = change.reason
    return entry


# Changes per delivery: an import of 10,000 services commits 20,000 changes at once, which as one
# POST would be tens of megabytes for the receiver to take in a single request.
CHANGES_PER_DELIVERY = 500


def webhook_deliveries_create(*, changes: list[ChangeLog]) -> list[WebhookDelivery]:
    """Record the deliveries for each active subscription that wants some of these changes: one
    per CHANGES_PER_DELIVERY changes, in sequence order."""
    deliveries = []
    # An upsert superseded in the same transaction has no content left (the log is compacted):
    # like sync, partners get only the item's final state.
    changes = [c for c in changes if c.op == ChangeLog.Op.DELETE or c.payload is not None]
    for subscription in WebhookSubscription.objects.filter(active=True):
        wanted = sorted((c for c in changes if subscription.wants(type_name=c.type, op=c.op)), key=lambda c: c.seq)
        for start in range(0, len(wanted), CHANGES_PER_DELIVERY):
            deliveries.append(
                _delivery(subscription=subscription, changes=wanted[start : start + CHANGES_PER_DELIVERY])
            )
    return deliveries


def _delivery(*, subscription: WebhookSubscription, changes: list[ChangeLog]) -> WebhookDelivery:
    event_id = uuid.uuid4().hex
    events = sorted({f"{c.type}.{c.op}" for c in changes})
    body = {
        "id": event_id,
        "events": events,
        "created_at": timezone.now().isoformat().replace("+00:00", "Z"),
        # Where the receiver's /sync cursor stands once these changes are applied.
        "cursor": sync_cursor_encode(seq=max(c.seq for c in changes)),
        "changes": [_change(c) for c in changes],
    }
    return WebhookDelivery.objects.create(
        subscription=subscription,
        event_id=event_id,
        event=",".join(events)[:80],
        body=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        next_attempt_at=timezone.now(),
    )


def _post(*, destination: Destination, headers: dict[str, str], body: bytes) -> int:
    """POST to the checked address, naming the host only in the Host header and TLS; the status."""
    host = f"[{destination.host}]" if ":" in destination.host else destination.host
    default_port = 443 if destination.scheme == "https" else 80
    headers = {**headers, "Host": host if destination.port == default_port else f"{host}:{destination.port}"}
    timeout = urllib3.Timeout(total=getattr(settings, "WEBHOOK_TIMEOUT_SECONDS", 5))
    if destination.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            destination.address,
            destination.port,
            timeout=timeout,
            cert_reqs="CERT_REQUIRED",
            server_hostname=destination.host,
            assert_hostname=destination.host,
        )
    else:
        pool = urllib3.HTTPConnectionPool(destination.address, destination.port, timeout=timeout)
    try:
        # No redirects: following one would re-send the body to an address nobody checked.
        response = pool.urlopen(
            "POST", destination.target, body=body, headers=headers, redirect=False, retries=False, preload_content=False
        )
        response.release_conn()
        return response.status
    finally:
        pool.close()


def _backoff(attempts: int) -> dt.timedelta:
    base = getattr(settings, "WEBHOOK_RETRY_BASE_SECONDS", 30)
    seconds = min(base * 2 ** (attempts - 1), 3600)
    return dt.timedelta(seconds=seconds * random.uniform(0.9, 1.1))


def webhook_attempt(*, delivery: WebhookDelivery) -> bool:
    """POST the delivery once; record the outcome and when to try again."""
    subscription = delivery.subscription
    body = delivery.body.encode()
    timestamp = int(time.time())
    status_code, error, refused = None, "", False
    try:
        destination = destination_resolve(url=subscription.url)
    except DestinationRefused as exc:
        # Stored as the message id; the delivery log shows it in the reader's language.
        error, refused = exc.reason, True
    else:
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "X-Baladiya-Event": delivery.event,
            "X-Baladiya-Delivery": delivery.event_id,
            "X-Baladiya-Timestamp": str(timestamp),
            "X-Baladiya-Signature": webhook_sign(secret=subscription.secret, timestamp=timestamp, body=body),
        }
        try:
            status_code = _post(destination=destination, headers=headers, body=body)
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            error = str(getattr(exc, "reason", None) or exc)[:500]
        else:
            if not 200 <= status_code < 300:
                error = f"HTTP {status_code}"
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_status_code = status_code
    delivery.last_error = error
    ok = status_code is not None and 200 <= status_code < 300
    if ok:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif refused or delivery.attempts >= getattr(settings, "WEBHOOK_MAX_ATTEMPTS", 8):
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.status = WebhookDelivery.Status.RETRYING
        delivery.next_attempt_at = now + _backoff(delivery.attempts)
    delivery.save(
        update_fields=["attempts", "last_status_code", "last_error", "status", "delivered_at", "next_attempt_at"]
    )
    return ok


def _enqueue(delivery: WebhookDelivery) -> None:
    if delivery.next_attempt_at and delivery.next_attempt_at > timezone.now():
        if not default_task_backend.supports_defer:
            return  # picked up by webhook_retry_due
        webhook_deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery_id=delivery.pk)
    else:
        webhook_deliver.enqueue(delivery_id=delivery.pk)


@task()
def webhook_deliver(delivery_id: int) -> str:
    """Background task: one attempt of one delivery, scheduling the next on failure."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("subscription")
            .filter(pk=delivery_id, status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING])
            .first()
        )
        if delivery is None:
            return "gone"
    if not delivery.subscription.active:
        return "inactive"
    if not webhook_attempt(delivery=delivery) and delivery.status == WebhookDelivery.Status.RETRYING:
        _enqueue(delivery)
    return delivery.status


def webhook_retry_due(*, now: dt.datetime | None = None) -> int:
    """Attempt every delivery whose retry time has come (for task backends that cannot defer)."""
    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.RETRYING, next_attempt_at__lte=now, subscription__active=True
        ).values_list("pk", flat=True)[:100]
    )
    for pk in due:
        webhook_deliver.enqueue(delivery_id=pk)
    return len(due)


def webhook_retry_now(*, delivery: WebhookDelivery) -> None:
    """An administrator's "retry now": a failed or waiting delivery gets a fresh attempt."""
    delivery.status = WebhookDelivery.Status.RETRYING
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "next_attempt_at"])
    webhook_deliver.enqueue(delivery_id=delivery.pk)


def on_publication_committed(sender, changes, **kwargs):
    try:
        for delivery in webhook_deliveries_create(changes=changes):
            _enqueue(delivery)
        if not default_task_backend.supports_defer:
            webhook_retry_due()
    except Exception:
        # A webhook problem must never turn an editor's successful publish into an error page.
        logger.exception("webhook scheduling failed")


def connect() -> None:
    publication_committed.connect(on_publication_committed, dispatch_uid="cms_webhooks")
