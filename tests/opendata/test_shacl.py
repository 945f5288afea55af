"""The exports conform to CPSV-AP 3.2.0 (our SHACL shapes, opendata/shapes/), validated with pyshacl."""

import io
import json

import pytest

from opendata import export
from opendata.services import opendata_site
from opendata.validation import opendata_validate
from tests.opendata.conftest import API

pytestmark = pytest.mark.django_db


def _service(code: str, lang: str, **extra) -> dict:
    payload = {
        "code": code,
        "lang": lang,
        "title": f"{code} {lang}",
        "summary": "",
        "description": "",
        "department": {"code": "licensing", "name": "Licensing"},
        "channels": [{"code": "counter", "name": "Counter", "type": "in-person", "url": None, "phone": None}],
        "audiences": ["individuals"],
        "fee_aed": "0.00",
        "fees": [],
        "processing_time": "",
        "documents": [],
        "steps": [],
        "outputs": [],
        "e_payment": False,
        "uae_pass": False,
        "status": "available",
        "keywords": [],
        "forms": [],
        "url": f"https://baladiya.example/{lang}/services/{code.lower()}/",
        "translations": {},
    }
    payload.update(extra)
    return payload


def edge_case_catalogue() -> export.Source:
    """Services without fees, without forms, without channels, live only in Arabic, with a form
    attached to its document, with outputs, fees with exemptions, and an outlet closed for a holiday."""
    form = {"code": "lease", "title": "Lease contract", "url": "https://baladiya.example/en/forms/lease/download/"}
    services = {
        "FREE-001": {"ar": _service("FREE-001", "ar"), "en": _service("FREE-001", "en")},
        "ARONLY-001": {"ar": _service("ARONLY-001", "ar", processing_time="", documents=["الهوية"])},
        "NOCHAN-001": {
            "ar": _service("NOCHAN-001", "ar", channels=[]),
            "en": _service("NOCHAN-001", "en", channels=[]),
        },
        "FORM-001": {
            "ar": _service(
                "FORM-001", "ar", documents=["الهوية", "عقد الإيجار"], forms=[dict(form, title="عقد الإيجار")]
            ),
            "en": _service(
                "FORM-001",
                "en",
                documents=["ID", "Lease contract"],
                forms=[form],
                outputs=["Lease registration"],
                processing_time="3 working days",
                fees=[{"label": "Fee", "amount_aed": "150.00", "exemptions": "Senior citizens"}],
                fee_aed="150.00",
                channels=[
                    {
                        "code": "website",
                        "name": "Website",
                        "type": "online",
                        "url": "https://e.example/x",
                        "phone": None,
                    },
                    {"code": "call-centre", "name": "Call centre", "type": "remote", "url": None, "phone": "800"},
                ],
            ),
        },
        "UNKNOWN-DEPT": {"ar": _service("UNKNOWN-DEPT", "ar", department={"code": "gone", "name": "?"})},
    }
    outlet = {
        "code": "main",
        "name": "Main building",
        "channel": {"code": "counter", "name": "Counter", "type": "in-person"},
        "address": "Hamad bin Abdullah Road",
        "latitude": 25.12,
        "longitude": 56.33,
        "phone": "+971 9 200 0000",
        "priority_service": True,
        "opening_hours": [{"weekday": 6, "day": "Sunday", "opens": "07:30", "closes": "14:30"}],
        "special_periods": [
            {
                "name": "Eid",
                "start_date": "2026-03-20",
                "end_date": "2026-03-22",
                "closed": True,
                "opens": None,
                "closes": None,
            }
        ],
    }
    return export.Source(
        services=services,
        departments={"licensing": {"ar": {"name": "الترخيص"}, "en": {"name": "Licensing"}}},
        channels={
            "counter": {
                "ar": {"name": "الكاونتر", "type": "in-person"},
                "en": {"name": "Counter", "type": "in-person"},
            },
            "website": {"en": {"name": "Website", "type": "online"}},
            "call-centre": {"en": {"name": "Call centre", "type": "remote"}},
        },
        audiences={"individuals": {"ar": {"name": "الأفراد"}, "en": {"name": "Individuals"}}},
        outlets={"main": {"ar": dict(outlet, name="المبنى الرئيسي"), "en": outlet}},
    )


def test_edge_cases_give_zero_violations():
    document = export.services_jsonld(edge_case_catalogue(), opendata_site())
    result = opendata_validate(body=export.dumps(document))
    assert result.violations == 0, result.report
    graph = {node["@id"]: node for node in document["@graph"]}
    # The form is the page of the evidence that bears its name; a free service states a 0 cost.
    evidence = graph["https://baladiya.example/id/evidence/FORM-001/2"]
    assert "https://baladiya.example/en/forms/lease/download/" in evidence["page"]
    assert graph["https://baladiya.example/id/cost/FREE-001/1"]["hasValue"] == "0.00"
    assert graph["https://baladiya.example/id/service/FORM-001"]["processingTime"] == "P3D"
    # An unknown department falls back to the municipality, so a competent authority is never missing.
    unknown = graph["https://baladiya.example/id/service/UNKNOWN-DEPT"]
    assert unknown["hasCompetentAuthority"].endswith("/id/organisation/municipality")


def test_the_shapes_catch_a_service_without_competent_authority():
    document = export.services_jsonld(edge_case_catalogue(), opendata_site())
    for node in document["@graph"]:
        node.pop("hasCompetentAuthority", None)
    result = opendata_validate(body=json.dumps(document))
    assert result.violations == 5  # one per service


def test_demo_catalogue_conforms_without_warnings(client, bootstrapped, django_capture_on_commit_callbacks):
    from catalogue.demo import catalogue_seed_demo

    with django_capture_on_commit_callbacks(execute=True):
        assert catalogue_seed_demo(stdout=io.StringIO()) > 0
    for name in ("services.jsonld", "catalog.jsonld"):
        result = opendata_validate(body=client.get(f"{API}/{name}").content)
        assert (result.violations, result.warnings) == (0, 0), result.report
    turtle = opendata_validate(body=client.get(f"{API}/services.ttl").content, fmt="turtle")
    assert turtle.violations == 0 and turtle.triples > 2000
