"""A service page with a closed or limited channel points to the channels still open (docs/status.md)."""

import re

import pytest

from catalogue.models import ServicePage
from status.services import status_set
from tests.catalogue.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_sweep(monkeypatch):
    monkeypatch.setattr("status.middleware.status_sweep_throttled", lambda: 0)


@pytest.fixture
def service(bootstrapped):
    """A service offered at the counters, on the website (with a start link) and by the call centre."""
    make_service(code="LIC-961", channels=["counter", "website", "call-centre"])
    for page in ServicePage.objects.filter(code="LIC-961"):
        page = page.get_latest_revision_as_object()
        links = list(page.channel_links.all())
        for link in links:
            if link.channel.code == "website":
                link.url = "https://e.fujairah.ae/apply/LIC-961"
        page.channel_links = links
        page.save_revision().publish()
    return ServicePage.objects.get(code="LIC-961", locale__language_code="ar")


def set_channel(code, state, message_ar="الموقع متوقف للصيانة", message_en="The website is down for maintenance"):
    status_set(
        kind="channel",
        code=code,
        state=state,
        reason="system-outage",
        message_ar=message_ar,
        message_en=message_en,
        until=None,
    )


def closures(html: str) -> str:
    match = re.search(r'<div class="notice channel-closures".*?</div>', html, re.S)
    return match.group(0) if match else ""


def test_closed_website_shows_its_message_and_points_to_open_channels(client, service):
    before = client.get(service.url).content.decode()
    assert closures(before) == "" and "start-online" in before
    set_channel("website", "closed")
    html = client.get(service.url).content.decode()
    notice = closures(html)
    assert "الموقع متوقف للصيانة" in notice and "مغلق مؤقتاً" in notice
    assert 'href="#channel-counter"' in notice and 'href="#channel-call-centre"' in notice
    assert "#channel-website" not in notice
    assert 'id="channel-counter"' in html  # the anchors the notice points to
    assert "start-online" not in html  # nothing invites people to a closed website


def test_english_page_and_limited_channel(client, service):
    english = ServicePage.objects.get(code="LIC-961", locale__language_code="en")
    set_channel("counter", "limited", message_en="Only two counters are open")
    html = client.get(english.url).content.decode()
    notice = closures(html)
    assert "Limited service" in notice and "Only two counters are open" in notice
    # A limited channel is still usable; the open ones come first.
    assert notice.index('href="https://e.fujairah.ae/apply/LIC-961"') < notice.index('href="#channel-counter"')
    assert "Start online" in html


def test_every_channel_closed_says_so(client, service):
    for code in ("counter", "website", "call-centre"):
        set_channel(code, "closed")
    notice = closures(client.get(service.url).content.decode())
    assert "لا توجد حالياً قناة مفتوحة لهذه الخدمة" in notice


def test_a_closed_channel_the_service_does_not_use_changes_nothing(client, service):
    set_channel("app-rukhsati", "closed")
    assert closures(client.get(service.url).content.decode()) == ""
