"""Backup the demo content and restore it into an empty installation: the public sees the same thing.

Embedded defaults on both sides (SQLite, local media, database search); the cross-engine run is
tests/cms/test_backup_servers.py.
"""

import json
import tarfile

import pytest

from tests.cms.backup_support import demo_source, embedded_env, fingerprint, manage, new_var_dir, run, sqlite_state


@pytest.fixture(scope="module")
def restored():
    """An installation restored from the demo archive (not even migrated before the restore)."""
    _, archive, _ = demo_source()
    var_dir = new_var_dir("restored")
    env = embedded_env(var_dir)
    result = manage(env, "restore", str(archive))
    return var_dir, env, result


def test_the_archive_holds_a_manifest_every_table_and_every_media_file():
    source, archive, _ = demo_source()
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        names = set(tar.getnames())
    assert manifest["format"] == "baladiya-cms-backup" and manifest["format_version"] == 1
    assert manifest["database_vendor"] == "sqlite"
    assert ["publication", "0001_initial"] in manifest["migrations"]
    tables = {t["name"]: t for t in manifest["tables"]}
    assert tables["cms_publication"]["rows"] > 100
    assert "django_session" not in tables and "search_searchentry" not in tables
    assert "sessions.session" in manifest["skipped"]
    on_disk = {str(p.relative_to(source / "media")) for p in (source / "media").rglob("*") if p.is_file()}
    assert {f["name"] for f in manifest["files"]} == on_disk
    assert all(len(f["sha256"]) == 64 and f["member"] in names for f in manifest["files"])
    assert all(t["member"] in names for t in manifest["tables"])


def test_restore_into_an_empty_installation_gives_the_same_feeds_sync_files_and_search(restored):
    _, _, source_fingerprint = demo_source()
    _, env, result = restored
    assert "every checksum verified" in result.stdout
    restored_fingerprint = fingerprint(env)
    assert restored_fingerprint["feeds"]["services:ar"], "the demo content has services"
    assert restored_fingerprint["search"]["ar:رخصة"], "Arabic search finds the demo licences"
    for part in ("feeds", "sync", "files", "downloads", "search"):
        assert restored_fingerprint[part] == source_fingerprint[part], part


def test_restore_refuses_an_installation_with_content_without_force_and_changes_nothing(restored):
    _, archive, _ = demo_source()
    var_dir, env, _ = restored
    before = sqlite_state(var_dir)
    result = manage(env, "restore", str(archive), check=False)
    assert result.returncode != 0
    assert "already has content" in result.stderr and "--force" in result.stderr
    assert sqlite_state(var_dir) == before


def test_restore_with_force_replaces_the_content(restored):
    _, archive, source_fingerprint = demo_source()
    var_dir = new_var_dir("forced")
    env = embedded_env(var_dir)
    manage(env, "restore", str(archive), "--skip-search")
    # Someone then changed the content: --force brings the archive's back.
    manage(
        env,
        "shell",
        "-c",
        "from publication.models import Publication; Publication.objects.filter(type='news').delete()",
    )
    assert fingerprint(env)["feeds"]["news:en"] == []
    manage(env, "restore", str(archive), "--force")
    assert fingerprint(env)["feeds"] == source_fingerprint["feeds"]


def test_backup_into_a_missing_folder_says_so_and_writes_nothing():
    var_dir, _, _ = demo_source()
    target = var_dir / "missing-folder" / "demo.tar"
    result = run(embedded_env(var_dir), "manage.py", "backup", str(target), check=False)
    assert result.returncode != 0
    assert "missing-folder" in result.stderr and "does not exist" in result.stderr
    assert not target.parent.exists()
