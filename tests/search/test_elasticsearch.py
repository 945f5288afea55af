"""Against the real Elasticsearch: mappings, analysis, lifecycle, outage, drift and drafts."""

import threading

import pytest

from django.core.management import call_command
from django.utils import timezone

from catalogue.models import ServicePage
from catalogue.services import service_upsert
from publication.models import Publication
from search import es
from search.models import PendingIndexUpdate
from search.selectors import SearchParams, search_run
from search.services import search_index_rebuild, search_index_sync, search_pending_process
from search.tasks import search_index_pending
from tests.search.conftest import publish, service_row

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def codes(q, lang="ar", backend="elasticsearch"):
    response = search_run(params=SearchParams(q=q, lang=lang), backend=backend)
    assert response["backend"] == backend
    return [r["code"] for r in response["results"]]


def refresh(client):
    for lang in es.LANGS:
        client.indices.refresh(index=es.alias_name(lang))


def test_mappings_and_versioned_index_behind_alias(es_index):
    es.indices_ensure(client=es_index)
    for lang in es.LANGS:
        targets = es.alias_targets(client=es_index, lang=lang)
        assert len(targets) == 1 and targets[0].startswith(es.alias_name(lang) + "-v")
        mapping = es_index.indices.get_mapping(index=targets[0])[targets[0]]["mappings"]["properties"]
        assert mapping["title"] == {"type": "text", "analyzer": "whitespace"}
        assert mapping["title_exact"]["type"] == "text"
        assert mapping["department"]["type"] == "keyword"
        assert mapping["url"]["index"] is False


@pytest.mark.parametrize(
    "variants",
    [
        ["الإيجار", "الايجار", "إيجار", "ايجار"],
        ["رُخْصَة", "رخصه", "الرخصة", "رخـــصة"],
        ["مبنى", "مبني"],
        ["licence", "License", "licences"],
        ["organisation", "organization"],
    ],
)
def test_analyze_api_gives_one_token_for_every_spelling(es_index, variants):
    """What the index stores for each spelling, through Elasticsearch's own _analyze API."""
    from search.documents import SearchDocument

    es.indices_ensure(client=es_index)
    tokens = set()
    for word in variants:
        document = SearchDocument.from_publication(
            Publication(type="service", code="X-1", lang="ar", payload={"title": word}, etag="e", department="")
        )
        analysed = es_index.indices.analyze(index=es.alias_name("ar"), field="title", text=document.title)
        tokens.add(tuple(t["token"] for t in analysed["tokens"]))
    assert len(tokens) == 1, tokens


def test_publish_and_unpublish_follow_the_pipeline(es_index, small_catalogue, django_capture_on_commit_callbacks):
    search_index_rebuild()
    publish(
        [service_row("ENV-101", "environment", "تصريح قطع أشجار", "Tree cutting permit")],
        django_capture_on_commit_callbacks,
    )
    refresh(es_index)
    assert codes("قطع الاشجار")[0] == "ENV-101"
    assert codes("tree cutting", lang="en")[0] == "ENV-101"
    with django_capture_on_commit_callbacks(execute=True):
        ServicePage.objects.get(code="ENV-101", locale__language_code="ar").unpublish()
    refresh(es_index)
    assert "ENV-101" not in codes("قطع الاشجار")
    assert not PendingIndexUpdate.objects.exists()


def test_drafts_are_never_indexed(es_index, bootstrapped, django_capture_on_commit_callbacks):
    es.indices_ensure(client=es_index)
    publish(
        [service_row("BLD-201", "buildings", "رخصة هدم", "Demolition permit", status="draft")],
        django_capture_on_commit_callbacks,
    )
    publish([service_row("BLD-202", "buildings", "رخصة بناء", "Building permit")], django_capture_on_commit_callbacks)
    page = ServicePage.objects.get(code="BLD-202", locale__language_code="ar")
    page.title = "مسودة سرية"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision()
    search_index_rebuild()
    assert "BLD-201" not in codes("رخصة هدم")
    assert codes("مسودة سرية") == []
    assert codes("رخصة بناء") == ["BLD-202"]
    indexed = {h["_id"] for h in es_index.search(index=es.alias_name("ar"), size=100)["hits"]["hits"]}
    assert indexed == {"service:BLD-202"}


def test_rebuild_swaps_the_alias_while_searches_keep_answering(es_index, small_catalogue):
    first = search_index_rebuild()
    failures, answers = [], []
    stop = threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                hits = es_index.search(index=es.alias_name("ar"), query={"match": {"title": "رخص"}})
                answers.append(hits["hits"]["total"]["value"])
            except Exception as exc:  # any failure during the swap is what this test is about
                failures.append(exc)

    thread = threading.Thread(target=keep_searching)
    thread.start()
    try:
        second = search_index_rebuild()
    finally:
        stop.set()
        thread.join()
    assert failures == []
    assert answers and set(answers) == {3}
    assert es.alias_targets(client=es_index, lang="ar") == [second.indices["ar"]]
    assert not es_index.indices.exists(index=first.indices["ar"])


def test_edits_made_during_a_rebuild_are_not_lost(es_index, small_catalogue, monkeypatch):
    from search.backends import elasticsearch

    real_bulk = elasticsearch._bulk
    calls = []

    def bulk_with_an_edit_meanwhile(client, actions):
        if not calls:
            # Someone publishes while the new index is being filled.
            service_upsert(data=service_row("LIC-101", "licensing", "إصدار رخصة تجارية فورية", "Instant trade licence"))
        calls.append(1)
        return real_bulk(client, actions)

    monkeypatch.setattr(elasticsearch, "_bulk", bulk_with_an_edit_meanwhile)
    result = search_index_rebuild()
    assert result.caught_up >= 1
    assert codes("فورية") == ["LIC-101"]


