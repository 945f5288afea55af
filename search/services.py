"""Writes of the search app: both backends kept in step with the Publication rows, and the query log.

The database entries are refreshed right after the publishing transaction commits; Elasticsearch
updates are queued and written by a task (``search/backends/elasticsearch.py``), so an outage
delays the index but never a publication. Rebuild and sync do both backends.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from common.counters import counter_add, counter_flush_due, counters_flush
from publication.models import Publication
from search import es, text
from search.backends import database, elasticsearch
from search.backends.elasticsearch import PendingResult, RebuildResult, SearchIndexError
from search.documents import document_id, indexed_types
from search.models import QueryStat
from search.tasks import query_stats_flush_task

__all__ = [
    "PENDING_BATCH",
    "PendingResult",
    "RebuildResult",
    "SearchIndexError",
    "SyncResult",
    "query_stat_record",
    "query_stats_flush",
    "search_changes_record",
    "search_entries_rebuild",
    "search_entries_refresh",
    "search_index_rebuild",
    "search_index_sync",
    "search_pending_process",
]

logger = logging.getLogger(__name__)

PENDING_BATCH = 1000  # queued index updates written per call (the task runs batch after batch)


def search_entries_refresh(*, keys: Iterable[tuple[str, str, str]]) -> int:
    """Bring the database entries of (type, code, lang) items in line with their Publications."""
    return database.entries_refresh(keys=keys)


def search_entries_rebuild(*, progress: bool = False) -> int:
    """Re-create every database entry and the vocabulary from the Publication rows."""
    return database.entries_rebuild(progress=progress)


def search_changes_record(*, changes: Iterable) -> int:
    """After a publishing commit: refresh database entries and queue Elasticsearch updates."""
    indexed = indexed_types()
    keys = sorted({(c.type, c.code, c.lang) for c in changes if c.type in indexed})
    database.entries_refresh(keys=keys)
    if keys and es.es_enabled():
        elasticsearch.pending_add(keys=keys)
    return len(keys)


def search_pending_process(*, limit: int | None = None) -> PendingResult:
    """Write the due queued updates (at most ``limit``, by default PENDING_BATCH) to Elasticsearch;
    failures stay queued with back-off."""
    return elasticsearch.pending_process(limit=limit or PENDING_BATCH)


def search_index_rebuild(*, progress: bool = False) -> RebuildResult:
    """Fill new Elasticsearch indices, catch up with edits made meanwhile, swap the aliases at once."""
    return elasticsearch.index_rebuild(progress=progress)


@dataclass
class SyncResult:
    missing: int = 0
    stale: int = 0
    extra: int = 0
    repaired: int = 0
    failed: int = 0
    entries_repaired: int = 0


def search_index_sync(*, progress: bool = False) -> SyncResult:
    """Compare the database with both backends and repair every difference."""
    expected = {
        (p["lang"], document_id(type_name=p["type"], code=p["code"])): p
        for p in Publication.objects.filter(type__in=indexed_types()).values("pk", "type", "code", "lang", "etag")
    }
    result = SyncResult(entries_repaired=database.entries_sync(expected=expected))
    if not es.es_enabled():
        return result
    for name, count in elasticsearch.index_sync(expected=expected).items():
        setattr(result, name, count)
    return result


# --- Query log --------------------------------------------------------------------------------


QUERY_STATS = "query-stats"


def query_stat_record(*, lang: str, query: str, total: int) -> None:
    """Count one search (and whether it found nothing) for the editors' report.

    Counted in the shared counters cache, not the database: a search never waits on a write, and
    never fails because the count could not be kept (``common/counters.py``).
    """
    normalised = " ".join(text.tokens(query))[:256]
    if not normalised:
        return
    member = (timezone.localdate().isoformat(), lang, normalised)
    counter_add(namespace=QUERY_STATS, member=member, amounts=(1, 1 if total == 0 else 0))
    if counter_flush_due(namespace=QUERY_STATS, seconds=settings.COUNTERS_FLUSH_SECONDS):
        try:
            query_stats_flush_task.enqueue()
        except Exception:  # the counts stay pending for the next flush
            logger.warning("Could not enqueue the search statistics flush", exc_info=True)


def _query_stats_write(*, counts: dict) -> None:
    for (day, lang, query), (searches, zero) in counts.items():
        updated = QueryStat.objects.filter(day=day, lang=lang, query=query).update(
            searches=F("searches") + searches, zero_results=F("zero_results") + zero
        )
        if not updated:
            try:
                with transaction.atomic():
                    QueryStat.objects.create(day=day, lang=lang, query=query, searches=searches, zero_results=zero)
            except IntegrityError:  # another flush created the row first
                QueryStat.objects.filter(day=day, lang=lang, query=query).update(
                    searches=F("searches") + searches, zero_results=F("zero_results") + zero
                )


def query_stats_flush() -> int:
    """Move pending search statistics into ``QueryStat``; the number of queries (common.counters)."""
    return counters_flush(
        namespace=QUERY_STATS, write=lambda counts: _query_stats_write(counts=counts), what="search statistics"
    )
