"""Batches and once-per-transaction work: the one way the project says "we are in a batch".

``publication_batch()`` marks a block of many writes (an import, the demo seed). Per-item work
(re-rendering a service, re-indexing a page) asks ``batch_current()`` and, inside a batch, hands
its items to ``Batch.defer`` to be done once for all of them when the outermost batch ends.
The batch lives in one ContextVar, so it belongs to one thread or async task.

``on_commit_once(key=..., fn=...)`` runs ``fn`` once after the current transaction commits,
however often it is asked to within that transaction (one announcement per transaction, one
recount of the coverage figures).
"""

import gc
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction


class Batch:
    """The work the writes of a batch defer to its end, and the concerns its caller handles itself."""

    def __init__(self) -> None:
        self._deferred: dict[str, tuple[Callable[[set], None], set]] = {}
        self._handled: set[str] = set()

    def defer(self, *, key: str, items: Iterable, fn: Callable[[set], None]) -> None:
        """Collect ``items`` under ``key``; ``fn`` receives all of them once, at the end of the batch."""
        self._deferred.setdefault(key, (fn, set()))[1].update(items)

    @contextmanager
    def handling(self, concern: str) -> Iterator[None]:
        """Within the block, the batch's caller does ``concern`` itself (``batch_handles`` says so)."""
        added = concern not in self._handled
        self._handled.add(concern)
        try:
            yield
        finally:
            if added:
                self._handled.discard(concern)

    def _finish(self) -> None:
        # In the order the keys were first deferred; work deferred while finishing is done too.
        while self._deferred:
            key = next(iter(self._deferred))
            fn, items = self._deferred.pop(key)
            fn(items)


_current: ContextVar[Batch | None] = ContextVar("publication_batch", default=None)


def batch_current() -> Batch | None:
    """The batch this thread or task is in, if any."""
    return _current.get()


def batch_handles(concern: str) -> bool:
    """Whether the caller of the current batch does ``concern`` itself (see ``Batch.handling``)."""
    batch = _current.get()
    return batch is not None and concern in batch._handled


@contextmanager
def publication_batch() -> Iterator[Batch]:
    """Defer per-item work to the end of the block. Nested batches join the outermost one, which
    does the deferred work when it ends (inside the caller's transaction, if there is one)."""
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    batch = Batch()
    token = _current.set(batch)
    try:
        yield batch
        batch._finish()
    finally:
        _current.reset(token)


# --- the cycle collector during a batch ---------------------------------------------------
_gc_lock = threading.Lock()
_gc_users = 0
_gc_before = gc.get_threshold()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run Python's cycle collector less often during a bulk write (around its transaction, so
    that the work done after commit profits too).

    A 10,000-row import keeps hundreds of thousands of objects alive (rows, pages, the changes
    announced after commit). With the default thresholds the collector scanned all of them again
    and again, a third of the import's time. Freezing moves what existed before the import out of
    the scans, and higher thresholds make collections rarer; both are undone at the end.
    https://docs.python.org/3/library/gc.html#gc.freeze
    """
    global _gc_users, _gc_before
    # The collector's settings belong to the whole process: the first of overlapping batches
    # (threads, nested calls) changes them and the last one restores them.
    with _gc_lock:
        _gc_users += 1
        if _gc_users == 1:
            _gc_before = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0:
                gc.set_threshold(*_gc_before)
                gc.unfreeze()


# --- once per transaction, after commit -----------------------------------------------------
class _AfterCommit:
    """One key's work in one transaction: its function and the items collected for it."""

    def __init__(self, fn: Callable[[list], None]) -> None:
        self.fn = fn
        self.items: list = []
        self.done = False

    def run(self) -> None:
        if self.done:
            return
        self.done = True
        self.fn(self.items)


# Connection -> key -> the pending work. Only Django's list of commit callbacks holds the work
# strongly: when a rollback (of the transaction or of the savepoint it was registered in) drops
# the callback, the entry goes with it, so the next request registers afresh instead of
# trusting work that will never run. Entries hold no reference cycle, so they go at once.
_pending: "weakref.WeakKeyDictionary[object, weakref.WeakValueDictionary[str, _AfterCommit]]" = (
    weakref.WeakKeyDictionary()
)
_pending_lock = threading.Lock()


def on_commit_once(*, key: str, fn: Callable[[list], None], items: Iterable = (), using: str | None = None) -> None:
    """Run ``fn`` once after the current transaction commits, with every item collected under
    ``key`` in that transaction (in the order given); at once when no transaction is open.

    Later requests with the same key in the same transaction add their items and keep the first ``fn``.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        fn(list(items))
        return
    with _pending_lock:
        registry = _pending.setdefault(connection, weakref.WeakValueDictionary())
    entry = registry.get(key)
    if entry is None or entry.done:
        entry = _AfterCommit(fn)
        registry[key] = entry
        transaction.on_commit(entry.run, using=using)
    entry.items.extend(items)