def test_outage_keeps_publishing_and_recovers(
    es_index, small_catalogue, settings, client, django_capture_on_commit_callbacks
):
    search_index_rebuild()
    good_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    publish(
        [service_row("ENV-102", "environment", "طلب شتلات زراعية", "Request plant seedlings")],
        django_capture_on_commit_callbacks,
    )
    assert Publication.objects.filter(code="ENV-102").count() == 2  # publishing succeeded
    pending = list(PendingIndexUpdate.objects.filter(code="ENV-102"))
    assert len(pending) == 2 and all(p.attempts == 1 and p.last_error for p in pending)
    assert all(p.next_attempt_at > timezone.now() for p in pending)  # backed off
    # Searches still answer, from the database.
    body = client.get("/api/search/v1/", {"q": "شتلات", "lang": "ar"}).json()
    assert body["backend"] == "database" and body["results"][0]["code"] == "ENV-102"

    settings.ELASTICSEARCH_URL = good_url
    PendingIndexUpdate.objects.update(next_attempt_at=timezone.now())  # the back-off has passed
    search_index_pending.enqueue()
    assert not PendingIndexUpdate.objects.exists()
    refresh(es_index)
    assert codes("شتلات") == ["ENV-102"]


def test_item_errors_stay_queued_and_are_not_dropped(es_index, small_catalogue, django_capture_on_commit_callbacks):
    search_index_rebuild()
    english = es.alias_targets(client=es_index, lang="en")[0]
    es_index.indices.put_settings(index=english, settings={"index.blocks.write": True})
    try:
        publish(
            [service_row("CP-101", "consumer-protection", "بلاغ غش تجاري", "Report commercial fraud")],
            django_capture_on_commit_callbacks,
        )
        refresh(es_index)
        assert codes("غش") == ["CP-101"]  # the Arabic item went through
        left = PendingIndexUpdate.objects.get()
        assert (left.code, left.lang, left.attempts) == ("CP-101", "en", 1)
        assert "block" in left.last_error
    finally:
        es_index.indices.put_settings(index=english, settings={"index.blocks.write": False})
    PendingIndexUpdate.objects.update(next_attempt_at=timezone.now())
    result = search_pending_process()
    assert (result.indexed, result.failed) == (1, 0)
    refresh(es_index)
    assert codes("fraud", lang="en") == ["CP-101"]


def test_sync_repairs_drift_and_reports_counts(es_index, small_catalogue, capsys):
    search_index_rebuild()
    alias = es.alias_name("ar")
    es_index.delete(index=alias, id="service:LIC-101", refresh=True)
    es_index.update(index=alias, id="service:LIC-102", doc={"etag": "old"}, refresh=True)
    es_index.index(
        index=alias, id="service:GONE-1", document={"type": "service", "code": "GONE-1", "title": "رخص"}, refresh=True
    )
    call_command("search_index", "sync", "--no-progress")
    line = capsys.readouterr().out
    assert "missing 1, stale 1, extra 1, repaired 3, failed 0" in line
    assert search_index_sync().repaired == 0
    assert {"LIC-101", "LIC-102"} <= set(codes("رخصة تجارية")[:2])
    assert "GONE-1" not in codes("رخص")


def test_rebuild_and_status_commands(es_index, small_catalogue, capsys):
    call_command("search_index", "rebuild", "--no-progress")
    out = capsys.readouterr().out
    assert "elasticsearch: 8 documents" in out and "aliases swapped" in out
    call_command("search_index", "status")
    out = capsys.readouterr().out
    assert f"{es.alias_name('ar')}-v" in out and ": 4 documents" in out


def test_facets_and_suggestion_from_elasticsearch(es_index, small_catalogue):
    search_index_rebuild()
    body = search_run(params=SearchParams(q="رخصة", lang="ar", department="buildings"), backend="elasticsearch")
    assert [r["code"] for r in body["results"]] == ["BLD-101"]
    assert {f["code"]: f["count"] for f in body["facets"]["department"]} == {"licensing": 2, "buildings": 1}
    typo = search_run(params=SearchParams(q="attst", lang="en"), backend="elasticsearch")
    assert typo["suggestion"] == "attest"
    assert typo["results"][0]["code"] == "LEA-101"


def test_one_import_larger_than_a_batch_reaches_the_index_in_full(
    es_index, bootstrapped, monkeypatch, django_capture_on_commit_callbacks
):
    """The indexing task drains batch after batch: an import queues more updates than one batch."""
    from catalogue.services import service_import
    from search import services

    monkeypatch.setattr(services, "PENDING_BATCH", 4)
    rows = [service_row(f"LIC-{n}", "licensing", f"خدمة دفعات {n}", f"Batch service {n}") for n in range(500, 505)]
    with django_capture_on_commit_callbacks(execute=True):
        service_import(rows=rows)  # 10 updates: batches of 4, 4 and 2 in one task run

    assert not PendingIndexUpdate.objects.exists()
    refresh(es_index)
    assert sorted(codes("دفعات")) == [row.code for row in rows]
    assert sorted(codes("batch", lang="en")) == [row.code for row in rows]
