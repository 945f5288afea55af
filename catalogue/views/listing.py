"""The admin services listing (``/admin/services/``): Wagtail's page listing, with the queries it
makes cut to what stays fast with 100,000 services (issue 19, docs/scale.md)."""

from django.conf import settings
from django.db.models import Exists, OuterRef

from wagtail.admin.views.pages.listing import IndexView
from wagtail.models import Locale, Page, Site


class ServiceIndexView(IndexView):
    """Wagtail's ``IndexView`` for ``ServicePage``, five changes (and an index for its default
    order, ``catalogue/migrations/0005_page_latest_revision_index.py``):

    - a superuser may explore every page, so the permission filter (``pk IN (every page)``, a
      semi-join that the pagination count paid over the whole tree) is skipped for them; other
      users keep Wagtail's filter; unfiltered, they are counted on the service table alone;
    - rows are ``ServicePage`` already: no ``specific()`` pass, and their department and locale
      come with them (one query, not one per row);
    - "has an untranslated locale" looks up the translations among pages by the
      (translation_key, locale) index, not through a join with the service table;
    - the sites' root paths are read once for the rows' links, not once per row.
    See ``wagtail.admin.views.pages.listing.IndexView`` (Wagtail 8), which this follows.
    """

    def get_base_queryset(self):
        if not self.request.user.is_superuser:
            return super().get_base_queryset()
        # A service is never the tree's root (depth 1): without that filter, counting them for
        # the pagination reads the service table alone, not joined with every page.
        return self.annotate_queryset(self.model.objects.all())

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        if self.request.user.is_superuser and not (self.is_searching or self.is_filtering):
            # Every service: counted on the service table alone, not through the annotations'
            # join with the page table (a third of the time at 100,000 services).
            paginator.count = self.model.objects.count()
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Each row's status tag links to ``page.url``, which without a request reads the sites'
        # root paths from the cache once per page (a query each with the database cache).
        paths = Site.get_site_root_paths()
        for page in context["object_list"]:
            page._wagtail_cached_site_root_paths = paths
        return context

    def annotate_queryset(self, pages):
        pages = pages.prefetch_related("content_type", "sites_rooted_here").select_related("department", "locale")
        pages = pages.defer_streamfields()
        if getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            pages = pages.prefetch_workflow_states()
        if self.i18n_enabled:
            translations = Page.objects.filter(translation_key=OuterRef(OuterRef("translation_key")))
            pages = pages.annotate(
                _has_untranslated_locale=Exists(Locale.objects.exclude(id__in=translations.values("locale_id")))
            )
        return pages.annotate_site_root_state().annotate_approved_schedule()
