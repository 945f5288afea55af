from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedConfig(AppConfig):
    """The export feed: API, sync, webhooks, snapshots and partners' API keys."""

    name = "feed"
    verbose_name = _("Export feed")

    def ready(self):
        from feed import http, webhooks

        # Readers of the pipeline: each commit's changes go out to webhooks and refresh the
        # feed's response cache. Every process (web, worker, commands) runs ready().
        webhooks.connect()
        http.connect()
