"""Periodic feedback work for cron: satisfaction in the feed, triage, comment purge, reminders."""

from django.core.management.base import BaseCommand

from feedback import services


class Command(BaseCommand):
    help = "Recompute satisfaction and triage; with --daily also purge old comments and send review reminders."

    def add_arguments(self, parser):
        parser.add_argument("--daily", action="store_true", help="Also purge old comments and remind owners.")

    def handle(self, *args, daily=False, **options):
        republished = services.satisfaction_refresh()
        triage = services.triage_refresh()
        summary = f"{republished} services republished with new satisfaction, {triage} triage items opened"
        if daily:
            purged = services.comments_purge()
            sent = services.review_reminders_send()
            summary += f", {purged} comments deleted, {sent} review reminders sent"
        self.stdout.write(summary + ".")
