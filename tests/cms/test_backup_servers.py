"""Back up the demo content from SQLite with local media, restore it into PostgreSQL with S3:
every feed list, the full sync, every file's bytes and the top search results are the same.

Both sides use database search, so that the comparison is of the restore, not of two engines.
"""

import os
import uuid

import pytest

from tests.cms.backup_support import demo_source, fingerprint, manage, new_var_dir
from tests.conftest import server_missing

pytestmark = [pytest.mark.postgres, pytest.mark.s3]


@pytest.fixture
def postgres_s3_target():
    """The environment of an empty installation on its own PostgreSQL database and S3 prefix."""
    import boto3
    import dj_database_url
    import psycopg

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        server_missing("PostgreSQL (DATABASE_URL)")
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        server_missing("S3 (AWS_STORAGE_BUCKET_NAME)")
    server = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"backup_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(
        host=server["HOST"],
        port=server["PORT"] or 5432,
        user=server["USER"],
        password=server["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    prefix = f"test-{name}"
    env = {k: v for k, v in os.environ.items() if k not in ("ELASTICSEARCH_URL", "CACHE_URL")}
    env.update(
        DATABASE_URL=f"postgres://{server['USER']}{':' + server['PASSWORD'] if server['PASSWORD'] else ''}"
        f"@{server['HOST']}:{server['PORT'] or 5432}/{name}",
        AWS_LOCATION=f"{prefix}/media",
        BALADIYA_VAR_DIR=str(new_var_dir("postgres-s3")),
        TQDM_DISABLE="1",
    )
    s3 = boto3.client(
        "s3",
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        region_name=os.environ.get("AWS_S3_REGION_NAME") or None,
    )
    bucket = os.environ["AWS_STORAGE_BUCKET_NAME"]
    try:
        s3.head_bucket(Bucket=bucket)
    except s3.exceptions.ClientError:
        s3.create_bucket(Bucket=bucket)
    try:
        yield env, s3, bucket, prefix
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
        for _ in range(100):  # bounded: a demo holds a few dozen files
            listed = s3.list_objects_v2(Bucket=bucket, Prefix=prefix + "/")
            keys = [{"Key": item["Key"]} for item in listed.get("Contents", [])]
            if not keys:
                break
            s3.delete_objects(Bucket=bucket, Delete={"Objects": keys})


def test_sqlite_and_local_media_restored_into_postgresql_and_s3_look_the_same(postgres_s3_target):
    env, s3, bucket, prefix = postgres_s3_target
    _, archive, source_fingerprint = demo_source()

    result = manage(env, "restore", str(archive))
    assert "every checksum verified" in result.stdout

    restored = fingerprint(env)
    for part in ("feeds", "sync", "files", "downloads", "search"):
        assert restored[part] == source_fingerprint[part], part
    assert restored["search"]["en:license"] and restored["search"]["ar:رخصة"]
    # The files are really on S3, under the installation's own prefix.
    stored = {item["Key"] for item in s3.list_objects_v2(Bucket=bucket, Prefix=prefix + "/")["Contents"]}
    assert {f"{prefix}/media/{name}" for name in source_fingerprint["files"]} <= stored
    # The sequences continue after the restored ids: new rows can be written.
    manage(
        env, "shell", "-c", "from django.contrib.auth.models import Group; Group.objects.create(name='after restore')"
    )
