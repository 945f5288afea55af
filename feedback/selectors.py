"""Reads of feedback: figures per service, channel, department and week, complaints naming a
service, triage queues, review dates. Every admin read takes the departments the user may see."""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Revision

from catalogue.models import Channel, Department, ServicePage
from catalogue.selectors import live_services, service_editable_list
from common.listings import page_public_filter
from feedback.models import FeedbackAnswer, ServiceOwnership, TriageItem
from media.models import OnlineFormPage

# A complaint names a service by its code, in a field called "service" or anywhere in its text.
_CODE_SEARCH = re.compile(r"\b[A-Z]{2,5}(?:-[A-Z0-9]{1,8}){1,2}\b")


def feedback_service_get(*, code: str):
    """The live, public Arabic page of a service (the one people can answer about), or None.

    A page under a view restriction is not offered: its form would show its title to anyone."""
    if not code or len(code) > 24:
        return None
    return page_public_filter(pages=live_services().filter(code=code)).only("pk", "code", "department_id").first()


def departments_for(*, user) -> list[Department]:
    """The departments whose feedback the user may see: those of the services they may edit."""
    if user.is_superuser:
        return list(Department.objects.order_by("code"))
    ids = service_editable_list(user=user).values("department_id")
    return list(Department.objects.filter(pk__in=ids).order_by("code"))


def answers_in(*, departments, since: dt.datetime, code: str | None = None):
    rows = FeedbackAnswer.objects.filter(department__in=departments, created_at__gte=since)
    return rows.filter(service_code=code) if code else rows


def _figures(row) -> dict:
    n = row["n"]
    return {
        "answers": n,
        "useful": row["yes"],
        "useful_share": round(row["yes"] / n, 3) if n else None,
        "rating": round(float(row["rating"]), 2) if row["rating"] is not None else None,
        "comments": row["comments"],
    }


_AGG = {
    "n": Count("pk"),
    "yes": Count("pk", filter=Q(useful=True)),
    "rating": Avg("rating"),
    "comments": Count("pk", filter=~Q(comment="")),
}


def service_titles(*, codes, lang: str) -> dict[str, str]:
    pages = ServicePage.objects.filter(code__in=list(codes), locale__language_code=lang).values_list("code", "title")
    titles = dict(pages)
    if lang != "ar":  # a service without an English copy keeps its Arabic title
        missing = [c for c in codes if c not in titles]
        titles.update(service_titles(codes=missing, lang="ar") if missing else {})
    return titles


def figures_per_service(*, departments, since: dt.datetime, lang: str) -> list[dict]:
    """One row per service that received answers: figures, complaints naming it, its title."""
    rows = list(
        answers_in(departments=departments, since=since)
        .values("service_code", "department__code")
        .annotate(**_AGG)
        .order_by("service_code")
    )
    codes = [r["service_code"] for r in rows]
    titles = service_titles(codes=codes, lang=lang)
    complaints = complaints_per_service(departments=departments, since=since)
    result = []
    for row in rows:
        code = row["service_code"]
        result.append(
            {
                "code": code,
                "title": titles.get(code, code),
                "department": row["department__code"] or "",
                "complaints": complaints.get(code, 0),
                **_figures(row),
            }
        )
    # Services with complaints but no answers still appear: the same per-service view.
    for code in sorted(set(complaints) - set(codes)):
        titles.update(service_titles(codes=[code], lang=lang))
        page = live_services().filter(code=code).select_related("department").first()
        result.append(
            {
                "code": code,
                "title": titles.get(code, code),
                "department": page.department.code if page else "",
                "complaints": complaints[code],
                **_figures({"n": 0, "yes": 0, "rating": None, "comments": 0}),
            }
        )
    return result


def figures_per_channel(*, departments, since: dt.datetime, lang: str) -> list[dict]:
    rows = answers_in(departments=departments, since=since).exclude(channel=None).values("channel_id").annotate(**_AGG)
    by_id = {r["channel_id"]: r for r in rows}
    return [
        {"code": c.code, "name": c.name_in(lang), **_figures(by_id[c.pk])}
        for c in Channel.objects.filter(pk__in=by_id).order_by("sort_order", "code")
    ]


def figures_per_department(*, departments, since: dt.datetime, lang: str) -> list[dict]:
    rows = answers_in(departments=departments, since=since).values("department_id").annotate(**_AGG)
    by_id = {r["department_id"]: r for r in rows}
    return [{"code": d.code, "name": d.name_in(lang), **_figures(by_id[d.pk])} for d in departments if d.pk in by_id]


def figures_per_week(*, departments, since: dt.datetime, code: str | None = None) -> list[dict]:
    """Answers and useful share per week (weeks start on Monday), oldest first, empty weeks included."""
    rows = (
        answers_in(departments=departments, since=since, code=code)
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(**_AGG)
    )
    by_week = {}
    for row in rows:
        week = row["week"]
        week = timezone.localtime(week).date() if isinstance(week, dt.datetime) else week
        by_week[week] = row
    start = timezone.localtime(since).date()
    start -= dt.timedelta(days=start.weekday())
    today = timezone.localdate()
    weeks = []
    while start <= today:
        row = by_week.get(start, {"n": 0, "yes": 0, "rating": None, "comments": 0})
        weeks.append({"week": start, **_figures(row)})
        start += dt.timedelta(days=7)
    return weeks


