"""Background tasks: queued updates to Elasticsearch (retried with back-off), search statistics."""

import logging

from django_tasks import default_task_backend, task

logger = logging.getLogger(__name__)


@task()
def search_index_pending() -> dict:
    """Drain the due ``PendingIndexUpdate`` rows; if some failed, run again when they are due."""
    from search import services

    totals = {"indexed": 0, "deleted": 0, "failed": 0}
    while True:
        # Batch after batch while full ones succeed: a 10,000-service import queues 20,000 updates.
        result = services.search_pending_process()
        for key in totals:
            totals[key] += getattr(result, key)
        if result.failed or result.indexed + result.deleted < services.PENDING_BATCH:
            break
    if result.retry_at is not None and default_task_backend.supports_defer:
        # Inline backends (embedded runs) cannot defer: `search_index sync` or the next
        # publication picks the queue up instead.
        search_index_pending.using(run_after=result.retry_at).enqueue()
    return totals


@task()
def query_stats_flush_task() -> int:
    """Write the search statistics counted in the cache to the database (never raises)."""
    from search import services

    try:
        return services.query_stats_flush()
    except Exception:
        logger.exception("Search statistics flush failed")
        return 0


@task()
def search_index_rebuild_task(elasticsearch_only: bool = False) -> dict:
    """Rebuild the database entries (unless ``elasticsearch_only``) and, when configured, the
    Elasticsearch indices: after the analysis changed (``search/state.py``)."""
    from search import es, services

    entries = 0 if elasticsearch_only else services.search_entries_rebuild()
    documents = services.search_index_rebuild().documents if es.es_enabled() else 0
    logger.warning("Search rebuilt after an analysis change: %d entries, %d documents.", entries, documents)
    return {"entries": entries, "documents": documents}
