from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatusConfig(AppConfig):
    """Live status of outlets and channels, and alerts (docs/CONTRACTS.md §6)."""

    name = "status"
    verbose_name = _("Live status and alerts")

    def ready(self):
        from common.steps import register_bootstrap_step, register_demo_step
        from status import representations, signals
        from status.bootstrap import status_bootstrap
        from status.demo import status_seed_demo

        representations.register()
        signals.connect()
        # After the catalogue's groups and workflow (10) and search's synonyms (40).
        register_bootstrap_step(status_bootstrap, order=50)
        register_demo_step(status_seed_demo, order=50)
