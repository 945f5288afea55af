"""Reading the exported graphs in tests."""

from rdflib import Graph, Literal, Namespace, URIRef

BASE = "https://baladiya.example"
CPSV = Namespace("http://purl.org/vocab/cpsv#")
CV = Namespace("http://data.europa.eu/m8g/")
DCT = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def jsonld_graph(body: bytes | str) -> Graph:
    return Graph().parse(data=body, format="json-ld")


def service_iri(code: str) -> URIRef:
    return URIRef(f"{BASE}/id/service/{code}")


def services_in(graph: Graph) -> set[str]:
    return {str(s) for s in graph.subjects(RDF_TYPE, CPSV.PublicService)}


def texts(graph: Graph, subject, predicate) -> dict[str, str]:
    return {o.language: str(o) for o in graph.objects(subject, predicate) if isinstance(o, Literal)}
