"""The background task that writes queued updates to Elasticsearch, retrying with back-off."""

from django_tasks import default_task_backend, task


@task()
def search_index_pending() -> dict:
    """Drain the due ``PendingIndexUpdate`` rows; if some failed, run again when they are due."""
    from search.services import search_pending_process

    result = search_pending_process()
    if result.retry_at is not None and default_task_backend.supports_defer:
        # Inline backends (embedded runs) cannot defer: `search_index sync` or the next
        # publication picks the queue up instead.
        search_index_pending.using(run_after=result.retry_at).enqueue()
    return {"indexed": result.indexed, "deleted": result.deleted, "failed": result.failed}
