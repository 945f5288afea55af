"""Reads of the search app: a search (CONTRACTS §4) sent to its backend, status and the query report.

The query plan is in ``search/query.py``; matching and ranking in ``search/backends/``. Elasticsearch
answers when it is configured and its circuit breaker (``search/es.py``) is closed, else the database.
"""

import datetime as dt
import hashlib
import logging

from elasticsearch import ApiError, TransportError

from django.core.cache import cache
from django.db.models import Max, Sum
from django.utils import timezone

from publication.models import ChangeLog, Publication
from search import es, state
from search.backends import database, elasticsearch_search
from search.documents import document_id, indexed_types
from search.models import BestBet, PendingIndexUpdate, QueryStat, SearchEntry, SearchJudgement
from search.query import QueryPlan, SearchParams, entry_filters, facet_list, publication_result, query_plan

__all__ = [
    "SearchParams",
    "live_document_ids",
    "quality_backends",
    "query_report",
    "search_quality",
    "search_quality_cached",
    "search_run",
    "search_status",
]

logger = logging.getLogger(__name__)


def _best_bets(*, plan: QueryPlan, params: SearchParams) -> list[dict]:
    bets = BestBet.objects.filter(lang=params.lang, query_normalised=plan.normalised).order_by("sort_order", "pk")
    pinned = []
    for bet in bets:
        publication = Publication.objects.filter(type=bet.type, code=bet.code, lang=params.lang).first()
        if publication is None:  # pinned items must be live like everything else
            continue
        row = {
            "type": publication.type,
            "department": publication.department,
            "channels": publication.channels,
            "audiences": publication.audiences,
        }
        if entry_filters(row, params.filters()):
            pinned.append(publication_result(publication=publication, plan=plan) | {"pinned": True})
    return pinned


def search_run(*, params: SearchParams, backend: str | None = None) -> dict:
    """Run a search as CONTRACTS §4 describes; Elasticsearch when configured, else the database.

    If Elasticsearch fails, the database answers, so a search never fails with the index.
    """
    plan = query_plan(q=params.q)
    pinned = _best_bets(plan=plan, params=params) if plan.words else []
    offset = (params.page - 1) * params.size
    want = offset + params.size + len(pinned)
    chosen = backend or ("elasticsearch" if es.es_enabled() and es.es_available() else "database")
    total, results, facets, suggestion, exact = 0, [], facet_list({}, params.lang), None, True
    if plan.words and chosen == "elasticsearch":
        try:
            total, results, facets, suggestion, exact = elasticsearch_search.search(
                plan=plan, params=params, want=want, offset=0
            )
        except (TransportError, ApiError, ConnectionError) as exc:
            # Skip it for a while: a hanging server would otherwise cost every search a timeout.
            logger.warning("Elasticsearch search failed, answering from the database: %s", exc)
            es.es_failed()
            chosen = "database"
        else:
            es.es_succeeded()
    if plan.words and chosen == "database":
        total, results, facets, suggestion, exact = database.search(plan=plan, params=params, want=want)
    pinned_keys = {(p["type"], p["code"]) for p in pinned}
    organic = [r for r in results if (r["type"], r["code"]) not in pinned_keys]
    total += len(pinned) - (len(results) - len(organic))
    combined = (pinned + organic)[offset : offset + params.size]
    return {
        "query": params.q,
        "total": total,
        # Added to CONTRACTS §4: "gte" when ``total`` is a lower bound (a query of common words
        # only in a large catalogue, docs/search.md), else "eq".
        "total_relation": "eq" if exact else "gte",
        "backend": chosen,
        "results": combined,
        "facets": facets,
        "suggestion": suggestion,
    }


def search_status() -> dict:
    """Counts for ``search_index status``: database, entries, index and queue."""
    status = {
        "backend": "elasticsearch" if es.es_enabled() else "database",
        "publications": Publication.objects.filter(type__in=indexed_types()).count(),
        "entries": SearchEntry.objects.count(),
        "pending": PendingIndexUpdate.objects.count(),
        "failing": PendingIndexUpdate.objects.filter(attempts__gt=0).count(),
        "indices": {},
    }
    if es.es_enabled():
        client = es.es_client()
        for lang in es.LANGS:
            targets = es.alias_targets(client=client, lang=lang)
            count = client.count(index=es.alias_name(lang))["count"] if targets else 0
            status["indices"][lang] = {"alias": es.alias_name(lang), "targets": targets, "documents": count}
    return status


