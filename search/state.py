"""Small facts about the search data (``SearchState`` rows) and what depends on them.

- ``analysis_version``: the ``text.ANALYSIS_VERSION`` the database entries were built with. A
  deploy that changes the analysis is caught after ``migrate`` (``analysis_check``, rebuilding at
  once) or, failing that, by the first search of each process (``ensure_current``), which logs it
  and rebuilds through the task backend.
- ``synonyms_version``: changed whenever an editor's synonym group changes; each process keeps the
  parsed and stemmed groups until it moves (``search.query.synonym_groups``).
- ``starter_synonyms``: set once the starter set was loaded, so a group an editor deleted stays
  deleted.
"""

import logging
import uuid

from django.db import transaction

from search import text
from search.models import SearchEntry, SearchState

logger = logging.getLogger(__name__)

ANALYSIS = "analysis_version"
SYNONYMS = "synonyms_version"
STARTER_SYNONYMS = "starter_synonyms"
EDITORIAL = "editorial_version"  # synonyms, best bets, judgements: what the quality report depends on


def state_get(key: str) -> str | None:
    return SearchState.objects.filter(key=key).values_list("value", flat=True).first()


def state_set(*, key: str, value: str) -> None:
    SearchState.objects.update_or_create(key=key, defaults={"value": value})


def version_bump(*, key: str) -> str:
    """A new, unique version for ``key`` (unique, so two processes bumping never agree by chance)."""
    value = uuid.uuid4().hex
    state_set(key=key, value=value)
    return value


# --- The analysis version ---------------------------------------------------------------------

_checked = {"current": False, "enqueued": False}


def analysis_stale() -> bool:
    """Whether the entries were built with another analysis than this code's (never built: stale
    only if there are entries to be wrong)."""
    stored = state_get(ANALYSIS)
    if stored is None:
        return SearchEntry.objects.exists()
    return stored != str(text.ANALYSIS_VERSION)


def analysis_recorded() -> None:
    """Record that the entries now hold this code's analysis (after a rebuild)."""
    state_set(key=ANALYSIS, value=str(text.ANALYSIS_VERSION))
    _checked["current"] = True


def ensure_current() -> bool:
    """Whether the entries are current; if not, say so in the log and enqueue one rebuild.

    Checked once per process while current (one small query per search until then). Stale
    entries are still served meanwhile: their stems mostly agree, and no answer would be worse.
    """
    if _checked["current"]:
        return True
    if not analysis_stale():
        if state_get(ANALYSIS) is None:
            analysis_recorded()
        _checked["current"] = True
        return True
    logger.error(
        "Search entries were built with analysis version %s but this code analyses with version %s: "
        "results may miss words until the rebuild enqueued now finishes (or run `manage.py search_index rebuild`).",
        state_get(ANALYSIS) or "(unknown)",
        text.ANALYSIS_VERSION,
    )
    if not _checked["enqueued"]:
        _checked["enqueued"] = True
        from search.tasks import search_index_rebuild_task

        transaction.on_commit(search_index_rebuild_task.enqueue)
    return False


def analysis_check(**kwargs) -> None:
    """After ``migrate``: rebuild the database entries (and enqueue the Elasticsearch rebuild)
    when they were built with another analysis, or before the postings existed."""
    if not analysis_stale():
        if state_get(ANALYSIS) is None:
            analysis_recorded()
        return
    from search import es
    from search.services import search_entries_rebuild
    from search.tasks import search_index_rebuild_task

    logger.warning(
        "Search entries were built with analysis version %s; rebuilding them with version %s.",
        state_get(ANALYSIS) or "(unknown)",
        text.ANALYSIS_VERSION,
    )
    count = search_entries_rebuild()
    logger.warning("Search entries rebuilt: %d.", count)
    if es.es_enabled():
        transaction.on_commit(lambda: search_index_rebuild_task.enqueue(elasticsearch_only=True))
