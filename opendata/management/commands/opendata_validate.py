"""``manage.py opendata_validate [--shapes FILE]``: check the live export against SHACL shapes."""

from django.core.management.base import BaseCommand, CommandError

from opendata.services import opendata_file
from opendata.validation import opendata_validate


class Command(BaseCommand):
    help = "Validate services.jsonld and catalog.jsonld against SHACL shapes (the project's by default)."

    def add_arguments(self, parser):
        parser.add_argument("--shapes", help="A SHACL shapes file in Turtle, e.g. the official CPSV-AP 3.2.0 shapes.")

    def handle(self, *args, shapes=None, **options):
        failed = False
        for name in ("services.jsonld", "catalog.jsonld"):
            result = opendata_validate(body=opendata_file(name=name).body, fmt="json-ld", shapes=shapes)
            self.stdout.write(
                f"{name}: {result.triples} triples, {result.violations} violations, "
                f"{result.warnings} warnings ({result.seconds:.2f} s)"
            )
            if result.violations:
                self.stdout.write(result.report)
                failed = True
        if failed:
            raise CommandError("The export does not conform to the shapes.")
