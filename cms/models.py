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

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import home_page_sections

        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_sections(home=self))
        return context


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
    """One change of the public content, in commit order (``seq``); read by feed sync.

    Only the newest upsert of an item carries its content (``payload``); earlier ones are emptied
    when a newer change is logged (``cms.publication.changelog_compact``) and sync skips them.
    """

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
        indexes = [
            # The feed's cache version of a type is its latest sequence number.
            models.Index(fields=["type", "seq"], name="changelog_type_seq"),
            # Compaction finds the upserts that still carry content; only those are indexed, so the
            # index stays as small as the live content however long the log grows.
            models.Index(
                fields=["type", "lang", "code"],
                name="changelog_upserts_with_payload",
                condition=models.Q(op="upsert", payload__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.op} {self.type}:{self.code}:{self.lang}"


# --- Export feed: webhooks and partner API keys (docs/feed.md) --------------------------------


class WebhookSubscription(models.Model):
    """A partner endpoint that receives each publish, unpublish or deletion, signed with its secret."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    # Empty = every type; otherwise publishable type names such as "service" or "news".
    types = models.JSONField(_("content types"), default=list, blank=True)
    # Empty = every event; otherwise "upsert" and/or "delete".
    events = models.JSONField(_("events"), default=list, blank=True)
    secret = models.CharField(_("signing secret"), max_length=128)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.name

    def wants(self, *, type_name: str, op: str) -> bool:
        return (not self.types or type_name in self.types) and (not self.events or op in self.events)


class WebhookDelivery(models.Model):
    """One signed POST of a batch of changes to one subscription, with its attempts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RETRYING = "retrying", _("Waiting to retry")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("subscription")
    )
    event_id = models.CharField(_("event id"), max_length=40, unique=True)
    event = models.CharField(_("event"), max_length=80)
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription}"


class FeedApiKey(models.Model):
    """A partner's key for the export feed, with its own rate limit. Only a hash of the key is kept."""

    name = models.CharField(_("partner"), max_length=100)
    prefix = models.CharField(_("key prefix"), max_length=12, editable=False, db_index=True)
    key_hash = models.CharField(max_length=64, editable=False, unique=True)
    requests_per_minute = models.PositiveIntegerField(_("requests per minute"), default=600)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("feed API key")
        verbose_name_plural = _("feed API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
