"""Public news pages: the index with pagination and category filter, a news item, figures."""

import pytest

from tests.news.conftest import make_indicator, make_news

pytestmark = pytest.mark.django_db


def test_index_paginates_and_filters_by_category(client, category):
    for number in range(12):
        make_news(f"item-{number:02d}", categories=["services"] if number < 3 else [], en=False)
    first = client.get("/ar/news/").content.decode()
    assert first.count('<li class="card">') == 10 and "item-00" not in first
    second = client.get("/ar/news/?page=2").content.decode()
    assert second.count('<li class="card">') == 2
    filtered = client.get("/ar/news/?category=services").content.decode()
    assert filtered.count('<li class="card">') == 3
    assert client.get("/ar/news/?page=zzz").status_code == 200
    assert 'type="application/rss+xml"' in first


def test_news_page_shows_figures_as_chart_and_table(client, bootstrapped):
    from news.models import Indicator

    make_indicator()
    indicator = Indicator.objects.get(code="calls-received")
    make_news("with-figures")
    from news.models import NewsPage

    page = NewsPage.objects.get(code="with-figures", locale__language_code="ar")
    page.body = [{"type": "figures", "value": {"heading": "المكالمات", "indicators": [indicator.pk]}}]
    page.save_revision().publish()
    html = client.get("/ar/news/with-figures/").content.decode()
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    assert "<td>35,211</td>" in html


def test_figures_page_lists_only_published_indicators(client, bootstrapped):
    make_indicator()
    make_indicator("draft-figure", publish=False)
    html = client.get("/en/news/figures/").content.decode()
    assert "Calls received" in html and "35,211" in html
    assert client.get("/en/news/figures/calls-received/").status_code == 200
    assert client.get("/en/news/figures/draft-figure/").status_code == 404
