"""RSS and Atom feeds per language list only live news of that language."""

import xml.etree.ElementTree as ET

import pytest

from news.models import NewsPage
from tests.news.conftest import make_news

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(category):
    make_news("first", categories=["services"])
    make_news("arabic-only", en=False)
    make_news("hidden", publish=False)


def test_arabic_rss(client, news):
    response = client.get("/ar/news/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own feed
    assert channel.findtext("language") == "ar"
    titles = {item.findtext("title") for item in channel.findall("item")}
    assert titles == {"خبر first", "خبر arabic-only"}
    first = next(i for i in channel.findall("item") if i.findtext("title") == "خبر first")
    assert first.findtext("link").endswith("/ar/news/first/")
    assert first.findtext("category") == "الخدمات"


def test_english_atom(client, news):
    response = client.get("/en/news/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert {e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)} == {"News first"}


def test_unpublished_item_leaves_the_feed(client, news):
    NewsPage.objects.get(code="first", locale__language_code="ar").unpublish()
    assert "first" not in client.get("/ar/news/rss/").content.decode()
