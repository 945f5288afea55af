"""Alert banners on the public pages in their scope, in Arabic and English (docs/status.md)."""

import datetime as dt
import re

import pytest

from django.utils import timezone

from status.models import Alert
from tests.catalogue.factories import make_service

pytestmark = pytest.mark.django_db


def publish_alert(*, code, level="info", scope_type="site", scope_code="", starts_in=-60, ends_in=None, body=True):
    """An alert published the way an editor publishes it (a revision), starting ``starts_in`` seconds from now."""
    now = timezone.now()
    alert = Alert(
        code=code,
        level=level,
        scope_type=scope_type,
        scope_code=scope_code,
        title_ar=f"تنبيه {code}",
        title_en=f"Alert {code}",
        body_ar=f'<p>تفاصيل <a href="/ar/services/">{code}</a></p>' if body else "",
        body_en=f'<p>Details <a href="/en/services/">{code}</a></p>' if body else "",
        starts_at=now + dt.timedelta(seconds=starts_in),
        ends_at=now + dt.timedelta(seconds=ends_in) if ends_in is not None else None,
        live=False,
    )
    alert.save()
    alert.save_revision().publish()
    return alert


def banners(html: str) -> dict[str, str]:
    """alert code -> the opening tag of its banner, for the banners on a page."""
    return {m.group(2): m.group(1) for m in re.finditer(r'(<div class="alert [^>]*data-alert="([^"]+)"[^>]*>)', html)}


@pytest.fixture
def service(bootstrapped):
    make_service(code="LIC-951", channels=["counter", "website"])
    make_service(code="LSE-951", department="leasing", channels=["counter"])


def test_site_alert_on_every_page_in_both_languages(client, service):
    publish_alert(code="eid-hours")
    for lang, title in (("ar", "تنبيه eid-hours"), ("en", "Alert eid-hours")):
        for path in (f"/{lang}/", f"/{lang}/services/", f"/{lang}/services/outlets/", f"/{lang}/services/leasing/"):
            html = client.get(path).content.decode()
            assert "eid-hours" in banners(html), path
            assert title in html
    english = client.get("/en/").content.decode()
    assert 'role="status"' in banners(english)["eid-hours"]
    assert "Information" in english and '/en/services/">eid-hours</a>' in english


def test_urgent_first_with_role_alert_and_its_own_style(client, service):
    publish_alert(code="notice-info", level="info")
    publish_alert(code="storm", level="urgent")
    publish_alert(code="slow-queues", level="warning")
    html = client.get("/ar/").content.decode()
    found = banners(html)
    assert list(found) == ["storm", "slow-queues", "notice-info"]
    assert 'class="alert alert-urgent"' in found["storm"] and 'role="alert"' in found["storm"]
    assert 'class="alert alert-warning"' in found["slow-queues"]
    assert 'class="alert alert-info"' in found["notice-info"]
    assert "عاجل" in html  # the level in words, not colour only


def test_department_alert_on_its_pages_only(client, service):
    publish_alert(code="licensing-move", scope_type="department", scope_code="licensing")
    assert "licensing-move" in banners(client.get("/ar/services/licensing/").content.decode())
    assert "licensing-move" in banners(client.get("/en/services/licensing/lic-951/").content.decode())
    for path in ("/ar/", "/ar/services/leasing/", "/ar/services/leasing/lse-951/", "/en/services/outlets/"):
        assert "licensing-move" not in banners(client.get(path).content.decode()), path


def test_service_and_channel_alerts_on_the_service_page(client, service):
    publish_alert(code="lic-951-paused", scope_type="service", scope_code="LIC-951", level="warning")
    publish_alert(code="website-down", scope_type="channel", scope_code="website", level="urgent")
    html = client.get("/ar/services/licensing/lic-951/").content.decode()
    assert list(banners(html)) == ["website-down", "lic-951-paused"]
    assert 'href="/ar/services/channel/website/"' in html  # a channel alert points at the channel
    other = client.get("/ar/services/leasing/lse-951/").content.decode()  # no website channel
    assert banners(other) == {}
    assert "website-down" in banners(client.get("/en/services/channel/website/").content.decode())
    assert "website-down" not in banners(client.get("/en/services/channel/counter/").content.decode())
    assert banners(client.get("/en/").content.decode()) == {}


def test_outlet_alert_on_the_outlets_page_links_to_the_outlet(client, service):
    publish_alert(code="masafi-works", scope_type="outlet", scope_code="branch-masafi", level="warning")
    html = client.get("/ar/services/outlets/").content.decode()
    assert "masafi-works" in banners(html)
    assert 'href="/ar/services/outlets/#outlet-branch-masafi"' in html
    assert 'id="outlet-branch-masafi"' in html
    assert "masafi-works" not in banners(client.get("/ar/").content.decode())


def test_scheduled_ended_and_draft_alerts_are_not_shown(client, service):
    publish_alert(code="later", starts_in=3600)
    publish_alert(code="over", starts_in=-7200, ends_in=-60)
    draft = Alert(code="draft-only", title_ar="مسودة", title_en="Draft", live=False)
    draft.save()
    draft.save_revision()
    for path in ("/ar/", "/en/services/outlets/"):
        assert banners(client.get(path).content.decode()) == {}
