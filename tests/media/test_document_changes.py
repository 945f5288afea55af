"""A change to a document (private tick, new file, deletion) reaches every form and service using it:
search stops finding the old text, the feed's file facts change and sync carries the change."""

import pytest

from django.urls import reverse

from wagtail.models import Collection

from catalogue.models import ServiceDocument
from feed.http import feed_versions_forget, response_cache
from media.models import FormTemplate
from media.services import document_delete, document_replace_file
from publication.models import ChangeLog
from tests.media.conftest import docx_bytes, pdf_bytes
from tests.media.test_forms_download import _publish

pytestmark = pytest.mark.django_db

FEED = "/api/feed/v1"


def _publish_lease_form(request, capture) -> FormTemplate:
    # Everything is published inside one captured commit, so search entries are written too.
    with capture(execute=True):
        lease_service = request.getfixturevalue("lease_service")
        _publish(
            "1.0",
            pdf_bytes("Clause 7. Camels must not graze in the courtyard."),
            en=docx_bytes("Clause 9. Parrots are welcome in every flat."),
            en_name="lease.docx",
        )
        form = FormTemplate.objects.get(code="lease-contract")
        draft = lease_service.get_latest_revision_as_object()
        draft.required_documents = [ServiceDocument(name="عقد الإيجار", form=form)]
        draft.save_revision().publish()
    return form


@pytest.fixture
def lease_form(request, settings, local_media, django_capture_on_commit_callbacks):
    """The lease form (Arabic PDF, English DOCX), required by the live service LEA-001."""
    settings.ELASTICSEARCH_URL = ""  # database search: the embedded default
    # The feed's response cache lives in the process: start without another test's answers.
    feed_versions_forget()
    response_cache.clear()
    return _publish_lease_form(request, django_capture_on_commit_callbacks)


def _found(client, q: str, lang: str) -> list[str]:
    response = client.get("/api/search/v1/", {"q": q, "lang": lang, "type": "form"})
    assert response.status_code == 200, response.content
    return [r["code"] for r in response.json()["results"]]


def _file(client, lang: str) -> dict | None:
    response = client.get(f"{FEED}/forms/lease-contract?lang={lang}")
    return response.json()["file"] if response.status_code == 200 else None


def _sync_after(client, seq: int) -> list[dict]:
    from feed.selectors import sync_cursor_encode

    body = client.get(f"{FEED}/sync?limit=1000&cursor={sync_cursor_encode(seq=seq)}").json()
    assert body["has_more"] is False
    return body["changes"]


def _last_seq() -> int:
    return ChangeLog.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def test_ticking_private_in_the_admin_hides_the_file_text_at_once(
    client, admin_client, lease_form, django_capture_on_commit_callbacks
):
    english = lease_form.file_en
    assert _found(client, "parrots welcome", "en") == ["lease-contract"]
    before, start = _file(client, "en"), _last_seq()
    assert before["sha256"] == english.sha256

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtaildocs:edit", args=[english.pk]),
            {
                "title": english.title,
                "language": "en",
                "is_private": "on",
                "collection": Collection.get_first_root_node().pk,
                "tags": "",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]

    # English readers now get the public Arabic file; the private text is found nowhere.
    assert _found(client, "parrots welcome", "en") == []
    after = _file(client, "en")
    assert after["sha256"] == lease_form.file_ar.sha256 != before["sha256"]
    assert after["size"] == lease_form.file_ar.file_size
    changes = _sync_after(client, start)
    assert [(c["op"], c["type"], c["lang"]) for c in changes] == [("upsert", "form", "en")]
    assert changes[0]["item"]["file"]["sha256"] == lease_form.file_ar.sha256


def test_a_replaced_file_is_searched_and_described_by_its_new_bytes(
    client, lease_form, django_capture_on_commit_callbacks
):
    arabic = lease_form.file_ar
    assert _found(client, "camels graze courtyard", "ar") == ["lease-contract"]
    before, start = _file(client, "ar"), _last_seq()
    new = pdf_bytes("Clause 8. Falcons may rest on the balcony railing at dawn.")

    with django_capture_on_commit_callbacks(execute=True):
        document_replace_file(document=arabic, filename="lease-2.pdf", data=new)

    assert _found(client, "camels graze courtyard", "ar") == []
    assert _found(client, "falcons balcony railing", "ar") == ["lease-contract"]
    after = _file(client, "ar")
    assert after["size"] == len(new) != before["size"]
    assert after["sha256"] != before["sha256"]
    upserts = [c for c in _sync_after(client, start) if c["op"] == "upsert" and c["type"] == "form"]
    assert [c["lang"] for c in upserts] == ["ar"]
    assert upserts[0]["item"]["file"] == after


def test_deleting_the_only_public_file_takes_the_form_out_everywhere(
    client, lease_form, django_capture_on_commit_callbacks
):
    lease_form.file_en.is_private = True
    with django_capture_on_commit_callbacks(execute=True):
        lease_form.file_en.save()
    start = _last_seq()

    with django_capture_on_commit_callbacks(execute=True):
        document_delete(document=FormTemplate.objects.get(code="lease-contract").file_ar)

    assert _found(client, "camels graze courtyard", "ar") == []
    assert _file(client, "ar") is None and _file(client, "en") is None
    assert client.get("/ar/forms/lease-contract/download/").status_code == 404
    changes = _sync_after(client, start)
    assert {(c["op"], c["lang"]) for c in changes if c["type"] == "form"} == {("delete", "ar"), ("delete", "en")}
    # The service no longer offers a download that would fail.
    service = client.get(f"{FEED}/services/LEA-001?lang=ar").json()
    assert service["forms"] == []
    assert any(c["type"] == "service" and c["op"] == "upsert" for c in changes)


@pytest.mark.elasticsearch
def test_elasticsearch_forgets_private_and_replaced_text(
    request, settings, elasticsearch_url, unique_prefix, local_media, django_capture_on_commit_callbacks
):
    from search import es
    from search.selectors import SearchParams, search_run

    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.SEARCH_INDEX_PREFIX = unique_prefix
    client = es.es_client()

    def found(q: str, lang: str) -> list[str]:
        for name in es.LANGS:
            client.indices.refresh(index=es.alias_name(name))
        response = search_run(params=SearchParams(q=q, lang=lang, type="form"), backend="elasticsearch")
        return [r["code"] for r in response["results"]]

    try:
        es.indices_ensure(client=client)
        form = _publish_lease_form(request, django_capture_on_commit_callbacks)
        assert found("parrots welcome", "en") == ["lease-contract"]
        form.file_en.is_private = True
        with django_capture_on_commit_callbacks(execute=True):
            form.file_en.save()
        assert found("parrots welcome", "en") == []
        with django_capture_on_commit_callbacks(execute=True):
            document_replace_file(document=form.file_ar, filename="lease-2.pdf", data=pdf_bytes("Falcons at dawn."))
        assert found("camels graze courtyard", "ar") == []
        assert found("falcons dawn", "ar") == ["lease-contract"]
    finally:
        names = list(client.indices.get(index=f"{unique_prefix}-*", allow_no_indices=True))
        if names:
            client.indices.delete(index=",".join(names), ignore_unavailable=True)
