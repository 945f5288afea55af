"""E-mail the owners of services whose review date has passed (Django's mail settings)."""

from django.core.management.base import BaseCommand

from feedback import services


class Command(BaseCommand):
    help = "Send review reminders to the owners of overdue services (at most once a week per service)."

    def handle(self, *args, **options):
        sent = services.review_reminders_send()
        self.stdout.write(f"{sent} review reminders sent.")
