"""Issue 14: the database backend's inverted index (``SearchPosting``), its cap on common words and
its facet counts."""

import pytest

from django.core.management import call_command
from django.utils import timezone

from publication.models import Publication
from publication.services import payload_etag
from search.backends import database
from search.models import SearchEntry, SearchPosting
from search.selectors import SearchParams, search_run
from search.services import search_entries_rebuild

pytestmark = pytest.mark.django_db

DEPARTMENTS = ["licensing", "buildings", "environment"]


def _publish_directly(rows: list[tuple[str, str, str]]) -> None:
    """Publication rows (code, English title, English body) as the pipeline writes them, then a rebuild."""
    now = timezone.now()
    publications = []
    for i, (code, title, body) in enumerate(rows):
        payload = {"code": code, "lang": "en", "title": title, "summary": title + ".", "url": f"/en/s/{code}/"}
        publications.append(
            Publication(
                type="service",
                code=code,
                lang="en",
                payload=payload,
                etag=payload_etag(payload),
                department=DEPARTMENTS[i % 3],
                channels="|counter|website|" if i % 2 else "|counter|",
                audiences="|individuals|",
                search_text=body,
                updated_at=now,
            )
        )
    Publication.objects.bulk_create(publications)
    search_entries_rebuild()


def _codes(q: str, **params) -> list[str]:
    response = search_run(params=SearchParams(q=q, lang="en", size=50, **params), backend="database")
    return [r["code"] for r in response["results"]]


def test_postings_follow_publication_and_removal(relevance_catalogue):
    entry = SearchEntry.objects.get(code="LIC-002", lang="en")
    postings = {p.term: p for p in SearchPosting.objects.filter(entry=entry)}
    title_word = entry.title_exact.split()[0]
    assert postings[title_word].exact == 7.0  # an exact title word ranks first
    assert postings[title_word].lead  # and the word being typed may begin it
    assert postings[entry.title.split()[0]].weight == 6.0
    assert _codes(title_word)  # found through the postings
    Publication.objects.filter(code="LIC-002").delete()  # unpublished: entry and postings go
    assert not SearchPosting.objects.filter(entry_id=entry.pk).exists()
    assert "LIC-002" not in _codes(title_word)


def test_rebuild_fills_the_postings(relevance_catalogue, capsys):
    before = SearchPosting.objects.count()
    SearchPosting.objects.all().delete()
    assert _codes("licence") == []
    call_command("search_index", "rebuild", "--no-progress")
    assert SearchPosting.objects.count() == before
    assert "LIC-002" in _codes("trade licence")[:3]


@pytest.fixture
def common_word_catalogue(monkeypatch):
    """30 services that all mention "request"; "excavation" in 3, "signboard" in 2."""
    Publication.objects.all().delete()
    rows = []
    for i in range(30):
        thing = "excavation permit" if i < 3 else "signboard" if i < 5 else f"item{i}"
        rows.append((f"GEN-{i:03d}", f"Request a {thing}", f"Send a request for the {thing}."))
    _publish_directly(rows)
    # The cap applies from 2,000 entries in production; here from the first.
    monkeypatch.setattr(database, "COMMON_MIN_ENTRIES", 0)


def test_a_common_word_does_not_drag_in_every_entry(common_word_catalogue):
    response = search_run(params=SearchParams(q="request excavation", lang="en"), backend="database")
    assert [r["code"] for r in response["results"]] == ["GEN-000", "GEN-001", "GEN-002"]
    assert response["total"] == 3  # the total is what the results are
    assert sum(f["count"] for f in response["facets"]["department"]) == 3


def test_a_query_of_common_words_only_still_finds_them(common_word_catalogue):
    response = search_run(params=SearchParams(q="request", lang="en", size=50), backend="database")
    assert response["total"] == 30
    assert len(response["results"]) == 30


