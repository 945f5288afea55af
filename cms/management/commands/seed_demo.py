from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load the demo content (services, outlets, forms, news, figures). Safe to run again."

    def handle(self, *args, **options):
        call_command("bootstrap", stdout=self.stdout)
        total = 0
        for dotted in getattr(settings, "DEMO_SEED_STEPS", []):
            created = import_string(dotted)(stdout=self.stdout)
            total += created or 0
        self.stdout.write(self.style.SUCCESS(f"seed_demo: {total} new items"))
