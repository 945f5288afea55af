"""Search fixtures: catalogues published through the real pipeline, and throwaway ES indices."""

import pytest

from django.test import override_settings

from catalogue.services import service_upsert
from tests.search.catalogue import relevance_services


def publish(rows, capture) -> None:
    """Publish services and run what the publishing transaction's commit would trigger."""
    from catalogue.services import deferred_indexing

    with capture(execute=True), deferred_indexing():
        for row in rows:
            service_upsert(data=row)


@pytest.fixture
def relevance_catalogue(bootstrapped, django_capture_on_commit_callbacks):
    """The fixture catalogue in the database entries; Elasticsearch tests then rebuild from it."""
    with override_settings(ELASTICSEARCH_URL=""):
        publish(relevance_services(), django_capture_on_commit_callbacks)


@pytest.fixture(autouse=True)
def _isolated_index_prefix(unique_prefix, settings):
    # Whatever a search test publishes never lands in the shared default indices.
    settings.SEARCH_INDEX_PREFIX = unique_prefix


@pytest.fixture(autouse=True)
def _es_breaker_closed():
    """No test inherits another's Elasticsearch failure (the breaker is per process)."""
    from search import es

    es._open_until.clear()
    yield
    es._open_until.clear()


@pytest.fixture
def es_index(elasticsearch_url, unique_prefix, settings):
    """Elasticsearch with a unique index prefix for this test; its indices are deleted afterwards."""
    from search import es

    settings.SEARCH_INDEX_PREFIX = unique_prefix
    settings.ELASTICSEARCH_URL = elasticsearch_url
    client = es.es_client()
    yield client
    # Deleting by wildcard is refused by the server (destructive_requires_name): list, then delete.
    names = list(client.indices.get(index=f"{unique_prefix}-*", allow_no_indices=True))
    if names:
        client.indices.delete(index=",".join(names), ignore_unavailable=True)


@pytest.fixture
def no_elasticsearch(settings):
    settings.ELASTICSEARCH_URL = ""
    return settings


def service_row(code: str, department: str, title_ar: str, title_en: str, **extra):
    """A small published service, described in both languages."""
    from decimal import Decimal

    from catalogue.services import ServiceData, ServiceTexts

    return ServiceData(
        code=code,
        department=department,
        channels=extra.get("channels", ["counter"]),
        audiences=extra.get("audiences", ["individuals"]),
        fee_aed=Decimal("0"),
        status=extra.get("status", "published"),
        ar=ServiceTexts(
            title=title_ar,
            summary=extra.get("summary_ar", f"خدمة {title_ar}."),
            description=extra.get("description_ar", "<p>تقدمها البلدية.</p>"),
            processing_time="يومان",
            keywords=extra.get("keywords_ar", []),
        ),
        en=ServiceTexts(
            title=title_en,
            summary=extra.get("summary_en", f"The {title_en} service."),
            description=extra.get("description_en", "<p>Offered by the municipality.</p>"),
            processing_time="2 days",
            keywords=extra.get("keywords_en", []),
        ),
    )


SMALL = [
    ("LIC-101", "licensing", "إصدار رخصة تجارية", "Issue a trade licence", {"channels": ["counter", "website"]}),
    (
        "LIC-102",
        "licensing",
        "تجديد رخصة تجارية",
        "Renew a trade licence",
        {"channels": ["website"], "audiences": ["businesses"]},
    ),
    ("BLD-101", "buildings", "رخصة بناء", "Building permit", {"channels": ["counter"]}),
    (
        "LEA-101",
        "leasing",
        "تصديق عقد إيجار",
        "Attest a lease contract",
        {"description_ar": "<p>توثيق العقد لدى البلدية</p>"},
    ),
]


@pytest.fixture
def small_catalogue(bootstrapped, django_capture_on_commit_callbacks):
    with override_settings(ELASTICSEARCH_URL=""):
        publish([service_row(c, d, a, e, **x) for c, d, a, e, x in SMALL], django_capture_on_commit_callbacks)
