"""``manage.py publish_feed``: write a feed snapshot (every type, both languages) to the media storage."""

import time

from tqdm import tqdm

from django.core.management.base import BaseCommand

from feed.snapshots import snapshot_publish, snapshot_types
from publication.registry import LANGS


class Command(BaseCommand):
    help = "Write every feed type in Arabic and English as gzip JSON plus a manifest (written last) to media storage."

    def add_arguments(self, parser):
        parser.add_argument("--keep", type=int, default=3, help="Snapshot generations to keep (default 3).")
        parser.add_argument("--prefix", default=None, help="Folder on the storage (default FEED_SNAPSHOT_PREFIX).")

    def handle(self, *args, **options):
        started = time.perf_counter()
        total = len(snapshot_types()) * len(LANGS)
        with tqdm(total=total, desc="feed snapshot", unit="file", disable=options["verbosity"] < 1) as bar:

            def advance(entry):
                bar.set_postfix_str(f"{entry.type}.{entry.lang}: {entry.count}")
                bar.update(1)

            result = snapshot_publish(prefix=options["prefix"], keep=options["keep"], on_file=advance)
        self.stdout.write(
            f"publish_feed: {len(result.files)} files, {result.items} items, {result.size / 1024:.0f} KB "
            f"at cursor {result.cursor} in {time.perf_counter() - started:.1f}s → {result.manifest_name}"
        )