def query_report(*, days: int = 30, limit: int = 50) -> dict[str, dict[str, list]]:
    """Most searched queries and queries that found nothing, per language, over recent days."""
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    rows = QueryStat.objects.filter(day__gte=since)
    report = {}
    for lang in ("ar", "en"):
        grouped = rows.filter(lang=lang).values("query").annotate(total=Sum("searches"), zero=Sum("zero_results"))
        report[lang] = {
            "top": list(grouped.order_by("-total", "query")[:limit]),
            "zero": list(grouped.filter(zero__gt=0).order_by("-zero", "query")[:limit]),
            "searches": rows.filter(lang=lang).aggregate(n=Sum("searches"))["n"] or 0,
            "zero_searches": rows.filter(lang=lang).aggregate(n=Sum("zero_results"))["n"] or 0,
        }
    return report


def live_document_ids(*, lang: str) -> set[str]:
    """Ids of the documents that should be in a language's index (for tests and sync)."""
    return {
        document_id(type_name=t, code=c)
        for t, c in Publication.objects.filter(lang=lang, type__in=indexed_types()).values_list("type", "code")
    }


# --- The editors' quality loop ---------------------------------------------------------------

QUALITY_DEPTH = 10  # results read per judgement; recall is counted in the first 5


def quality_backends() -> list[str]:
    """The database always; Elasticsearch when it is configured and answering."""
    return ["database"] + (["elasticsearch"] if es.es_enabled() and es.es_available() else [])


def _figures(outcomes: list[dict]) -> dict:
    if not outcomes:
        return {"judgements": 0, "mrr": 0.0, "recall_at_5": 0.0, "failing": 0}
    return {
        "judgements": len(outcomes),
        "mrr": round(sum(1 / o["rank"] for o in outcomes if o["rank"]) / len(outcomes), 3),
        "recall_at_5": round(sum(o["recall_at_5"] for o in outcomes) / len(outcomes), 3),
        "failing": sum(1 for o in outcomes if o["rank"] != 1),
    }


def search_quality(*, backends: list[str] | None = None, judgements=None) -> dict:
    """The editors' judgements run on each backend: MRR and recall@5 per backend and language
    (``rows``), and every judgement whose first expected item is not the first result (``failing``).

    A judgement's rank is the position of its first expected item found; its recall@5 the share
    of its expected items in the first five. Best bets count (they are what people see); the query
    log does not (nobody searched).
    """
    judged = list(SearchJudgement.objects.all() if judgements is None else judgements)
    rows, failing = [], []
    for backend in backends or quality_backends():
        outcomes = []
        for judgement in judged:
            expected = judgement.expected_codes()
            if not expected or judgement.lang not in ("ar", "en"):
                continue
            params = SearchParams(q=judgement.query[:256], lang=judgement.lang, size=QUALITY_DEPTH)
            response = search_run(params=params, backend=backend)
            found = [r["code"] for r in response["results"]]
            rank = next((i for i, code in enumerate(found, 1) if code in expected), None)
            outcome = {
                "backend": backend,
                "answered_by": response["backend"],
                "lang": judgement.lang,
                "judgement": judgement,
                "expected": expected,
                "found": found[:5],
                "total": response["total"],
                "rank": rank,
                "recall_at_5": len(set(found[:5]) & set(expected)) / len(expected),
            }
            outcomes.append(outcome)
            if rank != 1:
                failing.append(outcome)
        for lang in ("ar", "en"):
            rows.append({"backend": backend, "lang": lang} | _figures([o for o in outcomes if o["lang"] == lang]))
        rows.append({"backend": backend, "lang": "all"} | _figures(outcomes))
    return {"rows": rows, "failing": failing}


QUALITY_CACHE_SECONDS = 24 * 3600


def _quality_inputs(backends: list[str]) -> str:
    """What the judgements' outcome depends on: published content (the change log's last
    sequence number and the publication count), the editors' synonyms, best bets and judgements
    (their version), the analysis and the backends asked."""
    inputs = (
        ChangeLog.objects.aggregate(m=Max("seq"))["m"],
        Publication.objects.count(),
        state.state_get(state.EDITORIAL),
        state.state_get(state.ANALYSIS),
        tuple(backends),
    )
    return "search:quality:" + hashlib.sha256(repr(inputs).encode()).hexdigest()[:32]


def search_quality_cached() -> dict:
    """``search_quality`` on the configured backends, computed once per change of what it depends
    on (the report page would otherwise run every judgement on every load)."""
    backends = quality_backends()
    key = _quality_inputs(backends)
    found = cache.get(key)
    if found is None:
        found = search_quality(backends=backends)
        cache.set(key, found, QUALITY_CACHE_SECONDS)
    return found
