"""One batch mechanism: ``publication_batch`` defers per-item work, ``on_commit_once`` runs once per transaction."""

import pytest

from django.db import transaction

from publication.batch import batch_current, batch_handles, on_commit_once, publication_batch

pytestmark = pytest.mark.django_db


def test_on_commit_once_runs_once_with_every_item(django_capture_on_commit_callbacks):
    seen = []
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            on_commit_once(key="t", fn=seen.append, items=[1])
            on_commit_once(key="t", fn=seen.append, items=[2, 3])
    assert seen == [[1, 2, 3]]


def test_a_rolled_back_savepoint_forgets_its_work(django_capture_on_commit_callbacks):
    seen = []
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    on_commit_once(key="t", fn=seen.append, items=["rolled back"])
                    raise RuntimeError
            except RuntimeError:
                pass
            on_commit_once(key="t", fn=seen.append, items=["kept"])
    assert seen == [["kept"]]


def test_batches_nest_and_do_deferred_work_once_at_the_end():
    done = []
    with publication_batch() as outer:
        with publication_batch() as inner:
            assert inner is outer
            inner.defer(key="k", items=[1], fn=done.append)
            with inner.handling("moves"):
                assert batch_handles("moves")
            assert not batch_handles("moves")
        outer.defer(key="k", items=[2], fn=done.append)
        assert done == []
    assert done == [{1, 2}]
    assert batch_current() is None
