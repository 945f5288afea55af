"""Backup and restore of the demo content: time of each and size of the archive.

    .venv/bin/python benchmarks/backup_restore.py [--services 10000] [--postgres-s3]

The source is always a fresh embedded installation (SQLite, local media) with ``seed_demo``;
``--services N`` adds N generated services in both languages (Publication and ChangeLog rows
shaped like a real service's, as benchmarks/feed_publish.py does), since those rows are what
grows with a catalogue. The restore goes into a fresh embedded installation, or with
``--postgres-s3`` into a new PostgreSQL database and S3 prefix from the environment's
DATABASE_URL and AWS_* settings (dropped afterwards). Both restores include migrating the empty
target and rebuilding the search indexes. Each command runs as an operator runs it, in its own
process.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER_VARIABLES = (
    "DATABASE_URL",
    "ELASTICSEARCH_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_LOCATION",
)

GENERATE = """
import copy, hashlib, json
from django.db import transaction
from django.utils import timezone
from publication.models import ChangeLog, Publication
N = {services}
now = timezone.now()
with transaction.atomic():
    for lang in ("ar", "en"):
        model = Publication.objects.filter(type="service", lang=lang).order_by("code").first()
        rows, log = [], []
        for i in range(N):
            code = f"GEN-{{i:05d}}"
            payload = copy.deepcopy(model.payload)
            payload["code"] = code
            payload["title"] = f"{{payload['title']}} {{i}}"
            etag = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
            rows.append(Publication(type="service", code=code, lang=lang, payload=payload, etag=etag,
                                    department=model.department, channels=model.channels,
                                    audiences=model.audiences, search_text=model.search_text + f" {{i}}",
                                    updated_at=now))
            log.append(ChangeLog(type="service", code=code, lang=lang, op="upsert", payload=payload))
        Publication.objects.bulk_create(rows, batch_size=1000)
        ChangeLog.objects.bulk_create(log, batch_size=1000)
print("generated", N)
"""


def run(env: dict, *args: str) -> tuple[float, str]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    lines = result.stdout.strip().splitlines()
    return time.monotonic() - started, lines[-1] if lines else ""


def embedded(var_dir: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in SERVER_VARIABLES}
    env.update(BALADIYA_VAR_DIR=var_dir, TQDM_DISABLE="1")
    return env


def _delete_prefix(prefix: str) -> None:
    """Remove the benchmark's files from the S3 bucket (bounded: a few thousand at most)."""
    import boto3

    s3 = boto3.client("s3", endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL") or None)
    bucket = os.environ["AWS_STORAGE_BUCKET_NAME"]
    for _ in range(100):
        keys = [{"Key": o["Key"]} for o in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])]
        if not keys:
            return
        s3.delete_objects(Bucket=bucket, Delete={"Objects": keys})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=0, help="generated services to add to the demo content")
    parser.add_argument("--postgres-s3", action="store_true", help="restore into PostgreSQL + S3 (environment)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="baladiya-backup-bench-"))
    source = embedded(str(work / "source"))
    run(source, "migrate", "--no-input", "-v0")
    run(source, "seed_demo")
    if args.services:
        run(source, "shell", "-c", GENERATE.format(services=args.services))
    archive = work / "backup.tar"
    backup_seconds, backup_line = run(source, "backup", str(archive))
    print(backup_line)
    if args.postgres_s3:
        import dj_database_url
        import psycopg

        server = dj_database_url.parse(os.environ["DATABASE_URL"])
        name = f"bench_restore_{uuid.uuid4().hex[:8]}"
        admin = psycopg.connect(
            host=server["HOST"], port=server["PORT"] or 5432, user=server["USER"], dbname="postgres", autocommit=True
        )
        admin.execute(f'CREATE DATABASE "{name}"')
        target = {k: v for k, v in os.environ.items() if k != "ELASTICSEARCH_URL"}
        target.update(
            DATABASE_URL=f"postgres://{server['USER']}@{server['HOST']}:{server['PORT'] or 5432}/{name}",
            AWS_LOCATION=f"bench-{name}/media",
            BALADIYA_VAR_DIR=str(work / "target"),
            TQDM_DISABLE="1",
        )
        try:
            restore_seconds, restore_line = run(target, "restore", str(archive))
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            _delete_prefix(f"bench-{name}/")
        where = "PostgreSQL + S3"
    else:
        restore_seconds, restore_line = run(embedded(str(work / "target")), "restore", str(archive))
        where = "SQLite + local media"
    print(restore_line)
    size = archive.stat().st_size
    print(
        f"demo + {args.services} generated services: backup {backup_seconds:.1f}s, archive {size / 1_000_000:.1f} MB, "
        f"restore into an empty {where} installation {restore_seconds:.1f}s (each including process start)"
    )


if __name__ == "__main__":
    main()
