"""Writes of the search app: the database entries, the Elasticsearch indexer, rebuild and sync.

Both backends are fed from Publication rows only. The database entries are refreshed right after
the publishing transaction commits; Elasticsearch updates go through a queue
(``PendingIndexUpdate``) drained by a django-tasks task, so an outage delays the index but never
a publication, and a failed item is retried with back-off instead of being dropped.
"""

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from elasticsearch import ApiError, TransportError, helpers

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from common.counters import counter_add, counter_flush_due, counters_give_back, counters_take
from publication.models import ChangeLog, Publication
from search import es, text
from search.documents import INDEXED_TYPES, document_class, document_id
from search.models import PendingIndexUpdate, QueryStat, SearchEntry, SearchTerm

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 3600
BULK_RETRIES = 5  # per item, for 429 "too many requests"


def backoff_seconds(attempts: int) -> int:
    """5 s, 10 s, 20 s ... capped at an hour."""
    return min(5 * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)


# --- Database backend -------------------------------------------------------------------------


def _entry_fields(publication: Publication) -> tuple[dict, list[tuple[str, str]]]:
    fields = document_class(publication.type).analyse(publication)
    every = set().union(
        fields["title"],
        fields["title_exact"],
        fields["keywords"],
        fields["keywords_exact"],
        fields["summary"],
        fields["body"],
    )
    every |= set(fields["all_exact"]) | set(fields["prefixes"])
    values = {
        "type": publication.type,
        "code": publication.code,
        "lang": publication.lang,
        "etag": publication.etag,
        "department": publication.department,
        "channels": publication.channels,
        "audiences": publication.audiences,
        "title_exact": text.joined(fields["title_exact"]),
        "title": text.joined(fields["title"]),
        "keywords_exact": text.joined(fields["keywords_exact"]),
        "keywords": text.joined(fields["keywords"]),
        "summary": text.joined(fields["summary"]),
        "body": text.joined(fields["body"]),
        "terms": text.joined(sorted(every)),
    }
    raw = " ".join([fields["display_title"], fields["display_summary"], fields["body_text"]])
    return values, text.surface_words(raw)


def _terms_add(*, lang: str, words: Iterable[tuple[str, str]]) -> None:
    seen = {}
    for surface, normalised in words:
        if 2 < len(normalised) <= 100 and not normalised.isdigit():
            seen.setdefault(normalised, surface[:100])
    SearchTerm.objects.bulk_create(
        [SearchTerm(lang=lang, term=t, display=d) for t, d in seen.items()], ignore_conflicts=True, batch_size=1000
    )


def search_entries_refresh(*, keys: Iterable[tuple[str, str, str]]) -> int:
    """Bring the database entries of (type, code, lang) items in line with their Publications, in a
    few queries per 500 items; returns how many entries exist afterwards."""
    keys = sorted(set(keys))
    count = 0
    with transaction.atomic():
        for start in range(0, len(keys), 500):
            count += _entries_refresh_chunk(keys[start : start + 500])
    return count


def _entries_refresh_chunk(keys: list[tuple[str, str, str]]) -> int:
    wanted = set(keys)
    publications = []
    for type_name in sorted({k[0] for k in keys}):
        codes = {k[1] for k in keys if k[0] == type_name}
        publications += [
            p
            for p in Publication.objects.filter(type=type_name, code__in=codes)
            if (p.type, p.code, p.lang) in wanted and type_name in INDEXED_TYPES
        ]
    # Entries are derived data: replacing them outright is simpler and as cheap as diffing them.
    for type_name in sorted({k[0] for k in keys}):
        for lang in sorted({k[2] for k in keys if k[0] == type_name}):
            codes = [k[1] for k in keys if k[0] == type_name and k[2] == lang]
            SearchEntry.objects.filter(type=type_name, lang=lang, code__in=codes).delete()
    entries = []
    words: dict[str, list[tuple[str, str]]] = {}
    for publication in publications:
        values, surface = _entry_fields(publication)
        entries.append(SearchEntry(publication=publication, **values))
        words.setdefault(publication.lang, []).extend(surface)
    SearchEntry.objects.bulk_create(entries)
    for lang, pairs in words.items():
        _terms_add(lang=lang, words=pairs)
    return len(entries)


