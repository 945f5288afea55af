"""The publication pipeline: one way for every output to learn what the public may see.

Content apps register each publishable type with a function that renders a live object in one
language (``register_type``). Whenever an object is published, unpublished, moved or deleted,
``publication_refresh`` re-renders it in the same database transaction, stores the result in
``Publication`` and appends a ``ChangeLog`` row per language whose representation changed. After
commit, ``publication_committed`` is sent with those changes; search indexing, webhooks and cache
purges listen to it (see docs/architecture.md).
"""

import hashlib
import json
from collections.abc import Iterable

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from common.bulk import rows_update
from publication.batch import on_commit_once
from publication.models import ChangeLog, Publication
from publication.registry import LANGS, PublishableType, Rendered, enrichers, registered_types, type_get
from publication.signals import publication_committed

# Arbitrary constant: the PostgreSQL advisory lock that serialises change-log writers, so that
# sequence numbers are assigned in commit order and a sync reader never skips a change.
CHANGELOG_LOCK_KEY = 0x0BA1AD17A


def payload_etag(payload: dict) -> str:
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
    return hashlib.sha256(body.encode()).hexdigest()


def transaction_lock(key: int) -> None:
    """Wait for, then hold until the transaction ends, the PostgreSQL advisory lock ``key``.
    SQLite serialises writers anyway, so there it does nothing."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _lock_changelog() -> None:
    transaction_lock(CHANGELOG_LOCK_KEY)


def _pipe(values: Iterable[str]) -> str:
    values = list(values)
    return "|" + "|".join(values) + "|" if values else ""


def _conform(publishable: PublishableType, payload: dict, now) -> dict:
    if publishable.schema is None:
        return payload
    checked = publishable.schema.model_validate({**payload, "updated_at": now.isoformat()})
    return checked.model_dump(mode="json", exclude={"updated_at"})


def publication_refresh(*, type_name: str, code: str, reason: str | None = None) -> list[ChangeLog]:
    """Bring the Publication rows of one item in line with its live state, logging changes.

    ``reason`` overrides the recorded reason for a removal (e.g. "deleted", "expired").
    """
    return publication_refresh_many(type_name=type_name, codes=[code], reason=reason)


# Items rendered and written per round of a batch: bounds memory on imports of thousands of rows.
REFRESH_CHUNK = 500


def publication_refresh_many(
    *,
    type_name: str,
    codes: Iterable[str],
    reason: str | None = None,
    rendered: dict[str, dict[str, Rendered]] | None = None,
) -> list[ChangeLog]:
    """``publication_refresh`` for many items of one type, a few queries per 500 items rather than
    several per item (bulk imports). Changes are logged in code order, then language order.

    ``rendered`` is the items' rendering when the caller already holds them in memory (a bulk
    create); it must be what the type's ``render`` would return for each code."""
    publishable = type_get(type_name)
    codes = sorted(set(codes))
    changes: list[ChangeLog] = []
    with transaction.atomic():
        _lock_changelog()
        for start in range(0, len(codes), REFRESH_CHUNK):
            chunk = codes[start : start + REFRESH_CHUNK]
            if rendered is not None:
                rendered_by_code = {code: rendered.get(code, {}) for code in chunk}
                _enrich(type_name, rendered_by_code)
            else:
                rendered_by_code = items_render(type_name=type_name, codes=chunk)
            changes.extend(_refresh_chunk(publishable, chunk, rendered_by_code, reason))
    if changes:
        _announce_after_commit(changes)
    return changes


def items_render(*, type_name: str, codes: list[str]) -> dict[str, dict[str, Rendered]]:
    """What the pipeline would store for these items now: each rendered by its type, then
    completed by the later apps' enrichers (a live status, satisfaction)."""
    publishable = type_get(type_name)
    if publishable.render_many is not None:
        rendered_by_code = publishable.render_many(list(codes))
    else:
        rendered_by_code = {code: publishable.render(code) for code in codes}
    _enrich(type_name, rendered_by_code)
    return rendered_by_code


def _enrich(type_name: str, rendered_by_code: dict[str, dict[str, Rendered]]) -> None:
    for enrich in enrichers(type_name):
        enrich(rendered_by_code)


