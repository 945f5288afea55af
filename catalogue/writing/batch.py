"""Writing many services in one transaction: new and changed ones in bulk, the others one by one."""

from collections.abc import Callable, Iterable
from dataclasses import replace

from django.db import transaction

from catalogue.selectors import ServicePair, service_pairs
from catalogue.writing.bulk import services_create_bulk
from catalogue.writing.bulk_update import services_update_bulk
from catalogue.writing.context import catalogue_context_load, deferred_indexing, service_writes_lock
from catalogue.writing.one_by_one import service_write
from catalogue.writing.rows import ServiceData, UpsertResult, texts_bidi_strip
from publication.batch import fewer_collections


def service_import(
    *,
    rows: Iterable[ServiceData],
    user=None,
    progress: Callable[[int], None] | None = None,
    pairs: dict[str, ServicePair] | None = None,
) -> list[UpsertResult]:
    """Write many services in one transaction: all of them or, on any error, none.

    ``pairs``: the existing services among the rows, when the caller has read them already with
    ``service_pairs(for_write=True)`` in its transaction, after ``service_writes_lock()``."""
    # New services are written in bulk, past the save hook that strips bidirectional controls.
    rows = [replace(row, ar=texts_bidi_strip(row.ar), en=texts_bidi_strip(row.en)) for row in rows]
    codes = [row.code for row in rows]
    if len(set(codes)) != len(codes):
        raise ValueError(
            f"A batch names a service code more than once: {sorted({c for c in codes if codes.count(c) > 1})}"
        )
    results = {}
    # The batch renders each service for the feed and indexes each page once, when all rows are
    # written (still inside the transaction).
    with fewer_collections(), transaction.atomic(), deferred_indexing():
        service_writes_lock()
        context = catalogue_context_load()
        if pairs is None:
            pairs = dict(service_pairs(codes=codes, for_write=True))
        else:
            pairs = {code: pairs[code] for code in codes if code in pairs}
        # New services in bulk, a few queries per 250 rows (see catalogue/writing/bulk.py).
        created = services_create_bulk(
            rows=[row for row in rows if row.code not in pairs], context=context, user=user, progress=progress
        )
        deferred = {id(row) for row in created.deferred}
        results.update(
            {
                row.code: UpsertResult(code=row.code, created=True, changed=True)
                for row in rows
                if row.code not in pairs and id(row) not in deferred
            }
        )
        # Changed services in bulk too (see catalogue/writing/bulk_update.py); the rows that path
        # leaves (moves, withdrawals, workflows...) go through Wagtail below.
        updated = services_update_bulk(
            rows=[row for row in rows if row.code in pairs], pairs=pairs, context=context, user=user, progress=progress
        )
        results.update(updated.results)  # the rows it left were not applied to their pages
        for row in rows:
            if row.code in results:
                continue
            results[row.code] = service_write(data=row, pair=pairs.get(row.code), context=context, user=user)
            if progress:
                progress(1)
    return [results[row.code] for row in rows]


def service_upsert(*, data: ServiceData, user=None) -> UpsertResult:
    """Create or update one service (see ``service_write``)."""
    return service_import(rows=[data], user=user)[0]
