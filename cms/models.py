"""Site-wide pages: the home page of each locale."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """The root page of a locale (``/ar/``, ``/en/``)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["catalogue.CatalogueIndexPage", "news.NewsIndexPage", "media.FormsIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 2

    class Meta:
        verbose_name = _("home page")


class Publication(models.Model):
    """What the outside world sees of one live item in one language: its rendered representation.

    Written by ``cms.publication`` in the same transaction as the edit that changed it; the feed,
    snapshots and search documents read these rows, never the page models.
    """

    type = models.CharField(max_length=30)
    code = models.CharField(max_length=80)
    lang = models.CharField(max_length=5)
    payload = models.JSONField()
    etag = models.CharField(max_length=64)
    # Denormalised filter keys, "|a|b|" so that a LIKE '%|a|%' matches one code exactly.
    department = models.CharField(max_length=50, blank=True, db_index=True)
    channels = models.CharField(max_length=500, blank=True)
    audiences = models.CharField(max_length=300, blank=True)
    search_text = models.TextField(blank=True)
    updated_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["type", "lang", "code"], name="unique_publication")]
        indexes = [models.Index(fields=["type", "lang", "code"], name="publication_list")]

    def __str__(self) -> str:
        return f"{self.type}:{self.code}:{self.lang}"


class ChangeLog(models.Model):
    """One change of the public content, in commit order (``seq``); read by feed sync."""

    class Op(models.TextChoices):
        UPSERT = "upsert"
        DELETE = "delete"

    seq = models.BigAutoField(primary_key=True)
    type = models.CharField(max_length=30)
    code = models.CharField(max_length=80)
    lang = models.CharField(max_length=5)
    op = models.CharField(max_length=10, choices=Op.choices)
    reason = models.CharField(max_length=20, blank=True)
    payload = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.op} {self.type}:{self.code}:{self.lang}"
