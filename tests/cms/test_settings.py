"""Settings switch between the embedded defaults and production from the environment alone."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    # Generated once with secrets.token_urlsafe(50); used by these tests only.
    "DJANGO_SECRET_KEY": "b3SNv_hgecLPNCGoDs87vRcP8-yTnRVtnGyC0UiWFYiR6yXDj3FakCSedNusPL7a11A",
    "DJANGO_ALLOWED_HOSTS": "baladiya.example.ae",
    "DATABASE_URL": "postgres://baladiya:pw@db.internal:5432/baladiya",
    "ELASTICSEARCH_URL": "http://search.internal:9200",
    "AWS_STORAGE_BUCKET_NAME": "baladiya-media",
    "AWS_S3_REGION_NAME": "me-central-1",
}


def run_python(code: str, env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_", "DATABASE_URL", "ELASTICSEARCH"))
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def settings_dump(env: dict) -> dict:
    code = (
        "import json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','cms.settings');"
        "from django.conf import settings as s;"
        "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'storage': s.STORAGES['default']['BACKEND'],"
        "'es': s.ELASTICSEARCH_URL, 'tasks': s.TASKS['default']['BACKEND'], 'debug': s.DEBUG,"
        "'media_root': str(s.MEDIA_ROOT), 'db_name': str(s.DATABASES['default']['NAME'])}))"
    )
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_defaults_use_sqlite_local_media_database_search_and_inline_tasks(tmp_path):
    dumped = settings_dump({"BALADIYA_VAR_DIR": str(tmp_path)})
    assert dumped["engine"] == "django.db.backends.sqlite3"
    assert dumped["db_name"] == str(tmp_path / "db.sqlite3")
    assert dumped["storage"] == "django.core.files.storage.FileSystemStorage"
    assert dumped["media_root"] == str(tmp_path / "media")
    assert dumped["es"] == ""
    assert dumped["tasks"].endswith("ImmediateBackend")


def test_production_environment_switches_on_postgres_elasticsearch_s3_and_a_worker():
    dumped = settings_dump(PRODUCTION_ENV)
    assert dumped["engine"] == "django.db.backends.postgresql"
    assert dumped["storage"] == "storages.backends.s3.S3Storage"
    assert dumped["es"] == "http://search.internal:9200"
    assert dumped["tasks"] == "django_tasks_db.DatabaseBackend"
    assert dumped["debug"] is False


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = run_python("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cms.settings'; django.setup()", env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_wildcard_or_missing_allowed_hosts():
    for hosts in ("", "*"):
        env = {**PRODUCTION_ENV, "DJANGO_ALLOWED_HOSTS": hosts}
        result = run_python(
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='cms.settings'; django.setup()", env
        )
        assert result.returncode != 0
        assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_", "DATABASE_URL", "ELASTICSEARCH"))
    }
    clean.update(PRODUCTION_ENV)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