def search_entries_rebuild(*, progress: bool = False) -> int:
    """Re-create every database entry and the vocabulary from the Publication rows."""
    from tqdm import tqdm

    publications = Publication.objects.filter(type__in=INDEXED_TYPES).order_by("pk")
    total = publications.count()
    count = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        SearchTerm.objects.all().delete()
        batch: list[SearchEntry] = []
        words: dict[str, list[tuple[str, str]]] = {"ar": [], "en": []}
        for publication in tqdm(
            publications.iterator(chunk_size=500),
            total=total,
            desc="database entries",
            unit="doc",
            disable=not progress,
        ):
            values, surface = _entry_fields(publication)
            batch.append(SearchEntry(publication=publication, **values))
            words.setdefault(publication.lang, []).extend(surface)
            if len(batch) >= 500:
                SearchEntry.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        SearchEntry.objects.bulk_create(batch)
        count += len(batch)
        for lang, pairs in words.items():
            _terms_add(lang=lang, words=pairs)
    return count


# --- Elasticsearch ----------------------------------------------------------------------------


def _action(*, publication: Publication | None, type_name: str, code: str, lang: str, index: str) -> dict:
    if publication is None:
        return {"_op_type": "delete", "_index": index, "_id": document_id(type_name=type_name, code=code)}
    document = document_class(publication.type).from_publication(publication)
    return {
        "_op_type": "index",
        "_index": index,
        "_id": document.meta.id,
        "_source": document.to_dict(),
    }


def _bulk(client, actions: Iterable[dict]) -> Iterator[tuple[bool, str, str, str]]:
    """Yield (ok, index, id, error) per item; 429s are retried per item with back-off."""
    for ok, item in helpers.streaming_bulk(
        client,
        actions,
        chunk_size=500,
        max_retries=BULK_RETRIES,
        initial_backoff=1,
        max_backoff=30,
        raise_on_error=False,
        raise_on_exception=False,
        yield_ok=True,
    ):
        op, result = next(iter(item.items()))
        status = result.get("status", 0)
        # Deleting what is already gone is what we wanted.
        done = ok or (op == "delete" and status == 404)
        error = "" if done else str(result.get("error") or status)[:1000]
        yield done, result.get("_index", ""), result.get("_id", ""), error


def search_changes_record(*, changes: Iterable) -> int:
    """After a publishing commit: refresh database entries and queue Elasticsearch updates."""
    keys = sorted({(c.type, c.code, c.lang) for c in changes if c.type in INDEXED_TYPES})
    search_entries_refresh(keys=keys)
    if not keys or not es.es_enabled():
        return len(keys)
    now = timezone.now()
    PendingIndexUpdate.objects.bulk_create(
        [PendingIndexUpdate(type=t, code=c, lang=lang, next_attempt_at=now) for t, c, lang in keys],
        update_conflicts=True,
        unique_fields=["type", "code", "lang"],
        update_fields=["next_attempt_at", "attempts", "last_error"],
        batch_size=500,
    )
    from search.tasks import search_index_pending

    try:
        search_index_pending.enqueue()
    except Exception:  # a broken task queue must not undo a publication; sync repairs later
        logger.exception("could not enqueue the search indexing task")
    return len(keys)


@dataclass
class PendingResult:
    indexed: int = 0
    deleted: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    retry_at: dt.datetime | None = None


PENDING_BATCH = 1000


