"""How outward representations (feed, snapshots, search) write links: absolute, on the public site."""

from django.conf import settings

from wagtail.rich_text import expand_db_html


def public_url(url: str | None) -> str | None:
    """An absolute URL on the public site for a site path; absolute URLs pass unchanged."""
    if not url:
        return None
    if url.startswith(("http://", "https://")):
        return url
    return settings.PUBLIC_BASE_URL.rstrip("/") + url


def public_html(stored: str) -> str:
    """Expand Wagtail's internal link markup into real, absolute links (no database ids)."""
    html = expand_db_html(stored or "")
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    return html.replace('href="/', f'href="{base}/')
