"""Relevance over the fixture catalogue: people find the service they mean in either language."""

import pytest

from search.selectors import SearchParams, search_run
from tests.search.catalogue import QUERIES, relevance_measure


def _codes(backend):
    def search(lang, q):
        response = search_run(params=SearchParams(q=q, lang=lang, size=10), backend=backend)
        return [r["code"] for r in response["results"]]

    return search


def test_relevance_set_is_large_enough_in_both_languages():
    assert len(QUERIES) >= 40
    assert {lang for lang, *_ in QUERIES} == {"ar", "en"}


@pytest.mark.django_db
def test_database_backend_finds_what_people_mean(relevance_catalogue, no_elasticsearch):
    figures = relevance_measure(search=_codes("database"))
    print("database relevance", figures)
    # Same bar as Elasticsearch without typos; the lower bar (0.8) applies to the whole set.
    assert figures["all"]["mrr"] >= 0.8, figures["misses"]
    assert figures["without_typos"]["mrr"] >= 0.9, figures["misses"]
    assert figures["all"]["recall_at_5"] >= 0.9, figures["misses"]


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_elasticsearch_backend_finds_what_people_mean(relevance_catalogue, es_index):
    from search.services import search_index_rebuild

    search_index_rebuild()
    figures = relevance_measure(search=_codes("elasticsearch"))
    print("elasticsearch relevance", figures)
    assert figures["all"]["mrr"] >= 0.9, figures["misses"]
    assert figures["all"]["recall_at_5"] >= 0.95, figures["misses"]
