"""Issue 14: entries built with another analysis (``text.ANALYSIS_VERSION``) are rebuilt, not
served stale for ever."""

import logging

import pytest

from search import state, text
from search.models import SearchPosting, SearchState
from search.selectors import SearchParams, search_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale_entries(relevance_catalogue, monkeypatch):
    """The catalogue indexed by an older analysis: version 1, and stems it no longer makes."""
    SearchState.objects.update_or_create(key=state.ANALYSIS, defaults={"value": "1"})
    SearchPosting.objects.all().delete()  # what the old analysis stored is unusable now
    monkeypatch.setitem(state._checked, "current", False)
    monkeypatch.setitem(state._checked, "enqueued", False)


def _codes(q: str) -> list[str]:
    return [r["code"] for r in search_run(params=SearchParams(q=q, lang="en"), backend="database")["results"]]


def test_a_search_on_stale_entries_logs_it_and_rebuilds_through_the_task_backend(
    stale_entries, caplog, django_capture_on_commit_callbacks
):
    # Tests run the embedded inline task backend: the rebuild runs when the enqueue is committed.
    with caplog.at_level(logging.ERROR, logger="search.state"), django_capture_on_commit_callbacks(execute=True):
        search_run(params=SearchParams(q="licence", lang="en"), backend="database")
    assert "analysis version 1" in caplog.text and f"version {text.ANALYSIS_VERSION}" in caplog.text
    # The inline task backend rebuilt at once: the next search finds it again.
    assert SearchState.objects.get(key=state.ANALYSIS).value == str(text.ANALYSIS_VERSION)
    assert "LIC-002" in _codes("trade licence")[:3]


def test_migrate_rebuilds_entries_of_another_analysis(stale_entries):
    assert _codes("trade licence") == []
    state.analysis_check()  # what `manage.py migrate` runs after migrating (post_migrate)
    assert SearchState.objects.get(key=state.ANALYSIS).value == str(text.ANALYSIS_VERSION)
    assert "LIC-002" in _codes("trade licence")[:3]


def test_current_entries_are_checked_once_per_process(relevance_catalogue, monkeypatch, django_assert_num_queries):
    monkeypatch.setitem(state._checked, "current", False)
    assert state.ensure_current()
    with django_assert_num_queries(0):
        assert state.ensure_current()
