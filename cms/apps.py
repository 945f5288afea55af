from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(sender, using="default", **kwargs):
    """The database cache needs its table; create it with every migrate so no step is forgotten."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")

    def ready(self):
        from cms import cache, checks, text  # noqa: F401  (checks register themselves on import)

        cache.connect()
        text.connect()
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="cms_create_cache_table")
