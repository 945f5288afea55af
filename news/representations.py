"""The published representations of news, social posts and figures (feed types "news",
"social-post" and "figure"). The feed, sync, search and the RSS feeds read these, never the models.

News: each language's page is live on its own (a news item may exist only in Arabic).
Social posts: only live posts whose status is "posted", in each language that has a caption.
Figures: live indicators, in both languages.
"""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from news.models import POST_CROPS, Indicator, NewsIndexPage, NewsPage, PostStatus, SocialPost
from publication.public import public_html, public_url
from publication.registry import FeedSpec, PublishableType, Rendered, SearchSpec, register_type

NEWS_TYPE = "news"
POST_TYPE = "social-post"
FIGURE_TYPE = "figure"
HERO_RENDITION = "fill-1200x675"
BODY_RENDITION = "max-1200x1200"


def _image(image, alt: str, spec: str) -> dict | None:
    if image is None:
        return None
    return {"url": public_url(image.get_rendition(spec).url), "alt": alt}


def _linked_page(page, lang: str) -> dict | None:
    """A live service or news page in ``lang`` (or its original), as {type, code, url}."""
    from catalogue.models import ServicePage

    if page is None:
        return None
    page = page.specific
    kind = "service" if isinstance(page, ServicePage) else "news" if isinstance(page, NewsPage) else None
    if kind is None:
        return None
    translated = page.get_translation_or_none(_locale(lang)) if page.locale.language_code != lang else page
    target = translated if translated is not None and translated.live else page
    if not target.live:
        return None
    return {"type": kind, "code": page.code, "url": public_url(target.get_url())}


def _locale(lang: str):
    from wagtail.models import Locale

    return Locale.objects.filter(language_code=lang).first()


# --- News ---------------------------------------------------------------------------------


def news_body(page: NewsPage, lang: str) -> tuple[list[dict], str]:
    """The body as plain structures for the apps, and its text for search."""
    blocks, text = [], []
    for block in page.body:
        value = block.value
        if block.block_type == "text":
            # Wagtail stores links as <a linktype="page" id=…>; the public get real hrefs.
            html = public_html(value.source if hasattr(value, "source") else str(value))
            blocks.append({"type": "text", "html": html})
            text.append(strip_tags(html))
        elif block.block_type == "image":
            blocks.append(
                {
                    "type": "image",
                    "image": _image(value["image"], value["alt"], BODY_RENDITION),
                    "caption": value["caption"],
                }
            )
            text.append(value["caption"])
        elif block.block_type == "quote":
            blocks.append({"type": "quote", "text": value["text"], "attribution": value["attribution"]})
            text += [value["text"], value["attribution"]]
        elif block.block_type == "figures":
            codes = [i.code for i in value["indicators"] if i is not None and i.live]
            blocks.append({"type": "figures", "heading": value["heading"], "figures": codes})
            text.append(value["heading"])
        elif block.block_type == "related_services":
            links = [_linked_page(p, lang) for p in value["services"] if p is not None]
            blocks.append(
                {"type": "related_services", "heading": value["heading"], "services": [x for x in links if x]}
            )
    return blocks, " ".join(t for t in text if t)


def news_represent(*, page: NewsPage, lang: str, urls: dict[str, str]) -> Rendered:
    body, body_text = news_body(page, lang)
    payload = {
        "code": page.code,
        "lang": lang,
        "title": page.title,
        "summary": page.summary,
        "url": urls[lang],
        "translations": dict(sorted(urls.items())),
        "date": page.date.isoformat(),
        "categories": [
            {"code": c.code, "name": c.name_in(lang)} for c in sorted(page.categories.all(), key=lambda c: c.code)
        ],
        "image": _image(page.hero_image, page.hero_alt, HERO_RENDITION),
        "body": body,
    }
    return Rendered(payload=payload, search_text=" ".join([page.code, body_text]))


def news_render(code: str) -> dict[str, Rendered]:
    pages = NewsPage.objects.filter(code=code).select_related("locale", "hero_image").prefetch_related("categories")
    # A page behind a view restriction (private, password, groups) is not public.
    live = {p.locale.language_code: p for p in pages if p.live and not p.get_view_restrictions().exists()}
    urls = {lang: public_url(p.get_url()) for lang, p in live.items() if p.get_url()}
    return {lang: news_represent(page=page, lang=lang, urls=urls) for lang, page in live.items() if lang in urls}


def news_absence_reason(code: str, lang: str) -> str:
    page = NewsPage.objects.filter(code=code, locale__language_code=lang).first()
    if page is None:
        return "deleted"
    return "expired" if page.expired else "unpublished"


