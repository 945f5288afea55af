"""One process importing spreadsheet after spreadsheet (a worker, the growth benchmark) keeps
nothing of the earlier imports alive: what it holds after six batches is what it held after three."""

import gc
import tracemalloc

import pytest

from django.db import connection

from catalogue.services import service_import
from tests.catalogue.factories import service_data

pytestmark = pytest.mark.django_db

BATCH = 40  # services per import
# Python memory a batch may leave behind for good (caches that fill up to their bound, the
# allocator's bookkeeping); what a batch's pages, revisions and renderings take is far more.
LIMIT_PER_BATCH = 64 * 1024


@pytest.fixture
def admin_user(bootstrapped, django_user_model):
    return django_user_model.objects.create_superuser("memory-admin", "mem@example.com", "pw-memory-1")


def test_memory_held_between_imports_does_not_grow(admin_user, django_capture_on_commit_callbacks):
    def imported(batch: int) -> int:
        rows = [service_data(code=f"LIC-{6000 + batch * BATCH + i}") for i in range(BATCH)]
        pending = len(connection.run_on_commit)
        # With its after-commit work (the pipeline's announcement, the search index), run as a
        # commit runs it; then dropped as a commit drops it (the test's transaction would keep
        # every callback, and what it holds, until the test ends).
        with django_capture_on_commit_callbacks(execute=True):
            service_import(rows=rows, user=admin_user)
        del connection.run_on_commit[pending:]
        gc.collect()
        return tracemalloc.get_traced_memory()[0]

    tracemalloc.start()
    try:
        held = [imported(batch) for batch in range(6)]
    finally:
        tracemalloc.stop()
    growth = held[5] - held[2]
    assert growth < 3 * LIMIT_PER_BATCH, f"{growth / 1024:.0f} KiB kept by batches 4-6 ({held})"
