"""The feed's endpoints and the publishable types behind them (docs/CONTRACTS.md §3)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class FeedEndpoint:
    path: str  # URL segment under /api/feed/v1/
    type_name: str  # name registered with publication.registry.register_type
    title: str
    filters: bool = False  # department / channel / audience filters
    detail: bool = False


ENDPOINTS = (
    FeedEndpoint("services", "service", "Services", filters=True, detail=True),
    FeedEndpoint("departments", "department", "Departments", detail=True),
    FeedEndpoint("channels", "channel", "Channels", detail=True),
    FeedEndpoint("outlets", "outlet", "Outlets", detail=True),
    FeedEndpoint("audiences", "audience", "Audiences", detail=True),
    FeedEndpoint("forms", "form", "Forms", filters=True, detail=True),
    FeedEndpoint("news", "news", "News", filters=True, detail=True),
    FeedEndpoint("social-posts", "social-post", "Social posts", detail=True),
    FeedEndpoint("figures", "figure", "Figures", detail=True),
    FeedEndpoint("stats", "stats", "Coverage figures", detail=True),
)
