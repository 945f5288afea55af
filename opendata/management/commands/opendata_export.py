"""``manage.py opendata_export [--output DIR]``: build the open-data files now (and write them)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from opendata.selectors import opendata_version
from opendata.services import FILES, opendata_file


class Command(BaseCommand):
    help = "Build the open-data files of the current content version into the cache; optionally write them."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="A folder to write the files to.")

    def handle(self, *args, output=None, **options):
        version = opendata_version()
        folder = Path(output) if output else None
        if folder:
            folder.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            entry = opendata_file(name=name, version=version)
            if folder:
                (folder / name).write_bytes(entry.body)
            self.stdout.write(f"{name}: {len(entry.body):,} bytes, ETag {entry.etag}")
        self.stdout.write(f"open data at version {version[0]}: {len(FILES)} files")
