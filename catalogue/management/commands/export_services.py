"""``manage.py export_services FILE``: every service as CSV (with BOM) or XLSX, by extension."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue.importing.resources import services_export


class Command(BaseCommand):
    help = "Export the services to a .csv or .xlsx file with the columns of docs/CONTRACTS.md §2."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--department", action="append", help="Only this department (repeatable).")

    def handle(self, *args, **options):
        path = Path(options["file"])
        suffix = path.suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise CommandError("The file name must end in .csv or .xlsx.")
        body = services_export(file_format=suffix[1:], departments=options["department"])
        path.write_bytes(body)
        rows = body.count(b"\n") - 1 if suffix == ".csv" else None
        count = f"{rows} services, " if rows is not None else ""
        self.stdout.write(self.style.SUCCESS(f"export_services: {count}{len(body)} bytes written to {path}"))
