from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from search import signals

        # Each content app declares its search document classes in its own documents.py.
        autodiscover_modules("documents")
        signals.connect()