def complaints_per_service(*, departments, since: dt.datetime, code: str | None = None) -> dict[str, int]:
    """How many complaints (the complaint online forms) name each service of these departments."""
    known = set(live_services().filter(department__in=departments).values_list("code", flat=True))
    pages = OnlineFormPage.objects.filter(kind=OnlineFormPage.Kind.COMPLAINT).values("pk")
    counts: dict[str, int] = {}
    submissions = FormSubmission.objects.filter(page__in=pages, submit_time__gte=since).values_list(
        "form_data", flat=True
    )
    for data in submissions.iterator(chunk_size=2000):
        for named in complaint_services(data=data or {}) & known:
            if code is None or named == code:
                counts[named] = counts.get(named, 0) + 1
    return counts


def complaint_services(*, data: dict) -> set[str]:
    """The service codes a complaint names: its "service" field, or codes written in its text."""
    field = data.get("service") or data.get("service_code")
    if isinstance(field, str) and field.strip():
        return {field.strip().upper()}
    found = set()
    for value in data.values():
        if isinstance(value, str):
            found.update(_CODE_SEARCH.findall(value))
    return found


def comments_of(*, departments, code: str, limit: int = 50):
    return (
        FeedbackAnswer.objects.filter(department__in=departments, service_code=code)
        .exclude(comment="")
        .select_related("channel")
        .order_by("-created_at")[:limit]
    )


def triage_items(*, departments, state: str = TriageItem.State.OPEN):
    return TriageItem.objects.filter(department__in=departments, state=state).select_related("answer", "department")


def service_revisions(*, code: str, limit: int = 10) -> list[Revision]:
    """The latest edits of a service's pages (both languages), newest first."""
    pages = ServicePage.objects.filter(code=code).values_list("pk", flat=True)
    return list(
        Revision.page_revisions.filter(object_id__in=[str(pk) for pk in pages])
        .select_related("user")
        .order_by("-created_at")[:limit]
    )


def add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class ReviewRow:
    code: str
    title: str
    department: Department
    page_id: int
    next_review: dt.date
    ownership: ServiceOwnership | None

    @property
    def owner(self):
        if self.ownership is None:
            return None
        return self.ownership.owner_user or self.ownership.owner_group


def review_rows(*, departments=None, lang: str = "ar") -> list[ReviewRow]:
    """Every live service with its owner and next review date (the default when none is set)."""
    services = live_services().select_related("department").order_by("code")
    if departments is not None:
        services = services.filter(department__in=departments)
    pages = list(services.only("pk", "code", "title", "department", "last_published_at", "first_published_at"))
    owned = {
        o.service_code: o
        for o in ServiceOwnership.objects.filter(service_code__in=[p.code for p in pages]).select_related(
            "owner_user", "owner_group"
        )
    }
    titles = service_titles(codes=[p.code for p in pages], lang=lang) if lang != "ar" else {}
    rows = []
    for page in pages:
        ownership = owned.get(page.code)
        published = page.last_published_at or page.first_published_at or timezone.now()
        due = (ownership.next_review if ownership else None) or add_months(
            timezone.localtime(published).date(), settings.FEEDBACK_REVIEW_MONTHS
        )
        rows.append(
            ReviewRow(
                code=page.code,
                title=titles.get(page.code, page.title),
                department=page.department,
                page_id=page.pk,
                next_review=due,
                ownership=ownership,
            )
        )
    return rows


def reviews_overdue(*, today: dt.date | None = None, departments=None, lang: str = "ar") -> list[ReviewRow]:
    today = today or timezone.localdate()
    return [row for row in review_rows(departments=departments, lang=lang) if row.next_review < today]


def owned_by(*, row: ReviewRow, user) -> bool:
    ownership = row.ownership
    if ownership is None:
        return False
    if ownership.owner_user_id == user.pk:
        return True
    return ownership.owner_group_id is not None and user.groups.filter(pk=ownership.owner_group_id).exists()


def owner_addresses(*, ownership: ServiceOwnership) -> list[str]:
    """Where a reminder goes: the owner's e-mail, or the e-mails of the owning group's members."""
    if ownership.owner_user and ownership.owner_user.is_active and ownership.owner_user.email:
        return [ownership.owner_user.email]
    if ownership.owner_group:
        return sorted(
            set(ownership.owner_group.user_set.filter(is_active=True).exclude(email="").values_list("email", flat=True))
        )
    return []


def satisfaction_for(*, codes: list[str]) -> dict[str, dict]:
    """The stored satisfaction figures of these services (one query), for the feed."""
    from feedback.models import ServiceSatisfaction

    return {row.service_code: row.as_payload() for row in ServiceSatisfaction.objects.filter(service_code__in=codes)}
