from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from common.steps import register_bootstrap_step
        from search import signals
        from search.synonyms import synonyms_bootstrap

        signals.connect()
        # The starter synonym set (search/data/synonyms.tsv); groups editors already have are kept.
        register_bootstrap_step(synonyms_bootstrap, order=40)
