from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    """The publication pipeline: Publication, ChangeLog and the registry of publishable types."""

    name = "publication"
    verbose_name = _("Publication")
    default_auto_field = "django.db.models.BigAutoField"
