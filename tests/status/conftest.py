"""Fixtures for live status: API keys, clean rate counters and sweep memo, users with roles."""

import datetime as dt

import pytest

from django.contrib.auth.models import Group
from django.core.cache import caches
from django.utils import timezone

from status.services import api_key_create, sweep_reset


@pytest.fixture(autouse=True)
def fresh_status_state(settings):
    settings.STATUS_API_RATE_LIMIT_PER_MINUTE = 10_000
    settings.FEED_RATE_LIMIT_PER_MINUTE = 10_000
    settings.FEED_VERSION_TTL = 0
    caches["counters"].clear()
    sweep_reset()
    from feed.http import feed_versions_forget, response_cache

    feed_versions_forget()
    response_cache.clear()
    yield
    sweep_reset()


@pytest.fixture
def status_key(bootstrapped):
    _key, raw = api_key_create(name="kiosk-monitor", scopes=["status:write"])
    return raw


@pytest.fixture
def post_status(client, status_key):
    """POST a status the way another system does; returns the response."""

    def post(kind: str, code: str, body: dict, *, key: str | None = status_key, lang: str | None = None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
        url = f"/api/status/v1/{kind}/{code}" + (f"?lang={lang}" if lang else "")
        return client.post(url, data=body, content_type="application/json", **headers)

    return post


def in_hours(hours: float) -> str:
    return (timezone.now() + dt.timedelta(hours=hours)).isoformat()


CLOSED = {
    "state": "closed",
    "reason": "maintenance",
    "message_ar": "نافذة مسافي مغلقة بعد الظهر",
    "message_en": "The Masafi window is closed this afternoon",
}


@pytest.fixture
def make_user(django_user_model, bootstrapped):
    def make(username: str, *groups: str, superuser: bool = False):
        if superuser:
            return django_user_model.objects.create_superuser(username, f"{username}@example.com", "x-pass-123456")
        user = django_user_model.objects.create_user(username, f"{username}@example.com", "x-pass-123456")
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make
