"""Smoke tests proving that a run with the production variables really uses each server."""

import uuid

import pytest

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection


@pytest.mark.postgres
def test_database_is_postgresql_and_answers(postgres_db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0]
    assert version.startswith("PostgreSQL")


@pytest.mark.elasticsearch
def test_elasticsearch_index_round_trip(elasticsearch_url, unique_prefix):
    from elasticsearch import Elasticsearch

    client = Elasticsearch(elasticsearch_url)
    index = f"{unique_prefix}-smoke"
    try:
        client.index(index=index, id="LIC-001", document={"title": "رخصة تجارية"}, refresh=True)
        found = client.search(index=index, query={"match": {"title": "رخصة"}})
        assert found["hits"]["total"]["value"] == 1
        assert found["hits"]["hits"][0]["_id"] == "LIC-001"
    finally:
        client.indices.delete(index=index, ignore_unavailable=True)


@pytest.mark.s3
def test_media_storage_is_s3_and_keeps_bytes_and_arabic_names(s3_bucket):
    assert default_storage.__class__.__name__ == "S3Storage"
    body = "عقد إيجار موحد".encode() + uuid.uuid4().bytes
    name = default_storage.save(f"smoke/عقد-{uuid.uuid4().hex[:6]}.txt", ContentFile(body))
    try:
        listed = s3_bucket.list_objects_v2(Bucket=settings.AWS_STORAGE_BUCKET_NAME, Prefix="media/smoke/")
        assert any(obj["Key"].endswith(name.split("/")[-1]) for obj in listed.get("Contents", []))
        with default_storage.open(name) as fh:
            assert fh.read() == body
    finally:
        default_storage.delete(name)
    assert not default_storage.exists(name)
