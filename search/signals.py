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


def on_editorial_change(sender, **kwargs):
    """A synonym, best bet or judgement changed: per-process synonym caches and the cached
    quality report are out of date."""
    from search.models import Synonym
    from search.state import EDITORIAL, SYNONYMS, version_bump

    if sender is Synonym:
        version_bump(key=SYNONYMS)
    version_bump(key=EDITORIAL)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from search.models import BestBet, SearchJudgement, Synonym

    publication_committed.connect(on_publication_committed, dispatch_uid="search_publication_committed")
    for model in (Synonym, BestBet, SearchJudgement):
        for signal in (post_save, post_delete):
            signal.connect(
                on_editorial_change, sender=model, dispatch_uid=f"search_editorial_{signal}_{model.__name__}"
            )
