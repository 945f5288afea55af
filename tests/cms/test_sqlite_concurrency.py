"""On SQLite, two admins saving at once both succeed, and visitors read while an admin writes."""

import copy
import threading

import pytest

from django.conf import settings
from django.db import connections, transaction

pytestmark = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"), reason="SQLite's locking only"
)


@pytest.fixture
def two_connections(tmp_path, django_db_blocker):
    """Two connections, configured as the project configures SQLite, to one database file."""
    aliases = ["sqlite_a", "sqlite_b"]
    config = copy.deepcopy(connections["default"].settings_dict)
    config["NAME"] = str(tmp_path / "concurrency.sqlite3")
    with django_db_blocker.unblock():
        for alias in aliases:
            connections.settings[alias] = copy.deepcopy(config)
        with connections["sqlite_a"].cursor() as cursor:
            cursor.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")
        yield aliases
        for alias in aliases:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


def _run(targets) -> None:
    threads = [threading.Thread(target=target) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)


def test_two_transactions_that_read_then_write_both_commit(two_connections):
    """The admin's save reads first, then writes; with deferred transactions the second of two
    concurrent saves failed at once with "database is locked" (a 500), whatever the timeout."""
    both_read = threading.Barrier(2, timeout=5)
    errors = []

    def save(alias: str):
        def work():
            try:
                with transaction.atomic(using=alias):
                    with connections[alias].cursor() as cursor:
                        cursor.execute("SELECT COUNT(*) FROM note")
                        try:
                            both_read.wait()  # immediate transactions: the other one waits at BEGIN
                        except threading.BrokenBarrierError:
                            pass
                        cursor.execute("INSERT INTO note (text) VALUES (%s)", [alias])
            except Exception as error:  # recorded: the assertion below names it
                errors.append(repr(error))
            finally:
                connections[alias].close()

        return work

    _run([save(alias) for alias in two_connections])
    assert errors == []
    with connections["sqlite_a"].cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM note")
        assert cursor.fetchone()[0] == 2


def test_visitors_read_while_an_admin_holds_the_write_lock(two_connections):
    writer_inside = threading.Event()
    reader_done = threading.Event()
    seen = []

    def writer():
        with transaction.atomic(using="sqlite_a"):
            with connections["sqlite_a"].cursor() as cursor:
                cursor.execute("INSERT INTO note (text) VALUES ('draft')")
                writer_inside.set()
                reader_done.wait(timeout=30)  # keep the write lock until the visitor has read
        connections["sqlite_a"].close()

    def reader():
        writer_inside.wait(timeout=30)
        try:
            with connections["sqlite_b"].cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM note")
                seen.append(cursor.fetchone()[0])
        finally:
            reader_done.set()
            connections["sqlite_b"].close()

    _run([writer, reader])
    assert seen == [0]  # the visitor read the committed state without waiting for the admin
