from django.core.management import call_command
from django.core.management.base import BaseCommand

from common.steps import demo_steps


class Command(BaseCommand):
    help = "Load the demo content (services, outlets, forms, news, figures). Safe to run again."

    def handle(self, *args, **options):
        call_command("bootstrap", stdout=self.stdout)
        total = 0
        # Each content app registers its demo step in its AppConfig.ready() (common/steps.py).
        for step in demo_steps():
            created = step.run(stdout=self.stdout)
            total += created or 0
        self.stdout.write(self.style.SUCCESS(f"seed_demo: {total} new items"))
