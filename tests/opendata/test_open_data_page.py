"""The public "Open data" page, in both languages, linking the datasets with their licence."""

import pytest

pytestmark = pytest.mark.django_db


def test_arabic_page_is_right_to_left_and_links_every_file_and_the_licence(client, bootstrapped):
    response = client.get("/ar/open-data/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    for name in ("services.jsonld", "services.ttl", "services.csv", "catalog.jsonld"):
        assert f'href="/api/open-data/v1/{name}"' in html
    assert 'rel="license"' in html and "https://creativecommons.org/licenses/by/4.0/" in html
    assert 'href="/en/open-data/"' in html  # the language switch


def test_english_page_and_another_licence(client, bootstrapped, settings):
    settings.OPEN_DATA_LICENCE = "https://data.gov.ae/licence"
    html = client.get("/en/open-data/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "<h1>Open data</h1>" in html
    assert 'href="https://data.gov.ae/licence"' in html and "CC BY" not in html