def _refresh_chunk(
    publishable: PublishableType, codes: list[str], rendered_by_code: dict, reason: str | None
) -> list[ChangeLog]:
    type_name = publishable.name
    # Only what the comparison needs (the etag): the stored payloads are not read and decoded.
    rows = Publication.objects.select_for_update().filter(type=type_name, code__in=codes)
    existing = {(p.code, p.lang): p for p in rows.only("pk", "code", "lang", "etag")}
    now = timezone.now()
    created: list[Publication] = []
    updated: list[Publication] = []
    removed: list[int] = []
    log: list[ChangeLog] = []
    for code in codes:
        rendered = rendered_by_code.get(code) or {}
        for lang in LANGS:
            current = existing.get((code, lang))
            item = rendered.get(lang)
            if item is None:
                if current is not None:
                    removed.append(current.pk)
                    why = reason or publishable.absence_reason(code, lang)
                    log.append(ChangeLog(type=type_name, code=code, lang=lang, op=ChangeLog.Op.DELETE, reason=why))
                continue
            payload = _conform(publishable, dict(item.payload), now)
            etag = payload_etag(
                {**{k: v for k, v in payload.items() if k != "updated_at"}, "_search": item.search_text}
            )
            if current is not None and current.etag == etag:
                continue
            payload["updated_at"] = now.isoformat().replace("+00:00", "Z")
            values = {
                "payload": payload,
                "etag": etag,
                "department": item.department,
                "channels": _pipe(item.channels),
                "audiences": _pipe(item.audiences),
                "search_text": item.search_text,
                "updated_at": now,
            }
            if current is None:
                created.append(Publication(type=type_name, code=code, lang=lang, **values))
            else:
                for name, value in values.items():
                    setattr(current, name, value)
                updated.append(current)
            log.append(ChangeLog(type=type_name, code=code, lang=lang, op=ChangeLog.Op.UPSERT, payload=payload))
    if removed:
        Publication.objects.filter(pk__in=removed).delete()
    Publication.objects.bulk_create(created)
    if updated:
        rows_update(Publication, updated, _PUBLICATION_FIELDS)  # bulk_update's CASE per row is slow
    changelog_compact(type_name=type_name, keys=[(c.code, c.lang) for c in log])
    # One INSERT keeps the rows' order, so sequence numbers follow the order of ``log``.
    return ChangeLog.objects.bulk_create(log)


def changelog_compact(*, type_name: str, keys: Iterable[tuple[str, str]]) -> int:
    """Drop the content of the earlier upserts of items about to get a new change-log row.

    Called in the transaction that writes the new rows, so sync history never holds text that
    is not public now (a restricted, unpublished or superseded version); sync skips these rows,
    and the newest row of each item (its live version, or a delete) stays whole."""
    compacted = 0
    for lang in LANGS:
        codes = sorted({code for code, key_lang in keys if key_lang == lang})
        if codes:
            compacted += ChangeLog.objects.filter(
                type=type_name, lang=lang, code__in=codes, op=ChangeLog.Op.UPSERT, payload__isnull=False
            ).update(payload=None)
    return compacted


_PUBLICATION_FIELDS = ("payload", "etag", "department", "channels", "audiences", "search_text", "updated_at")


def _announce_after_commit(changes: list[ChangeLog]) -> None:
    """Collect the changes of one transaction and send ``publication_committed`` once per type
    after it commits, so that one editor's publish (Arabic and English) is one announcement."""
    on_commit_once(key="publication.committed", fn=_announce, items=changes)


def _announce(pending: list[ChangeLog]) -> None:
    by_type: dict[str, list[ChangeLog]] = {}
    latest: dict[tuple[str, str, str], ChangeLog] = {}
    for change in sorted(pending, key=lambda c: c.seq):
        # As in the stored log: an upsert superseded within the transaction keeps no content.
        earlier = latest.get((change.type, change.code, change.lang))
        if earlier is not None and earlier.op == ChangeLog.Op.UPSERT:
            earlier.payload = None
        latest[(change.type, change.code, change.lang)] = change
        by_type.setdefault(change.type, []).append(change)
    for name, group in by_type.items():
        publication_committed.send(sender=name, changes=group)


def publication_rebuild(*, type_name: str | None = None) -> int:
    """Re-render every item (of one type or all); returns the number of changes logged."""
    total = 0
    for name, publishable in registered_types().items():
        if type_name and name != type_name:
            continue
        live = set(publishable.live_codes())
        stale = set(Publication.objects.filter(type=name).values_list("code", flat=True)) - live
        total += len(publication_refresh_many(type_name=name, codes=live | stale))
    return total
