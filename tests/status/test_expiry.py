"""Statuses end by themselves when ``until`` passes, and ended alerts leave the feed as
"expired": the sweep with a clock moved forward, and the requests that run it."""

import datetime as dt

import pytest

from django.utils import timezone

from status import services
from status.models import Alert, LiveStatus
from status.services import status_expire_due, status_set
from tests.status.conftest import CLOSED

pytestmark = pytest.mark.django_db
FEED = "/api/feed/v1"


def _close_for(hours: float, code="kiosks"):
    return status_set(
        kind="outlet",
        code=code,
        state="closed",
        reason="maintenance",
        message_ar=CLOSED["message_ar"],
        message_en=CLOSED["message_en"],
        until=timezone.now() + dt.timedelta(hours=hours),
    )


def test_a_status_returns_to_open_when_until_passes_and_sync_says_so(bootstrapped, client):
    _close_for(2)
    assert client.get(f"{FEED}/outlets/kiosks").json()["status"]["state"] == "closed"
    cursor = client.get(f"{FEED}/sync?limit=1000").json()["next_cursor"]
    assert status_expire_due(now=timezone.now() + dt.timedelta(hours=1)) == 0
    assert status_expire_due(now=timezone.now() + dt.timedelta(hours=2, minutes=1)) == 1
    row = LiveStatus.objects.get(code="kiosks")
    assert (row.state, row.until, row.message_ar) == ("open", None, "")
    assert client.get(f"{FEED}/outlets/kiosks").json()["status"]["state"] == "open"
    changes = client.get(f"{FEED}/sync?cursor={cursor}").json()["changes"]
    assert {(c["type"], c["code"], c["item"]["status"]["state"]) for c in changes} == {("outlet", "kiosks", "open")}
    # Logged in the audit log as done by the clock, not by a person.
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.filter(action="status.expire").get()
    assert entry.user is None and entry.data["from"] == "closed"


def test_a_request_after_until_sees_open_without_anyone_acting(bootstrapped, client, monkeypatch):
    _close_for(1)
    later = timezone.now() + dt.timedelta(hours=1, minutes=5)
    monkeypatch.setattr(services, "_now", lambda: later)
    services.sweep_reset()
    # The sweep runs at the start of the feed request (status/middleware.py).
    assert client.get(f"{FEED}/outlets/kiosks").json()["status"]["state"] == "open"
    assert LiveStatus.objects.get(code="kiosks").state == "open"


def test_the_sweep_is_one_query_per_kind_of_thing_when_nothing_is_due(bootstrapped, django_assert_num_queries):
    _close_for(5)
    with django_assert_num_queries(2):
        assert status_expire_due() == 0


def _alert(code: str, **fields) -> Alert:
    alert = Alert(
        code=code,
        level=fields.pop("level", Alert.Level.WARNING),
        scope_type=fields.pop("scope_type", Alert.Scope.CHANNEL),
        scope_code=fields.pop("scope_code", "kiosk"),
        title_ar="الأجهزة متوقفة حتى الساعة 14:00",
        title_en="The kiosks are down until 14:00, use the website",
        body_ar="<p>استخدموا الموقع.</p>",
        body_en="<p>Use the website.</p>",
        live=False,
        **fields,
    )
    alert.full_clean()
    alert.save()
    alert.save_revision().publish()
    return alert


def test_an_alert_leaves_the_feed_as_expired_when_it_ends(bootstrapped, client, django_capture_on_commit_callbacks):
    now = timezone.now()
    _alert("kiosks-down", starts_at=now - dt.timedelta(minutes=5), ends_at=now + dt.timedelta(hours=1))
    items = client.get(f"{FEED}/alerts?lang=en").json()["items"]
    assert [(a["code"], a["level"], a["scope"]) for a in items] == [
        ("kiosks-down", "warning", {"type": "channel", "code": "kiosk"})
    ]
    cursor = client.get(f"{FEED}/sync?limit=1000").json()["next_cursor"]
    assert status_expire_due(now=now + dt.timedelta(hours=1, seconds=1)) == 1
    assert client.get(f"{FEED}/alerts").json()["items"] == []
    changes = client.get(f"{FEED}/sync?cursor={cursor}").json()["changes"]
    assert {(c["op"], c["type"], c["code"], c["reason"]) for c in changes} == {
        ("delete", "alert", "kiosks-down", "expired")
    }
    assert status_expire_due(now=now + dt.timedelta(hours=2)) == 0  # once only


def test_a_scheduled_alert_is_in_the_feed_but_not_on_pages_until_it_starts(bootstrapped, client):
    from status.selectors import alerts_in_scope

    now = timezone.now()
    _alert("eid-hours", level=Alert.Level.INFO, scope_type="site", scope_code="", starts_at=now + dt.timedelta(days=1))
    assert [a["code"] for a in client.get(f"{FEED}/alerts").json()["items"]] == ["eid-hours"]
    assert alerts_in_scope(lang="ar") == []
    assert [a["code"] for a in alerts_in_scope(lang="ar", now=now + dt.timedelta(days=1, minutes=1))] == ["eid-hours"]


def test_the_worker_is_asked_to_sweep_when_until_comes(
    bootstrapped, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    from status.tasks import status_sweep

    # A backend that can defer, as the database queue of production does (``db_worker``).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        first = _close_for(2, code="kiosks")
        _close_for(5, code="dreesha-qidfa")
    queued = [(r.task.name, r.task.run_after) for r in default_task_backend.results]
    assert ("status_sweep", first["row"].until) in queued

    # When the worker runs it at that moment, the closure ends and the next due moment is queued.
    default_task_backend.clear()
    later = first["row"].until + dt.timedelta(seconds=1)
    monkeypatch.setattr(services, "_now", lambda: later)
    with django_capture_on_commit_callbacks(execute=True):
        assert status_sweep.call() == 1
    assert LiveStatus.objects.get(code="kiosks").state == "open"
    assert [r.task.run_after for r in default_task_backend.results if r.task.name == "status_sweep"] == [
        LiveStatus.objects.get(code="dreesha-qidfa").until
    ]
