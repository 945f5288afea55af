from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "media"
    verbose_name = _("Forms and media")

    def ready(self):
        from common.steps import register_demo_step
        from media import representations, signals
        from media.demo import media_seed_demo

        representations.register()
        signals.connect()
        # After the catalogue's demo: the demo forms attach to its services.
        register_demo_step(media_seed_demo, order=20)
