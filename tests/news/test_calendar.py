"""The editorial calendar shows a month of planned posts and scheduled news, with filters."""

import datetime as dt

import pytest

from django.utils import timezone

from news.selectors import calendar_month
from tests.news.conftest import make_news

pytestmark = pytest.mark.django_db


def codes_by_day(month) -> dict:
    return {
        day.date.day: sorted(e.obj.code for e in day.entries if e.kind == "post")
        for week in month.weeks
        for day in week
        if day.in_month and day.entries
    }


def test_posts_land_on_their_planned_days(known_campaign):
    month = calendar_month(year=2030, month=5)
    assert codes_by_day(month) == {3: ["p1", "p2"], 10: ["o1", "p3"], 15: ["p6"], 20: ["p4"], 31: ["p5"]}
    assert month.post_count == 7
    # Weeks run Saturday to Friday; 1 May 2030 is a Wednesday.
    assert month.weeks[0][0].date == dt.date(2030, 4, 27)
    assert all(len(week) == 7 for week in month.weeks)


def test_filters_by_platform_kind_and_campaign(known_campaign):
    assert codes_by_day(calendar_month(year=2030, month=5, platform="x")) == {20: ["p4"]}
    assert codes_by_day(calendar_month(year=2030, month=5, kind="guidance")) == {3: ["p1", "p2"]}
    assert codes_by_day(calendar_month(year=2030, month=5, campaign="other")) == {10: ["o1"]}


def test_scheduled_news_appear_on_their_go_live_day(bootstrapped):
    go_live = timezone.now() + dt.timedelta(days=3)
    make_news("later", go_live_at=go_live, date=go_live.date())
    local = timezone.localtime(go_live)
    month = calendar_month(year=local.year, month=local.month)
    day = next(d for w in month.weeks for d in w if d.date == local.date())
    news = [e for e in day.entries if e.kind == "news"]
    assert {(e.status, e.lang) for e in news} == {("scheduled", "ar"), ("scheduled", "en")}
    # A platform filter hides news, which are not posted on a platform.
    assert calendar_month(year=local.year, month=local.month, platform="x").news_count == 0


def test_admin_calendar_page(admin_client, known_campaign):
    response = admin_client.get("/admin/news/calendar/?year=2030&month=5&platform=instagram")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-date="2030-05-03"' in html
    assert html.count('class="post status-') == 5  # p1 p2 p3 p6 o1 are on Instagram


def test_calendar_needs_permission(client, django_user_model, known_campaign):
    assert client.get("/admin/news/calendar/").status_code == 302  # to the login page
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("reader", password="pw-reader-12345")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/news/calendar/").status_code in (302, 403)
    assert client.get("/admin/news/campaigns/spring/report/").status_code in (302, 403)
    user.user_permissions.add(Permission.objects.get(codename="view_socialpost"))
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    assert client.get("/admin/news/calendar/").status_code == 200
