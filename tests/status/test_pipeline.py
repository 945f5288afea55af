"""A status set through the API travels like any publication: the feed's outlet and channel
payloads, sync, a webhook receiver on 127.0.0.1 and a snapshot."""

import json

import pytest

from feed.models import WebhookSubscription
from feed.snapshots import snapshot_manifest_read, snapshot_publish
from status.selectors import status_current, statuses_by_code
from tests.feed.test_snapshots import RecordingStorage, read_snapshot
from tests.feed.test_webhooks import receiver  # noqa: F401  (the receiver fixture)
from tests.status.conftest import CLOSED, in_hours

pytestmark = pytest.mark.django_db
FEED = "/api/feed/v1"
OPEN = {"state": "open", "message": None, "reason": None, "since": None, "until": None}


def _sync_all(client, cursor=None) -> tuple[list[dict], str]:
    changes = []
    for _ in range(50):
        page = client.get(f"{FEED}/sync" + (f"?cursor={cursor}" if cursor else "")).json()
        changes.extend(page["changes"])
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return changes, cursor
    raise AssertionError("sync did not end")


def test_every_outlet_and_channel_in_the_feed_carries_an_open_status_by_default(bootstrapped, client):
    for path in ("outlets", "channels"):
        items = client.get(f"{FEED}/{path}?lang=en&limit=100").json()["items"]
        assert items and all(item["status"] == OPEN for item in items)


def test_a_status_from_the_api_reaches_feed_sync_webhook_and_snapshot(
    bootstrapped,
    client,
    post_status,
    receiver,  # noqa: F811
    django_capture_on_commit_callbacks,
    tmp_path,
):
    WebhookSubscription.objects.create(name="App", url=receiver.url, secret="x" * 24, types=["outlet"])
    _, cursor = _sync_all(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_status("outlets", "dreesha-masafi", {**CLOSED, "until": in_hours(4)})
    assert response.status_code == 200

    # The feed: the outlet's payload in both languages, the message in each.
    for lang, message in (("ar", CLOSED["message_ar"]), ("en", CLOSED["message_en"])):
        item = client.get(f"{FEED}/outlets/dreesha-masafi?lang={lang}").json()
        assert item["status"]["state"] == "closed"
        assert item["status"]["message"] == message
        assert item["status"]["reason"] == "maintenance"
    others = client.get(f"{FEED}/outlets?lang=ar").json()["items"]
    assert [o["code"] for o in others if o["status"]["state"] != "open"] == ["dreesha-masafi"]

    # Sync: an upsert of the outlet, in both languages.
    after, _ = _sync_all(client, cursor)
    assert {(c["op"], c["type"], c["code"], c["lang"]) for c in after} == {
        ("upsert", "outlet", "dreesha-masafi", "ar"),
        ("upsert", "outlet", "dreesha-masafi", "en"),
    }
    assert all(c["item"]["status"]["state"] == "closed" for c in after)

    # The webhook receiver on 127.0.0.1.
    assert len(receiver.requests) == 1
    posted = json.loads(receiver.requests[0]["body"])["changes"]
    assert {c["item"]["status"]["state"] for c in posted} == {"closed"}

    # A snapshot taken now.
    storage = RecordingStorage(location=tmp_path)
    snapshot_publish(storage=storage, prefix="snap")
    manifest = snapshot_manifest_read(storage=storage, prefix="snap")
    content = read_snapshot(manifest, lambda path: (tmp_path / "snap" / path).read_bytes())
    masafi = next(o for o in content[("outlet", "en")] if o["code"] == "dreesha-masafi")
    assert masafi["status"]["message"] == CLOSED["message_en"]

    # The reads the public pages use.
    assert statuses_by_code(kind="outlet", lang="en")["dreesha-masafi"]["message"] == CLOSED["message_en"]
    assert status_current(kind="outlet", code="kiosks", lang="ar") == OPEN


def test_a_channel_status_reaches_the_channel_payload(bootstrapped, client, post_status):
    post_status("channels", "app-rukhsati", {"state": "limited", "reason": "system-outage", "message_ar": "بطء"})
    item = client.get(f"{FEED}/channels/app-rukhsati?lang=en").json()
    # No English message given: the Arabic one is shown rather than nothing.
    assert item["status"] | {"since": None} == {
        "state": "limited",
        "message": "بطء",
        "reason": "system-outage",
        "since": None,
        "until": None,
    }


def test_queries_per_outlet_list_stay_constant_with_statuses(bootstrapped, client, post_status):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        from feed.http import response_cache
        from status.services import sweep_reset

        response_cache.clear()
        sweep_reset()  # the expiry sweep runs on this request too: two indexed queries
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{FEED}/outlets?lang=ar").status_code == 200
        return len(queries)

    without = count()
    for code in ("kiosks", "dreesha-masafi", "dreesha-qidfa", "fujairah-mall"):
        post_status("outlets", code, CLOSED)
    assert count() == without
