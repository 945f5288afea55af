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


def _service_page_queries(client, page) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(page.url)  # warm Wagtail's site-root cache, as every request after the first finds it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_service_page_in_at_most_12_queries_whatever_its_lists(client, bootstrapped, settings, tmp_path):
    """Issue 19: uncached, a service page costs the same few queries with one channel or nine, one
    document or six (with forms), one fee or five, one related service or four (none: one fewer)."""
    from catalogue.models import ServiceDocument, ServiceFee, ServiceStep
    from media.services import document_create, form_template_publish
    from tests.media.conftest import pdf_bytes

    settings.MEDIA_ROOT = tmp_path
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
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
        audiences=["individuals", "businesses", "elderly", "people-of-determination"],
    )
    for n in range(4):
        make_service(code=f"LIC-92{n}")
    forms = []
    for n in range(3):
        file_ar = document_create(title=f"نموذج {n}", filename=f"form-{n}.pdf", data=pdf_bytes(), language="ar")
        forms.append(
            form_template_publish(
                code=f"form-{n}",
                title_ar=f"نموذج {n}",
                title_en=f"Form {n}",
                summary_ar="-",
                summary_en="-",
                file_ar=file_ar,
                file_en=None,
                version="1",
                effective_date=__import__("datetime").date(2025, 1, 1),
            )
        )
    rich = ServicePage.objects.get(code="LIC-912", locale__language_code="ar").get_latest_revision_as_object()
    rich.required_documents = [
        ServiceDocument(name=f"مستند {n}", form=forms[n % 3] if n % 2 else None) for n in range(6)
    ]
    rich.fees = [ServiceFee(label=f"رسم {n}", amount_aed=10 * n + 5) for n in range(5)]
    rich.steps = [ServiceStep(text=f"خطوة {n}") for n in range(7)]
    rich.related_services = list(ServicePage.objects.filter(code__startswith="LIC-92", locale__language_code="ar"))
    rich.save_revision().publish()
    plain = ServicePage.objects.get(code="LIC-911", locale__language_code="ar").get_latest_revision_as_object()
    plain.related_services = [ServicePage.objects.get(code="LIC-920", locale__language_code="ar")]
    plain.save_revision().publish()

    plain_count, _ = _service_page_queries(client, ServicePage.objects.get(code="LIC-911", locale__language_code="ar"))
    rich_count, html = _service_page_queries(
        client, ServicePage.objects.get(code="LIC-912", locale__language_code="ar")
    )
    # What the rich page shows came from those queries: every list, in its order.
    assert html.count('data-channel="') == 9
    assert all(f"مستند {n}" in html for n in range(6)) and html.count("/forms/form-") == 3
    assert "/forms/None/" not in html  # documents without a form have no download link
    assert "رسم 4: 45" in html and html.index("خطوة 0") < html.index("خطوة 6")
    assert all(f"خدمة تجريبية LIC-92{n}" in html for n in range(4))
    assert "المبنى الرئيسي لبلدية الفجيرة" in html  # an outlet of the counter channel, with its hours
    assert plain_count == rich_count, (plain_count, rich_count)
    assert rich_count <= 12, rich_count
    alone_count, _ = _service_page_queries(client, ServicePage.objects.get(code="LIC-921", locale__language_code="ar"))
    assert alone_count == rich_count - 1  # no related service: that query is not made
