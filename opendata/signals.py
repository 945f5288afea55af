"""Follow the publication pipeline: after a publish, the worker regenerates the open-data files."""

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone

from opendata.selectors import SOURCE_TYPES
from publication.signals import publication_committed

logger = logging.getLogger(__name__)


def on_publication_committed(sender, changes, **kwargs):
    if sender not in SOURCE_TYPES:
        return
    from django_tasks import default_task_backend

    from opendata.tasks import opendata_regenerate_task

    # Files are keyed by content version, so nothing needs invalidating: a publish makes the old
    # files unreachable. Only a worker that can defer regenerates them ahead of the next request,
    # a few seconds later so that a batch of publishes costs one build; an inline backend
    # (embedded runs) leaves it to the next request instead of slowing every publish down.
    if not default_task_backend.supports_defer:
        return
    delay = dt.timedelta(seconds=getattr(settings, "OPEN_DATA_REGENERATE_DELAY", 5))
    try:
        opendata_regenerate_task.using(run_after=timezone.now() + delay).enqueue()
    except Exception:
        logger.exception("could not queue the open-data regeneration")


def connect() -> None:
    publication_committed.connect(on_publication_committed, dispatch_uid="opendata_publication_committed")
