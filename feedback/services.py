"""Writes of feedback: answers, triage, satisfaction for the feed, comment purge, review reminders."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catalogue.models import Channel
from common.counters import counter_flush_due, window_hit
from feedback import selectors
from feedback.models import COMMENT_MAX, FeedbackAnswer, ServiceOwnership, ServiceSatisfaction, TriageItem
from publication.services import publication_refresh_many

logger = logging.getLogger(__name__)

SATISFACTION_DAYS = 90
SATISFACTION_MIN_ANSWERS = 10
RECOMPUTE_NAMESPACE = "feedback-satisfaction"


class FeedbackInvalid(Exception):
    """An answer that cannot be stored; ``field`` names the part at fault (the API's error shape)."""

    def __init__(self, *, field: str, message: str, code: str = "invalid"):
        super().__init__(message)
        self.field = field
        self.message = message
        self.code = code


@dataclass(frozen=True)
class AnswerInput:
    service: str
    lang: str
    useful: bool
    channel: str | None = None
    rating: int | None = None
    comment: str | None = None


def feedback_rate_limit_hit(*, client: str) -> bool:
    """Count an answer from ``client``; False when it is over the limit for the window.

    The count lives in CACHES["counters"] (every process shares it), one key per window."""
    limit = settings.FEEDBACK_RATE_LIMIT_COUNT
    if not limit:
        return True
    count, _retry_after = window_hit(key=f"feedback-rl:{client}", window=settings.FEEDBACK_RATE_LIMIT_WINDOW_SECONDS)
    return count <= limit


def _clean_comment(raw: str | None) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise FeedbackInvalid(field="comment", message=_("The comment must be text."))
    if len(raw) > COMMENT_MAX:
        raise FeedbackInvalid(
            field="comment", message=_("The comment is too long: at most %(max)s characters.") % {"max": COMMENT_MAX}
        )
    # Stored as the plain text it is: editors see it escaped, nothing ever renders it as HTML.
    return raw.replace("\x00", "").strip()


def feedback_answer_create(*, data: AnswerInput, source: str) -> FeedbackAnswer:
    """Validate and store one answer (and its triage item when it has a comment), all or nothing."""
    service = selectors.feedback_service_get(code=data.service) if isinstance(data.service, str) else None
    if service is None:
        raise FeedbackInvalid(field="service", code="unknown_service", message=_("There is no service with this code."))
    if data.lang not in ("ar", "en"):
        raise FeedbackInvalid(field="lang", message=_("The language must be ar or en."))
    if not isinstance(data.useful, bool):
        raise FeedbackInvalid(field="useful", message=_("Say whether the page was useful (true or false)."))
    channel = None
    if data.channel:
        channel = Channel.objects.filter(code=data.channel).first() if isinstance(data.channel, str) else None
        if channel is None:
            raise FeedbackInvalid(
                field="channel", code="unknown_channel", message=_("There is no channel with this code.")
            )
    rating = data.rating
    if rating is not None and (isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5):
        raise FeedbackInvalid(field="rating", message=_("The rating must be a whole number from 1 to 5."))
    comment = _clean_comment(data.comment)
    with transaction.atomic():
        answer = FeedbackAnswer.objects.create(
            service_code=service.code,
            department_id=service.department_id,
            lang=data.lang,
            useful=data.useful,
            channel=channel,
            rating=rating,
            comment=comment,
            source=source,
        )
        if comment:
            TriageItem.objects.create(
                service_code=service.code,
                department_id=service.department_id,
                reason=TriageItem.Reason.COMMENT,
                answer=answer,
            )
        if counter_flush_due(namespace=RECOMPUTE_NAMESPACE, seconds=settings.FEEDBACK_RECOMPUTE_SECONDS):
            transaction.on_commit(_enqueue_recompute)
    return answer


def _enqueue_recompute() -> None:
    from feedback.tasks import feedback_recompute_task

    try:
        feedback_recompute_task.enqueue()
    except Exception:  # an answer is stored whatever happens to the periodic work
        logger.warning("Could not enqueue the feedback recompute", exc_info=True)


def _rounded(value, digits: int):
    return None if value is None else round(float(value), digits)


def satisfaction_compute(*, codes: list[str] | None = None, now: dt.datetime | None = None) -> dict[str, dict]:
    """{code: {"answers", "useful_share", "rating"}} over the last 90 days; nulls below 10 answers."""
    since = (now or timezone.now()) - dt.timedelta(days=SATISFACTION_DAYS)
    rows = FeedbackAnswer.objects.filter(created_at__gte=since)
    if codes is not None:
        rows = rows.filter(service_code__in=codes)
    figures = {}
    for row in rows.values("service_code").annotate(
        n=Count("pk"), yes=Count("pk", filter=Q(useful=True)), rating=Avg("rating")
    ):
        enough = row["n"] >= SATISFACTION_MIN_ANSWERS
        figures[row["service_code"]] = {
            "answers": row["n"],
            "useful_share": round(row["yes"] / row["n"], 3) if enough else None,
            "rating": _rounded(row["rating"], 2) if enough else None,
        }
    return figures


def satisfaction_refresh(*, now: dt.datetime | None = None) -> int:
    """Store the new satisfaction figures and republish only the services whose figures changed.

    Returns how many services were republished. Called periodically (feedback_recompute), never
    per answer, so an answer does not become a change in the feed's sync."""
    fresh = satisfaction_compute(now=now)
    changed: list[str] = []
    with transaction.atomic():
        stored = {row.service_code: row for row in ServiceSatisfaction.objects.select_for_update()}
        for code in sorted(set(fresh) | set(stored)):
            figures = fresh.get(code, {"answers": 0, "useful_share": None, "rating": None})
            row = stored.get(code)
            if row is not None and row.as_payload() == figures:
                continue
            if row is None:
                ServiceSatisfaction.objects.create(service_code=code, **figures)
            else:
                ServiceSatisfaction.objects.filter(pk=row.pk).update(**figures, computed_at=timezone.now())
            changed.append(code)
        if changed and settings.FEEDBACK_IN_FEED:
            publication_refresh_many(type_name="service", codes=changed)
    return len(changed)


def triage_refresh(*, now: dt.datetime | None = None) -> int:
    """Open a low-share item for each service under the threshold (one open item per service)."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=settings.FEEDBACK_TRIAGE_DAYS)
    opened = 0
    rows = (
        FeedbackAnswer.objects.filter(created_at__gte=since)
        .values("service_code", "department_id")
        .annotate(n=Count("pk"), yes=Count("pk", filter=Q(useful=True)))
        .filter(n__gte=settings.FEEDBACK_TRIAGE_MIN_ANSWERS)
    )
    already = set(
        TriageItem.objects.filter(reason=TriageItem.Reason.LOW_SHARE, state=TriageItem.State.OPEN).values_list(
            "service_code", flat=True
        )
    )
    with transaction.atomic():
        for row in rows:
            share = row["yes"] / row["n"]
            if share >= settings.FEEDBACK_TRIAGE_SHARE or row["service_code"] in already:
                continue
            TriageItem.objects.create(
                service_code=row["service_code"],
                department_id=row["department_id"],
                reason=TriageItem.Reason.LOW_SHARE,
                answers=row["n"],
                useful_share=round(share, 3),
            )
            already.add(row["service_code"])
            opened += 1
    return opened


def triage_item_resolve(*, item: TriageItem, user, action: str, reason: str = "", revision_id: int | None = None):
    """Mark an item done, link it to an edit (a revision of the service's page) or dismiss it."""
    if item.state != TriageItem.State.OPEN:
        raise FeedbackInvalid(field="action", message=_("This item has already been dealt with."))
    if action == "done":
        item.state = TriageItem.State.DONE
    elif action == "dismiss":
        reason = (reason or "").strip()
        if not reason:
            raise FeedbackInvalid(field="reason", message=_("Say why you dismiss this item."))
        item.state = TriageItem.State.DISMISSED
        item.dismiss_reason = reason[:300]
    elif action == "link":
        revisions = selectors.service_revisions(code=item.service_code)
        if revision_id not in {r.pk for r in revisions}:
            raise FeedbackInvalid(field="revision", message=_("Choose one of the service's edits."))
        item.state = TriageItem.State.LINKED
        item.revision_id = revision_id
    else:
        raise FeedbackInvalid(field="action", message=_("Unknown action."))
    item.resolved_by = user
    item.resolved_at = timezone.now()
    item.save()
    return item


def ownership_save(*, code: str, owner_user, owner_group, next_review: dt.date | None) -> ServiceOwnership:
    ownership, _created = ServiceOwnership.objects.update_or_create(
        service_code=code,
        defaults={"owner_user": owner_user, "owner_group": owner_group, "next_review": next_review},
    )
    return ownership


def comments_purge(*, now: dt.datetime | None = None) -> int:
    """Empty the comments older than FEEDBACK_COMMENT_RETENTION_DAYS; how many were emptied."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.FEEDBACK_COMMENT_RETENTION_DAYS)
    return (
        FeedbackAnswer.objects.filter(created_at__lt=cutoff).exclude(comment="").update(comment="", comment_purged=True)
    )


def review_reminders_send(*, today: dt.date | None = None, every_days: int = 7) -> int:
    """E-mail the owners of services whose review date has passed (at most once a week each).

    Returns how many e-mails were sent. Each owner gets one e-mail listing their overdue services."""
    today = today or timezone.localdate()
    by_address: dict[str, list] = {}
    reminded: list[str] = []
    for row in selectors.reviews_overdue(today=today):
        ownership = row.ownership
        if ownership is None:
            continue
        if ownership.last_reminded_on and (today - ownership.last_reminded_on).days < every_days:
            continue
        addresses = selectors.owner_addresses(ownership=ownership)
        for address in addresses:
            by_address.setdefault(address, []).append(row)
        if addresses:
            reminded.append(row.code)
    sent = 0
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    for address, rows in sorted(by_address.items()):
        with translation.override("ar"):
            lines = [f"- {r.code} {r.title} ({r.next_review.isoformat()})" for r in rows]
            body = "\n".join(
                [
                    _("These services are due for a content review:"),
                    *lines,
                    "",
                    _("Review them and set the next review date: %(url)s") % {"url": f"{base}/admin/feedback/reviews/"},
                ]
            )
            subject = _("%(n)s services due for review") % {"n": len(rows)}
        send_mail(str(subject), body, settings.DEFAULT_FROM_EMAIL, [address])
        sent += 1
    ServiceOwnership.objects.filter(service_code__in=reminded).update(last_reminded_on=today)
    return sent
