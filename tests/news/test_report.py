"""The campaign report counts posts by kind, platform and status and totals their figures."""

import csv
import io

import pytest

from news.selectors import campaign_report

pytestmark = pytest.mark.django_db


def counts(rows) -> dict:
    return {code: count for code, _label, count in rows}


def test_report_figures_on_the_known_campaign(known_campaign):
    report = campaign_report(campaign=known_campaign)
    assert report.total == 7
    assert counts(report.by_kind) == {"guidance": 2, "advert": 3, "news": 2}
    assert counts(report.by_status) == {"draft": 1, "scheduled": 2, "posted": 3, "archived": 1}
    assert counts(report.by_platform) == {"instagram": 5, "x": 1, "facebook": 1}
    assert report.totals == {"reach": 600, "likes": 60, "comments": 6, "followers_gained": 6}


def test_report_page_has_table_and_accessible_chart(admin_client, known_campaign):
    html = admin_client.get("/admin/news/campaigns/spring/report/").content.decode()
    assert "<svg" in html and "<title" in html and "<desc" in html
    assert '<table class="chart-data">' in html
    assert "<td>600</td>" in html  # total reach
    assert "<script" not in html.split('class="chart-figure"')[1]


def test_report_exports_csv(admin_client, known_campaign):
    response = admin_client.get("/admin/news/campaigns/spring/report/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["code", "platform", "kind", "status"]
    assert sorted(r[0] for r in rows[1:-1]) == ["june", "p1", "p2", "p3", "p4", "p5", "p6"]
    assert rows[-1][0] == "total" and rows[-1][7:11] == ["600", "60", "6", "6"]


def test_unknown_campaign_is_404(admin_client, bootstrapped):
    assert admin_client.get("/admin/news/campaigns/nope/report/", follow=True).status_code == 404


def test_report_csv_never_carries_a_live_formula(admin_client, known_campaign):
    from news.models import SocialPost

    post = SocialPost.objects.get(code="p1")
    SocialPost.objects.filter(pk=post.pk).update(caption_ar='\t=HYPERLINK("http://evil.example","اضغط")')
    response = admin_client.get("/admin/news/campaigns/spring/report/?format=csv")
    rows = {r[0]: r for r in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert rows["p1"][-1].startswith("'\t=HYPERLINK")
