"""An upload that starts like an image but is truncated or garbage is a form error in the admin,
in the person's language, and nothing is stored: never a 500."""

import io

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media.models import CustomImage
from tests.media.conftest import PNG_1PX

pytestmark = pytest.mark.django_db
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MESSAGE_EN = "The image file is damaged or incomplete and cannot be read."
MESSAGE_AR = "ملف الصورة تالف أو غير مكتمل ولا يمكن قراءته."


def _jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


DAMAGED = {
    "garbage-after-signature": PNG_SIGNATURE + b"garbage" * 40,
    "header-only": PNG_1PX[:40],
    "truncated-png": PNG_1PX[:-20],  # a whole header, the pixel data cut short
    "truncated-jpeg": _jpeg()[:-200],
}


def _add(client, data: bytes, *, language: str = "en"):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "logo",
            "alt_ar": "شعار",
            "alt_en": "Logo",
            "file": SimpleUploadedFile("logo.png", data),
            "collection": 1,
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.mark.parametrize("kind", list(DAMAGED))
def test_a_damaged_image_is_a_form_error_in_the_add_view(admin_client, local_media, kind):
    name = "photo.jpg" if kind.endswith("jpeg") else "logo.png"
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "logo",
            "alt_ar": "شعار",
            "alt_en": "Logo",
            "file": SimpleUploadedFile(name, DAMAGED[kind]),
            "collection": 1,
        },
    )
    assert response.status_code == 200
    assert MESSAGE_EN in response.content.decode()
    assert not CustomImage.objects.exists()


def test_the_form_error_speaks_arabic(admin_client, local_media):
    from django.utils import translation

    with translation.override("ar"):
        response = _add(admin_client, DAMAGED["garbage-after-signature"], language="ar")
    assert response.status_code == 200
    assert MESSAGE_AR in response.content.decode()
    assert not CustomImage.objects.exists()


def test_the_multiple_uploader_refuses_it_with_the_message(admin_client, local_media):
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("logo.png", DAMAGED["truncated-png"]), "collection": 1},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is False
    assert MESSAGE_EN in body["error_message"]
    assert not CustomImage.objects.exists()


def test_a_whole_image_is_still_accepted(admin_client, local_media):
    assert _add(admin_client, PNG_1PX).status_code == 302
    assert CustomImage.objects.get().get_rendition("fill-1x1").url
