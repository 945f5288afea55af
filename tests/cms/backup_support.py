"""Shared by the backup tests: installations in scratch directories, driven through manage.py in
subprocesses (as an operator runs them), and the demo archive, built once per test session."""

import atexit
import functools
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVER_VARIABLES = (
    "DATABASE_URL",
    "ELASTICSEARCH_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_LOCATION",
    "CACHE_URL",
)
SCRATCH = Path(tempfile.mkdtemp(prefix="baladiya-backup-tests-"))
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)


def embedded_env(var_dir: Path) -> dict:
    """The environment of a one-machine installation (SQLite, local media, database search)."""
    env = {k: v for k, v in os.environ.items() if k not in SERVER_VARIABLES}
    env.update(BALADIYA_VAR_DIR=str(var_dir), TQDM_DISABLE="1", PYTHONPATH=str(ROOT))
    return env


def run(env: dict, *args: str, check: bool = True, timeout: int = 900) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if check:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return result


def manage(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return run(env, "manage.py", *args, check=check)


def fingerprint(env: dict) -> dict:
    """Feed lists, full sync, file bytes and top search results (cms/backup/fingerprint.py)."""
    return json.loads(run(env, "-m", "cms.backup.fingerprint").stdout)


def new_var_dir(name: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=SCRATCH))
    return path


@functools.cache
def demo_source() -> tuple[Path, Path, dict]:
    """(var dir, archive, fingerprint) of the demo content on SQLite with local media."""
    var_dir = new_var_dir("source")
    env = embedded_env(var_dir)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "seed_demo")
    archive = SCRATCH / "demo.tar"
    out = manage(env, "backup", str(archive))
    assert "media files written" in out.stdout
    return var_dir, archive, fingerprint(env)


def sqlite_state(var_dir: Path) -> str:
    """A digest of every row of an embedded installation's database and every media file."""
    digest = hashlib.sha256()
    db = var_dir / "db.sqlite3"
    if db.exists():
        connection = sqlite3.connect(db)
        try:
            for line in connection.iterdump():
                digest.update(line.encode())
        finally:
            connection.close()
    media = var_dir / "media"
    for path in sorted(media.rglob("*")) if media.exists() else []:
        if path.is_file():
            digest.update(str(path.relative_to(media)).encode() + path.read_bytes())
    return digest.hexdigest()


def sqlite_tables(var_dir: Path) -> list[str]:
    db = var_dir / "db.sqlite3"
    if not db.exists():
        return []
    connection = sqlite3.connect(db)
    try:
        return [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    finally:
        connection.close()
