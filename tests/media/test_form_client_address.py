"""Online forms count the client the trusted proxy saw, never an address the client wrote."""

import pytest

from wagtail.contrib.forms.models import FormSubmission

from tests.media.test_online_forms import complaint_page  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _post(client, page, n: int, *, peer: str, forwarded: str):
    return client.post(
        page.url, {"name": "سالم", "details": f"شكوى {n}"}, REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded
    )


def test_behind_the_trusted_proxy_each_resident_has_their_own_limit(client, complaint_page, settings):  # noqa: F811
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for n in range(3):
        assert (
            _post(client, complaint_page, n, peer="10.0.0.2", forwarded=f"9.9.9.{n}, 198.51.100.1").status_code == 200
        )
    limited = _post(client, complaint_page, 3, peer="10.0.0.2", forwarded="198.51.100.1")
    assert limited.status_code == 429
    assert "الانتظار" in limited.content.decode() or "wait a few minutes" in limited.content.decode()
    # Another resident behind the same proxy can still send their complaint.
    assert _post(client, complaint_page, 4, peer="10.0.0.2", forwarded="198.51.100.2").status_code == 200
    assert FormSubmission.objects.count() == 4


def test_a_forged_forwarded_for_from_an_untrusted_peer_is_ignored(client, complaint_page, settings):  # noqa: F811
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    statuses = [
        _post(client, complaint_page, n, peer="203.0.113.5", forwarded=f"198.51.100.{n}").status_code for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert FormSubmission.objects.count() == 3
