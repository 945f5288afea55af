"""``manage.py search_index rebuild|sync|status|process``: the search index lifecycle."""

import time

from elasticsearch import ApiError, TransportError

from django.core.management.base import BaseCommand, CommandError

from search import es
from search.selectors import search_status
from search.services import (
    SearchIndexError,
    search_entries_rebuild,
    search_index_rebuild,
    search_index_sync,
    search_pending_process,
)


class Command(BaseCommand):
    help = "Rebuild, repair (sync) or inspect the search indices of both backends."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "sync", "status", "process"])
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")

    def handle(self, *args, action: str, no_progress: bool = False, **options):
        progress = not no_progress and options.get("verbosity", 1) > 0
        try:
            getattr(self, f"do_{action}")(progress=progress)
        except (SearchIndexError, TransportError, ApiError) as exc:
            raise CommandError(f"search_index {action} failed: {exc}") from exc

    def do_rebuild(self, *, progress: bool):
        started = time.monotonic()
        entries = search_entries_rebuild(progress=progress)
        summary = f"database: {entries} entries"
        if es.es_enabled():
            result = search_index_rebuild(progress=progress)
            names = ", ".join(result.indices.values())
            summary += (
                f"; elasticsearch: {result.documents} documents into {names}, aliases swapped, "
                f"{result.caught_up} changes caught up, {len(result.removed)} old indices removed"
            )
        self.stdout.write(f"search_index rebuild: {summary} in {time.monotonic() - started:.1f}s")

    def do_sync(self, *, progress: bool):
        result = search_index_sync(progress=progress)
        line = f"search_index sync: database entries repaired {result.entries_repaired}"
        if es.es_enabled():
            line += (
                f"; elasticsearch missing {result.missing}, stale {result.stale}, extra {result.extra}, "
                f"repaired {result.repaired}, failed {result.failed}"
            )
        self.stdout.write(line)
        if result.failed:
            raise CommandError(f"{result.failed} documents could not be repaired; run sync again.")

    def do_process(self, *, progress: bool):
        result = search_pending_process()
        self.stdout.write(
            f"search_index process: {result.indexed} indexed, {result.deleted} deleted, {result.failed} failed"
        )
        for error in result.errors[:20]:
            self.stderr.write(error)

    def do_status(self, *, progress: bool):
        status = search_status()
        self.stdout.write(f"backend: {status['backend']}")
        self.stdout.write(f"live publications (searchable types): {status['publications']}")
        self.stdout.write(f"database search entries: {status['entries']}")
        for info in status["indices"].values():
            targets = ", ".join(info["targets"]) or "-"
            self.stdout.write(f"index {info['alias']} → {targets}: {info['documents']} documents")
        self.stdout.write(f"queued index updates: {status['pending']} ({status['failing']} failing)")
