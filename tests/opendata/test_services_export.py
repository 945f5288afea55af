"""/api/open-data/v1/services.jsonld and .ttl: the live catalogue as CPSV-AP linked data."""

import pytest
from rdflib.compare import isomorphic

from django.core.cache import cache

from catalogue.models import ServicePage
from opendata.services import memo
from publication.services import publication_refresh
from tests.opendata.conftest import API
from tests.opendata.helpers import CV, DCT, jsonld_graph, service_iri, services_in, texts

pytestmark = pytest.mark.django_db


def test_every_live_service_in_both_languages_with_its_authority_channels_and_costs(client, make_service):
    make_service(code="LIC-901", channels=["counter", "website"], fee_aed="150")
    response = client.get(f"{API}/services.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    graph = jsonld_graph(response.content)
    service = service_iri("LIC-901")
    assert str(service) in services_in(graph)
    assert texts(graph, service, DCT.title) == {"ar": "خدمة تجريبية LIC-901", "en": "Test service LIC-901"}
    authority = graph.value(service, CV.hasCompetentAuthority)
    assert str(authority) == "https://baladiya.example/id/organisation/licensing"
    assert texts(graph, authority, DCT.title)["en"]
    channels = {str(c) for c in graph.objects(service, CV.hasChannel)}
    assert channels == {"https://baladiya.example/id/channel/counter", "https://baladiya.example/id/channel/website"}
    cost = graph.value(service, CV.hasCost)
    assert float(graph.value(cost, CV.hasValue).toPython()) == 150.0
    assert str(graph.value(cost, CV.currency)).endswith("/currency/AED")
    requirement = graph.value(service, CV.holdsRequirement)
    assert texts(graph, requirement, DCT.title) == {"ar": "صورة الهوية", "en": "ID copy"}
    assert graph.value(requirement, CV.hasSupportingEvidence) is not None
    # The counter's outlets are contact points, with their opening hours.
    outlets = list(graph.objects(service, CV.contactPoint))
    assert outlets and any(graph.value(o, CV.openingHours) is not None for o in outlets)


def test_two_exports_give_the_same_iris(client, make_service):
    make_service(code="LIC-901")
    first = jsonld_graph(client.get(f"{API}/services.jsonld").content)
    memo.clear()
    cache.clear()
    second = jsonld_graph(client.get(f"{API}/services.jsonld").content)
    assert set(first.all_nodes()) == set(second.all_nodes())
    assert isomorphic(first, second)


def test_drafts_and_private_services_never_appear(client, make_service):
    from wagtail.models import PageViewRestriction

    make_service(code="LIC-901")
    make_service(code="LIC-902", status="draft")
    make_service(code="LIC-903")
    private = ServicePage.objects.get(code="LIC-903", locale__language_code="ar")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="pw")
    publication_refresh(type_name="service", code="LIC-903")
    body = client.get(f"{API}/services.jsonld").content
    assert services_in(jsonld_graph(body)) == {str(service_iri("LIC-901"))}
    assert b"LIC-902" not in body and b"LIC-903" not in body
    assert b"LIC-902" not in client.get(f"{API}/services.csv").content


def test_an_unpublish_removes_the_service_on_the_next_request(client, make_service, django_capture_on_commit_callbacks):
    make_service(code="LIC-901")
    make_service(code="LIC-902")
    before = client.get(f"{API}/services.jsonld")
    assert str(service_iri("LIC-902")) in services_in(jsonld_graph(before.content))
    with django_capture_on_commit_callbacks(execute=True):
        ServicePage.objects.get(code="LIC-902", locale__language_code="ar").unpublish()
    after = client.get(f"{API}/services.jsonld", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert services_in(jsonld_graph(after.content)) == {str(service_iri("LIC-901"))}


def test_a_service_live_only_in_arabic_has_arabic_texts_only(client, make_service):
    make_service(code="LIC-901")
    ServicePage.objects.get(code="LIC-901", locale__language_code="en").unpublish()
    publication_refresh(type_name="service", code="LIC-901")
    graph = jsonld_graph(client.get(f"{API}/services.jsonld").content)
    assert texts(graph, service_iri("LIC-901"), DCT.title) == {"ar": "خدمة تجريبية LIC-901"}
    languages = {str(o) for o in graph.objects(service_iri("LIC-901"), DCT.language)}
    assert languages == {"http://publications.europa.eu/resource/authority/language/ARA"}


def test_strong_etag_and_304(client, make_service):
    make_service(code="LIC-901")
    first = client.get(f"{API}/services.jsonld")
    etag = first["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert client.get(f"{API}/services.jsonld", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(f"{API}/services.jsonld", HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 200
    for name in ("services.ttl", "services.csv", "catalog.jsonld"):
        response = client.get(f"{API}/{name}")
        assert client.get(f"{API}/{name}", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_turtle_by_accept_or_by_name_is_the_same_graph_as_the_jsonld(client, make_service):
    make_service(code="LIC-901", fee_aed="0")
    make_service(code="LIC-902", channels=["website"])
    jsonld = client.get(f"{API}/services.jsonld")
    by_accept = client.get(f"{API}/services.jsonld", HTTP_ACCEPT="text/turtle")
    by_name = client.get(f"{API}/services.ttl")
    assert by_accept["Content-Type"].startswith("text/turtle") and by_name["Content-Type"].startswith("text/turtle")
    assert by_accept.content == by_name.content
    assert "Accept" in jsonld["Vary"]
    from rdflib import Graph

    from_jsonld = jsonld_graph(jsonld.content)
    from_turtle = Graph().parse(data=by_name.content, format="turtle")
    # Nothing lost on the way: the JSON-LD read back through rdflib is the Turtle graph, triple
    # for triple (no blank nodes: every node has its IRI).
    assert len(from_jsonld) == len(from_turtle) > 100
    assert isomorphic(from_jsonld, from_turtle)
    assert not any(type(node).__name__ == "BNode" for node in from_jsonld.all_nodes())


def test_unknown_file_is_a_json_404(client, bootstrapped):
    response = client.get(f"{API}/services.xml")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert client.post(f"{API}/services.jsonld").status_code == 405


def test_a_publish_regenerates_the_files_ahead_of_the_next_request(
    client, make_service, monkeypatch, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    from opendata import services
    from opendata.selectors import opendata_version

    # As with the production worker (a backend that can defer): the publish queues the rebuild.
    monkeypatch.setattr(default_task_backend, "supports_defer", True)
    make_service(code="LIC-901")
    version = opendata_version()[0]
    stored = cache.get(services._key("services.jsonld", version))
    assert stored is not None, "the publish did not regenerate the open data"
    assert cache.get(services._key("services.csv", version)) is not None
    memo.clear()
    response = client.get(f"{API}/services.jsonld")
    assert response["ETag"] == stored["etag"]
    assert str(service_iri("LIC-901")) in services_in(jsonld_graph(response.content))
