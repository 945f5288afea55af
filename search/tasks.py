"""The background task that writes queued updates to Elasticsearch, retrying with back-off."""

from django_tasks import default_task_backend, task


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
