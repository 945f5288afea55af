"""``manage.py export_outlets FILE``: outlets as CSV or XLSX (columns in docs/spreadsheets.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue.importing.resources import outlets_export


class Command(BaseCommand):
    help = "Export the outlets to a .csv or .xlsx file."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if path.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError("The file name must end in .csv or .xlsx.")
        body = outlets_export(file_format=path.suffix.lower()[1:])
        path.write_bytes(body)
        self.stdout.write(self.style.SUCCESS(f"export_outlets: {len(body)} bytes written to {path}"))
