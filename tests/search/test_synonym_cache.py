"""Issue 14: synonym groups are parsed and stemmed once per process, and an editor's change reaches
every process at its next search."""

import pytest

from search import query, state
from search.models import SearchState, Synonym
from search.selectors import SearchParams, search_run

pytestmark = pytest.mark.django_db


def _codes(q: str) -> list[str]:
    return [r["code"] for r in search_run(params=SearchParams(q=q, lang="en"), backend="database")["results"]]


def test_groups_are_read_once_then_only_their_version(bootstrapped, django_assert_num_queries):
    query.synonym_groups()
    with django_assert_num_queries(1):  # the version; no group read or stemmed again
        groups = query.synonym_groups()
    assert any(["car"] in g and ["vehicl"] in g for g in groups)


def test_an_editors_new_group_applies_at_the_next_search(relevance_catalogue):
    assert _codes("zzpermit") == []
    synonym = Synonym.objects.create(terms="zzpermit, trade licence")  # as the admin form saves it
    assert "LIC-002" in _codes("zzpermit")[:3]
    synonym.delete()
    assert _codes("zzpermit") == []


def test_a_change_made_by_another_process_is_seen_through_the_version(relevance_catalogue):
    Synonym.objects.create(terms="zzpermit, trade licence")
    assert "LIC-002" in _codes("zzpermit")[:3]
    # Another process changed the group: no signal here, only the version it moved in the database.
    Synonym.objects.filter(terms__startswith="zzpermit").update(terms="zzother, trade licence")
    assert "LIC-002" in _codes("zzpermit")[:3]  # this process still has the old group cached
    SearchState.objects.filter(key=state.SYNONYMS).update(value="moved-elsewhere")
    assert _codes("zzpermit") == []
    assert "LIC-002" in _codes("zzother")[:3]
