"""Background task: regenerate the open-data files after a publish (run by the django-tasks worker)."""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def opendata_regenerate_task() -> dict:
    """Build the files of the current content version; a no-op when another run already did."""
    from opendata.services import opendata_regenerate

    try:
        return opendata_regenerate()
    except Exception:
        # The next request builds what is missing; a failure here must not retry in a loop.
        logger.exception("open data could not be regenerated")
        return {}
