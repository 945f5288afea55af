"""publish_feed snapshots: gzip JSON per type and language, a manifest written last, S3 in CI."""

import gzip
import hashlib
import io
import json

import pytest

from django.core.files.storage import FileSystemStorage
from django.core.management import call_command

from catalogue.services import service_upsert
from feed.snapshots import snapshot_manifest_read, snapshot_publish
from tests.feed.conftest import service_data

pytestmark = pytest.mark.django_db
FEED = "/api/feed/v1"


class RecordingStorage(FileSystemStorage):
    """Local storage that remembers the order of writes and can fail on demand."""

    def __init__(self, *args, fail_on: str | None = None, **kwargs):
        super().__init__(*args, allow_overwrite=True, **kwargs)
        self.writes: list[str] = []
        self.fail_on = fail_on

    def _save(self, name, content):
        if self.fail_on and self.fail_on in name:
            raise OSError("disk full")
        self.writes.append(name)
        return super()._save(name, content)


def read_snapshot(manifest: dict, fetch) -> dict[tuple[str, str], list[dict]]:
    """What an app does offline: fetch each file, check its SHA-256, unzip and parse it."""
    content = {}
    for entry in manifest["files"]:
        raw = fetch(entry["path"])
        assert hashlib.sha256(raw).hexdigest() == entry["sha256"]
        assert len(raw) == entry["bytes"]
        document = json.loads(gzip.decompress(raw))
        assert (document["type"], document["lang"], document["cursor"]) == (
            entry["type"],
            entry["lang"],
            manifest["cursor"],
        )
        assert len(document["items"]) == entry["count"]
        content[(entry["type"], entry["lang"])] = document["items"]
    return content


def test_snapshot_matches_the_feed_and_sync_continues_from_its_cursor(bootstrapped, client, tmp_path):
    for code in ("LIC-601", "LEA-601"):
        service_upsert(data=service_data(code, department="leasing" if code.startswith("LEA") else "licensing"))
    storage = RecordingStorage(location=tmp_path)
    result = snapshot_publish(storage=storage, prefix="snap")
    manifest = snapshot_manifest_read(storage=storage, prefix="snap")
    assert manifest["cursor"] == result.cursor
    content = read_snapshot(manifest, lambda path: (tmp_path / "snap" / path).read_bytes())
    for lang in ("ar", "en"):
        assert content[("service", lang)] == client.get(f"{FEED}/services?lang={lang}").json()["items"]
        assert content[("department", lang)] == client.get(f"{FEED}/departments?lang={lang}").json()["items"]
    assert {t for t, _ in content} >= {
        "service",
        "department",
        "channel",
        "audience",
        "outlet",
        "news",
        "form",
        "figure",
        "social-post",
        "stats",
    }
    # The app now syncs from the snapshot's cursor: it gets what changed after, and nothing before.
    assert client.get(f"{FEED}/sync?cursor={manifest['cursor']}").json()["changes"] == []
    service_upsert(data=service_data("LIC-602"))
    changes = client.get(f"{FEED}/sync?cursor={manifest['cursor']}").json()["changes"]
    assert {(c["code"], c["lang"]) for c in changes if c["type"] == "service"} == {("LIC-602", "ar"), ("LIC-602", "en")}


def test_the_manifest_is_written_last_and_a_failed_run_keeps_the_previous_one(bootstrapped, tmp_path):
    storage = RecordingStorage(location=tmp_path)
    first = snapshot_publish(storage=storage, prefix="snap")
    assert storage.writes and all(name.endswith(".json.gz") for name in storage.writes)
    assert (tmp_path / "snap" / "manifest.json").exists()  # renamed into place after every file
    service_upsert(data=service_data("LIC-603"))
    failing = RecordingStorage(location=tmp_path, fail_on="service.en")
    with pytest.raises(OSError):
        snapshot_publish(storage=failing, prefix="snap")
    assert snapshot_manifest_read(storage=storage, prefix="snap")["generation"] == first.generation


def test_old_generations_are_pruned(bootstrapped, tmp_path):
    storage = RecordingStorage(location=tmp_path)
    generations = [snapshot_publish(storage=storage, prefix="snap", keep=2).generation for _ in range(3)]
    folders, _ = storage.listdir("snap")
    assert sorted(folders) == sorted(generations[1:])


def test_publish_feed_command_reports_a_summary(bootstrapped, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    out = io.StringIO()
    call_command("publish_feed", "--prefix", "cmd", stdout=out, verbosity=0)
    summary = out.getvalue().strip().splitlines()[-1]
    # One file per feed type and language (the alerts of docs/CONTRACTS.md §6 included).
    from publication.registry import feed_types

    files = len(feed_types()) * 2
    assert summary.startswith(f"publish_feed: {files} files") and "cursor" in summary
    assert json.loads((tmp_path / "cmd" / "manifest.json").read_text())["files"]


@pytest.mark.s3
def test_snapshot_on_s3(s3_bucket, bootstrapped, client, unique_prefix, settings):
    service_upsert(data=service_data("LIC-604"))
    result = snapshot_publish(prefix=unique_prefix)
    bucket = settings.AWS_STORAGE_BUCKET_NAME
    location = settings.STORAGES["default"].get("OPTIONS", {}).get("location", "")
    base = f"{location}/{unique_prefix}".strip("/")

    def fetch(path):
        return s3_bucket.get_object(Bucket=bucket, Key=f"{base}/{path}")["Body"].read()

    manifest = json.loads(fetch("manifest.json"))
    assert manifest["generation"] == result.generation
    content = read_snapshot(manifest, fetch)
    assert [i["code"] for i in content[("service", "en")]] == ["LIC-604"]
    assert content[("service", "ar")] == client.get(f"{FEED}/services").json()["items"]
    # A second run replaces the manifest in place (same key) and keeps the previous files.
    second = snapshot_publish(prefix=unique_prefix)
    assert json.loads(fetch("manifest.json"))["generation"] == second.generation
    keys = {o["Key"] for o in s3_bucket.list_objects_v2(Bucket=bucket, Prefix=base + "/")["Contents"]}
    assert f"{base}/manifest.json" in keys
    assert any(result.generation in key for key in keys) and any(second.generation in key for key in keys)
