"""Reads of news, social posts and figures: listings, the editorial calendar, campaign reports."""

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, Sum
from django.utils import timezone

from wagtail.models import Revision

from common.listings import page_public_filter
from news.models import Campaign, Indicator, NewsPage, Platform, PostKind, PostStatus, SocialPost

METRICS = ("reach", "likes", "comments", "followers_gained")


def news_list(*, index, category: str = ""):
    """Public live news items under one index, newest first, optionally of one category."""
    items = (
        page_public_filter(pages=NewsPage.objects.child_of(index))
        .select_related("hero_image")
        .prefetch_related("categories")
    )
    if category:
        items = items.filter(categories__code=category)
    return items.order_by("-date", "-pk")


def indicator_live_list() -> list[Indicator]:
    return list(Indicator.objects.filter(live=True).prefetch_related("values").order_by("sort_order", "code"))


# --- Editorial calendar -------------------------------------------------------------------


@dataclass
class CalendarEntry:
    kind: str  # "post" or "news"
    when: dt.datetime
    title: str
    status: str
    obj: object = None
    lang: str = ""


@dataclass
class CalendarDay:
    date: dt.date
    in_month: bool
    entries: list[CalendarEntry] = field(default_factory=list)


@dataclass
class CalendarMonth:
    year: int
    month: int
    weeks: list[list[CalendarDay]]
    post_count: int
    news_count: int

    @property
    def previous(self) -> tuple[int, int]:
        return (self.year - 1, 12) if self.month == 1 else (self.year, self.month - 1)

    @property
    def next(self) -> tuple[int, int]:
        return (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)


def _month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, month, 1, tzinfo=tz)
    end = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start, end


def calendar_month(
    *, year: int, month: int, platform: str = "", kind: str = "", campaign: str = "", first_weekday: int = 5
) -> CalendarMonth:
    """Planned posts and scheduled or published news of one month, laid out in weeks.

    Weeks start on Saturday by default, as in the UAE. News items carry no platform or campaign,
    so they are shown only when neither of those filters is set.
    """
    start, end = _month_bounds(year, month)
    posts = SocialPost.objects.filter(planned_at__gte=start, planned_at__lt=end).select_related("campaign")
    if platform:
        posts = posts.filter(platform=platform)
    if kind:
        posts = posts.filter(kind=kind)
    if campaign:
        posts = posts.filter(campaign__code=campaign)
    entries = [
        CalendarEntry(kind="post", when=p.planned_at, title=str(p), status=p.status, obj=p)
        for p in posts.order_by("planned_at")
    ]
    news_count = 0
    if not platform and not campaign and kind in ("", PostKind.NEWS):
        # Scheduled: a revision approved to go live in this month.
        news_type = ContentType.objects.get_for_model(NewsPage)
        scheduled = Revision.objects.filter(
            content_type=news_type, approved_go_live_at__gte=start, approved_go_live_at__lt=end
        ).order_by("approved_go_live_at")
        pages = {
            p.pk: p
            for p in NewsPage.objects.filter(pk__in=[int(r.object_id) for r in scheduled]).select_related("locale")
        }
        for revision in scheduled:
            page = pages.get(int(revision.object_id))
            if page is not None:
                title = revision.content.get("title") or page.title
                entries.append(
                    CalendarEntry(
                        kind="news",
                        when=revision.approved_go_live_at,
                        title=title,
                        status="scheduled",
                        obj=page,
                        lang=page.lang,
                    )
                )
                news_count += 1
        published = NewsPage.objects.live().filter(date__gte=start.date(), date__lt=end.date()).select_related("locale")
        for page in published:
            when = dt.datetime.combine(page.date, dt.time(9), tzinfo=start.tzinfo)
            entries.append(
                CalendarEntry(kind="news", when=when, title=page.title, status="published", obj=page, lang=page.lang)
            )
            news_count += 1
    by_day: dict[dt.date, list[CalendarEntry]] = {}
    for entry in sorted(entries, key=lambda e: e.when):
        by_day.setdefault(timezone.localtime(entry.when).date(), []).append(entry)
    weeks = []
    for week in calendar.Calendar(firstweekday=first_weekday).monthdatescalendar(year, month):
        weeks.append([CalendarDay(date=d, in_month=d.month == month, entries=by_day.get(d, [])) for d in week])
    return CalendarMonth(
        year=year,
        month=month,
        weeks=weeks,
        post_count=len([e for e in entries if e.kind == "post"]),
        news_count=news_count,
    )


# --- Campaign report ----------------------------------------------------------------------


@dataclass
class CampaignReport:
    campaign: Campaign
    total: int
    by_kind: list[tuple[str, str, int]]  # (code, label, count), every choice listed
    by_platform: list[tuple[str, str, int]]
    by_status: list[tuple[str, str, int]]
    totals: dict[str, int]
    posts: list[SocialPost]


def _breakdown(posts, field_name: str, choices) -> list[tuple[str, str, int]]:
    counts = dict(posts.values_list(field_name).annotate(n=Count("pk")).values_list(field_name, "n"))
    return [(value, str(label), counts.get(value, 0)) for value, label in choices]


def campaign_report(*, campaign: Campaign) -> CampaignReport:
    """Posts of a campaign by kind, platform and status, with the totals of their figures."""
    posts = SocialPost.objects.filter(campaign=campaign)
    sums = posts.aggregate(total=Count("pk"), **{m: Sum(m) for m in METRICS})
    return CampaignReport(
        campaign=campaign,
        total=sums["total"],
        by_kind=_breakdown(posts, "kind", PostKind.choices),
        by_platform=[row for row in _breakdown(posts, "platform", Platform.choices) if row[2]] or [],
        by_status=_breakdown(posts, "status", PostStatus.choices),
        totals={m: sums[m] or 0 for m in METRICS},
        posts=list(posts.order_by("planned_at", "code")),
    )


def campaigns_with_counts():
    return Campaign.objects.annotate(
        post_count=Count("posts"), posted_count=Count("posts", filter=Q(posts__status=PostStatus.POSTED))
    )