def test_facets_count_exactly_what_the_filters_leave(common_word_catalogue):
    response = search_run(
        params=SearchParams(q="request signboard excavation", lang="en", channel="website", size=50),
        backend="database",
    )
    found = set(_codes("request signboard excavation", channel="website"))
    expected = set(
        Publication.objects.filter(code__in=["GEN-000", "GEN-001", "GEN-002", "GEN-003", "GEN-004"])
        .filter(channels__contains="|website|")
        .values_list("code", flat=True)
    )
    assert found == expected and response["total"] == len(expected)
    departments = {f["code"]: f["count"] for f in response["facets"]["department"]}
    for code, count in departments.items():
        assert count == Publication.objects.filter(code__in=expected, department=code).count()
    # Disjunctive: the channel facet ignores its own filter.
    channels = {f["code"]: f["count"] for f in response["facets"]["channel"]}
    assert channels["counter"] == 5 and channels["website"] == len(expected)


@pytest.fixture
def broad_catalogue(monkeypatch):
    """40 services that mention "request": 20 in their title, 20 in their text only."""
    Publication.objects.all().delete()
    # The text-only ones first, so reading entries in the order they were written would find them.
    rows = [(f"TXT-{i:03d}", f"Form item{i}", f"Send a request for item{i}.") for i in range(20)]
    rows += [(f"TTL-{i:03d}", f"Request item{i}", f"About item{i}.") for i in range(20)]
    _publish_directly(rows)
    monkeypatch.setattr(database, "COMMON_MIN_ENTRIES", 0)
    monkeypatch.setattr(database, "RARE_CAP", 5)  # "request" (in 40 entries) is common


def test_a_broad_query_reads_the_best_entries_and_says_its_total_is_a_lower_bound(broad_catalogue, monkeypatch):
    everything = search_run(params=SearchParams(q="request", lang="en", size=10), backend="database")
    assert everything["total"] == 40 and everything["total_relation"] == "eq"  # every posting read
    monkeypatch.setattr(database, "BROAD_READ", 12)
    capped = search_run(params=SearchParams(q="request", lang="en", size=10), backend="database")
    # Only the 12 entries where "request" weighs most were read: the title ones, in the same order.
    assert capped["total_relation"] == "gte" and capped["total"] == 12
    assert [r["code"] for r in capped["results"]] == [r["code"] for r in everything["results"]]
    assert all(r["code"].startswith("TTL-") for r in capped["results"])
    assert sum(f["count"] for f in capped["facets"]["type"]) == 12


def test_the_page_says_more_than_when_the_total_is_a_lower_bound(
    broad_catalogue, monkeypatch, client, no_elasticsearch
):
    monkeypatch.setattr(database, "BROAD_READ", 12)
    assert "More than 12 results" in client.get("/en/search/", {"q": "request"}).content.decode()
    monkeypatch.setattr(database, "BROAD_READ", 2000)
    assert "40 results" in client.get("/en/search/", {"q": "request"}).content.decode()


def test_a_rare_word_finds_its_entries_beside_a_word_over_the_cap(broad_catalogue):
    response = search_run(params=SearchParams(q="request item7", lang="en"), backend="database")
    # "item7" is rare: its two entries are the candidates; the title one first.
    assert [r["code"] for r in response["results"]] == ["TTL-007", "TXT-007"]
    assert response["total"] == 2 and response["total_relation"] == "eq"


def test_a_posting_weighs_more_where_the_word_is_in_the_title(broad_catalogue):
    title = SearchPosting.objects.get(entry__code="TTL-001", term="request")
    text = SearchPosting.objects.get(entry__code="TXT-001", term="request")
    assert title.impact > text.impact > 0


def test_hundreds_of_candidates_are_counted_and_ranked(db):
    """More candidates than one query should carry as parameters (passed as one array)."""
    Publication.objects.all().delete()
    _publish_directly([(f"MNY-{i:03d}", f"Request item{i}", f"Item {i}.") for i in range(150)])
    response = search_run(params=SearchParams(q="request", lang="en", size=50), backend="database")
    assert response["total"] == 150 and response["total_relation"] == "eq"
    assert len(response["results"]) == 50
    assert sum(f["count"] for f in response["facets"]["department"]) == 150
