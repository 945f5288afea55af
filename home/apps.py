from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The home page of each locale and what it selects."""

    name = "home"
    verbose_name = _("Home")
