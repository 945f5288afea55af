"""Empty the feedback comments older than FEEDBACK_COMMENT_RETENTION_DAYS."""

from django.core.management.base import BaseCommand

from feedback import services


class Command(BaseCommand):
    help = "Delete feedback comments older than FEEDBACK_COMMENT_RETENTION_DAYS (the answers stay)."

    def handle(self, *args, **options):
        purged = services.comments_purge()
        self.stdout.write(f"{purged} comments deleted.")