def search_pending_process(*, limit: int | None = None) -> PendingResult:
    """Write the due queued updates (at most ``limit``, by default PENDING_BATCH) to Elasticsearch;
    failures stay queued with back-off."""
    limit = limit or PENDING_BATCH
    now = timezone.now()
    due = list(PendingIndexUpdate.objects.filter(next_attempt_at__lte=now).order_by("next_attempt_at", "pk")[:limit])
    result = PendingResult()
    if not due:
        return result
    by_key = {(p.lang, document_id(type_name=p.type, code=p.code)): p for p in due}
    failed: dict[int, str] = {}
    done: list[PendingIndexUpdate] = []
    try:
        client = es.es_client()
        es.indices_ensure(client=client)
        targets = {lang: es.alias_targets(client=client, lang=lang) for lang in es.LANGS}
        index_lang = {name: lang for lang, names in targets.items() for name in names}
        # Failed items may name the alias rather than the index behind it.
        index_lang.update({es.alias_name(lang): lang for lang in es.LANGS})
        publications = dict.fromkeys(((p.type, p.code, p.lang) for p in due), None)
        for type_name, lang in {(p.type, p.lang) for p in due}:
            codes = [p.code for p in due if (p.type, p.lang) == (type_name, lang)]
            for publication in Publication.objects.filter(type=type_name, lang=lang, code__in=codes):
                publications[(type_name, publication.code, lang)] = publication
        actions = [
            _action(
                publication=publications[(p.type, p.code, p.lang)],
                type_name=p.type,
                code=p.code,
                lang=p.lang,
                index=es.alias_name(p.lang),
            )
            for p in due
        ]
        seen = set()
        for ok, index, doc_id, error in _bulk(client, actions):
            pending = by_key.get((index_lang.get(index, ""), doc_id))
            if pending is None:
                continue
            seen.add(pending.pk)
            if ok:
                done.append(pending)
                is_delete = publications[(pending.type, pending.code, pending.lang)] is None
                result.deleted += is_delete
                result.indexed += not is_delete
            else:
                failed[pending.pk] = error
        for p in due:
            if p.pk not in seen and p not in done:
                failed[p.pk] = "no answer from Elasticsearch for this item"
    except (TransportError, ApiError, ConnectionError) as exc:
        logger.warning("search index update failed, will retry: %s", exc)
        failed = {p.pk: f"{type(exc).__name__}: {exc}"[:1000] for p in due}
        done = []
    # Only those that no newer change re-queued meanwhile (a re-queue moves next_attempt_at past
    # ``now`` and resets the attempts).
    for attempts in {p.attempts for p in done}:
        PendingIndexUpdate.objects.filter(
            pk__in=[p.pk for p in done if p.attempts == attempts], next_attempt_at__lte=now, attempts=attempts
        ).delete()
    for p in due:
        if p.pk in failed:
            attempts = p.attempts + 1
            retry_at = now + dt.timedelta(seconds=backoff_seconds(attempts))
            PendingIndexUpdate.objects.filter(pk=p.pk, next_attempt_at=p.next_attempt_at).update(
                attempts=attempts, next_attempt_at=retry_at, last_error=failed[p.pk]
            )
            result.failed += 1
            result.errors.append(f"{p.type}:{p.code}:{p.lang}: {failed[p.pk]}")
            result.retry_at = min(result.retry_at or retry_at, retry_at)
    return result


def _catch_up(*, client, since_seq: int, indices: dict[str, str]) -> tuple[int, list[str]]:
    """Replay the changes committed after ``since_seq`` into ``indices``; returns the last seq."""
    changes = ChangeLog.objects.filter(seq__gt=since_seq, type__in=INDEXED_TYPES).order_by("seq")
    last = since_seq
    keys = {}
    for change in changes.values("seq", "type", "code", "lang"):
        last = change["seq"]
        keys[(change["type"], change["code"], change["lang"])] = True
    actions = []
    for type_name, code, lang in keys:
        publication = Publication.objects.filter(type=type_name, code=code, lang=lang).first()
        actions.append(_action(publication=publication, type_name=type_name, code=code, lang=lang, index=indices[lang]))
    errors = [e for ok, _i, _d, e in _bulk(client, actions) if not ok]
    return last, errors


