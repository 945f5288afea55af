"""Citizens' answers to "was this page useful?", the triage queue they feed, service ownership and
review dates, and the satisfaction figures the feed carries (docs/CONTRACTS.md §7, docs/feedback.md).

Services are referred to by their code, the identifier that never changes (a page can be moved,
translated or re-created by an import); the department is kept on each row so that every report
is scoped by department without reading the page tree.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

COMMENT_MAX = 1000


class FeedbackAnswer(models.Model):
    """One answer from the public: useful or not, and optionally the channel, a rating and a comment.

    No personal data: no name, no address, no account; the client's address is never stored."""

    class Source(models.TextChoices):
        SITE = "site", _("Website")
        API = "api", _("App (API)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service_code = models.CharField(_("service"), max_length=24, db_index=True)
    department = models.ForeignKey(
        "catalogue.Department", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("department")
    )
    lang = models.CharField(_("language"), max_length=5)
    useful = models.BooleanField(_("useful"))
    channel = models.ForeignKey(
        "catalogue.Channel",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("channel"),
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    # Plain text, never published, shown escaped to editors and emptied after the retention period.
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX, blank=True)
    comment_purged = models.BooleanField(_("comment deleted"), default=False)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.SITE)
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False, db_index=True)

    class Meta:
        verbose_name = _("feedback answer")
        verbose_name_plural = _("feedback answers")
        indexes = [models.Index(fields=["service_code", "created_at"], name="feedback_service_time")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="feedback_rating_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_code} {'+' if self.useful else '-'} {self.created_at:%Y-%m-%d}"


class TriageItem(models.Model):
    """Something in a service's feedback that its department should look at."""

    class Reason(models.TextChoices):
        LOW_SHARE = "low-share", _("Few people find it useful")
        COMMENT = "comment", _("A comment was left")

    class State(models.TextChoices):
        OPEN = "open", _("To triage")
        DONE = "done", _("Done")
        LINKED = "linked", _("Linked to an edit")
        DISMISSED = "dismissed", _("Dismissed")

    service_code = models.CharField(_("service"), max_length=24, db_index=True)
    department = models.ForeignKey(
        "catalogue.Department", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("department")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    answer = models.ForeignKey(
        FeedbackAnswer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("answer")
    )
    # For a low useful share: the figures that raised it (answers, share) at the time.
    answers = models.PositiveIntegerField(_("answers"), default=0)
    useful_share = models.FloatField(_("useful share"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN, db_index=True)
    dismiss_reason = models.CharField(_("reason for dismissing"), max_length=300, blank=True)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edit"),
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    created_at = models.DateTimeField(_("raised"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("triage item")
        verbose_name_plural = _("triage items")
        ordering = ["-created_at"]
        constraints = [
            # One open low-share item per service: the periodic check must not pile them up.
            models.UniqueConstraint(
                fields=["service_code"],
                condition=models.Q(state="open", reason="low-share"),
                name="feedback_one_open_low_share",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_code}: {self.get_reason_display()}"


class ServiceOwnership(models.Model):
    """Who owns a service's content and when it is next reviewed (the department is the page's).

    A service without a row, or without a date, is due six months (FEEDBACK_REVIEW_MONTHS) after
    it was last published."""

    service_code = models.CharField(_("service"), max_length=24, unique=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner (person)"),
    )
    owner_group = models.ForeignKey(
        "auth.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner (group)"),
    )
    next_review = models.DateField(
        _("next review"), null=True, blank=True, help_text=_("Leave empty for six months after publishing.")
    )
    last_reminded_on = models.DateField(_("last reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("service ownership")
        verbose_name_plural = _("service ownership")

    def __str__(self) -> str:
        return self.service_code


class ServiceSatisfaction(models.Model):
    """The satisfaction figures last published in the feed for a service (recomputed periodically)."""

    service_code = models.CharField(max_length=24, unique=True)
    answers = models.PositiveIntegerField(default=0)
    useful_share = models.FloatField(null=True)
    rating = models.FloatField(null=True)
    computed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.service_code}: {self.answers}"

    def as_payload(self) -> dict:
        return {"answers": self.answers, "useful_share": self.useful_share, "rating": self.rating}
