"""Live statuses on the outlets page, the service page's outlets and the home page (docs/status.md)."""

import datetime as dt
import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue.models import Channel, OpeningHours, Outlet
from status.services import status_set
from tests.catalogue.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_sweep(monkeypatch):
    """The once-a-second sweep would add queries at random moments to the counts below."""
    monkeypatch.setattr("status.middleware.status_sweep_throttled", lambda: 0)


@pytest.fixture
def always_open(bootstrapped):
    """An outlet open around the clock, so that "open now" does not depend on when tests run."""
    outlet = Outlet.objects.create(
        code="night-kiosk", channel=Channel.objects.get(code="kiosk"), name_ar="كشك الليل", name_en="Night kiosk"
    )
    for weekday in range(7):
        OpeningHours.objects.create(outlet=outlet, weekday=weekday, opens=dt.time(0, 0), closes=dt.time(23, 59, 59))
    return outlet


def card(html: str, code: str) -> str:
    match = re.search(rf'<li class="card"[^>]*data-outlet="{code}".*?</li>', html, re.S)
    assert match, f"no card for {code}"
    return match.group(0)


def close(code, *, state="closed", until=None, kind="outlet"):
    return status_set(
        kind=kind,
        code=code,
        state=state,
        reason="maintenance",
        message_ar=f"صيانة في {code}",
        message_en=f"Maintenance at {code}",
        until=until,
    )


def test_closed_outlet_shows_its_message_and_until_and_is_not_open_now(client, always_open):
    before = card(client.get("/ar/services/outlets/").content.decode(), "night-kiosk")
    assert "open-now" in before and "live-status" not in before
    until = timezone.now() + dt.timedelta(days=2)
    close("night-kiosk", until=until)
    arabic = card(client.get("/ar/services/outlets/").content.decode(), "night-kiosk")
    assert "مغلق مؤقتاً" in arabic and "صيانة في night-kiosk" in arabic
    assert 'datetime="' + timezone.localtime(until).strftime("%Y-%m-%dT%H:%M:%S") in arabic
    assert "open-now" not in arabic and "closed-now" in arabic
    english = card(client.get("/en/services/outlets/").content.decode(), "night-kiosk")
    assert "Temporarily closed" in english and "Maintenance at night-kiosk" in english and "until" in english
    assert "Closed now" in english


def test_limited_outlet_stays_open_with_its_message(client, always_open):
    close("night-kiosk", state="limited")
    html = card(client.get("/en/services/outlets/").content.decode(), "night-kiosk")
    assert "Open now" in html and "Limited service" in html and "Maintenance at night-kiosk" in html


def test_other_outlets_are_untouched(client, always_open):
    close("branch-masafi")
    html = card(client.get("/en/services/outlets/").content.decode(), "night-kiosk")
    assert "live-status" not in html and "Open now" in html


def test_outlets_page_queries_do_not_grow_with_statuses(client, always_open):
    client.get("/ar/services/outlets/")  # warm the caches (site root, locales)
    with CaptureQueriesContext(connection) as without:
        client.get("/ar/services/outlets/")
    for outlet in Outlet.objects.all():
        close(outlet.code, state="closed" if outlet.pk % 2 else "limited")
    with CaptureQueriesContext(connection) as with_all:
        html = client.get("/ar/services/outlets/").content.decode()
    assert html.count('class="live-status ') == Outlet.objects.count() >= 6
    assert 0 < len(with_all) == len(without), [q["sql"] for q in with_all.captured_queries]


def test_home_page_counts_only_outlets_open_now(client, always_open):
    def open_count(lang):
        html = client.get(f"/{lang}/").content.decode()
        return int(re.search(r'data-open-now="(\d+)"', html).group(1))

    before = open_count("en")
    assert before >= 1
    close("night-kiosk")
    assert open_count("en") == before - 1
    assert open_count("ar") == before - 1
    close("night-kiosk", state="limited")
    assert open_count("en") == before


def test_service_page_outlets_show_the_closure(client, always_open):
    make_service(code="LIC-952", channels=["kiosk"])
    close("night-kiosk")
    html = client.get("/en/services/licensing/lic-952/").content.decode()
    row = re.search(r"<tr><td>Night kiosk.*?</tr>", html, re.S).group(0)
    assert "Temporarily closed" in row and "Maintenance at night-kiosk" in row and "Open now" not in row
