from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """Building blocks every app may use (no app of the project is imported from here)."""

    name = "common"
    verbose_name = _("Common building blocks")
