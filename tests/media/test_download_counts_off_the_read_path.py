"""Form downloads are counted in the counters cache, not written to the database while the visitor waits."""

import datetime as dt

import pytest

from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from media import services
from media.models import FormDownloadCount
from media.selectors import form_download_counts
from media.services import document_create, form_template_publish
from tests.media.conftest import pdf_bytes

pytestmark = pytest.mark.django_db

URL = "/ar/forms/lease-contract/download/"
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.fixture
def lease_form(local_media):
    file_ar = document_create(title="عقد", filename="عقد الإيجار.pdf", data=pdf_bytes(), language="ar")
    return form_template_publish(
        code="lease-contract",
        title_ar="عقد الإيجار الموحد",
        title_en="Standard lease contract",
        file_ar=file_ar,
        version="1.0",
        effective_date=dt.date(2025, 1, 1),
    )


def test_downloads_write_nothing_and_editors_still_see_every_download(client, admin_client, lease_form, settings):
    settings.COUNTERS_FLUSH_SECONDS = 300
    assert client.get(URL).status_code == 200  # opens the flush window
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            response = client.get(URL)
            assert response.status_code == 200
            b"".join(response.streaming_content)
    assert [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)] == []
    assert form_download_counts(form=lease_form) == {"ar": 4, "en": 0}
    page = admin_client.get(reverse("media_form_versions", args=[lease_form.pk])).content.decode()
    assert "4 in Arabic" in page


def test_a_download_never_fails_because_its_count_cannot_be_written(client, lease_form, monkeypatch):
    def locked(**kwargs):
        raise OperationalError("database is locked")

    with monkeypatch.context() as patch:
        patch.setattr(FormDownloadCount.objects, "filter", locked)
        patch.setattr(FormDownloadCount.objects, "get_or_create", locked)
        for _ in range(2):
            response = client.get(URL)
            assert response.status_code == 200
            assert b"".join(response.streaming_content).startswith(b"%PDF")
    # Kept for the next flush that can write.
    services.form_download_counts_flush()
    assert FormDownloadCount.objects.get(form=lease_form, lang="ar").count == 2
