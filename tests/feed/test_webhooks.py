"""Webhooks against a real HTTP receiver on 127.0.0.1: signed JSON, retries with back-off, the log."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from django.utils import timezone

from catalogue.models import ServicePage
from feed.models import WebhookDelivery, WebhookSubscription
from feed.webhooks import webhook_retry_due, webhook_verify
from tests.feed.conftest import service_data

pytestmark = pytest.mark.django_db


class Receiver:
    """An HTTP server recording each POST; answers with the queued status codes, then 200."""

    def __init__(self):
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    # Loopback is refused unless allow-listed, as any internal host: the local receiver is listed.
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Run an edit as its own committed transaction, so after-commit deliveries happen."""
    from catalogue.services import service_upsert

    def run(fn=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            if fn is None:
                service_upsert(data=service_data(**kwargs))
            else:
                fn()

    return run


def test_publish_is_posted_signed_with_hmac_sha256(bootstrapped, receiver, publish):
    secret = "s3cret-for-the-partner-123"
    WebhookSubscription.objects.create(name="App", url=receiver.url, secret=secret, types=["service"])
    publish(code="LIC-701")
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    headers, body = request["headers"], request["body"]
    assert webhook_verify(
        secret=secret, timestamp=headers["X-Baladiya-Timestamp"], body=body, signature=headers["X-Baladiya-Signature"]
    )
    assert not webhook_verify(
        secret="another-secret-value",
        timestamp=headers["X-Baladiya-Timestamp"],
        body=body,
        signature=headers["X-Baladiya-Signature"],
    )
    assert not webhook_verify(
        secret=secret,
        timestamp=headers["X-Baladiya-Timestamp"],
        body=body + b" ",
        signature=headers["X-Baladiya-Signature"],
    )
    payload = json.loads(body)
    assert headers["Content-Type"].startswith("application/json")
    assert {(c["op"], c["code"], c["lang"]) for c in payload["changes"]} >= {
        ("upsert", "LIC-701", "ar"),
        ("upsert", "LIC-701", "en"),
    }
    assert all(c["type"] == "service" for c in payload["changes"])
    assert payload["changes"][0]["item"]["code"] == "LIC-701"
    assert payload["cursor"]
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)


def test_unpublish_and_delete_are_posted_with_their_reason(bootstrapped, receiver, publish):
    WebhookSubscription.objects.create(name="App", url=receiver.url, secret="x" * 20, events=["delete"])
    publish(code="LIC-702")
    assert receiver.requests == []  # only deletions were asked for
    publish(lambda: ServicePage.objects.get(code="LIC-702", locale__language_code="en").unpublish())
    publish(lambda: ServicePage.objects.get(code="LIC-702", locale__language_code="ar").delete())
    reasons = [(c["lang"], c["reason"]) for r in receiver.requests for c in json.loads(r["body"])["changes"]]
    assert reasons == [("en", "unpublished"), ("ar", "deleted")]


def test_failed_deliveries_are_retried_with_growing_back_off(bootstrapped, receiver, publish, settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 10
    settings.WEBHOOK_MAX_ATTEMPTS = 5
    receiver.statuses = [500, 503]
    WebhookSubscription.objects.create(name="App", url=receiver.url, secret="y" * 20, types=["service"])
    publish(code="LIC-703")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("retrying", 1, 500)
    first_wait = delivery.next_attempt_at - timezone.now()
    assert dt.timedelta(seconds=8) < first_wait <= dt.timedelta(seconds=11)
    assert webhook_retry_due() == 0  # not due yet: nothing is sent early
    assert len(receiver.requests) == 1

    assert webhook_retry_due(now=delivery.next_attempt_at) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("retrying", 2, 503)
    second_wait = delivery.next_attempt_at - timezone.now()
    assert second_wait > first_wait + dt.timedelta(seconds=5)

    webhook_retry_due(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 3, 200)
    # The same event each time, each attempt freshly signed.
    assert len({r["headers"]["X-Baladiya-Delivery"] for r in receiver.requests}) == 1
    assert len({r["body"] for r in receiver.requests}) == 1


def test_an_unreachable_receiver_ends_as_failed_after_the_last_attempt(bootstrapped, receiver, publish, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    url = receiver.url
    receiver.close()  # nothing listens any more
    WebhookSubscription.objects.create(name="Gone", url=url, secret="z" * 20, types=["service"])
    publish(code="LIC-704")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "retrying" and delivery.last_status_code is None and delivery.last_error
    webhook_retry_due(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 2, None)
    receiver.server = type("Closed", (), {"shutdown": lambda self: None, "server_close": lambda self: None})()


def test_a_rolled_back_edit_sends_nothing(bootstrapped, receiver, django_capture_on_commit_callbacks):
    from django.db import transaction

    from catalogue.services import service_upsert

    WebhookSubscription.objects.create(name="App", url=receiver.url, secret="w" * 20)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        try:
            with transaction.atomic():
                service_upsert(data=service_data("LIC-705"))
                raise RuntimeError("the editor's request failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert receiver.requests == [] and not WebhookDelivery.objects.exists()


def test_admin_screens_need_permission_and_show_the_log(bootstrapped, client, django_user_model, receiver, publish):
    WebhookSubscription.objects.create(name="App", url=receiver.url, secret="v" * 20)
    publish(code="LIC-706")
    editor = django_user_model.objects.create_user(username="editor", password="x")
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    for url in ("/admin/feed/webhooks/", "/admin/feed/deliveries/", "/admin/feed/api-keys/"):
        assert client.get(url).status_code == 302, url  # redirected away: no permission
    admin = django_user_model.objects.create_superuser(username="root", password="x")
    client.force_login(admin)
    log = client.get("/admin/feed/deliveries/")
    assert log.status_code == 200
    assert "service.upsert" in log.content.decode()
    assert client.get("/admin/feed/deliveries/new/").status_code == 302  # the log is read-only
    created = client.post(
        "/admin/feed/webhooks/new/",
        {"name": "Website", "url": "ftp://example.com/x", "secret": "", "active": "on"},
    )
    assert created.status_code == 200 and "http" in created.content.decode()  # refused with a reason


def test_a_large_import_is_posted_in_deliveries_of_bounded_size(bootstrapped, receiver, publish, monkeypatch):
    """Changes come in sequence order, a page of them per POST, each with the cursor after its last change."""
    from catalogue.services import service_import
    from feed import webhooks
    from feed.selectors import sync_cursor_decode
    from publication.models import ChangeLog

    monkeypatch.setattr(webhooks, "CHANGES_PER_DELIVERY", 4)
    WebhookSubscription.objects.create(name="App", url=receiver.url, secret="y" * 20, types=["service"])
    rows = [service_data(code=f"LIC-{n}") for n in range(720, 725)]
    publish(lambda: service_import(rows=rows))  # 10 changes: deliveries of 4, 4 and 2

    bodies = [json.loads(r["body"]) for r in receiver.requests]
    assert [len(b["changes"]) for b in bodies] == [4, 4, 2]
    received = [(c["code"], c["lang"]) for b in bodies for c in b["changes"]]
    logged = list(ChangeLog.objects.filter(type="service", code__in=[r.code for r in rows]).values_list("code", "lang"))
    assert received == logged and len(received) == 10
    last_seqs = [
        ChangeLog.objects.get(type="service", code=b["changes"][-1]["code"], lang=b["changes"][-1]["lang"]).seq
        for b in bodies
    ]
    assert [sync_cursor_decode(cursor=b["cursor"]) for b in bodies] == last_seqs
    assert len({b["id"] for b in bodies}) == 3
