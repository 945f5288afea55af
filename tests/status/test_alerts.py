"""Alerts: scope checked against the catalogue, moderation for info and warning alerts, urgent
alerts published at once by a duty officer, and the reads the site's banners use."""

import datetime as dt

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from status.models import Alert
from status.selectors import alerts_in_scope

pytestmark = pytest.mark.django_db
FEED = "/api/feed/v1"


def _form(code: str, level: str, **extra) -> dict:
    now = timezone.localtime()
    return {
        "code": code,
        "level": level,
        "scope_type": extra.pop("scope_type", "outlet"),
        "scope_code": extra.pop("scope_code", "dreesha-masafi"),
        "title_ar": "نافذة مسافي مغلقة بعد الظهر",
        "title_en": "The Masafi window is closed this afternoon",
        "body_ar": '{"blocks": [], "entityMap": {}}',
        "body_en": '{"blocks": [], "entityMap": {}}',
        "starts_at": (now - dt.timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M"),
        "ends_at": "",
        **extra,
    }


@pytest.mark.parametrize(
    ("scope_type", "scope_code"),
    [("department", "fishing"), ("service", "LIC-999"), ("channel", "fax"), ("outlet", "moon-base"), ("site", "x")],
)
def test_a_scope_that_does_not_exist_is_refused(bootstrapped, scope_type, scope_code):
    alert = Alert(code="bad", scope_type=scope_type, scope_code=scope_code, title_ar="ت", title_en="t")
    with pytest.raises(ValidationError) as caught:
        alert.full_clean()
    assert "scope_code" in caught.value.message_dict


def test_a_duty_officer_publishes_an_urgent_alert_at_once(bootstrapped, client, make_user):
    client.force_login(make_user("officer", "Duty officers"))
    response = client.post(
        "/admin/snippets/status/alert/add/", _form("masafi-closed", "urgent", **{"action-publish": "1"})
    )
    assert response.status_code == 302, response.content[:2000]
    alert = Alert.objects.get(code="masafi-closed")
    assert alert.live
    item = client.get(f"{FEED}/alerts/masafi-closed?lang=en").json()
    assert item["level"] == "urgent" and item["title"] == "The Masafi window is closed this afternoon"
    banners = alerts_in_scope(lang="ar", outlets=["dreesha-masafi"])
    assert [b["code"] for b in banners] == ["masafi-closed"]
    assert alerts_in_scope(lang="ar", outlets=["kiosks"]) == []


def test_a_duty_officer_cannot_skip_moderation_for_an_info_alert(bootstrapped, client, make_user):
    client.force_login(make_user("officer", "Duty officers"))
    response = client.post("/admin/snippets/status/alert/add/", _form("roads-info", "info", **{"action-publish": "1"}))
    assert response.status_code == 302
    assert not Alert.objects.filter(code="roads-info").exists()
    assert client.get(f"{FEED}/alerts/roads-info").status_code == 404


def test_an_info_alert_goes_through_moderation_then_is_published(bootstrapped, client, make_user):
    editor = make_user("editor", "Department editors: licensing")
    client.force_login(editor)
    response = client.post("/admin/snippets/status/alert/add/", _form("new-hours", "info", **{"action-submit": "1"}))
    assert response.status_code == 302, response.content[:2000]
    alert = Alert.objects.get(code="new-hours")
    assert not alert.live
    assert alert.workflow_in_progress
    assert client.get(f"{FEED}/alerts/new-hours").status_code == 404
    # A moderator approves: published, in the feed.
    moderator = make_user("moderator", "Moderators")
    state = alert.current_workflow_state
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    alert.refresh_from_db()
    assert alert.live
    assert client.get(f"{FEED}/alerts/new-hours?lang=en").status_code == 200


def test_an_editor_may_not_publish_an_alert_directly(bootstrapped, client, make_user):
    client.force_login(make_user("editor", "Department editors: licensing"))
    client.post("/admin/snippets/status/alert/add/", _form("sneaky", "urgent", **{"action-publish": "1"}))
    alert = Alert.objects.filter(code="sneaky").first()
    assert alert is None or not alert.live


def test_banners_put_urgent_alerts_first_and_follow_the_scope(bootstrapped):
    now = timezone.now()
    for code, level, scope_type, scope_code in (
        ("site-info", "info", "site", ""),
        ("licensing-warning", "warning", "department", "licensing"),
        ("kiosk-urgent", "urgent", "channel", "kiosk"),
        ("leasing-only", "urgent", "department", "leasing"),
    ):
        alert = Alert(
            code=code,
            level=level,
            scope_type=scope_type,
            scope_code=scope_code,
            title_ar=code,
            title_en=code,
            starts_at=now - dt.timedelta(minutes=1),
            live=False,
        )
        alert.save()
        alert.save_revision().publish()
    codes = [a["code"] for a in alerts_in_scope(lang="en", department="licensing", channels=["kiosk", "website"])]
    assert codes == ["kiosk-urgent", "licensing-warning", "site-info"]
