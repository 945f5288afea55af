"""Live status of outlets and channels, alerts, and the API keys of other systems (docs/status.md).

A status is one row per (kind, code): the outlet or channel is open unless its row says limited or
closed. Its history is Wagtail's audit log (``status.change`` and ``status.expire`` actions).
Alerts are moderated snippets (draft, revisions, workflow); urgent ones may be published at once
by the duty officers.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin

from common.models import FROZEN_CODE, code_frozen

code_validator = RegexValidator(r"^[a-z0-9]+(-[a-z0-9]+)*$", _("Use lower-case letters, digits and hyphens."))


class Kind(models.TextChoices):
    OUTLET = "outlet", _("Outlet")
    CHANNEL = "channel", _("Channel")


class State(models.TextChoices):
    OPEN = "open", _("Open")
    LIMITED = "limited", _("Limited")
    CLOSED = "closed", _("Closed")


class Reason(models.TextChoices):
    MAINTENANCE = "maintenance", _("Maintenance")
    HOLIDAY = "holiday", _("Holiday")
    WEATHER = "weather", _("Weather")
    SYSTEM_OUTAGE = "system-outage", _("System outage")
    OTHER = "other", _("Other")


class ApiKey(models.Model):
    """A key another system presents as ``Authorization: Bearer <key>``. Only its hash is kept."""

    class Scope(models.TextChoices):
        FEED_READ = "feed:read", _("Read the feed")
        STATUS_WRITE = "status:write", _("Set live statuses")
        FEEDBACK_READ = "feedback:read", _("Read feedback")

    PREFIX = "bal_"

    name = models.CharField(_("name"), max_length=100, unique=True, validators=[code_validator])
    prefix = models.CharField(_("key prefix"), max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        # Keys are 256 random bits: a plain SHA-256 cannot be brute-forced, and lookup stays one query.
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def generate(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class LiveStatus(models.Model):
    """The current status of one outlet or channel (no row, or state open: open)."""

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=50)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    message_ar = models.CharField(_("message (Arabic)"), max_length=500, blank=True)
    message_en = models.CharField(_("message (English)"), max_length=500, blank=True)
    since = models.DateTimeField(_("since"), default=timezone.now)
    # Indexed: the expiry sweep is one range query on it (only non-open rows have one).
    until = models.DateTimeField(_("until"), null=True, blank=True, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_by_key = models.ForeignKey(
        ApiKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("changed by key")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="unique_live_status")]
        ordering = ["kind", "code"]
        verbose_name = _("live status")
        verbose_name_plural = _("live statuses")
        permissions = [("set_live_status", _("Can set the live status of outlets and channels"))]

    def __str__(self) -> str:
        return f"{self.kind}:{self.code} {self.state}"

    def message_in(self, lang: str) -> str:
        return (self.message_en or self.message_ar) if lang == "en" else self.message_ar

    def contract(self, lang: str) -> dict:
        """The status in docs/CONTRACTS.md §6's shape, message in ``lang``."""
        if self.state == State.OPEN:
            return status_open()
        return {
            "state": self.state,
            "message": self.message_in(lang) or None,
            "reason": self.reason or None,
            "since": iso(self.since),
            "until": iso(self.until) if self.until else None,
        }


def iso(moment) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def status_open() -> dict:
    return {"state": State.OPEN.value, "message": None, "reason": None, "since": None, "until": None}


class Alert(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """A bilingual notice shown on the pages in its scope and carried by the feed while it runs."""

    class Level(models.TextChoices):
        INFO = "info", _("Information")
        WARNING = "warning", _("Warning")
        URGENT = "urgent", _("Urgent")

    class Scope(models.TextChoices):
        SITE = "site", _("The whole site")
        DEPARTMENT = "department", _("A department")
        SERVICE = "service", _("A service")
        CHANNEL = "channel", _("A channel")
        OUTLET = "outlet", _("An outlet")

    class Phase(models.TextChoices):
        # Where the sweep last saw the published alert, so it acts once at its start and its end.
        SCHEDULED = "scheduled"
        RUNNING = "running"
        ENDED = "ended"

    code = models.SlugField(
        _("code"),
        max_length=80,
        unique=True,
        validators=[code_validator],
        help_text=_("A stable identifier used by the apps, e.g. kiosks-down-2026-03-01."),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.INFO)
    scope_type = models.CharField(_("scope"), max_length=12, choices=Scope.choices, default=Scope.SITE)
    scope_code = models.CharField(
        _("scope code"),
        max_length=50,
        blank=True,
        help_text=_("The code of the department, service, channel or outlet; empty for the whole site."),
    )
    title_ar = models.CharField(_("title (Arabic)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_ar = RichTextField(_("body (Arabic)"), blank=True, features=["bold", "italic", "link"])
    body_en = RichTextField(_("body (English)"), blank=True, features=["bold", "italic", "link"])
    starts_at = models.DateTimeField(_("starts at"), default=timezone.now, db_index=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True, db_index=True)
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.SCHEDULED, editable=False)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("code"),
                FieldPanel("level"),
                FieldRowPanel([FieldPanel("scope_type"), FieldPanel("scope_code")]),
            ],
            heading=_("Alert"),
        ),
        FieldRowPanel([FieldPanel("title_ar"), FieldPanel("title_en")]),
        FieldPanel("body_ar"),
        FieldPanel("body_en"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading=_("When")),
    ]

    class Meta:
        ordering = ["-starts_at", "code"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        permissions = [("publish_any_alert", _("Can publish info and warning alerts without moderation"))]

    def __str__(self) -> str:
        return f"{self.code} · {self.title_in(get_language() or 'ar')}"

    def title_in(self, lang: str) -> str:
        return (self.title_en or self.title_ar) if lang == "en" else self.title_ar

    def body_in(self, lang: str) -> str:
        return (self.body_en or self.body_ar) if lang == "en" else self.body_ar

    def clean(self):
        super().clean()
        from status.validation import alert_problems

        errors = alert_problems(self)
        if code_frozen(self):
            errors.setdefault("code", []).append(FROZEN_CODE)
        if errors:
            raise ValidationError(errors)
