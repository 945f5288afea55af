"""A webhook's signing secret is shown once, when it is made, and never again on an edit screen."""

import socket

import pytest

from feed.models import WebhookSubscription

pytestmark = pytest.mark.django_db

URL = "https://hooks.partner.example/baladiya"


@pytest.fixture(autouse=True)
def partner_dns(monkeypatch):
    """The partner's host resolves to a public address without asking any real resolver."""

    def getaddrinfo(host, port, *args, **kwargs):
        assert host == "hooks.partner.example", host
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser(username="root", password="x"))
    return client


@pytest.mark.parametrize(
    ("language", "once"),
    [("en", "it will not be shown again"), ("ar", "فلن يُعرض مرة أخرى")],
)
def test_the_secret_is_shown_once_after_creating_and_never_on_the_edit_screen(bootstrapped, admin, language, once):
    created = admin.post(
        "/admin/feed/webhooks/new/",
        {"name": "Partner", "url": URL, "active": "on"},
        HTTP_ACCEPT_LANGUAGE=language,
        follow=True,
    )
    subscription = WebhookSubscription.objects.get()
    assert len(subscription.secret) >= 32
    page = created.content.decode()
    assert subscription.secret in page and once in page  # shown, with the warning, right after saving

    edit = admin.get(f"/admin/feed/webhooks/edit/{subscription.pk}/", HTTP_ACCEPT_LANGUAGE=language)
    assert edit.status_code == 200
    assert subscription.secret not in edit.content.decode()
    listing = admin.get("/admin/feed/webhooks/", HTTP_ACCEPT_LANGUAGE=language)
    assert subscription.secret not in listing.content.decode()  # the message was used up


def test_saving_an_edit_keeps_the_secret_and_shows_nothing(bootstrapped, admin):
    subscription = WebhookSubscription.objects.create(name="Partner", url=URL, secret="kept-secret-" + "k" * 30)
    saved = admin.post(
        f"/admin/feed/webhooks/edit/{subscription.pk}/",
        {"name": "Partner app", "url": URL, "active": "on"},
        follow=True,
    )
    subscription.refresh_from_db()
    assert subscription.name == "Partner app"
    assert subscription.secret == "kept-secret-" + "k" * 30
    assert subscription.secret not in saved.content.decode()


def test_a_rotated_secret_replaces_the_old_one_and_is_shown_once(bootstrapped, admin):
    old = "old-secret-" + "o" * 30
    subscription = WebhookSubscription.objects.create(name="Partner", url=URL, secret=old)
    rotated = admin.post(
        f"/admin/feed/webhooks/edit/{subscription.pk}/",
        {"name": "Partner", "url": URL, "active": "on", "rotate_secret": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    subscription.refresh_from_db()
    assert subscription.secret != old and len(subscription.secret) >= 32
    assert subscription.secret in rotated.content.decode()
    edit = admin.get(f"/admin/feed/webhooks/edit/{subscription.pk}/").content.decode()
    assert subscription.secret not in edit and old not in edit
