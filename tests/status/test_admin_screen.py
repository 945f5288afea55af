"""The editors' live status screen: who may use it, a one-click change with a message template
that reaches the feed and the audit log, and clear errors with nothing changed."""

import datetime as dt

import pytest

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wagtail.models import ModelLogEntry

from status.models import LiveStatus

pytestmark = pytest.mark.django_db
FEED = "/api/feed/v1"


def test_an_editor_without_the_permission_is_refused(bootstrapped, client, make_user):
    client.force_login(make_user("editor", "Department editors: licensing"))
    assert client.get("/admin/status/").status_code in (302, 403)
    response = client.post("/admin/status/change/", {"kind": "outlet", "code": "kiosks", "state": "closed"})
    assert response.status_code in (302, 403)
    assert not LiveStatus.objects.exists()


def test_a_duty_officer_sees_every_outlet_and_channel(bootstrapped, client, make_user):
    client.force_login(make_user("officer", "Duty officers"))
    response = client.get("/admin/status/")
    assert response.status_code == 200
    html = response.content.decode()
    for code in ("dreesha-masafi", "kiosks", "main-building", "website", "app-rukhsati", "service-bus"):
        assert f'id="outlet-{code}"' in html or f'id="channel-{code}"' in html, code
    assert 'scope="col"' in html and "<details>" in html  # a real table; disclosure works by keyboard


def test_a_one_click_closure_with_a_template_reaches_the_feed_and_the_audit_log(bootstrapped, client, make_user):
    officer = make_user("officer", "Duty officers")
    client.force_login(officer)
    response = client.post(
        "/admin/status/change/",
        {"kind": "outlet", "code": "kiosks", "state": "closed", "template": "system-outage"},
    )
    assert response.status_code == 302
    item = client.get(f"{FEED}/outlets/kiosks?lang=en").json()
    assert item["status"]["state"] == "closed" and item["status"]["reason"] == "system-outage"
    assert "system outage" in item["status"]["message"]
    entry = ModelLogEntry.objects.get(action="status.change")
    assert entry.user == officer and entry.data["to"] == "closed"
    # The audit log lists it in the admin.
    client.force_login(make_user("root", superuser=True))
    html = client.get("/admin/reports/site-history/").content.decode()
    labels = set()
    for lang in ("ar", "en"):
        with translation.override(lang):
            labels.add(str(_("Live status changed")))
    assert any(label in html for label in labels), labels


def test_a_closure_without_an_arabic_message_is_refused_in_arabic(bootstrapped, client, make_user):
    client.force_login(make_user("officer", "Duty officers"))
    with translation.override("ar"):
        response = client.post(
            "/admin/status/change/",
            {"kind": "outlet", "code": "kiosks", "state": "closed", "message_en": "Closed"},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="ar",
        )
    assert not LiveStatus.objects.exists()
    messages = [str(m) for m in response.context["messages"]]
    assert "تحتاج إلى رسالة باللغة العربية" in messages[0]
    assert messages[-1] == "لم يتغير شيء."


def test_an_until_beyond_30_days_is_refused_and_nothing_changes(bootstrapped, client, make_user):
    client.force_login(make_user("officer", "Duty officers"))
    late = timezone.localtime() + dt.timedelta(days=40)
    response = client.post(
        "/admin/status/change/",
        {
            "kind": "channel",
            "code": "kiosk",
            "state": "closed",
            "template": "weather",
            "until": late.strftime("%Y-%m-%dT%H:%M"),
        },
        follow=True,
    )
    assert not LiveStatus.objects.exists()
    assert any("30" in str(m) for m in response.context["messages"])  # "at most 30 days ahead", either language


def test_api_keys_screen_is_for_administrators_only(bootstrapped, client, make_user):
    client.force_login(make_user("officer", "Duty officers"))
    assert client.get("/admin/status/api-keys/").status_code in (302, 403)
    client.force_login(make_user("root", superuser=True))
    response = client.post(
        "/admin/status/api-keys/", {"action": "create", "name": "call-centre", "scopes": ["status:write"]}
    )
    assert response.status_code == 200
    raw = response.context["created_raw"]
    assert raw.startswith("bal_")
    assert raw not in client.get("/admin/status/api-keys/").content.decode()  # shown once
    client.post("/admin/status/api-keys/", {"action": "revoke", "name": "call-centre"})
    denied = client.post(
        "/api/status/v1/outlets/kiosks",
        data={"state": "open"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert denied.status_code == 401
