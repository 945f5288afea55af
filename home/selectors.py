"""Reads for site-wide pages: what the home page shows."""

from django.utils import timezone

from catalogue.models import CatalogueIndexPage, Channel, Outlet, ServicePage
from common.listings import page_public_filter
from status.selectors import statuses_by_code


def home_page_sections(*, home) -> dict:
    """Most-used services, channels, outlets open now, latest news and figures of one locale."""
    from news.models import NewsPage
    from news.selectors import indicator_live_list

    lang = home.locale.language_code
    services = (
        page_public_filter(pages=ServicePage.objects.all())
        .filter(locale=home.locale, featured=True)
        .exclude(status=ServicePage.Status.WITHDRAWN)
        .order_by("code")[:8]
    )
    news = page_public_filter(pages=NewsPage.objects.filter(locale=home.locale)).order_by("-date", "-pk")
    now = timezone.now()
    outlets = list(Outlet.objects.select_related("channel").prefetch_related("opening_hours", "special_periods"))
    # A live closure (status/) wins over the opening hours; a limited outlet stays open.
    statuses = statuses_by_code(kind="outlet", lang=lang, now=now)
    rows = [
        {
            "outlet": o,
            "status": statuses.get(o.code),
            "open_now": o.is_open_at(now) and statuses.get(o.code, {}).get("state") != "closed",
        }
        for o in outlets
    ]
    return {
        "lang": lang,
        "most_used": services,
        "channels": Channel.objects.all(),
        "outlets": rows,
        "outlets_open_now": sum(1 for row in rows if row["open_now"]),
        "latest_news": news[:3],
        "indicators": indicator_live_list()[:4],
        "catalogue": page_public_filter(pages=home.get_children().type(CatalogueIndexPage)).first(),
    }
