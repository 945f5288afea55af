"""The service page's schema.org GovernmentService: channels with places, phone, link and hours,
fees as offers, audiences; and it parses as JSON-LD."""

import json
import re

import pytest
from rdflib import Graph, Namespace, URIRef

from catalogue.models import ServicePage

pytestmark = pytest.mark.django_db
SDO = Namespace("https://schema.org/")


def block(html: str) -> str:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    return match.group(1)


def as_graph(text: str) -> Graph:
    data = json.loads(text)
    # https://schema.org's context maps every term into the schema.org vocabulary; give rdflib that
    # mapping inline so that parsing never fetches the context from the network.
    data["@context"] = {"@vocab": "https://schema.org/"}
    return Graph().parse(data=json.dumps(data), format="json-ld")


def test_schema_org_block_has_channels_places_hours_offers_and_audience(client, make_service):
    make_service(code="LIC-901", channels=["counter", "website"], fee_aed="150")
    page = ServicePage.objects.get(code="LIC-901", locale__language_code="en")
    text = block(client.get(page.url).content.decode())
    data = json.loads(text)
    channels = {c["name"]: c for c in data["availableChannel"]}
    counter = next(c for c in channels.values() if c.get("serviceLocation"))
    place = counter["serviceLocation"][0]
    assert place["address"]["streetAddress"]
    assert place["openingHoursSpecification"][0]["dayOfWeek"].startswith("https://schema.org/")
    assert data["offers"][0]["price"] == "150.00" and data["offers"][0]["priceCurrency"] == "AED"
    assert data["audience"][0]["audienceType"]

    graph = as_graph(text)
    service = next(graph.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), SDO.GovernmentService))
    assert len(list(graph.objects(service, SDO.availableChannel))) == 2
    assert graph.value(graph.value(service, SDO.offers), SDO.priceCurrency).toPython() == "AED"
    assert graph.value(service, SDO.audience) is not None
    assert any(graph.objects(None, SDO.openingHoursSpecification))


def test_free_service_offers_a_price_of_zero(client, make_service):
    make_service(code="LIC-905", fee_aed="0")
    page = ServicePage.objects.get(code="LIC-905", locale__language_code="ar")
    data = json.loads(block(client.get(page.url).content.decode()))
    assert [o["price"] for o in data["offers"]] == ["0.00"]
