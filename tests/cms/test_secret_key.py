"""Production refuses the placeholder secret of .env.example and other weak keys (docs/security.md)."""

import secrets
import subprocess
import sys

import pytest

from django.core.management.utils import get_random_secret_key

from cms.secret_key import secret_key_weakness
from tests.cms.test_settings import PRODUCTION_ENV, ROOT, run_python

ENV_EXAMPLE_KEY = next(
    line.split("=", 1)[1]
    for line in (ROOT / ".env.example").read_text().splitlines()
    if line.startswith("DJANGO_SECRET_KEY=")
)
SETUP = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cms.settings'; django.setup()"


def test_production_refuses_to_start_with_the_env_example_placeholder():
    result = run_python(SETUP, {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": ENV_EXAMPLE_KEY})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr
    assert "placeholder" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "a" * 60,  # long but one character
        "abcdefghij" * 6,  # a repeated pattern
        "my-municipality-secret-key-for-the-production-servers-2026",  # a typed phrase
        "django-insecure-" + "q7#k2@x!" * 6,  # Django's startproject key
    ],
)
def test_production_refuses_low_entropy_keys(key):
    result = run_python(SETUP, {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": key})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr


def test_generated_keys_are_accepted():
    for _ in range(200):
        assert secret_key_weakness(secrets.token_urlsafe(50)) is None
        assert secret_key_weakness(get_random_secret_key()) is None


def test_check_deploy_reports_a_weak_key():
    # Outside production the settings start with any key; check --deploy still refuses a weak one.
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SECRET_KEY": ENV_EXAMPLE_KEY, "BALADIYA_VAR_DIR": "/tmp/baladiya-check"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "baladiya.E001" in result.stdout + result.stderr
