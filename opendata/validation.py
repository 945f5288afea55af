"""SHACL validation of the exported graphs with pyshacl (tests, ``manage.py opendata_validate``)."""

import time
from dataclasses import dataclass
from pathlib import Path

SHAPES = Path(__file__).resolve().parent / "shapes" / "cpsv-ap-3.2-baladiya.ttl"
SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Validation:
    triples: int
    violations: int
    warnings: int
    report: str
    seconds: float

    @property
    def conforms(self) -> bool:
        return self.violations == 0


def graph_parse(body: str | bytes, *, fmt: str):
    """An rdflib graph from JSON-LD (``json-ld``) or Turtle (``turtle``) text."""
    from rdflib import Graph

    return Graph().parse(data=body, format=fmt)


def opendata_validate(*, body: str | bytes, fmt: str = "json-ld", shapes: Path | str | None = None) -> Validation:
    """Validate one export against SHACL shapes (ours by default); counts results by severity."""
    from pyshacl import validate
    from rdflib import Graph, Namespace

    sh = Namespace(SH)
    data = graph_parse(body, fmt=fmt)
    shapes_graph = Graph().parse(str(shapes or SHAPES), format="turtle")
    started = time.perf_counter()
    _conforms, results, text = validate(data, shacl_graph=shapes_graph, inference="none", allow_warnings=True)
    seconds = time.perf_counter() - started
    severities = [severity for _, _, severity in results.triples((None, sh.resultSeverity, None))]
    return Validation(
        triples=len(data),
        violations=sum(1 for s in severities if s == sh.Violation),
        warnings=sum(1 for s in severities if s == sh.Warning),
        report=text,
        seconds=seconds,
    )
