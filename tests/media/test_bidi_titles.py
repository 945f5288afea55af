"""Image titles and alternative texts saved in the admin lose bidirectional controls (a title
such as "invoice‮gpj.exe" must not read as something else); ZWNJ stays."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media.models import CustomImage
from tests.media.conftest import PNG_1PX

pytestmark = pytest.mark.django_db


def test_an_image_added_in_the_admin_is_stored_without_bidi_controls(admin_client, local_media):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "invoice\u202egpj.exe",
            "alt_ar": "شعار\u2066 البلدية\u2069\u200c",
            "alt_en": "\u202aMunicipality\u202c logo",
            "file": SimpleUploadedFile("logo.png", PNG_1PX),
            "collection": 1,
        },
    )
    assert response.status_code == 302
    image = CustomImage.objects.get()
    assert image.title == "invoicegpj.exe"
    assert image.alt_ar == "شعار البلدية\u200c"
    assert image.alt_en == "Municipality logo"
