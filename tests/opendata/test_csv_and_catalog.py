"""services.csv (the spreadsheet columns of CONTRACTS §2) and catalog.jsonld (a DCAT-AP record)."""

import csv
import io

import pytest

from catalogue.importing.columns import SERVICE_COLUMNS
from tests.opendata.conftest import API
from tests.opendata.helpers import DCAT, DCT, jsonld_graph

pytestmark = pytest.mark.django_db


def test_csv_has_the_spreadsheet_columns_and_live_services_only(client, make_service):
    make_service(code="LIC-901", channels=["counter", "website"], fee_aed="150")
    make_service(code="LIC-902", status="draft")
    make_service(code="LIC-903", title_en='=HYPERLINK("http://evil")')
    response = client.get(f"{API}/services.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0].keys()) == SERVICE_COLUMNS
    assert [r["code"] for r in rows] == ["LIC-901", "LIC-903"]
    first = rows[0]
    assert first["title_ar"] == "خدمة تجريبية LIC-901" and first["title_en"] == "Test service LIC-901"
    assert first["channels"] == "counter|website" and first["fee_aed"] == "150.00"
    assert first["documents_en"] == "ID copy" and first["steps_en"] == "Apply|Receive the result"
    assert first["e_payment"] == "yes" and first["status"] == "published"
    # A spreadsheet program opening the file never runs a formula from a title.
    assert rows[1]["title_en"].startswith("'=")


def test_catalog_record_names_publisher_licence_modified_and_distributions(client, make_service, settings):
    make_service(code="LIC-901")
    response = client.get(f"{API}/catalog.jsonld")
    graph = jsonld_graph(response.content)
    dataset = next(graph.subjects(predicate=DCAT.distribution))
    assert str(graph.value(dataset, DCT.license)) == "https://creativecommons.org/licenses/by/4.0/"
    assert graph.value(dataset, DCT.modified) is not None
    publisher = graph.value(dataset, DCT.publisher)
    assert {o.language: str(o) for o in graph.objects(publisher, DCT.title)}["en"] == "Fujairah Municipality"
    downloads = {str(graph.value(d, DCAT.downloadURL)) for d in graph.objects(dataset, DCAT.distribution)}
    assert downloads == {
        "https://baladiya.example/api/open-data/v1/services.jsonld",
        "https://baladiya.example/api/open-data/v1/services.ttl",
        "https://baladiya.example/api/open-data/v1/services.csv",
    }
    assert {str(p) for p in graph.objects(dataset, DCAT.landingPage)} == {
        "https://baladiya.example/ar/open-data/",
        "https://baladiya.example/en/open-data/",
    }
    # The licence is a setting: changing it changes the record (and its ETag) at once.
    settings.OPEN_DATA_LICENCE = "https://data.gov.ae/licence"
    changed = client.get(f"{API}/catalog.jsonld")
    assert changed["ETag"] != response["ETag"]
    assert str(jsonld_graph(changed.content).value(dataset, DCT.license)) == "https://data.gov.ae/licence"
