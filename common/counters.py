"""Counts bumped by public reads (search statistics, form downloads), kept out of the database.

A read adds to a pending count in ``CACHES["counters"]`` (shared by every process; never a
SQLite write) and, at most every ``COUNTERS_FLUSH_SECONDS``, enqueues a task that moves the
pending counts into the database. Nothing here raises into a read: a count that cannot be kept is
logged and dropped, and a flush that cannot write puts its counts back for the next one.

Pending counts sit in a few shards, each a dict ``member -> amounts`` changed under a lock: a file
lock for the one-machine file cache, an ``add``-based lock for Redis and the database cache.
"""

import contextlib
import fcntl
import logging
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.db import transaction

logger = logging.getLogger(__name__)

SHARDS = 8
LOCK_SECONDS = 5  # an add-lock left by a killed process expires after this
LOCK_ATTEMPTS = 200  # × 5 ms: give up (and drop one count) rather than keep a read waiting

Member = tuple[str, ...]
Amounts = tuple[int, ...]


class CounterBusy(Exception):
    """The shard's lock could not be taken in time."""


def _cache():
    return caches["counters"]


@contextlib.contextmanager
def _locked(*, namespace: str, shard: int) -> Iterator[None]:
    cache = _cache()
    if isinstance(cache, FileBasedCache):
        # Several runserver/gunicorn processes on one machine share the folder: a file lock
        # serialises them without touching the database.
        folder = Path(cache._dir)
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / f"{namespace}-{shard}.lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        return
    key = f"{namespace}:lock:{shard}"
    for _attempt in range(LOCK_ATTEMPTS):
        if cache.add(key, 1, timeout=LOCK_SECONDS):
            break
        time.sleep(0.005)
    else:
        raise CounterBusy(key)
    try:
        yield
    finally:
        cache.delete(key)


def _shard_key(namespace: str, shard: int) -> str:
    return f"{namespace}:pending:{shard}"


def _shard_of(member: Member) -> int:
    return zlib.crc32("\x1f".join(member).encode()) % SHARDS


def _merge(pending: dict, member: Member, amounts: Amounts) -> None:
    old = pending.get(member) or (0,) * len(amounts)
    pending[member] = tuple(a + b for a, b in zip(old, amounts, strict=True))


def counter_add(*, namespace: str, member: Member, amounts: Amounts) -> bool:
    """Add to a member's pending counts; False (logged, never raised) when they could not be kept."""
    shard = _shard_of(member)
    try:
        with _locked(namespace=namespace, shard=shard):
            pending = _cache().get(_shard_key(namespace, shard)) or {}
            _merge(pending, member, amounts)
            _cache().set(_shard_key(namespace, shard), pending, timeout=None)
    except Exception:
        logger.warning("Could not count %s %s", namespace, member, exc_info=True)
        return False
    return True


def counter_flush_due(*, namespace: str, seconds: float) -> bool:
    """True for one caller per ``seconds`` (across processes): that caller enqueues the flush."""
    try:
        return bool(_cache().add(f"{namespace}:flush-due", 1, timeout=seconds))
    except Exception:
        logger.warning("Could not check when %s were last written", namespace, exc_info=True)
        return False


def counters_pending(*, namespace: str) -> dict[Member, Amounts]:
    """The counts not yet in the database (a read: for reports that must be current)."""
    pending: dict[Member, Amounts] = {}
    try:
        for shard_pending in _cache().get_many([_shard_key(namespace, s) for s in range(SHARDS)]).values():
            for member, amounts in shard_pending.items():
                _merge(pending, member, amounts)
    except Exception:
        logger.warning("Could not read pending %s", namespace, exc_info=True)
    return pending


def counters_take(*, namespace: str) -> dict[Member, Amounts]:
    """Remove and return the pending counts; the caller writes them or gives them back."""
    taken: dict[Member, Amounts] = {}
    for shard in range(SHARDS):
        try:
            with _locked(namespace=namespace, shard=shard):
                shard_pending = _cache().get(_shard_key(namespace, shard)) or {}
                _cache().delete(_shard_key(namespace, shard))
        except Exception:
            logger.warning("Could not take pending %s (shard %s)", namespace, shard, exc_info=True)
            continue
        for member, amounts in shard_pending.items():
            _merge(taken, member, amounts)
    return taken


def counters_give_back(*, namespace: str, counts: dict[Member, Amounts]) -> None:
    """Put counts that could not be written back among the pending ones."""
    for member, amounts in counts.items():
        counter_add(namespace=namespace, member=member, amounts=amounts)


def counters_flush(*, namespace: str, write: Callable[[dict[Member, Amounts]], None], what: str) -> int:
    """Move a namespace's pending counts into the database with ``write`` in one transaction.

    Returns how many members were written. If the write fails, the counts go back to the cache
    for the next flush and the error is logged (``what`` names them in the log): a statistic
    never fails the read that counted it."""
    counts = counters_take(namespace=namespace)
    if not counts:
        return 0
    try:
        with transaction.atomic():
            write(counts)
    except Exception:
        logger.warning("Could not write %d %s; kept for the next flush", len(counts), what, exc_info=True)
        counters_give_back(namespace=namespace, counts=counts)
        return 0
    return len(counts)


def window_hit(*, key: str, window: int) -> tuple[int, int]:
    """Count one hit of ``key`` in the current fixed window of ``window`` seconds, in
    CACHES["counters"] (shared by every process): the hits so far in this window, and the seconds
    until it ends (a 429's Retry-After). Rate limits of the APIs and forms build on it."""
    now = time.time()
    slot = int(now // window)
    counters = caches["counters"]
    slot_key = f"{key}:{slot}"
    if counters.add(slot_key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = counters.incr(slot_key)
        except ValueError:  # expired between add and incr
            counters.set(slot_key, 1, timeout=window + 5)
            count = 1
    return count, max(1, int((slot + 1) * window - now) + 1)
