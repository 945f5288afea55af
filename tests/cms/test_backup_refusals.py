"""Restore refuses a damaged archive, one from a future format and a file that is not a backup,
with a clear message, a non-zero exit code and nothing written to the target."""

import io
import json
import tarfile
from pathlib import Path

import pytest

from tests.cms.backup_support import SCRATCH, demo_source, embedded_env, manage, new_var_dir, sqlite_tables


def _copy_with(archive: Path, name: str, *, manifest_changes: dict | None = None, flip_in: str | None = None) -> Path:
    """A copy of ``archive`` with its manifest edited or one byte of a member flipped."""
    copy = SCRATCH / name
    with tarfile.open(archive) as source, tarfile.open(copy, "w", format=tarfile.PAX_FORMAT) as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json" and manifest_changes:
                data = json.dumps({**json.loads(data), **manifest_changes}).encode()
            if member.name == flip_in:
                data = data[:10] + bytes([data[10] ^ 0xFF]) + data[11:]
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return copy


def _refused(archive: Path) -> tuple[str, Path]:
    """Restore ``archive`` into a fresh installation; return the message and the target's folder."""
    var_dir = new_var_dir("refused")
    result = manage(embedded_env(var_dir), "restore", str(archive), check=False)
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result.stderr, var_dir


def _untouched(var_dir: Path) -> None:
    assert sqlite_tables(var_dir) == [], "no table may be created"
    media = var_dir / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*")), "no media file may be written"


def _member(kind: str) -> str:
    _, archive, _ = demo_source()
    manifest = json.loads(tarfile.open(archive).extractfile("manifest.json").read())
    if kind == "media":
        return next(f["member"] for f in manifest["files"] if f["size"] > 100)
    return next(t["member"] for t in manifest["tables"] if t["name"] == "cms_publication")


@pytest.mark.parametrize("kind", ["media", "table"])
def test_a_damaged_member_is_refused_before_anything_is_written(kind):
    _, archive, _ = demo_source()
    member = _member(kind)
    message, var_dir = _refused(_copy_with(archive, f"damaged-{kind}.tar", flip_in=member))
    assert "damaged" in message and member in message and "Nothing was changed" in message
    _untouched(var_dir)


def test_an_archive_from_a_future_format_is_refused():
    _, archive, _ = demo_source()
    message, var_dir = _refused(
        _copy_with(archive, "future.tar", manifest_changes={"format_version": 99, "release": "9.0.0"})
    )
    assert "format version 99" in message and "9.0.0" in message
    _untouched(var_dir)


def test_an_archive_with_migrations_this_release_does_not_know_is_refused():
    _, archive, _ = demo_source()
    manifest = json.loads(tarfile.open(archive).extractfile("manifest.json").read())
    newer = manifest["migrations"] + [["catalogue", "9999_from_the_future"]]
    message, var_dir = _refused(_copy_with(archive, "newer.tar", manifest_changes={"migrations": newer}))
    assert "newer release" in message and "catalogue.9999_from_the_future" in message
    _untouched(var_dir)


def test_a_file_that_is_not_a_backup_is_refused():
    other = SCRATCH / "not-a-backup.tar"
    with tarfile.open(other, "w") as tar:
        info = tarfile.TarInfo("readme.txt")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"hello"))
    message, var_dir = _refused(other)
    assert "not a Baladiya CMS backup" in message
    _untouched(var_dir)
