"""The S3 round trip against the S3 server: Arabic names, byte-for-byte downloads, replacement,
deletion, signed links and failures that leave no row pointing to a missing file."""

import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest

from django.core.files.storage import storages
from django.db import DatabaseError

from media.models import CustomDocument
from media.selectors import document_signed_url
from media.services import document_create, document_delete, document_replace_file, form_template_publish
from tests.media.conftest import docx_bytes, pdf_bytes

pytestmark = [pytest.mark.s3, pytest.mark.django_db]


@pytest.fixture
def s3_media(s3_bucket, settings, unique_prefix):
    """Media storage on the test bucket, under a prefix of its own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"location": unique_prefix}},
    }
    storage = storages["default"]
    assert storage.bucket_name == settings.AWS_STORAGE_BUCKET_NAME

    def keys() -> set[str]:
        listing = s3_bucket.list_objects_v2(Bucket=settings.AWS_STORAGE_BUCKET_NAME, Prefix=unique_prefix + "/")
        return {item["Key"] for item in listing.get("Contents", [])}

    storage.keys = keys
    return storage


def _object(s3_bucket, settings, key: str) -> bytes:
    return s3_bucket.get_object(Bucket=settings.AWS_STORAGE_BUCKET_NAME, Key=key)["Body"].read()


def test_upload_keeps_the_arabic_name_and_downloads_byte_for_byte(s3_media, s3_bucket, settings, client):
    data = pdf_bytes()
    document = document_create(title="عقد", filename="عقد الإيجار.pdf", data=data, language="ar")
    key = f"{s3_media.location}/{document.file.name}"
    assert key in s3_media.keys()
    assert "عقد_الإيجار" in key
    assert _object(s3_bucket, settings, key) == data
    form_template_publish(code="lease-contract", title_ar="عقد الإيجار", title_en="Lease", file_ar=document)
    response = client.get("/ar/forms/lease-contract/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["X-Content-Type-Options"] == "nosniff"


def test_replacement_serves_the_new_bytes_and_removes_the_old_object(
    s3_media, s3_bucket, settings, django_capture_on_commit_callbacks
):
    document = document_create(title="عقد", filename="عقد.pdf", data=pdf_bytes("old"))
    old_key = f"{s3_media.location}/{document.file.name}"
    new = docx_bytes("نسخة جديدة")
    with django_capture_on_commit_callbacks(execute=True):
        document_replace_file(document=document, filename="عقد.docx", data=new)
    document.refresh_from_db()
    assert old_key not in s3_media.keys()
    assert _object(s3_bucket, settings, f"{s3_media.location}/{document.file.name}") == new
    assert document.sniffed_type.endswith("wordprocessingml.document")


def test_deletion_removes_the_row_and_the_object(s3_media, django_capture_on_commit_callbacks):
    document = document_create(title="عقد", filename="عقد.pdf", data=pdf_bytes())
    assert s3_media.keys()
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(document=document)
    assert not CustomDocument.objects.exists()
    assert s3_media.keys() == set()


def test_a_failed_database_write_leaves_no_orphan_object(s3_media, monkeypatch):
    def fail(*args, **kwargs):
        raise DatabaseError("simulated failure")

    monkeypatch.setattr(CustomDocument, "_do_insert", fail)
    with pytest.raises(DatabaseError):
        document_create(title="عقد", filename="عقد.pdf", data=pdf_bytes())
    assert s3_media.keys() == set()


def test_a_failed_upload_leaves_no_row(s3_media, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("S3 unavailable")

    monkeypatch.setattr(type(s3_media), "_save", fail)
    with pytest.raises(OSError):
        document_create(title="عقد", filename="عقد.pdf", data=pdf_bytes())
    assert not CustomDocument.objects.exists()
    assert s3_media.keys() == set()


def test_private_document_signed_link_is_short_lived_and_downloads_as_attachment(s3_media, settings):
    data = pdf_bytes("private")
    document = document_create(title="سري", filename="سري.pdf", data=data, is_private=True)
    url = document_signed_url(document=document, expires_in=60)
    query = parse_qs(urlparse(url).query)
    assert query["X-Amz-Expires"] == ["60"]
    with urllib.request.urlopen(url) as response:
        assert response.read() == data
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.headers["Content-Type"] == "application/pdf"
