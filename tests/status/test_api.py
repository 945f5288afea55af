"""POST /api/status/v1/... (docs/CONTRACTS.md §6): keys and scopes, every refusal in the feed's
error shape with nothing changed, idempotency and the rate limit."""

import datetime as dt

import pytest

from django.utils import timezone

from publication.models import ChangeLog
from status.models import LiveStatus
from status.services import api_key_create, api_key_revoke
from tests.status.conftest import CLOSED, in_hours

pytestmark = pytest.mark.django_db


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "field"}
    assert body["error"]["message"]
    return body["error"]


def test_a_closure_is_set_and_answered_in_the_contract_shape(post_status):
    until = in_hours(3)
    response = post_status("outlets", "dreesha-masafi", {**CLOSED, "until": until}, lang="en")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "closed" and body["reason"] == "maintenance"
    assert body["message"] == CLOSED["message_en"]
    assert body["since"].endswith("Z") and body["until"].endswith("Z")
    assert body["changed"] is True
    row = LiveStatus.objects.get(kind="outlet", code="dreesha-masafi")
    assert row.changed_by_key.name == "kiosk-monitor"


def test_the_same_body_twice_changes_nothing_the_second_time(post_status):
    body = {**CLOSED, "until": in_hours(2)}
    assert post_status("channels", "kiosk", body).json()["changed"] is True
    seq = ChangeLog.objects.order_by("-seq").first().seq
    second = post_status("channels", "kiosk", body)
    assert second.status_code == 200 and second.json()["changed"] is False
    assert ChangeLog.objects.order_by("-seq").first().seq == seq


def test_without_a_key_or_with_a_revoked_key_the_answer_is_401(post_status, status_key):
    assert _error(post_status("outlets", "kiosks", CLOSED, key=None), 401)["code"] == "invalid_api_key"
    assert _error(post_status("outlets", "kiosks", CLOSED, key="bal_not-a-key"), 401)["field"] == "Authorization"
    api_key_revoke(name="kiosk-monitor")
    _error(post_status("outlets", "kiosks", CLOSED, key=status_key), 401)
    assert not LiveStatus.objects.exists()


def test_a_key_without_status_write_is_refused_with_403(post_status):
    _key, raw = api_key_create(name="app-reader", scopes=["feed:read"])
    assert _error(post_status("outlets", "kiosks", CLOSED, key=raw), 403)["code"] == "forbidden"
    assert not LiveStatus.objects.exists()


def test_an_unknown_outlet_or_channel_is_404(post_status):
    assert _error(post_status("outlets", "nowhere", CLOSED), 404)["field"] == "code"
    _error(post_status("channels", "fax", CLOSED), 404)
    _error(post_status("buses", "kiosk", CLOSED), 404)
    assert not LiveStatus.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**CLOSED, "state": "half-open"}, "state"),
        ({**CLOSED, "reason": "strike"}, "reason"),
        ({**CLOSED, "message_ar": ""}, "message_ar"),
        ({"state": "limited", "message_en": "Slow"}, "message_ar"),
        ({**CLOSED, "until": "2020-01-01T00:00:00Z"}, "until"),
        ({**CLOSED, "until": "soon"}, "until"),
        ({**CLOSED, "until": "2026-01-01T10:00:00"}, "until"),  # no zone
        ({**CLOSED, "colour": "red"}, "colour"),
        ({**CLOSED, "message_ar": 5}, "message_ar"),
        ({"reason": "maintenance"}, "state"),
    ],
)
def test_bad_bodies_are_400_and_change_nothing(post_status, body, field):
    error = _error(post_status("outlets", "kiosks", body), 400)
    assert error["field"] == field
    assert not LiveStatus.objects.exists()


def test_until_more_than_30_days_ahead_is_refused_in_the_callers_language(post_status):
    late = (timezone.now() + dt.timedelta(days=31)).isoformat()
    error = _error(post_status("outlets", "kiosks", {**CLOSED, "until": late}, lang="ar"), 400)
    assert error["field"] == "until"
    assert "30" in error["message"]
    english = _error(post_status("outlets", "kiosks", {**CLOSED, "until": late}, lang="en"), 400)
    assert english["message"] == "“until” must be at most 30 days ahead."


def test_a_body_that_is_not_json_is_400(client, status_key):
    response = client.post(
        "/api/status/v1/outlets/kiosks",
        data="state=closed",
        content_type="text/plain",
        HTTP_AUTHORIZATION=f"Bearer {status_key}",
    )
    assert _error(response, 400)["code"] == "invalid_body"


def test_get_is_405_in_the_error_shape(client, status_key):
    response = client.get("/api/status/v1/outlets/kiosks", HTTP_AUTHORIZATION=f"Bearer {status_key}")
    assert _error(response, 405)["code"] == "method_not_allowed"


def test_too_many_requests_from_one_key_get_429_with_retry_after(post_status, settings):
    settings.STATUS_API_RATE_LIMIT_PER_MINUTE = 3
    for _ in range(3):
        assert post_status("outlets", "kiosks", CLOSED).status_code == 200
    response = post_status("outlets", "kiosks", CLOSED)
    assert _error(response, 429)["code"] == "rate_limited"
    assert int(response["Retry-After"]) >= 1


def test_guessing_keys_is_rate_limited_per_address(post_status, settings):
    settings.STATUS_API_RATE_LIMIT_PER_MINUTE = 2
    codes = [post_status("outlets", "kiosks", CLOSED, key=f"bal_guess{i}").status_code for i in range(4)]
    assert codes == [401, 401, 429, 429]


def test_reopening_clears_the_message_and_the_end(post_status):
    post_status("outlets", "kiosks", {**CLOSED, "until": in_hours(1)})
    body = post_status("outlets", "kiosks", {"state": "open"}).json()
    assert body == {
        "kind": "outlet",
        "code": "kiosks",
        "state": "open",
        "message": None,
        "reason": None,
        "since": None,
        "until": None,
        "message_ar": None,
        "message_en": None,
        "changed": True,
    }
