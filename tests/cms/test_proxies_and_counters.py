"""One trusted-proxy setting, shared counters in production, and gunicorn on loopback by default."""

import json

import pytest

from django.core.management import call_command
from django.core.management.base import SystemCheckError

from tests.cms.test_settings import PRODUCTION_ENV, run_python


def _gunicorn_bind(env: dict) -> str:
    result = run_python("import runpy; print(runpy.run_path('gunicorn.conf.py')['bind'])", env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_gunicorn_listens_on_loopback_unless_told_otherwise():
    assert _gunicorn_bind({}) == "127.0.0.1:8000"
    assert _gunicorn_bind({"PORT": "9000"}) == "127.0.0.1:9000"
    assert _gunicorn_bind({"GUNICORN_BIND": "0.0.0.0:8000"}) == "0.0.0.0:8000"


def _trusted_proxies(env: dict):
    code = (
        "import json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','cms.settings');"
        "from django.conf import settings as s; print(json.dumps(s.TRUSTED_PROXIES))"
    )
    result = run_python(code, {"TRUSTED_PROXIES": "", "FORMS_TRUSTED_PROXY_COUNT": "", **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_one_trusted_proxy_setting_with_the_old_variables_still_honoured():
    assert _trusted_proxies({}) == 0  # one machine: nobody speaks for the client
    assert _trusted_proxies(PRODUCTION_ENV) == ["127.0.0.0/8", "::1/128"]  # the proxy beside gunicorn
    assert _trusted_proxies({**PRODUCTION_ENV, "TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.10"}) == [
        "10.0.0.0/8",
        "192.0.2.10/32",
    ]
    assert _trusted_proxies({"TRUSTED_PROXIES": "2"}) == 2
    assert _trusted_proxies({"FORMS_TRUSTED_PROXY_COUNT": "1"}) == 1


def test_production_refuses_per_process_counters(settings):
    settings.PRODUCTION = True
    settings.CACHES = {
        **settings.CACHES,
        "counters": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "counters"},
    }
    with pytest.raises(SystemCheckError, match="per process"):
        call_command("check", tags=["caches"])
    settings.CACHES = {**settings.CACHES, "counters": settings.CACHES["default"]}
    call_command("check", tags=["caches"])  # a shared cache passes
