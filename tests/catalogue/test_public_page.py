"""The public service page in both languages, with outlets, fees, steps and JSON-LD."""

import json
import re

import pytest

from catalogue.models import ServicePage
from tests.catalogue.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(bootstrapped):
    make_service(code="LIC-901", channels=["counter", "website"], fee_aed="150")
    return ServicePage.objects.get(code="LIC-901", locale__language_code="ar")


def jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_arabic_page_shows_all_fields_right_to_left(client, service):
    response = client.get(service.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "خدمة تجريبية LIC-901" in html
    assert "تقديم الطلب" in html and "صورة الهوية" in html
    assert "150" in html and "درهم" in html
    assert "المبنى الرئيسي لبلدية الفجيرة" in html  # an outlet of the counter channel
    assert 'data-channel="website"' in html


def test_english_page_and_language_switch(client, service):
    english = ServicePage.objects.get(code="LIC-901", locale__language_code="en")
    html = client.get(english.url).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Test service LIC-901" in html
    assert "Receive the result" in html
    assert f'href="{service.url}"' in html  # switch back to the Arabic page


def test_jsonld_describes_a_government_service(client, service):
    data = jsonld(client.get(service.url).content.decode())
    assert data["@type"] == "GovernmentService"
    assert data["identifier"] == "LIC-901"
    assert data["provider"]["name"] == "بلدية الفجيرة"
    assert {c["name"] for c in data["availableChannel"]} == {"كاونترات تقديم الخدمة", "الموقع الإلكتروني"}
    assert data["offers"][0]["price"] == "150.00" and data["offers"][0]["priceCurrency"] == "AED"


def test_start_online_button_only_with_an_online_link(client, service):
    assert "ابدأ الخدمة إلكترونياً" not in client.get(service.url).content.decode()
    page = service.get_latest_revision_as_object()
    links = list(page.channel_links.all())
    for link in links:
        if link.channel.code == "website":
            link.url = "https://e.fujairah.ae/apply/LIC-901"
    page.channel_links = links
    page.save_revision().publish()
    html = client.get(service.url).content.decode()
    assert "ابدأ الخدمة إلكترونياً" in html and "https://e.fujairah.ae/apply/LIC-901" in html


def test_draft_service_is_not_public(client, bootstrapped):
    make_service(code="LIC-903", status="draft")
    page = ServicePage.objects.get(code="LIC-903", locale__language_code="ar")
    assert not page.live
    assert client.get(f"/ar/services/licensing/{page.slug}/").status_code == 404


def test_service_page_queries_do_not_grow_with_channels(client, bootstrapped, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_service(code="LIC-911", channels=["counter"])
    make_service(
        code="LIC-912",
        channels=[
            "counter",
            "mall-centre",
            "kiosk",
            "dreesha",
            "website",
            "app-rukhsati",
            "call-centre",
            "chat",
            "email",
        ],
    )
    counts = []
    for code in ("LIC-911", "LIC-912"):
        url = ServicePage.objects.get(code=code, locale__language_code="ar").url
        client.get(url)  # warm Wagtail's site-root cache, as every request after the first finds it
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 30
