from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    """The catalogue as open data: CPSV-AP JSON-LD and Turtle, CSV, DCAT-AP (CONTRACTS §8)."""

    name = "opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        from opendata import signals

        signals.connect()