def news_live_codes():
    return NewsPage.objects.live().values_list("code", flat=True).distinct()


# --- Social posts -------------------------------------------------------------------------


def post_represent(*, post: SocialPost, lang: str) -> Rendered:
    images = []
    for item in post.images.all():
        alt = item.alt_in(lang)
        images.append(
            {
                "alt": alt,
                "crops": {ratio: public_url(item.image.get_rendition(spec).url) for ratio, spec in POST_CROPS.items()},
            }
        )
    payload = {
        "code": post.code,
        "lang": lang,
        "platform": post.platform,
        "kind": post.kind,
        "caption": post.caption_in(lang),
        "hashtags": post.hashtags_in(lang),
        "text": post.text_in(lang),
        "campaign": {"code": post.campaign.code, "name": post.campaign.name_in(lang)} if post.campaign else None,
        "images": images,
        "link": _linked_page(post.link_page, lang),
        "planned_at": post.planned_at.isoformat() if post.planned_at else None,
        "posted_at": post.posted_at.isoformat() if post.posted_at else None,
        "url": post.post_url,
        "metrics": post.metrics,
    }
    return Rendered(payload=payload, search_text=" ".join([post.caption_in(lang), *post.hashtags_in(lang)]))


def post_render(code: str) -> dict[str, Rendered]:
    post = (
        SocialPost.objects.filter(code=code)
        .select_related("campaign", "link_page")
        .prefetch_related("images__image")
        .first()
    )
    if post is None or not post.live or post.status != PostStatus.POSTED:
        return {}
    return {lang: post_represent(post=post, lang=lang) for lang in ("ar", "en") if post.caption_in(lang)}


def post_absence_reason(code: str, lang: str) -> str:
    post = SocialPost.objects.filter(code=code).first()
    if post is None:
        return "deleted"
    if post.status == PostStatus.ARCHIVED:
        return "withdrawn"
    return "expired" if post.expired else "unpublished"


def post_live_codes():
    return SocialPost.objects.filter(live=True, status=PostStatus.POSTED).values_list("code", flat=True)


# --- Figures ------------------------------------------------------------------------------


def figure_url(*, code: str, lang: str) -> str | None:
    index = NewsIndexPage.objects.live().filter(locale__language_code=lang).first()
    if index is None or not index.get_url():
        return None
    return public_url(index.get_url() + index.reverse_subpage("figure", args=(code,)))


def figure_represent(*, indicator: Indicator, lang: str) -> Rendered:
    values = [
        {
            "period_start": v.period_start.isoformat(),
            "period_end": v.period_end.isoformat(),
            "label": v.label_in(lang),
            "value": v.number,
        }
        for v in indicator.ordered_values()
    ]
    payload = {
        "code": indicator.code,
        "lang": lang,
        "name": indicator.name_in(lang),
        "unit": indicator.unit_in(lang),
        "description": indicator.description_in(lang),
        "source": indicator.source,
        "values": values,
        "latest": values[-1] if values else None,
        "url": figure_url(code=indicator.code, lang=lang),
    }
    return Rendered(payload=payload, search_text=" ".join([indicator.code, indicator.description_in(lang)]))


def figure_render(code: str) -> dict[str, Rendered]:
    indicator = Indicator.objects.filter(code=code).prefetch_related("values").first()
    if indicator is None or not indicator.live:
        return {}
    return {lang: figure_represent(indicator=indicator, lang=lang) for lang in ("ar", "en")}


def figure_absence_reason(code: str, lang: str) -> str:
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        return "deleted"
    return "expired" if indicator.expired else "unpublished"


def figure_live_codes():
    return Indicator.objects.filter(live=True).values_list("code", flat=True)


def register() -> None:
    """Register news, social posts and figures (called from ``NewsConfig.ready``)."""
    from news import schemas

    register_type(
        PublishableType(
            name=NEWS_TYPE,
            render=news_render,
            absence_reason=news_absence_reason,
            live_codes=news_live_codes,
            schema=schemas.News,
            feed=FeedSpec(path="news", title="News", filters=True, order=70),
            search=SearchSpec(label=_("News")),
        )
    )
    register_type(
        PublishableType(
            name=POST_TYPE,
            render=post_render,
            absence_reason=post_absence_reason,
            live_codes=post_live_codes,
            schema=schemas.SocialPost,
            feed=FeedSpec(path="social-posts", title="Social posts", order=80),
        )
    )
    register_type(
        PublishableType(
            name=FIGURE_TYPE,
            render=figure_render,
            absence_reason=figure_absence_reason,
            live_codes=figure_live_codes,
            schema=schemas.Figure,
            feed=FeedSpec(path="figures", title="Figures", order=90),
        )
    )
