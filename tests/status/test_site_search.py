"""Search results flag a service whose online channel is closed (docs/status.md)."""

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from status.services import status_set
from tests.catalogue.factories import service_data
from tests.search.conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_sweep(monkeypatch):
    monkeypatch.setattr("status.middleware.status_sweep_throttled", lambda: 0)


@pytest.fixture
def catalogue(bootstrapped, settings, django_capture_on_commit_callbacks):
    settings.ELASTICSEARCH_URL = ""
    publish(
        [
            service_data(
                code="LIC-971",
                channels=["counter", "app-rukhsati"],
                title_ar="رخصة تجارية جديدة",
                title_en="New trade licence",
            ),
            service_data(
                code="LIC-972", channels=["counter"], title_ar="رخصة تجارية مؤقتة", title_en="Temporary trade licence"
            ),
        ],
        django_capture_on_commit_callbacks,
    )


def result(html: str, title: str) -> str:
    match = re.search(rf'<li class="result[^"]*">\s*<h3><a [^>]*>{title}</a></h3>.*?</li>', html, re.S)
    assert match, f"no result {title}"
    return match.group(0)


def close(kind, code, state="closed"):
    status_set(
        kind=kind,
        code=code,
        state=state,
        reason="system-outage",
        message_ar="التطبيق متوقف مؤقتاً",
        message_en="The app is down for an update",
        until=None,
    )


def test_closed_app_flags_the_services_offered_through_it(client, catalogue):
    close("channel", "app-rukhsati")
    html = client.get("/ar/search/", {"q": "رخصة"}).content.decode()
    flagged = result(html, "رخصة تجارية جديدة")
    assert "status-flag" in flagged and "تطبيق رخصتي" in flagged and "التطبيق متوقف مؤقتاً" in flagged
    assert "status-flag" not in result(html, "رخصة تجارية مؤقتة")
    english = client.get("/en/search/", {"q": "licence"}).content.decode()
    flagged = result(english, "New trade licence")
    assert "Rukhsati app" in flagged and "The app is down for an update" in flagged


def test_in_person_or_limited_channels_are_not_flagged(client, catalogue):
    close("channel", "counter")
    close("channel", "app-rukhsati", state="limited")
    html = client.get("/en/search/", {"q": "licence"}).content.decode()
    assert "status-flag" not in html and "New trade licence" in html


def test_flags_cost_the_same_queries_whatever_is_closed(client, catalogue):
    client.get("/en/search/", {"q": "licence"})
    with CaptureQueriesContext(connection) as none_closed:
        client.get("/en/search/", {"q": "licence"})
    for code in ("app-rukhsati", "app-smart-fujairah", "website"):
        close("channel", code)
    with CaptureQueriesContext(connection) as closed:
        client.get("/en/search/", {"q": "licence"})
    # The closures cost one query for the links of the results, whatever their number.
    assert len(closed) <= len(none_closed) + 1
