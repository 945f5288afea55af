"""The home page of each locale."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from common.models import RoutedPageMixin


class HomePage(RoutedPageMixin, Page):
    """The root page of a locale (``/ar/``, ``/en/``)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["catalogue.CatalogueIndexPage", "news.NewsIndexPage", "media.FormsIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 2

    class Meta:
        # The table of the days when the home page lived in cms/: no data moved.
        db_table = "cms_homepage"
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from home.selectors import home_page_sections

        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_sections(home=self))
        return context
