"""``manage.py import_services FILE [--dry-run]``: the admin import, from the command line."""

from pathlib import Path

from tqdm import tqdm

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from catalogue.importing.runner import import_apply, import_preview
from catalogue.importing.validation import CHANGED, INVALID, NEW
from common.spreadsheets import ENCODINGS, ImportFileError, read_limited


class Command(BaseCommand):
    help = "Import services from a CSV or XLSX file (docs/CONTRACTS.md §2). Exit status 0 only when the file is valid."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Only report what the import would do.")
        parser.add_argument("--encoding", choices=ENCODINGS, default="auto", help="Encoding of a CSV file.")
        parser.add_argument("--user", help="Username recorded on the revisions (default: none, a system import).")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No such user: {options['user']}")
        try:
            with path.open("rb") as stream:
                data = read_limited(stream, size=path.stat().st_size)
            report = import_preview(name=path.name, data=data, user=user, encoding=options["encoding"])
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for row in report.rows:
            line = f"row {row.number:>6}  {row.code or '-':<16} {row.outcome}"
            if row.errors:
                line += ": " + " ".join(row.errors)
            elif row.outcome == CHANGED:
                line += ": " + ", ".join(row.changed)
            self.stdout.write(line)
        if not report.valid:
            raise CommandError(f"{path.name}: {report.summary()}; nothing was imported.")
        if options["dry_run"] or not report.has_changes:
            suffix = " (dry run, nothing written)" if options["dry_run"] else "; nothing to change"
            self.stdout.write(self.style.SUCCESS(f"{path.name}: {report.summary()}{suffix}"))
            return
        todo = report.count(NEW) + report.count(CHANGED)
        with tqdm(total=todo, desc="importing", unit="service", disable=todo < 50) as bar:
            report = import_apply(
                name=path.name, data=data, user=user, encoding=options["encoding"], progress=bar.update
            )
        assert report.count(INVALID) == 0
        self.stdout.write(self.style.SUCCESS(f"{path.name}: {report.summary()}"))
