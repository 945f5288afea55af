"""Every bad upload is refused with a clear message, and a good one keeps its Arabic name."""

import hashlib

import pytest

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media.models import CustomDocument, CustomImage
from media.services import document_create
from tests.media.conftest import PNG_1PX, docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def _refused(data: bytes, filename: str) -> str:
    with pytest.raises(ValidationError) as caught:
        document_create(title="x", filename=filename, data=data)
    assert not CustomDocument.objects.exists()
    return " ".join(caught.value.messages)


def test_a_pdf_is_stored_with_its_arabic_name_type_size_and_sha256(local_media):
    data = pdf_bytes()
    document = document_create(title="عقد", filename="عقد الإيجار.pdf", data=data, language="ar")
    assert document.filename == "عقد_الإيجار.pdf"
    assert document.sniffed_type == "application/pdf"
    assert document.file_size == len(data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert "garden tidy" in document.extracted_text
    with document.file.open("rb") as handle:
        assert handle.read() == data


def test_docx_text_is_extracted_for_search(local_media):
    document = document_create(title="عقد", filename="عقد.docx", data=docx_bytes())
    assert document.sniffed_type.endswith("wordprocessingml.document")
    assert "يحافظ المستأجر على الحديقة" in document.extracted_text


def test_html_behind_a_pdf_name_is_refused(local_media):
    message = _refused(b"<!DOCTYPE html><html><script>alert(1)</script></html>", "contract.pdf")
    assert "HTML and SVG" in message


def test_svg_with_script_is_refused_whatever_its_name(local_media):
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert "HTML and SVG" in _refused(svg, "drawing.svg")
    assert "HTML and SVG" in _refused(svg, "drawing.pdf")


def test_utf16_html_is_refused(local_media):
    assert "HTML and SVG" in _refused("<html><script>x</script></html>".encode("utf-16"), "page.pdf")


def test_a_png_behind_a_pdf_name_is_refused(local_media):
    assert "not an accepted type" in _refused(PNG_1PX, "contract.pdf")


def test_a_pdf_behind_a_docx_name_is_refused(local_media):
    message = _refused(pdf_bytes(), "contract.docx")
    assert ".docx" in message and "PDF" in message


def test_an_executable_is_refused(local_media):
    assert "not an accepted type" in _refused(b"MZ\x90\x00" + b"\x00" * 100, "contract.pdf")


def test_office_file_with_macros_is_refused(local_media):
    assert "macros" in _refused(docx_bytes(macro=True), "contract.docx")


def test_an_oversized_file_is_refused(local_media, settings):
    settings.MEDIA_MAX_DOCUMENT_BYTES = 1024
    assert "too large" in _refused(pdf_bytes() + b"\x00" * 2048, "big.pdf")


def test_an_empty_file_is_refused(local_media):
    assert "empty" in _refused(b"", "empty.pdf")


def test_nothing_is_left_on_storage_after_a_refused_upload(local_media):
    _refused(b"<html></html>", "evil.pdf")
    assert not (local_media.exists("documents") and local_media.listdir("documents")[1])


def test_admin_document_upload_refuses_a_disguised_file(admin_client, local_media):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "evil", "file": SimpleUploadedFile("evil.pdf", b"<html><script>x</script></html>"), "collection": 1},
    )
    assert response.status_code == 200
    assert "HTML and SVG" in response.content.decode()
    assert not CustomDocument.objects.exists()


def test_admin_document_upload_accepts_a_real_pdf(admin_client, local_media):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "lease", "file": SimpleUploadedFile("عقد.pdf", pdf_bytes()), "collection": 1, "language": "ar"},
    )
    assert response.status_code == 302
    document = CustomDocument.objects.get()
    assert document.sniffed_type == "application/pdf" and document.filename == "عقد.pdf"


def test_image_upload_refuses_svg_behind_png_name(admin_client, local_media):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "logo",
            "alt_ar": "شعار",
            "alt_en": "Logo",
            "file": SimpleUploadedFile("logo.png", svg),
            "collection": 1,
        },
    )
    assert response.status_code == 200
    assert not CustomImage.objects.exists()


def test_image_needs_alt_text_in_both_languages(admin_client, local_media):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "logo",
            "alt_ar": "شعار",
            "alt_en": "",
            "file": SimpleUploadedFile("logo.png", PNG_1PX),
            "collection": 1,
        },
    )
    assert response.status_code == 200
    assert "required in both languages" in response.content.decode()
    assert not CustomImage.objects.exists()
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "logo",
            "alt_ar": "شعار",
            "alt_en": "Logo",
            "file": SimpleUploadedFile("logo.png", PNG_1PX),
            "collection": 1,
        },
    )
    assert response.status_code == 302
    image = CustomImage.objects.get()
    assert image.alt_in("en") == "Logo" and image.has_alt_text
    assert image.get_rendition("fill-1x1").url
