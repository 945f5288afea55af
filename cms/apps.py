from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(sender, using="default", **kwargs):
    """The database cache needs its table; create it with every migrate so no step is forgotten."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CmsConfig(AppConfig):
    """The project shell: settings, urls, base templates, bootstrap, deployment checks."""

    name = "cms"
    verbose_name = _("Site")

    def ready(self):
        from cms import checks  # noqa: F401  (the deployment checks register themselves on import)
        from common import pagecache, text
        from publication.signals import publication_committed

        pagecache.connect(publication_committed=publication_committed)
        # The router keeps the Site rows in the cache (cms/routing.py); a change to one clears them.
        from django.db.models.signals import post_delete, post_save

        from wagtail.models import Site

        from cms.routing import sites_cache_clear

        for signal in (post_save, post_delete):
            signal.connect(sites_cache_clear, sender=Site, dispatch_uid=f"cms_sites_cache_{signal is post_save}")
        text.connect()
        # The shell has no models, so Django sends it no post_migrate: hang the cache table on the
        # pipeline's app, which every installation migrates.
        post_migrate.connect(
            create_cache_table, sender=apps.get_app_config("publication"), dispatch_uid="cms_create_cache_table"
        )
