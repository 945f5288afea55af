"""Webhooks never reach inside: non-public destinations are refused when saved and when sent.

Refusals are tested without connecting anywhere: host names are answered by a fake resolver, and
the only listening socket is the test receiver on 127.0.0.1, which must receive nothing unless
the allow-list names it.
"""

import socket

import pytest

from feed.models import WebhookDelivery, WebhookSubscription
from tests.feed.conftest import service_data
from tests.feed.test_webhooks import Receiver

pytestmark = pytest.mark.django_db

NOT_PUBLIC_EN = "Webhooks are only sent to public addresses"
NOT_PUBLIC_AR = "لا تُرسل خطافات الويب إلا إلى عناوين عامة"

INTERNAL_URLS = [
    "http://127.0.0.1:5432/",
    "http://localhost:8000/hook",
    "http://[::1]/hook",
    "http://10.1.2.3/hook",
    "http://192.168.0.10:8080/hook",
    "http://172.16.5.5/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://0.0.0.0:22/",
    "http://100.64.0.1/hook",
]


@pytest.fixture
def resolver(monkeypatch):
    """A fake DNS: names in ``answers`` resolve to the given addresses; every lookup is recorded."""
    real = socket.getaddrinfo
    answers: dict[str, list[str]] = {}
    lookups: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            lookups.append(host)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in answers[host]]
        if host not in ("127.0.0.1", "localhost"):
            raise AssertionError(f"a test tried to resolve {host}")
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers, lookups


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a service as its own committed transaction, so its webhook deliveries run."""
    from catalogue.services import service_upsert

    def run(*, code: str):
        with django_capture_on_commit_callbacks(execute=True):
            service_upsert(data=service_data(code))

    return run


@pytest.fixture
def admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser(username="root", password="x"))
    return client


def _create(client, url: str, language: str):
    return client.post(
        "/admin/feed/webhooks/new/",
        {"name": "Partner", "url": url, "active": "on"},
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.mark.parametrize("url", INTERNAL_URLS)
def test_internal_addresses_are_refused_when_saved(bootstrapped, admin, resolver, url):
    response = _create(admin, url, "en")
    assert response.status_code == 200
    assert NOT_PUBLIC_EN in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_the_refusal_is_explained_in_arabic(bootstrapped, admin, resolver):
    response = _create(admin, "http://127.0.0.1:6379/", "ar")
    assert NOT_PUBLIC_AR in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_a_name_resolving_to_a_private_address_is_refused(bootstrapped, admin, resolver):
    answers, _lookups = resolver
    # One public and one private answer: the private one could be reached, so the name is refused.
    answers["hooks.partner.example"] = ["93.184.215.14", "10.0.0.7"]
    response = _create(admin, "https://hooks.partner.example/baladiya", "en")
    assert NOT_PUBLIC_EN in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_credentials_in_the_address_are_refused(bootstrapped, admin, resolver):
    answers, _lookups = resolver
    answers["hooks.partner.example"] = ["93.184.215.14"]
    response = _create(admin, "https://user:p4ss@hooks.partner.example/baladiya", "en")
    assert "cannot contain a user name or password" in response.content.decode()
    assert not WebhookSubscription.objects.exists()
    response = _create(admin, "https://user:p4ss@hooks.partner.example/baladiya", "ar")
    assert "اسم مستخدم أو كلمة مرور" in response.content.decode()


def test_a_public_address_is_accepted(bootstrapped, admin, resolver):
    answers, _lookups = resolver
    answers["hooks.partner.example"] = ["93.184.215.14"]
    response = _create(admin, "https://hooks.partner.example/baladiya", "en")
    assert response.status_code == 302
    assert WebhookSubscription.objects.get().url == "https://hooks.partner.example/baladiya"


def test_a_loopback_subscription_saved_before_is_never_contacted(bootstrapped, admin, receiver, publish):
    """The delivery log must not become a port scanner's read-out: nothing is sent, the reason is shown."""
    WebhookSubscription.objects.create(name="Old", url=receiver.url, secret="s" * 32, types=["service"])
    publish(code="LIC-801")
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 1, None)
    assert delivery.next_attempt_at is None  # refused for good, not retried
    assert NOT_PUBLIC_EN in admin.get("/admin/feed/deliveries/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert NOT_PUBLIC_AR in admin.get("/admin/feed/deliveries/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()


def test_a_name_that_turns_private_after_saving_is_refused_at_delivery(
    bootstrapped,
    admin,
    receiver,
    resolver,
    publish,
):
    """DNS rebinding: public when saved, loopback when sent; the delivery does not connect."""
    answers, lookups = resolver
    answers["rebind.partner.example"] = ["93.184.215.14"]
    url = f"http://rebind.partner.example:{receiver.server.server_port}/hook"
    assert _create(admin, url, "en").status_code == 302
    answers["rebind.partner.example"] = ["127.0.0.1"]
    lookups.clear()
    publish(code="LIC-802")
    assert receiver.requests == []
    deliveries = list(WebhookDelivery.objects.all())
    assert deliveries and all(d.status == "failed" and NOT_PUBLIC_EN in d.last_error for d in deliveries)
    assert lookups == ["rebind.partner.example"] * len(deliveries)  # resolved once per attempt


def test_an_allow_listed_internal_name_is_sent_to_the_address_that_was_checked(
    bootstrapped,
    receiver,
    resolver,
    publish,
    settings,
):
    """Resolved once, connected by address, named in the Host header: no second lookup to swap it."""
    answers, lookups = resolver
    settings.WEBHOOK_ALLOWED_HOSTS = ["hooks.intranet"]
    answers["hooks.intranet"] = ["127.0.0.1"]
    port = receiver.server.server_port
    WebhookSubscription.objects.create(
        name="Intranet", url=f"http://hooks.intranet:{port}/hook", secret="i" * 32, types=["service"]
    )
    publish(code="LIC-803")
    assert len(receiver.requests) == 1
    assert receiver.requests[0]["headers"]["Host"] == f"hooks.intranet:{port}"
    assert lookups == ["hooks.intranet"]
    assert WebhookDelivery.objects.get().status == "delivered"
