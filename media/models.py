"""Downloadable form templates, online forms, documents and images."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, RevisionMixin


class FormsIndexPage(Page):
    """Lists the downloadable forms and online forms of one locale."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("forms index")


class FormTemplate(RevisionMixin, models.Model):
    """A downloadable form (e.g. the standard lease contract), one file per language."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    file_ar = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("file (Arabic)")
    )
    file_en = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("file (English)")
    )
    version = models.CharField(_("version"), max_length=20, default="1.0")
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("title_ar"), FieldPanel("title_en")]),
        FieldRowPanel([FieldPanel("description_ar"), FieldPanel("description_en")]),
        FieldRowPanel([FieldPanel("file_ar"), FieldPanel("file_en")]),
        FieldRowPanel([FieldPanel("version"), FieldPanel("effective_date")]),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("form template")
        verbose_name_plural = _("form templates")

    def title_in(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_ar

    def __str__(self) -> str:
        return self.title_in(get_language() or "ar")
