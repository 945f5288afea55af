"""A private file is never offered to the public: not on the forms page, in the feed or in search."""

import pytest

from media.models import FormTemplate
from publication.models import Publication
from tests.media.conftest import pdf_bytes
from tests.media.test_forms_download import _publish

pytestmark = pytest.mark.django_db


def test_private_english_file_falls_back_to_the_public_arabic_one(client, local_media):
    _publish("1.0", pdf_bytes("Arabic original"), en=pdf_bytes("Clause 9 secret draft"))
    form = FormTemplate.objects.get(code="lease-contract")
    form.file_en.is_private = True
    form.file_en.save()
    form.save_revision().publish()

    payload = Publication.objects.get(type="form", code="lease-contract", lang="en")
    assert payload.payload["file"]["sha256"] == form.file_ar.sha256
    assert "secret draft" not in payload.search_text
    listing = client.get("/en/forms/").content.decode()
    assert "/en/forms/lease-contract/download/" in listing
