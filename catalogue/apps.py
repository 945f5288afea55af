from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Service catalogue")

    def ready(self):
        from catalogue import representations, selectors, signals
        from catalogue.demo import catalogue_seed_demo
        from catalogue.reference_data import reference_data_bootstrap
        from common.steps import register_bootstrap_step, register_demo_step
        from publication.registry import register_facet

        representations.register()
        # Search names its department, channel and audience facets through the registry.
        for facet in ("department", "channel", "audience"):
            register_facet(facet, lambda lang, facet=facet: selectors.reference_names(kind=facet, lang=lang))
        signals.connect()
        # Reference data first; the demo services need the departments and channels it creates.
        register_bootstrap_step(reference_data_bootstrap, order=10)
        register_demo_step(catalogue_seed_demo, order=10)
