"""``manage.py restore FILE``: load an archive written by ``backup`` into this installation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.backup.services import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Load a backup archive into an empty installation: verifies every checksum first, refuses existing "
        "content without --force, then migrates forward and rebuilds the search indexes (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The archive written by manage.py backup.")
        parser.add_argument("--force", action="store_true", help="Replace the content this installation already has.")
        parser.add_argument(
            "--skip-search",
            action="store_true",
            help="Do not rebuild the search indexes (run search_index rebuild later).",
        )

    def handle(self, *args, file: Path, force: bool, skip_search: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file} does not exist or is not a file.")
        try:
            result = backup_restore(
                path=file, force=force, progress=options["verbosity"] > 0, rebuild_search=not skip_search
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restore: {result.rows} rows in {result.tables} tables loaded, {result.files_written} media files "
            f"written ({result.files_present} already present, same bytes), every checksum verified, "
            f"in {result.seconds:.1f}s"
        )
