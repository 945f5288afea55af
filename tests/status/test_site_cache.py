"""A cached public page shows a new status or alert as soon as it is set (docs/status.md)."""

import datetime as dt
import re

import pytest

from django.utils import timezone

from status.services import status_expire_due, status_set
from tests.status.test_site_alerts import banners, publish_alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings, bootstrapped):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


def committed() -> None:
    """Leave a captured-and-run set of on-commit callbacks as a real commit would: emptied.

    A purge is scheduled once per transaction (common/pagecache.py); in the test-wide transaction
    the callbacks that django_capture_on_commit_callbacks ran stay queued, and the first purge
    would stand for every later one."""
    from django.db import connection

    connection.run_on_commit.clear()


def masafi(html: str) -> str:
    return re.search(r'<li class="card"[^>]*data-outlet="branch-masafi".*?</li>', html, re.S).group(0)


def test_cached_outlets_page_shows_the_new_status(client, cached, django_capture_on_commit_callbacks):
    client.get("/ar/services/outlets/")
    hit = client.get("/ar/services/outlets/")
    assert hit["X-Page-Cache"] == "hit" and "live-status" not in masafi(hit.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        status_set(
            kind="outlet",
            code="branch-masafi",
            state="closed",
            reason="weather",
            message_ar="مغلق بسبب الأمطار",
            message_en="Closed because of the rain",
            until=None,
        )
    committed()
    response = client.get("/ar/services/outlets/")
    assert response["X-Page-Cache"] == "miss"
    assert "مغلق بسبب الأمطار" in masafi(response.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        status_set(
            kind="outlet", code="branch-masafi", state="open", reason=None, message_ar="", message_en="", until=None
        )
    assert "live-status" not in masafi(client.get("/ar/services/outlets/").content.decode())


def test_cached_page_shows_a_new_alert(client, cached, django_capture_on_commit_callbacks):
    client.get("/en/")
    assert client.get("/en/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        publish_alert(code="flood-warning", level="urgent")
    assert "flood-warning" in banners(client.get("/en/").content.decode())


def test_cached_page_reopens_the_outlet_when_its_closure_ends(client, cached, django_capture_on_commit_callbacks):
    until = timezone.now() + dt.timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        status_set(
            kind="outlet",
            code="branch-masafi",
            state="closed",
            reason="maintenance",
            message_ar="صيانة",
            message_en="Maintenance",
            until=until,
        )
    committed()
    client.get("/en/services/outlets/")
    assert "live-status" in masafi(client.get("/en/services/outlets/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        assert status_expire_due(now=until + dt.timedelta(seconds=1)) == 1
    response = client.get("/en/services/outlets/")
    assert response["X-Page-Cache"] == "miss" and "live-status" not in masafi(response.content.decode())
