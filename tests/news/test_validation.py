"""Captions, hashtags and statuses are checked against each platform's rules before saving."""

import pytest

from django.core.exceptions import ValidationError

from news.models import NewsIndexPage, NewsPage, Platform, PostStatus, SocialPost
from tests.news.conftest import make_news, make_post

pytestmark = pytest.mark.django_db


def post(**fields) -> SocialPost:
    defaults = {"code": "check", "platform": Platform.INSTAGRAM, "caption_ar": "نص", "status": PostStatus.DRAFT}
    return SocialPost(**{**defaults, **fields})


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_instagram_caption_up_to_2200_characters_with_hashtags():
    tags = "#الفجيرة #Fujairah"
    room = 2200 - len("\n\n" + tags)
    post(caption_ar="ب" * room, hashtags_ar=tags).full_clean()
    message = " ".join(errors_of(post(caption_ar="ب" * (room + 1), hashtags_ar=tags))["caption_ar"])
    assert "2200" in message and "2201" in message


def test_instagram_allows_30_hashtags_not_31():
    thirty = " ".join(f"#وسم{i}" for i in range(30))
    post(hashtags_ar=thirty).full_clean()
    message = " ".join(errors_of(post(hashtags_ar=thirty + " #زيادة"))["caption_ar"])
    assert "30" in message and "31" in message


def test_x_counts_hashtags_in_its_280_characters():
    errors = errors_of(post(platform=Platform.X, caption_en="a" * 270, hashtags_en="#Fujairah #News"))
    assert "280" in " ".join(errors["caption_en"])
    post(platform=Platform.X, caption_en="a" * 250, hashtags_en="#Fujairah").full_clean()


def test_hashtags_must_be_one_word_in_any_script():
    post(hashtags_ar="#بلدية_الفجيرة الفجيرة").full_clean()  # a missing "#" is added
    message = " ".join(errors_of(post(hashtags_en="#smart-services"))["caption_en"])
    assert "#smart-services" in message


def test_a_caption_is_required_in_one_language():
    assert "caption_ar" in errors_of(post(caption_ar="", caption_en=""))


def test_posted_needs_the_link_and_scheduled_needs_a_time():
    assert "post_url" in errors_of(post(status=PostStatus.POSTED))
    assert "planned_at" in errors_of(post(status=PostStatus.SCHEDULED))
    assert "status" in errors_of(post(status=PostStatus.DRAFT, post_url="https://example.org/p/1"))


def test_link_only_to_a_service_or_news_item(bootstrapped):
    index = NewsIndexPage.objects.get(locale__language_code="ar")
    assert "link_page" in errors_of(post(link_page=index))
    make_news("linked")
    post(link_page=NewsPage.objects.get(code="linked", locale__language_code="ar")).full_clean()


def test_published_post_keeps_its_code(bootstrapped):
    make_post("stable-code")
    published = SocialPost.objects.get(code="stable-code")
    published.code = "renamed"
    assert "code" in errors_of(published)


def test_news_page_reserved_slug_and_image_description(bootstrapped):
    make_news("first")
    page = NewsPage.objects.get(code="first", locale__language_code="ar")
    page.slug = "rss"
    assert "slug" in errors_of(page)
