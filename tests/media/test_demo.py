"""The demo seed: a real lease contract in both languages, the three online forms, the service link."""

import io

import pytest
from pypdf import PdfReader

from catalogue.models import ServiceDocument
from media.demo import LEASE, media_seed_demo
from media.models import DepartmentGroup, FormTemplate, OnlineFormPage
from publication.models import Publication

pytestmark = pytest.mark.django_db


def test_seed_creates_real_files_forms_and_links_the_lease_service(local_media, lease_service, client):
    assert media_seed_demo(stdout=io.StringIO()) == 5
    lease = FormTemplate.objects.get(code="lease-contract")
    for lang in ("ar", "en"):
        document = lease.file_in(lang)
        assert document.language == lang and document.sniffed_type == "application/pdf"
        with document.file.open("rb") as handle:
            data = handle.read()
        assert data.startswith(b"%PDF-") and len(PdfReader(io.BytesIO(data)).pages) == 1
        # The clauses are really in the file: extraction finds each of them.
        assert all(clause in document.extracted_text for clause in LEASE[lang]["clauses"])
    editable = FormTemplate.objects.get(code="lease-contract-editable")
    assert editable.file_in("ar").sniffed_type.endswith("wordprocessingml.document")
    assert LEASE["ar"]["clauses"][2] in editable.file_in("ar").extracted_text

    assert set(OnlineFormPage.objects.values_list("slug", "locale__language_code")) == {
        (slug, lang) for slug in ("inquiry", "complaint", "technical-support") for lang in ("ar", "en")
    }
    assert DepartmentGroup.objects.filter(department__code="consumer-protection").exists()
    assert ServiceDocument.objects.filter(page__code="LEA-001", form=lease).exists()
    assert Publication.objects.get(type="form", code="lease-contract", lang="ar").payload["services"] == ["LEA-001"]
    assert "البند الثالث" in Publication.objects.get(type="form", code="lease-contract", lang="ar").search_text
    assert client.get("/ar/forms/lease-contract/download/").status_code == 200
    assert client.get(OnlineFormPage.objects.get(slug="complaint", locale__language_code="en").url).status_code == 200
    # Running it again changes nothing.
    assert media_seed_demo(stdout=io.StringIO()) == 0
    assert ServiceDocument.objects.filter(page__code="LEA-001", form=lease).count() == 1
