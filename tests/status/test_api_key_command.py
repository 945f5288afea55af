"""``manage.py api_key create|list|revoke``: the key is printed once and only its hash is kept."""

import io

import pytest

from django.core.management import CommandError, call_command

from status.models import ApiKey

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command("api_key", *args, stdout=out)
    return out.getvalue()


def test_create_prints_the_key_once_and_keeps_only_its_hash(bootstrapped, client):
    raw = _run("create", "kiosk-monitor", "--scope", "status:write").strip().splitlines()[-1]
    key = ApiKey.objects.get(name="kiosk-monitor")
    assert raw.startswith("bal_") and raw not in (key.key_hash, key.prefix)
    assert key.key_hash == ApiKey.hash(raw) and key.scopes == ["status:write"]
    listing = _run("list")
    assert "kiosk-monitor" in listing and raw not in listing and "active" in listing
    response = client.post(
        "/api/status/v1/channels/kiosk",
        data={"state": "open"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200
    assert "last used never" not in _run("list")


def test_revoke_stops_the_key(bootstrapped):
    _run("create", "old-monitor", "--scope", "status:write", "--scope", "feed:read")
    assert "Revoked old-monitor" in _run("revoke", "old-monitor")
    assert ApiKey.objects.get(name="old-monitor").revoked_at is not None
    with pytest.raises(CommandError):
        _run("revoke", "old-monitor")


def test_a_duplicate_name_or_unknown_scope_is_refused(bootstrapped):
    _run("create", "twice", "--scope", "feedback:read")
    with pytest.raises(CommandError):
        _run("create", "twice", "--scope", "feedback:read")
    with pytest.raises(CommandError):
        call_command("api_key", "create", "x", "--scope", "everything", stdout=io.StringIO(), stderr=io.StringIO())
