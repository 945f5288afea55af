"""Background tasks of media: writing the form download counts kept in the counters cache."""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def form_download_counts_flush_task() -> int:
    """Write the download counts counted in the cache to the database (never raises)."""
    from media import services

    try:
        return services.form_download_counts_flush()
    except Exception:
        logger.exception("Form download count flush failed")
        return 0
