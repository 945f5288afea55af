"""``manage.py import_outlets FILE [--dry-run]``: create or update outlets by code."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue.importing.resources import OUTLET_COLUMNS, outlets_import
from common.spreadsheets import ImportFileError, read_limited, sheet_read


class Command(BaseCommand):
    help = "Import outlets from a CSV or XLSX file (columns in docs/spreadsheets.md). Exit 0 only when valid."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            with path.open("rb") as stream:
                data = read_limited(stream, size=path.stat().st_size)
            sheet = sheet_read(name=path.name, data=data)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        if sorted(sheet.header) != sorted(OUTLET_COLUMNS):
            raise CommandError(f"The header must be exactly: {', '.join(OUTLET_COLUMNS)}")
        result = outlets_import(sheet=sheet, dry_run=options["dry_run"])
        for number, message in result["errors"]:
            self.stdout.write(f"row {number:>6}  invalid: {message}")
        totals = result["totals"]
        summary = ", ".join(f"{count} {kind}" for kind, count in totals.items())
        if result["errors"]:
            raise CommandError(f"{path.name}: {summary}; nothing was imported.")
        dry = " (dry run, nothing written)" if options["dry_run"] else ""
        self.stdout.write(self.style.SUCCESS(f"{path.name}: {summary}{dry}"))