@dataclass
class RebuildResult:
    documents: int
    indices: dict[str, str]
    removed: list[str]
    caught_up: int


class SearchIndexError(Exception):
    """A rebuild or sync could not complete; the live index was left as it was."""


def search_index_rebuild(*, progress: bool = False) -> RebuildResult:
    """Fill new versioned indices, catch up with edits made meanwhile, swap the aliases at once."""
    from tqdm import tqdm

    client = es.es_client(timeout=120)
    start_seq = ChangeLog.objects.aggregate(m=Max("seq"))["m"] or 0
    new = {lang: es.new_index_name(lang) for lang in es.LANGS}
    for name in new.values():
        es.index_create(client=client, name=name)
        # No refreshes while loading: faster, and nobody searches these yet.
        client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "-1"}})
    publications = Publication.objects.filter(type__in=INDEXED_TYPES).order_by("pk")
    total = publications.count()
    actions = (
        _action(publication=p, type_name=p.type, code=p.code, lang=p.lang, index=new[p.lang])
        for p in publications.iterator(chunk_size=500)
        if p.lang in new
    )
    errors = []
    count = 0
    bar = tqdm(total=total, desc="search index", unit="doc", disable=not progress)
    for ok, _index, doc_id, error in _bulk(client, actions):
        bar.update(1)
        if ok:
            count += 1
        else:
            errors.append(f"{doc_id}: {error}")
    bar.close()
    caught_up = 0
    if not errors:
        last_seq, errors = _catch_up(client=client, since_seq=start_seq, indices=new)
        caught_up = last_seq - start_seq
    if errors:
        client.indices.delete(index=",".join(new.values()), ignore_unavailable=True)
        raise SearchIndexError(f"{len(errors)} documents failed; the live index is unchanged. First: {errors[0]}")
    for name in new.values():
        client.indices.put_settings(index=name, settings={"index": {"refresh_interval": None}})
        client.indices.refresh(index=name)
    old = {lang: es.alias_targets(client=client, lang=lang) for lang in es.LANGS}
    actions = []
    for lang, name in new.items():
        actions += [{"remove": {"index": o, "alias": es.alias_name(lang)}} for o in old[lang]]
        actions.append({"add": {"index": name, "alias": es.alias_name(lang)}})
    client.indices.update_aliases(actions=actions)  # one call: both languages switch atomically
    # Edits committed between the catch-up and the swap were written to the old index by the
    # live indexer; replay them into the new one.
    _last, late_errors = _catch_up(client=client, since_seq=start_seq + caught_up, indices=new)
    if late_errors:
        logger.warning("search rebuild: %d late changes failed; `search_index sync` repairs them", len(late_errors))
    removed = []
    for lang in es.LANGS:
        for name in es.versioned_indices(client=client, lang=lang):
            if name != new[lang]:
                client.indices.delete(index=name, ignore_unavailable=True)
                removed.append(name)
    return RebuildResult(documents=count, indices=new, removed=removed, caught_up=caught_up)


@dataclass
class SyncResult:
    missing: int = 0
    stale: int = 0
    extra: int = 0
    repaired: int = 0
    failed: int = 0
    entries_repaired: int = 0


def _indexed_etags(client, lang: str) -> dict[str, str]:
    found = {}
    for hit in helpers.scan(client, index=es.alias_name(lang), query={"query": {"match_all": {}}}, _source=["etag"]):
        found[hit["_id"]] = hit["_source"].get("etag", "")
    return found


