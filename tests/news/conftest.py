"""Fixtures of the news area: a known campaign with known figures, news items, indicators."""

import datetime as dt
import io
from decimal import Decimal

import pytest

from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images import get_image_model

from news.models import Campaign, NewsCategory, Platform, PostKind, PostStatus, SocialPost, SocialPostImage
from news.services import IndicatorRow, NewsData, NewsTexts, indicator_upsert, news_upsert, social_post_save

MAY_2030 = dt.datetime(2030, 5, 1, tzinfo=dt.timezone(dt.timedelta(hours=4)))


def make_image(title: str = "test-picture"):
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (400, 300), "#1f6f5c").save(buffer, "PNG")
    image = get_image_model()(title=title)
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name=f"{title}.png")
    image.save()
    return image


def make_post(
    code: str,
    *,
    status=PostStatus.POSTED,
    platform=Platform.INSTAGRAM,
    kind=PostKind.NEWS,
    campaign=None,
    planned_at=None,
    publish=True,
    image=None,
    **fields,
) -> SocialPost:
    posted = status == PostStatus.POSTED
    post = SocialPost(
        code=code,
        platform=platform,
        kind=kind,
        campaign=campaign,
        status=status,
        caption_ar=fields.pop("caption_ar", f"منشور {code}"),
        caption_en=fields.pop("caption_en", f"Post {code}"),
        hashtags_ar=fields.pop("hashtags_ar", "#الفجيرة"),
        hashtags_en=fields.pop("hashtags_en", "#Fujairah"),
        planned_at=planned_at or timezone.now(),
        post_url=fields.pop("post_url", f"https://example.org/p/{code}" if posted else ""),
        **fields,
    )
    if image is not None:
        post.images = [SocialPostImage(image=image, alt_ar="صورة", alt_en="A picture")]
    return social_post_save(post=post, publish=publish)


def make_news(
    code: str, *, date=None, categories=(), publish=True, go_live_at=None, en=True, body_text="نص الخبر"
) -> str:
    news_upsert(
        data=NewsData(
            code=code,
            date=date or dt.date(2030, 5, 10),
            categories=list(categories),
            publish=publish,
            go_live_at=go_live_at,
            ar=NewsTexts(f"خبر {code}", f"ملخص {code}", [{"type": "text", "value": f"<p>{body_text}</p>"}]),
            en=NewsTexts(f"News {code}", f"Summary {code}", [{"type": "text", "value": "<p>English body</p>"}])
            if en
            else None,
        )
    )
    return code


def make_indicator(
    code: str = "calls-received", values=((dt.date(2020, 1, 1), dt.date(2020, 7, 24), 35211),), publish=True
):
    return indicator_upsert(
        code=code,
        name_ar="المكالمات الواردة",
        name_en="Calls received",
        unit_ar="مكالمة",
        unit_en="calls",
        values=[IndicatorRow(code, s, e, Decimal(v)) for s, e, v in values],
        publish=publish,
    )


@pytest.fixture
def category(bootstrapped):
    return NewsCategory.objects.create(code="services", name_ar="الخدمات", name_en="Services")


@pytest.fixture
def known_campaign(bootstrapped):
    """Six posts in May 2030 with known figures; one more post of another campaign."""
    campaign = Campaign.objects.create(code="spring", name_ar="حملة الربيع", name_en="Spring campaign")
    other = Campaign.objects.create(code="other", name_ar="حملة أخرى", name_en="Other campaign")
    day = lambda d, h=10: MAY_2030.replace(day=d, hour=h)  # noqa: E731
    make_post(
        "p1",
        kind=PostKind.GUIDANCE,
        campaign=campaign,
        planned_at=day(3),
        reach=100,
        likes=10,
        comments=1,
        followers_gained=1,
    )
    make_post(
        "p2",
        kind=PostKind.GUIDANCE,
        campaign=campaign,
        planned_at=day(3, 18),
        reach=200,
        likes=20,
        comments=2,
        followers_gained=2,
    )
    make_post(
        "p3",
        kind=PostKind.ADVERT,
        campaign=campaign,
        planned_at=day(10),
        reach=300,
        likes=30,
        comments=3,
        followers_gained=3,
    )
    make_post(
        "p4",
        kind=PostKind.ADVERT,
        platform=Platform.X,
        campaign=campaign,
        planned_at=day(20),
        status=PostStatus.SCHEDULED,
    )
    make_post(
        "p5",
        kind=PostKind.NEWS,
        platform=Platform.FACEBOOK,
        campaign=campaign,
        planned_at=day(31),
        status=PostStatus.DRAFT,
        publish=False,
    )
    make_post("p6", kind=PostKind.NEWS, campaign=campaign, planned_at=day(15), status=PostStatus.ARCHIVED)
    make_post("o1", kind=PostKind.ADVERT, campaign=other, planned_at=day(10), reach=5000)
    make_post(
        "june",
        kind=PostKind.ADVERT,
        campaign=campaign,
        planned_at=MAY_2030.replace(month=6, day=2),
        status=PostStatus.SCHEDULED,
    )
    return campaign


@pytest.fixture(autouse=True)
def english_messages(request, client):
    """These tests read messages in English; Arabic is the default language of the product."""
    from django.utils import translation

    clients = [client]
    if "admin_client" in request.fixturenames:
        clients.append(request.getfixturevalue("admin_client"))
    for each in clients:
        each.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield
