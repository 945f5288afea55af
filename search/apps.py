from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_migrate

        from common.steps import register_bootstrap_step
        from search import signals
        from search.state import analysis_check
        from search.synonyms import synonyms_bootstrap

        signals.connect()
        # Entries built with another analysis (or before the postings existed) are rebuilt by
        # the deploy's `migrate`.
        post_migrate.connect(analysis_check, sender=self, dispatch_uid="search_analysis_check")
        # The starter synonym set (search/data/synonyms.tsv); groups editors already have are kept.
        register_bootstrap_step(synonyms_bootstrap, order=40)
