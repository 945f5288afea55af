"""News pages, social-media posts and facts & figures.

News pages are Wagtail pages in each locale (Arabic original, English translation sharing its
``code``). Social posts, campaigns and indicators are snippets; posts and indicators carry drafts
and revisions so that only what an editor published reaches the public (see representations.py).
"""

import re

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    Page,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from common.models import FROZEN_CODE, BilingualName, CodedPageMixin, RoutedPageMixin, code_frozen
from news.blocks import NewsBodyBlock

NEWS_CODE_RE = r"^[a-z0-9]+(-[a-z0-9]+)*$"
news_code_validator = RegexValidator(NEWS_CODE_RE, _("Use lower-case letters, digits and hyphens."))
NEWS_PER_PAGE = 10
# Path segments the news index answers itself, so no news page may take them as its slug.
RESERVED_SLUGS = {"rss", "atom", "figures"}


class NewsCategory(BilingualName):
    code = models.SlugField(_("code"), max_length=50, unique=True, validators=[news_code_validator])

    panels = [FieldPanel("code"), FieldRowPanel([FieldPanel("name_ar"), FieldPanel("name_en")])]

    class Meta:
        ordering = ["code"]
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")


class NewsIndexPage(RoutedPageMixin, RoutablePageMixin, Page):
    """Lists news items of one locale, with pagination, a category filter, feeds and figures."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    @property
    def lang(self) -> str:
        return self.locale.language_code

    @path("")
    def index_view(self, request):
        from common.pagecache import page_cache_query_params
        from news.selectors import news_list

        page_cache_query_params(request, ("category", "page"))  # the public page cache keys on these

        categories = NewsCategory.objects.all()
        category = request.GET.get("category", "")
        if category and not categories.filter(code=category).exists():
            category = ""
        paginator = Paginator(news_list(index=self, category=category), NEWS_PER_PAGE)
        try:
            items = paginator.page(request.GET.get("page") or 1)
        except (PageNotAnInteger, EmptyPage):
            items = paginator.page(1)
        return self.render(
            request,
            context_overrides={"items": items, "categories": categories, "category": category},
        )

    @path("rss/", name="rss")
    def rss_view(self, request):
        from news.feeds import NewsRssFeed

        return NewsRssFeed(index=self)(request)

    @path("atom/", name="atom")
    def atom_view(self, request):
        from news.feeds import NewsAtomFeed

        return NewsAtomFeed(index=self)(request)

    @path("figures/", name="figures")
    def figures_view(self, request):
        from news.selectors import indicator_live_list

        return TemplateResponse(
            request,
            "news/figures.html",
            {"page": self, "indicators": indicator_live_list(), "lang": self.lang},
        )

    @path("figures/<slug:code>/", name="figure")
    def figure_view(self, request, code):
        from news.selectors import indicator_live_list

        indicator = next((i for i in indicator_live_list() if i.code == code), None)
        if indicator is None:
            raise Http404
        return TemplateResponse(request, "news/figure.html", {"page": self, "indicator": indicator, "lang": self.lang})


class NewsPage(RoutedPageMixin, CodedPageMixin, Page):
    """One news item in one language."""

    code = models.CharField(
        _("code"),
        max_length=80,
        validators=[news_code_validator],
        db_index=True,
        help_text=_("A stable identifier shared by the Arabic item and its translation, e.g. remote-work-results."),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.CharField(_("summary"), max_length=300)
    hero_image = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    hero_image_alt = models.CharField(
        _("hero image text alternative"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for screen readers."),
    )
    body = StreamField(NewsBodyBlock(), verbose_name=_("body"), blank=True)
    categories = ParentalManyToManyField(NewsCategory, blank=True, related_name="news", verbose_name=_("categories"))

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("code"), FieldPanel("date"), FieldPanel("categories")], heading=_("Identity")),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading=_("Hero image")),
        FieldPanel("body"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("code"),
        index.FilterField("date"),
    ]

    code_taken_message = _("Another news item already uses the code %(code)s.")

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def clean(self):
        super().clean()
        errors = self.code_errors()
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This address is reserved for the news feeds and figures; choose another slug.")
        if self.hero_image_id and not self.hero_image_alt:
            errors["hero_image_alt"] = _("Describe the hero image for people who cannot see it.")
        if errors:
            raise ValidationError(errors)

    @property
    def lang(self) -> str:
        return self.locale.language_code

    @property
    def hero_alt(self) -> str:
        return self.hero_image_alt or (self.hero_image.default_alt_text if self.hero_image else "")


# --- Social media -------------------------------------------------------------------------


class Platform(models.TextChoices):
    INSTAGRAM = "instagram", _("Instagram")
    X = "x", _("X")
    FACEBOOK = "facebook", _("Facebook")
    YOUTUBE = "youtube", _("YouTube")
    TIKTOK = "tiktok", _("TikTok")
    WHATSAPP = "whatsapp-channel", _("WhatsApp channel")


# Per-platform limits on the text of one post (caption and hashtags together, as the platform
# counts them). None means the platform sets no limit we enforce.
PLATFORM_LIMITS: dict[str, dict[str, int | None]] = {
    Platform.INSTAGRAM: {"characters": 2200, "hashtags": 30},
    Platform.X: {"characters": 280, "hashtags": None},
    Platform.FACEBOOK: {"characters": 63206, "hashtags": 30},
    Platform.YOUTUBE: {"characters": 5000, "hashtags": 15},
    Platform.TIKTOK: {"characters": 4000, "hashtags": None},
    Platform.WHATSAPP: {"characters": 1024, "hashtags": None},
}
# A hashtag is "#" then letters (any script), digits or underscores.
HASHTAG_RE = re.compile(r"^#[^\W]+$")


class PostKind(models.TextChoices):
    GUIDANCE = "guidance", _("Guidance")
    ADVERT = "advert", _("Advert")
    NEWS = "news", _("News")


class PostStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    POSTED = "posted", _("Posted")
    ARCHIVED = "archived", _("Archived")


class Campaign(BilingualName):
    code = models.SlugField(_("code"), max_length=50, unique=True, validators=[news_code_validator])
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    goal = models.TextField(_("goal"), blank=True)

    panels = [
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("name_ar"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("goal"),
    ]

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The campaign must end on or after its start.")})


def split_hashtags(text: str) -> list[str]:
    """Hashtags as typed (space, comma or line separated), each with one leading '#'."""
    tags = [t.strip() for t in re.split(r"[\s,،]+", text or "") if t.strip()]
    return ["#" + t.lstrip("#") for t in tags]


def post_text_problems(*, platform: str, caption: str, hashtags: list[str]) -> list[str]:
    """What breaks the platform's rules in one language's caption and hashtags (empty if fine)."""
    limits = PLATFORM_LIMITS.get(platform, {})
    problems = []
    bad = [t for t in hashtags if not HASHTAG_RE.match(t)]
    if bad:
        problems.append(
            _("These hashtags are not valid (letters, digits and _ only, no spaces): %(tags)s")
            % {"tags": " ".join(bad)}
        )
    most_tags = limits.get("hashtags")
    if most_tags is not None and len(hashtags) > most_tags:
        problems.append(
            _("%(platform)s allows at most %(limit)d hashtags; this post has %(count)d.")
            % {"platform": Platform(platform).label, "limit": most_tags, "count": len(hashtags)}
        )
    most_chars = limits.get("characters")
    length = len(compose_post_text(caption=caption, hashtags=hashtags))
    if most_chars is not None and length > most_chars:
        problems.append(
            _("%(platform)s allows at most %(limit)d characters with the hashtags; this text has %(count)d.")
            % {"platform": Platform(platform).label, "limit": most_chars, "count": length}
        )
    return problems


def compose_post_text(*, caption: str, hashtags: list[str]) -> str:
    """The text as it is posted: the caption, a blank line, then the hashtags."""
    caption = (caption or "").strip()
    tags = " ".join(hashtags)
    return f"{caption}\n\n{tags}" if caption and tags else caption or tags


class SocialPost(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, ClusterableModel):
    """One planned or posted social-media post, in both languages."""

    code = models.SlugField(
        _("code"),
        max_length=80,
        unique=True,
        validators=[news_code_validator],
        help_text=_("A stable identifier used by the apps, e.g. ig-2020-07-15-guidance."),
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices, default=Platform.INSTAGRAM)
    kind = models.CharField(_("kind"), max_length=20, choices=PostKind.choices, default=PostKind.NEWS)
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts", verbose_name=_("campaign")
    )
    caption_ar = models.TextField(_("caption (Arabic)"), blank=True)
    caption_en = models.TextField(_("caption (English)"), blank=True)
    hashtags_ar = models.TextField(
        _("hashtags (Arabic)"), blank=True, help_text=_("Separated by spaces, e.g. #الفجيرة #بلدية_الفجيرة")
    )
    hashtags_en = models.TextField(
        _("hashtags (English)"), blank=True, help_text=_("Separated by spaces, e.g. #Fujairah")
    )
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("linked service or news item"),
    )
    planned_at = models.DateTimeField(_("planned time"), null=True, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=PostStatus.choices, default=PostStatus.DRAFT)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    post_url = models.URLField(_("post URL"), blank=True)
    reach = models.PositiveIntegerField(_("reach"), default=0)
    likes = models.PositiveIntegerField(_("likes"), default=0)
    comments = models.PositiveIntegerField(_("comments"), default=0)
    followers_gained = models.IntegerField(_("followers gained"), default=0)

    panels = [
        MultiFieldPanel(
            [FieldPanel("code"), FieldRowPanel([FieldPanel("platform"), FieldPanel("kind")]), FieldPanel("campaign")],
            heading=_("Post"),
        ),
        FieldRowPanel([FieldPanel("caption_ar"), FieldPanel("caption_en")]),
        FieldRowPanel([FieldPanel("hashtags_ar"), FieldPanel("hashtags_en")]),
        InlinePanel("images", label=_("Images"), max_num=10),
        FieldPanel("link_page"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("planned_at"), FieldPanel("status")])], heading=_("Planning")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("posted_at"), FieldPanel("post_url")]),
                FieldRowPanel(
                    [FieldPanel("reach"), FieldPanel("likes"), FieldPanel("comments"), FieldPanel("followers_gained")]
                ),
            ],
            heading=_("After posting"),
        ),
    ]

    class Meta:
        ordering = ["planned_at", "code"]
        verbose_name = _("social-media post")
        verbose_name_plural = _("social-media posts")

    def __str__(self) -> str:
        caption = self.caption_in(get_language() or "ar") or self.caption_ar or self.caption_en
        return f"{self.code} · {caption[:50]}" if caption else self.code

    def caption_in(self, lang: str) -> str:
        return self.caption_en if lang == "en" else self.caption_ar

    def hashtags_in(self, lang: str) -> list[str]:
        return split_hashtags(self.hashtags_en if lang == "en" else self.hashtags_ar)

    def text_in(self, lang: str) -> str:
        return compose_post_text(caption=self.caption_in(lang), hashtags=self.hashtags_in(lang))

    @property
    def text_in_ar(self) -> str:
        return self.text_in("ar")

    @property
    def text_in_en(self) -> str:
        return self.text_in("en")

    @property
    def metrics(self) -> dict[str, int]:
        return {
            "reach": self.reach,
            "likes": self.likes,
            "comments": self.comments,
            "followers_gained": self.followers_gained,
        }

    def clean(self):
        super().clean()
        errors: dict[str, list] = {}
        if code_frozen(self):
            errors.setdefault("code", []).append(FROZEN_CODE)
        if not (self.caption_ar or self.caption_en):
            errors.setdefault("caption_ar", []).append(_("Write the caption in at least one language."))
        for lang in ("ar", "en"):
            problems = post_text_problems(
                platform=self.platform, caption=self.caption_in(lang), hashtags=self.hashtags_in(lang)
            )
            if problems:
                errors.setdefault(f"caption_{lang}", []).extend(problems)
        if self.status == PostStatus.SCHEDULED and not self.planned_at:
            errors.setdefault("planned_at", []).append(_("A scheduled post needs its planned time."))
        if self.status == PostStatus.POSTED and not self.post_url:
            errors.setdefault("post_url", []).append(_("Give the link to the post once it is posted."))
        if self.status != PostStatus.POSTED and self.post_url and self.status != PostStatus.ARCHIVED:
            errors.setdefault("status", []).append(_("A post with a link has been posted: set its status to posted."))
        if self.link_page_id:
            linked = self.link_page.specific_class
            from catalogue.models import ServicePage

            if linked not in (ServicePage, NewsPage):
                errors.setdefault("link_page", []).append(_("Link to a service or a news item."))
        if errors:
            raise ValidationError(errors)

    def get_preview_template(self, request, mode_name):
        return "news/social_post_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["post"] = self
        return context


# Crops the platforms ask for: name -> Wagtail filter spec (fill keeps the image's focal point).
POST_CROPS = {"1:1": "fill-1080x1080", "4:5": "fill-1080x1350", "9:16": "fill-1080x1920"}


class SocialPostImage(Orderable):
    post = ParentalKey(SocialPost, on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey(
        get_image_model_string(), on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    alt_ar = models.CharField(_("text alternative (Arabic)"), max_length=250)
    alt_en = models.CharField(_("text alternative (English)"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldRowPanel([FieldPanel("alt_ar"), FieldPanel("alt_en")])]

    def alt_in(self, lang: str) -> str:
        return self.alt_en if lang == "en" and self.alt_en else self.alt_ar


# --- Facts & figures ----------------------------------------------------------------------


class Indicator(BilingualName, DraftStateMixin, RevisionMixin, ClusterableModel):
    """A figure the municipality reports (app downloads, transactions, calls…) with values per period."""

    code = models.SlugField(_("code"), max_length=60, unique=True, validators=[news_code_validator])
    unit_ar = models.CharField(_("unit (Arabic)"), max_length=60, help_text=_("e.g. تنزيل, معاملة, مكالمة"))
    unit_en = models.CharField(_("unit (English)"), max_length=60, help_text=_("e.g. downloads, transactions, calls"))
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    panels = [
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("name_ar"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("unit_ar"), FieldPanel("unit_en")]),
        FieldRowPanel([FieldPanel("description_ar"), FieldPanel("description_en")]),
        FieldRowPanel([FieldPanel("source"), FieldPanel("sort_order")]),
        InlinePanel("values", label=_("Values per period"), min_num=1),
    ]

    str_with_code = True

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def clean(self):
        super().clean()
        if code_frozen(self):
            raise ValidationError({"code": FROZEN_CODE})

    def unit_in(self, lang: str) -> str:
        return self.unit_en if lang == "en" else self.unit_ar

    def description_in(self, lang: str) -> str:
        return self.description_en if lang == "en" else self.description_ar

    def ordered_values(self) -> list["IndicatorValue"]:
        return sorted(self.values.all(), key=lambda v: (v.period_start, v.period_end))

    def latest_value(self) -> "IndicatorValue | None":
        values = self.ordered_values()
        return values[-1] if values else None


class IndicatorValue(Orderable):
    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    label_ar = models.CharField(_("period label (Arabic)"), max_length=120, blank=True)
    label_en = models.CharField(_("period label (English)"), max_length=120, blank=True)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)])

    panels = [
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end"), FieldPanel("value")]),
        FieldRowPanel([FieldPanel("label_ar"), FieldPanel("label_en")]),
    ]

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period must end on or after its start.")})

    def label_in(self, lang: str) -> str:
        label = self.label_en if lang == "en" else self.label_ar
        if label:
            return label
        if self.period_start == self.period_end:
            return self.period_start.isoformat()
        return f"{self.period_start.isoformat()} – {self.period_end.isoformat()}"

    @property
    def number(self) -> int | float:
        """The value without trailing decimals when it is whole (counts are whole)."""
        return int(self.value) if self.value == int(self.value) else float(self.value)