def search_index_sync(*, progress: bool = False) -> SyncResult:
    """Compare the database with both backends and repair every difference."""
    result = SyncResult()
    expected = {
        (p["lang"], document_id(type_name=p["type"], code=p["code"])): p
        for p in Publication.objects.filter(type__in=INDEXED_TYPES).values("pk", "type", "code", "lang", "etag")
    }
    entries = {
        (e["lang"], document_id(type_name=e["type"], code=e["code"])): e["etag"]
        for e in SearchEntry.objects.values("type", "code", "lang", "etag")
    }
    repairs = [(p["type"], p["code"], p["lang"]) for key, p in expected.items() if entries.get(key) != p["etag"]]
    for lang, doc_id in set(entries) - set(expected):
        type_name, code = doc_id.split(":", 1)
        repairs.append((type_name, code, lang))
    search_entries_refresh(keys=repairs)
    result.entries_repaired += len(repairs)
    if not es.es_enabled():
        return result
    client = es.es_client(timeout=120)
    es.indices_ensure(client=client)
    actions = []
    for lang in es.LANGS:
        indexed = _indexed_etags(client, lang)
        for (want_lang, doc_id), p in expected.items():
            if want_lang != lang:
                continue
            if doc_id not in indexed:
                result.missing += 1
            elif indexed[doc_id] != p["etag"]:
                result.stale += 1
            else:
                continue
            publication = Publication.objects.get(pk=p["pk"])
            actions.append(
                _action(
                    publication=publication, type_name=p["type"], code=p["code"], lang=lang, index=es.alias_name(lang)
                )
            )
        for doc_id in set(indexed) - {d for (lg, d) in expected if lg == lang}:
            result.extra += 1
            type_name, code = doc_id.split(":", 1)
            actions.append(
                _action(publication=None, type_name=type_name, code=code, lang=lang, index=es.alias_name(lang))
            )
    for ok, _index, _doc, _error in _bulk(client, actions):
        result.repaired += ok
        result.failed += not ok
    for lang in es.LANGS:
        client.indices.refresh(index=es.alias_name(lang))
    if not result.failed:
        # Everything is in step now: queued updates have nothing left to do.
        PendingIndexUpdate.objects.filter(next_attempt_at__lte=timezone.now()).delete()
    return result


# --- Query log --------------------------------------------------------------------------------


QUERY_STATS = "query-stats"


def query_stat_record(*, lang: str, query: str, total: int) -> None:
    """Count one search (and whether it found nothing) for the editors' report.

    Counted in the shared counters cache, not the database: a search never waits on a write, and
    never fails because the count could not be kept (``common/counters.py``).
    """
    normalised = " ".join(text.tokens(query))[:256]
    if not normalised:
        return
    member = (timezone.localdate().isoformat(), lang, normalised)
    counter_add(namespace=QUERY_STATS, member=member, amounts=(1, 1 if total == 0 else 0))
    if counter_flush_due(namespace=QUERY_STATS, seconds=settings.COUNTERS_FLUSH_SECONDS):
        from search.tasks import query_stats_flush_task

        try:
            query_stats_flush_task.enqueue()
        except Exception:  # the counts stay pending for the next flush
            logger.warning("Could not enqueue the search statistics flush", exc_info=True)


def _query_stats_write(*, counts: dict) -> None:
    for (day, lang, query), (searches, zero) in counts.items():
        updated = QueryStat.objects.filter(day=day, lang=lang, query=query).update(
            searches=F("searches") + searches, zero_results=F("zero_results") + zero
        )
        if not updated:
            try:
                with transaction.atomic():
                    QueryStat.objects.create(day=day, lang=lang, query=query, searches=searches, zero_results=zero)
            except IntegrityError:  # another flush created the row first
                QueryStat.objects.filter(day=day, lang=lang, query=query).update(
                    searches=F("searches") + searches, zero_results=F("zero_results") + zero
                )


def query_stats_flush() -> int:
    """Move pending search statistics into ``QueryStat`` in one transaction; the number of queries.

    If the write fails, the counts go back to the cache for the next flush and the error is logged.
    """
    counts = counters_take(namespace=QUERY_STATS)
    if not counts:
        return 0
    try:
        with transaction.atomic():
            _query_stats_write(counts=counts)
    except Exception:
        logger.warning("Could not write %d search statistics; kept for the next flush", len(counts), exc_info=True)
        counters_give_back(namespace=QUERY_STATS, counts=counts)
        return 0
    return len(counts)
