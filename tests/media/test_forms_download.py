"""Downloadable forms: a stable URL across versions, safe headers, counts, the feed representation."""

import datetime as dt
from urllib.parse import quote

import pytest

from django.urls import reverse

from wagtail.models import Page

from catalogue.models import ServiceDocument
from media.models import FormTemplate, FormTemplateVersion
from media.selectors import form_download_counts
from media.services import document_create, form_template_publish
from publication.models import ChangeLog, Publication
from tests.media.conftest import docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _publish(
    version: str, data: bytes, *, en: bytes | None = None, filename: str = "عقد الإيجار.pdf", en_name: str = "lease.pdf"
):
    file_ar = document_create(title="عقد " + version, filename=filename, data=data, language="ar")
    file_en = document_create(title="Lease " + version, filename=en_name, data=en, language="en") if en else None
    return form_template_publish(
        code="lease-contract",
        title_ar="عقد الإيجار الموحد",
        title_en="Standard lease contract",
        summary_ar="نموذج عقد الإيجار",
        summary_en="The lease form",
        file_ar=file_ar,
        file_en=file_en,
        version=version,
        effective_date=dt.date(2025, 1, 1),
    )


def test_download_is_a_hardened_attachment_with_the_arabic_name(client, local_media):
    data = pdf_bytes()
    _publish("1.0", data)
    response = client.get("/ar/forms/lease-contract/download/")
    assert response.status_code == 200
    assert _body(response) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''" + quote("عقد_الإيجار.pdf") in disposition


def test_the_url_stays_the_same_and_serves_the_new_version(client, local_media):
    old, new = pdf_bytes("Version one"), pdf_bytes("Version two with a new clause")
    first = _publish("1.0", old)
    old_document = first.file_ar
    assert _body(client.get("/ar/forms/lease-contract/download/")) == old
    _publish("2.0", new)
    assert _body(client.get("/ar/forms/lease-contract/download/")) == new
    # Editors keep every published version and its file.
    versions = {v.version: v for v in FormTemplateVersion.objects.filter(form__code="lease-contract")}
    assert set(versions) == {"1.0", "2.0"}
    assert versions["1.0"].file_ar == old_document
    with versions["1.0"].file_ar.file.open("rb") as handle:
        assert handle.read() == old


def test_english_falls_back_to_the_arabic_file_and_counts_are_per_language(client, local_media):
    form = _publish("1.0", pdf_bytes())
    assert client.get("/en/forms/lease-contract/download/").status_code == 200
    client.get("/ar/forms/lease-contract/download/")
    client.get("/ar/forms/lease-contract/download/")
    client.head("/ar/forms/lease-contract/download/")  # a HEAD is not a download
    assert form_download_counts(form=form) == {"ar": 2, "en": 1}


def test_editors_see_download_counts_and_versions(admin_client, local_media):
    form = _publish("1.0", pdf_bytes())
    admin_client.get("/ar/forms/lease-contract/download/")
    listing = admin_client.get(reverse("wagtailsnippets_media_formtemplate:list"))
    assert listing.status_code == 200
    page = admin_client.get(reverse("media_form_versions", args=[form.pk])).content.decode()
    assert "1.0" in page and "1 in Arabic" in page


def test_versions_page_is_closed_to_people_without_permission(client, django_user_model, local_media):
    form = _publish("1.0", pdf_bytes())
    assert client.get(reverse("media_form_versions", args=[form.pk])).status_code == 302  # to the login page
    user = django_user_model.objects.create_user("visitor", password="x")
    client.force_login(user)
    assert client.get(reverse("media_form_versions", args=[form.pk])).status_code in (302, 403)


def test_an_unpublished_or_unknown_form_is_not_downloadable(client, local_media):
    form = _publish("1.0", pdf_bytes())
    form.unpublish()
    assert client.get("/ar/forms/lease-contract/download/").status_code == 404
    assert client.get("/ar/forms/no-such-form/download/").status_code == 404
    assert not Publication.objects.filter(type="form").exists()
    # Both languages leave the feed (English was served from the Arabic file).
    assert set(
        ChangeLog.objects.filter(type="form", op="delete", reason="unpublished").values_list("lang", flat=True)
    ) == {"ar", "en"}


def test_a_draft_of_a_new_version_does_not_reach_the_public(client, local_media):
    live = pdf_bytes("Live text")
    form = _publish("1.0", live)
    draft = form.get_latest_revision_as_object()
    draft.file_ar = document_create(title="draft", filename="draft.pdf", data=pdf_bytes("Draft text"))
    draft.version = "9.9"
    draft.save_revision()
    assert _body(client.get("/ar/forms/lease-contract/download/")) == live
    assert Publication.objects.get(type="form", lang="ar").payload["version"] == "1.0"


def test_publication_carries_the_contract_keys_and_file_text(local_media, lease_service):
    _publish(
        "1.0",
        pdf_bytes("Clause 9. Pets need the landlord's consent."),
        en=docx_bytes("Clause 9. Pets are welcome."),
        en_name="lease.docx",
    )
    form = FormTemplate.objects.get(code="lease-contract")
    draft = lease_service.get_latest_revision_as_object()
    draft.required_documents = [ServiceDocument(name="عقد الإيجار", form=form)]
    draft.save_revision().publish()
    ar = Publication.objects.get(type="form", code="lease-contract", lang="ar")
    en = Publication.objects.get(type="form", code="lease-contract", lang="en")
    assert set(ar.payload) >= {
        "code",
        "lang",
        "title",
        "summary",
        "description",
        "url",
        "file",
        "version",
        "effective_date",
        "services",
    }
    assert set(ar.payload["file"]) == {"url", "size", "sha256", "content_type"}
    assert ar.payload["file"]["url"].endswith("/ar/forms/lease-contract/download/")
    assert ar.payload["services"] == ["LEA-001"]
    assert ar.payload["effective_date"] == "2025-01-01"
    assert "Pets need the landlord" in ar.search_text
    assert "Pets are welcome" in en.search_text
    assert en.payload["file"]["content_type"].endswith("wordprocessingml.document")
    # The service lists the form at its stable URL.
    service = Publication.objects.get(type="service", code="LEA-001", lang="ar")
    assert service.payload["forms"][0]["url"].endswith("/ar/forms/lease-contract/download/")


def test_forms_index_lists_live_forms(client, local_media, bootstrapped):
    _publish("1.0", pdf_bytes())
    index = Page.objects.get(slug="forms", locale__language_code="ar")
    response = client.get(index.url)
    assert response.status_code == 200
    assert "عقد الإيجار الموحد" in response.content.decode()
    assert "/ar/forms/lease-contract/download/" in response.content.decode()


def test_private_documents_are_served_to_editors_only(client, admin_client, local_media):
    document = document_create(title="سري", filename="سري.pdf", data=pdf_bytes(), is_private=True)
    url = reverse("wagtaildocs_serve", args=[document.pk, document.filename])
    assert client.get(url).status_code == 404
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_ascii_fallback_name_is_safe_and_keeps_the_extension():
    from media.http import attachment_disposition

    assert attachment_disposition("عقد_الإيجار.pdf").startswith(
        "attachment; filename=\"download.pdf\"; filename*=UTF-8''%D8"
    )
    assert 'filename="Standard_lease.docx"' in attachment_disposition("Standard_lease.docx")
    assert 'filename="a_b.pdf"' in attachment_disposition('a"b;.pdf')
