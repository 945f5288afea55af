"""Partners of the export feed: webhook subscriptions, their deliveries, and API keys."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
        db_table = "cms_webhooksubscription"  # created when the feed lived in cms/
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
        db_table = "cms_webhookdelivery"  # created when the feed lived in cms/
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
        db_table = "cms_feedapikey"  # created when the feed lived in cms/
        ordering = ["name"]
        verbose_name = _("feed API key")
        verbose_name_plural = _("feed API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
