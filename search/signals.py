"""Follow the publication pipeline: every committed change reaches both search backends."""

import logging

from publication.signals import publication_committed
from search.services import search_changes_record

logger = logging.getLogger(__name__)


def on_publication_committed(sender, changes, **kwargs):
    try:
        search_changes_record(changes=changes)
    except Exception:
        # Publishing has already committed and must stay successful; `search_index sync` repairs.
        logger.exception("search could not record %d publication changes", len(changes))


def connect() -> None:
    publication_committed.connect(on_publication_committed, dispatch_uid="search_publication_committed")
