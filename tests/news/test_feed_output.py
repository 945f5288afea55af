"""What the feed sees: news, posted social posts and figures, and nothing unpublished."""

import datetime as dt

import pytest

from news.models import Indicator, NewsPage, PostStatus, SocialPost
from news.services import social_post_save
from publication.models import ChangeLog, Publication
from tests.news.conftest import make_image, make_indicator, make_news, make_post

pytestmark = pytest.mark.django_db


def payload(type_name: str, code: str, lang: str = "ar") -> dict | None:
    row = Publication.objects.filter(type=type_name, code=code, lang=lang).first()
    return row.payload if row else None


def last_change(type_name: str, code: str, lang: str = "ar") -> ChangeLog:
    return ChangeLog.objects.filter(type=type_name, code=code, lang=lang).order_by("-seq").first()


def test_news_payload_in_both_languages(category):
    news_image = make_image("hero")
    make_news("opening", categories=["services"], body_text="افتتاح مركز خدمة جديد في مسافي")
    page = NewsPage.objects.get(code="opening", locale__language_code="ar")
    page.hero_image, page.hero_image_alt = news_image, "مبنى البلدية"
    page.save_revision().publish()
    item = payload("news", "opening")
    assert {"code", "lang", "title", "summary", "url", "date", "categories", "image"} <= set(item)
    assert item["title"] == "خبر opening" and item["lang"] == "ar" and item["date"] == "2030-05-10"
    assert item["url"].endswith("/ar/news/opening/")
    assert item["categories"] == [{"code": "services", "name": "الخدمات"}]
    assert item["image"]["alt"] == "مبنى البلدية" and item["image"]["url"].startswith("http")
    assert payload("news", "opening", "en")["categories"] == [{"code": "services", "name": "Services"}]
    search_text = Publication.objects.get(type="news", code="opening", lang="ar").search_text
    assert "مسافي" in search_text


def test_a_draft_edit_does_not_reach_the_feed_and_unpublish_removes(bootstrapped):
    make_news("draft-test")
    page = NewsPage.objects.get(code="draft-test", locale__language_code="ar")
    page.title = "عنوان لم يُنشر"
    page.save_revision()
    assert payload("news", "draft-test")["title"] == "خبر draft-test"
    page.unpublish()
    assert payload("news", "draft-test") is None
    assert last_change("news", "draft-test").reason == "unpublished"
    page.delete()
    assert payload("news", "draft-test", "en") is not None  # the English item lives on its own


def test_only_posted_posts_travel(bootstrapped):
    image = make_image()
    make_post("posted", image=image, reach=120, likes=9)
    make_post("planned", status=PostStatus.SCHEDULED)
    make_post("draft", status=PostStatus.DRAFT, publish=False)
    make_post("posted-unpublished", publish=False)
    assert set(Publication.objects.filter(type="social-post").values_list("code", flat=True)) == {"posted"}
    item = payload("social-post", "posted", "en")
    assert item["caption"] == "Post posted" and item["hashtags"] == ["#Fujairah"]
    assert item["metrics"] == {"reach": 120, "likes": 9, "comments": 0, "followers_gained": 0}
    assert set(item["images"][0]["crops"]) == {"1:1", "4:5", "9:16"}
    assert item["images"][0]["alt"] == "A picture"


def test_archiving_a_post_withdraws_it(bootstrapped):
    make_post("old")
    post = SocialPost.objects.get(code="old")
    post.status = PostStatus.ARCHIVED
    social_post_save(post=post)
    assert payload("social-post", "old") is None
    assert last_change("social-post", "old").reason == "withdrawn"
    SocialPost.objects.get(code="old").delete()
    assert ChangeLog.objects.filter(type="social-post", code="old", reason="deleted").count() == 0  # already gone


def test_figure_payload_and_unpublished_values_stay_private(bootstrapped):
    make_indicator(
        values=((dt.date(2019, 1, 1), dt.date(2019, 7, 24), 40539), (dt.date(2020, 1, 1), dt.date(2020, 7, 24), 49641))
    )
    item = payload("figure", "calls-received", "en")
    assert [v["value"] for v in item["values"]] == [40539, 49641]
    assert item["latest"]["value"] == 49641 and item["unit"] == "calls"
    assert item["url"].endswith("/en/news/figures/calls-received/")
    indicator = Indicator.objects.get(code="calls-received")
    indicator.values.first().value = 1
    indicator.save_revision()  # a draft: not published
    assert [v["value"] for v in payload("figure", "calls-received")["values"]] == [40539, 49641]
    make_indicator("secret", publish=False)
    assert payload("figure", "secret") is None
