"""Scheduled publishing and expiry of news and posts reach the feed through the scheduler."""

import datetime as dt

import pytest

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Revision

from news.models import NewsPage, PostStatus, SocialPost
from news.services import social_post_save
from publication.models import ChangeLog, Publication
from tests.news.conftest import make_news

pytestmark = pytest.mark.django_db


def live_codes(type_name: str) -> set[str]:
    return set(Publication.objects.filter(type=type_name).values_list("code", flat=True))


def move_schedule_to_the_past() -> None:
    # Stands in for the clock passing the scheduled time (both the approval and the revision's own date).
    past = timezone.now() - dt.timedelta(minutes=1)
    for revision in Revision.objects.filter(approved_go_live_at__isnull=False):
        revision.approved_go_live_at = past
        revision.content["go_live_at"] = past.isoformat()
        revision.save()


def test_scheduled_news_goes_live_when_the_scheduler_runs(bootstrapped):
    make_news("soon", go_live_at=timezone.now() + dt.timedelta(days=2))
    page = NewsPage.objects.get(code="soon", locale__language_code="ar")
    assert not page.live and "soon" not in live_codes("news")
    call_command("publish_scheduled")
    assert "soon" not in live_codes("news")  # not yet time
    move_schedule_to_the_past()
    call_command("publish_scheduled")
    assert "soon" in live_codes("news")
    assert set(ChangeLog.objects.filter(type="news", code="soon", op="upsert").values_list("lang", flat=True)) == {
        "ar",
        "en",
    }


def test_expired_news_leaves_the_feed_as_expired(bootstrapped):
    make_news("short-lived")
    page = NewsPage.objects.get(code="short-lived", locale__language_code="ar")
    NewsPage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - dt.timedelta(minutes=1))
    call_command("publish_scheduled")
    assert not Publication.objects.filter(type="news", code="short-lived", lang="ar").exists()
    change = ChangeLog.objects.filter(type="news", code="short-lived", lang="ar").order_by("-seq").first()
    assert (change.op, change.reason) == ("delete", "expired")


def test_scheduled_post_publishes_on_time(bootstrapped):
    post = SocialPost(
        code="timed",
        caption_ar="نص",
        status=PostStatus.POSTED,
        post_url="https://example.org/p/timed",
        planned_at=timezone.now(),
        go_live_at=timezone.now() + dt.timedelta(hours=5),
    )
    social_post_save(post=post)
    assert not SocialPost.objects.get(code="timed").live and "timed" not in live_codes("social-post")
    move_schedule_to_the_past()
    call_command("publish_scheduled")
    assert "timed" in live_codes("social-post")
