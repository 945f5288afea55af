from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatusConfig(AppConfig):
    """Live status of outlets and channels, and alerts (docs/CONTRACTS.md §6)."""

    name = "status"
    verbose_name = _("Live status and alerts")
