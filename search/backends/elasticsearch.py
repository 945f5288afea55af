"""The Elasticsearch backend: querying the per-language aliases, and keeping them filled.

Updates go through a queue (``PendingIndexUpdate``) drained by a django-tasks task, so an outage
delays the index but never a publication, and a failed item is retried with back-off instead of
being dropped. A rebuild fills new versioned indices and swaps the aliases at once (``search/es.py``).
Searching is in ``search/backends/elasticsearch_search.py``.
"""

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from elasticsearch import ApiError, TransportError, helpers
from tqdm import tqdm

from django.db.models import Max
from django.utils import timezone

from publication.models import ChangeLog, Publication
from search import es
from search.documents import SearchDocument, document_id, indexed_types
from search.models import PendingIndexUpdate
from search.tasks import search_index_pending

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 3600
BULK_RETRIES = 5  # per item, for 429 "too many requests"


def backoff_seconds(attempts: int) -> int:
    """5 s, 10 s, 20 s ... capped at an hour."""
    return min(5 * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)


# --- Writes -----------------------------------------------------------------------------------


def _action(*, publication: Publication | None, type_name: str, code: str, lang: str, index: str) -> dict:
    if publication is None:
        return {"_op_type": "delete", "_index": index, "_id": document_id(type_name=type_name, code=code)}
    document = SearchDocument.from_publication(publication)
    return {"_op_type": "index", "_index": index, "_id": document.meta.id, "_source": document.to_dict()}


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


def pending_add(*, keys: list[tuple[str, str, str]]) -> None:
    """Queue the (type, code, lang) items for the index and start the task that drains the queue."""
    now = timezone.now()
    PendingIndexUpdate.objects.bulk_create(
        [PendingIndexUpdate(type=t, code=c, lang=lang, next_attempt_at=now) for t, c, lang in keys],
        update_conflicts=True,
        unique_fields=["type", "code", "lang"],
        update_fields=["next_attempt_at", "attempts", "last_error"],
        batch_size=500,
    )
    try:
        search_index_pending.enqueue()
    except Exception:  # a broken task queue must not undo a publication; sync repairs later
        logger.exception("could not enqueue the search indexing task")


@dataclass
class PendingResult:
    indexed: int = 0
    deleted: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    retry_at: dt.datetime | None = None


def pending_process(*, limit: int) -> PendingResult:
    """Write at most ``limit`` due queued updates; failures stay queued with back-off."""
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
    changes = ChangeLog.objects.filter(seq__gt=since_seq, type__in=indexed_types()).order_by("seq")
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


def index_rebuild(*, progress: bool = False) -> RebuildResult:
    """Fill new versioned indices, catch up with edits made meanwhile, swap the aliases at once."""
    client = es.es_client(timeout=120)
    start_seq = ChangeLog.objects.aggregate(m=Max("seq"))["m"] or 0
    new = {lang: es.new_index_name(lang) for lang in es.LANGS}
    for name in new.values():
        es.index_create(client=client, name=name)
        # No refreshes while loading: faster, and nobody searches these yet.
        client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "-1"}})
    publications = Publication.objects.filter(type__in=indexed_types()).order_by("pk")
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


def _indexed_etags(client, lang: str) -> dict[str, str]:
    found = {}
    for hit in helpers.scan(client, index=es.alias_name(lang), query={"query": {"match_all": {}}}, _source=["etag"]):
        found[hit["_id"]] = hit["_source"].get("etag", "")
    return found


def index_sync(*, expected: dict[tuple[str, str], dict]) -> dict[str, int]:
    """Repair every document that differs from ``expected`` ((lang, document id) -> publication pk,
    type, code, etag); the counts missing, stale, extra, repaired and failed."""
    counts = dict.fromkeys(("missing", "stale", "extra", "repaired", "failed"), 0)
    client = es.es_client(timeout=120)
    es.indices_ensure(client=client)
    actions = []
    for lang in es.LANGS:
        alias = es.alias_name(lang)
        indexed = _indexed_etags(client, lang)
        for (want_lang, doc_id), p in expected.items():
            if want_lang != lang:
                continue
            if doc_id not in indexed:
                counts["missing"] += 1
            elif indexed[doc_id] != p["etag"]:
                counts["stale"] += 1
            else:
                continue
            publication = Publication.objects.get(pk=p["pk"])
            actions.append(
                _action(publication=publication, type_name=p["type"], code=p["code"], lang=lang, index=alias)
            )
        for doc_id in set(indexed) - {d for (lg, d) in expected if lg == lang}:
            counts["extra"] += 1
            type_name, code = doc_id.split(":", 1)
            actions.append(_action(publication=None, type_name=type_name, code=code, lang=lang, index=alias))
    for ok, _index, _doc, _error in _bulk(client, actions):
        counts["repaired"] += ok
        counts["failed"] += not ok
    for lang in es.LANGS:
        client.indices.refresh(index=es.alias_name(lang))
    if not counts["failed"]:
        # Everything is in step now: queued updates have nothing left to do.
        PendingIndexUpdate.objects.filter(next_attempt_at__lte=timezone.now()).delete()
    return counts
