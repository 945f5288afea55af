"""The public representations of news, social posts and figures (feed types "news",
"social-post" and "figure", docs/CONTRACTS.md §3).

Registered with each type (``news.representations.register``): the pipeline validates every
payload against its schema before storing it, and the feed documents and serves exactly these
fields. They list every field the representations produced when these types had no schema, so
payloads are unchanged.
"""

from typing import Annotated, Literal

from pydantic import Field

from common.schemas import PublicSchema

# --- News ---------------------------------------------------------------------------------


class NewsCategory(PublicSchema):
    code: str
    name: str


class NewsImage(PublicSchema):
    url: str
    alt: str


class LinkedPage(PublicSchema):
    """A live service or news page in the item's language (or its original)."""

    type: Literal["service", "news"]
    code: str
    url: str


class NewsTextBlock(PublicSchema):
    type: Literal["text"]
    html: str = Field(description="Sanitised HTML with public links.")


class NewsImageBlock(PublicSchema):
    type: Literal["image"]
    image: NewsImage | None
    caption: str | None = None


class NewsQuoteBlock(PublicSchema):
    type: Literal["quote"]
    text: str
    attribution: str | None = None


class NewsFiguresBlock(PublicSchema):
    type: Literal["figures"]
    heading: str | None = None
    figures: list[str] = Field(description="Codes of live figures (see /figures).")


class NewsRelatedServicesBlock(PublicSchema):
    type: Literal["related_services"]
    heading: str | None = None
    services: list[LinkedPage]


NewsBlock = Annotated[
    NewsTextBlock | NewsImageBlock | NewsQuoteBlock | NewsFiguresBlock | NewsRelatedServicesBlock,
    Field(discriminator="type"),
]


class News(PublicSchema):
    """A live news item in one language."""

    code: str
    lang: Literal["ar", "en"]
    title: str
    summary: str
    url: str
    translations: dict[str, str]
    date: str = Field(description="ISO 8601 date.")
    categories: list[NewsCategory]
    image: NewsImage | None
    body: list[NewsBlock]
    updated_at: str = Field(description="ISO 8601, UTC.")


# --- Social posts -------------------------------------------------------------------------


class SocialPostCampaign(PublicSchema):
    code: str
    name: str


class SocialPostImage(PublicSchema):
    alt: str
    crops: dict[str, str] = Field(description="Image address per aspect ratio (1:1, 4:5, 9:16).")


class SocialPostMetrics(PublicSchema):
    reach: int
    likes: int
    comments: int
    followers_gained: int


class SocialPost(PublicSchema):
    """A posted social-media post in one language (a language with a caption)."""

    code: str
    lang: Literal["ar", "en"]
    platform: str
    kind: str
    caption: str
    hashtags: list[str]
    text: str = Field(description="The text as posted: caption, a blank line, then the hashtags.")
    campaign: SocialPostCampaign | None
    images: list[SocialPostImage]
    link: LinkedPage | None
    planned_at: str | None = Field(description="ISO 8601.")
    posted_at: str | None = Field(description="ISO 8601.")
    url: str = Field(description="The post on the platform.")
    metrics: SocialPostMetrics
    updated_at: str = Field(description="ISO 8601, UTC.")


# --- Figures ------------------------------------------------------------------------------


class FigureValue(PublicSchema):
    period_start: str = Field(description="ISO 8601 date.")
    period_end: str = Field(description="ISO 8601 date.")
    label: str
    value: int | float


class Figure(PublicSchema):
    """A live indicator (facts & figures) in one language."""

    code: str
    lang: Literal["ar", "en"]
    name: str
    unit: str
    description: str
    source: str
    values: list[FigureValue]
    latest: FigureValue | None
    url: str | None = Field(description="The figure's page on the website.")
    updated_at: str = Field(description="ISO 8601, UTC.")
