"""The demo content: the municipality's figures, news that show them, the 84-post campaign."""

import io

import pytest

from news.demo import news_seed_demo
from news.models import Indicator, NewsPage, SocialPost
from news.selectors import campaign_report
from publication.models import Publication

pytestmark = pytest.mark.django_db


def test_demo_seed_creates_figures_news_and_campaign_once(bootstrapped):
    assert news_seed_demo(stdout=io.StringIO()) > 0
    values = {i.code: [int(v.value) for v in i.ordered_values()] for i in Indicator.objects.all()}
    assert values["app-downloads-smart-fujairah"] == [7787]
    assert values["app-downloads-rukhsati"] == [3757]
    assert values["transactions-remote-work"] == [26501]
    assert values["transactions-year-to-date"] == [40539, 49641]
    assert values["calls-received"] == [35211]
    assert values["complaints"] == [1718]
    assert values["services-count"] == [281, 320]
    report = campaign_report(campaign=SocialPost.objects.first().campaign)
    assert report.total == 84
    assert {code: n for code, _label, n in report.by_kind} == {"guidance": 21, "advert": 36, "news": 27}
    posted = {code: n for code, _label, n in report.by_status}["posted"]
    assert Publication.objects.filter(type="social-post", lang="ar").count() == posted > 0
    assert Publication.objects.filter(type="figure", lang="en").count() == 7
    assert NewsPage.objects.live().filter(locale__language_code="en").count() == 6  # one more is scheduled
    out = io.StringIO()
    assert news_seed_demo(stdout=out) == 0
    assert "0 news items" in out.getvalue()
