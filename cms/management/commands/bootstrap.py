from django.core.management.base import BaseCommand

from cms.bootstrap import bootstrap_site


class Command(BaseCommand):
    help = "Create locales, the site, its page tree and reference data. Safe to run again."

    def handle(self, *args, **options):
        report = bootstrap_site()
        if report.created:
            for item in report.created:
                self.stdout.write(f"  + {item}")
            self.stdout.write(self.style.SUCCESS(f"bootstrap: created {len(report.created)} items"))
        else:
            self.stdout.write(self.style.SUCCESS("bootstrap: nothing to do, everything already exists"))
