"""``manage.py backup FILE``: one portable archive of the database and every media file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.backup.services import BackupError, backup_create


class Command(BaseCommand):
    help = "Write one archive with the content database, every media file and their checksums (docs/operations.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Where to write the archive (a .tar file).")

    def handle(self, *args, file: Path, **options):
        try:
            result = backup_create(path=file, progress=options["verbosity"] > 0)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for name in result.missing_files:
            self.stderr.write(f"missing from the media storage (not in the archive): {name}")
        self.stdout.write(
            f"backup: {result.rows} rows in {result.tables} tables and {result.files} media files written to "
            f"{result.path} ({result.bytes / 1_000_000:.1f} MB) in {result.seconds:.1f}s"
            + (f"; {len(result.missing_files)} referenced files were missing" if result.missing_files else "")
        )
