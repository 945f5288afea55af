"""Guessing admin passwords: after a few wrong ones, even the right one is refused for a while."""

import pytest

from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "Correct-Horse-Battery-9"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(username="editor", password=PASSWORD, is_superuser=True)


def _login(client, password: str, *, language: str = "en", address: str = "203.0.113.7", username: str = "editor"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        HTTP_ACCEPT_LANGUAGE=language,
        REMOTE_ADDR=address,
    )


def _signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("language", "paused", "again"),
    [("en", "Sign-in paused", "Try again after"), ("ar", "تم إيقاف تسجيل الدخول مؤقتاً", "حاول مرة أخرى بعد")],
)
def test_thirty_wrong_passwords_then_the_right_one_does_not_sign_in(client, editor, settings, language, paused, again):
    for _attempt in range(30):
        _login(client, "wrong-guess", language=language)
    started = timezone.now() + settings.AXES_COOLOFF_TIME
    response = _login(client, PASSWORD, language=language)
    assert response.status_code == 429
    page = response.content.decode()
    assert paused in page and again in page
    # When to come back, in the site's time (either side of a minute that ticked during the request).
    ends = {timezone.localtime(t).strftime("%H:%M") for t in (started, timezone.now() + settings.AXES_COOLOFF_TIME)}
    assert any(until in page for until in ends)
    assert int(response["Retry-After"]) == int(settings.AXES_COOLOFF_TIME.total_seconds())
    assert not _signed_in(client)


def test_the_lock_out_starts_at_the_failure_limit(client, editor, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "wrong-guess").status_code == 200  # the login form again, with its error
    assert _login(client, "wrong-guess").status_code == 429


def test_a_guesser_elsewhere_does_not_lock_the_real_person_out(client, editor, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 2):
        _login(client, "wrong-guess", address="198.51.100.66")
    assert _login(client, "whatever", username="someone-else", address="198.51.100.66").status_code == 200
    response = _login(client, PASSWORD, address="203.0.113.7")
    assert response.status_code == 302
    assert _signed_in(client)


def test_a_forged_forwarded_for_does_not_escape_the_lock_out(client, editor, settings):
    """The login counts the same client address as the rate limits: a header from a stranger is ignored."""
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for attempt in range(settings.AXES_FAILURE_LIMIT + 2):
        client.post(
            "/admin/login/",
            {"username": "editor", "password": "wrong-guess"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}",
        )
    assert _login(client, PASSWORD, address="203.0.113.7").status_code == 429
