"""Demo answers, comments, owners and review dates, so that `make run` shows charts and triage items."""

import datetime as dt
import random

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from catalogue.models import ServiceChannel
from catalogue.selectors import live_services
from feedback import services
from feedback.models import FeedbackAnswer, ServiceOwnership, TriageItem

SERVICES = 40  # the first services by code get answers
WEEKS = 12
COMMENTS = [
    ("ar", "الانتظار عند الكاونتر طويل في الصباح."),
    ("ar", "لم أجد قائمة المستندات المطلوبة بوضوح."),
    ("en", "The fee on the page differs from what I paid."),
    ("en", "<b>Great</b> service, thank you"),
    ("en", '=HYPERLINK("http://example.com")'),
]


def feedback_seed_demo(*, stdout=None) -> int:
    """Idempotent: does nothing once demo answers exist. Returns how many answers were created."""
    if FeedbackAnswer.objects.exists():
        return 0
    rng = random.Random(16)
    pages = list(live_services().order_by("code")[:SERVICES])
    channels: dict[int, list[int]] = {}
    for link in ServiceChannel.objects.filter(page__in=pages).values("page_id", "channel_id"):
        channels.setdefault(link["page_id"], []).append(link["channel_id"])
    now = timezone.now()
    answers = []
    for index, page in enumerate(pages):
        # Every fifth service disappointed many people lately: it shows in its department's triage
        # queue (at least 20 answers in the last 30 days, under 60 % useful).
        disappoints = index % 5 == 2
        useful_rate = 0.4 if disappoints else 0.85
        span = 25 if disappoints else WEEKS * 7 - 1
        for _n in range(rng.randint(30, 45) if disappoints else rng.randint(8, 45)):
            useful = rng.random() < useful_rate
            answers.append(
                FeedbackAnswer(
                    service_code=page.code,
                    department_id=page.department_id,
                    lang=rng.choice(("ar", "ar", "en")),
                    useful=useful,
                    channel_id=rng.choice(channels.get(page.pk, [None])) if rng.random() < 0.7 else None,
                    rating=(rng.randint(3, 5) if useful else rng.randint(1, 3)) if rng.random() < 0.6 else None,
                    created_at=now - dt.timedelta(days=rng.uniform(0, span)),
                )
            )
    comments = 0
    with transaction.atomic():
        FeedbackAnswer.objects.bulk_create(answers)
        for (lang, text), page in zip(COMMENTS, pages[1::7], strict=False):
            comments += 1
            answer = FeedbackAnswer.objects.create(
                service_code=page.code,
                department_id=page.department_id,
                lang=lang,
                useful=False,
                comment=text,
                created_at=now - dt.timedelta(days=rng.randint(1, 20)),
            )
            TriageItem.objects.create(
                service_code=page.code,
                department_id=page.department_id,
                reason=TriageItem.Reason.COMMENT,
                answer=answer,
            )
        # Owners and review dates: a few services overdue for review, owned by their department's editors.
        today = timezone.localdate()
        for index, page in enumerate(pages[:12]):
            group = Group.objects.filter(name=f"Department editors: {page.department.code}").first()
            overdue = index % 3 == 0
            ServiceOwnership.objects.update_or_create(
                service_code=page.code,
                defaults={
                    "owner_group": group,
                    "next_review": today - dt.timedelta(days=10 + index) if overdue else today + dt.timedelta(days=60),
                },
            )
        complaints = _demo_complaints(pages=pages[:6])
    republished = services.satisfaction_refresh()
    triage = services.triage_refresh()
    if stdout is not None:
        stdout.write(
            f"Feedback: {len(answers) + comments} answers on {len(pages)} services, "
            f"{complaints} complaints naming a service, "
            f"{republished} services republished with satisfaction, {triage} low-share triage items.\n"
        )
    return len(answers) + comments


def _demo_complaints(*, pages) -> int:
    """Complaints through the demo complaint form that name a service by its code in their text."""
    from wagtail.contrib.forms.models import FormSubmission

    from media.models import OnlineFormPage

    form = OnlineFormPage.objects.filter(kind=OnlineFormPage.Kind.COMPLAINT, locale__language_code="ar").first()
    if form is None:
        return 0
    rows = [
        FormSubmission(
            page=form,
            form_data={
                "name": "متعامل تجريبي",
                "phone": "0500000000",
                "category": "أخرى",
                "details": f"تأخر إنجاز الخدمة {page.code} أكثر من المدة المعلنة.",
            },
        )
        for page in pages
    ]
    FormSubmission.objects.bulk_create(rows)
    return len(rows)
