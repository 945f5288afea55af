"""Rich text as the public sees it, for the feed and other outward representations."""

from django.conf import settings

from wagtail.rich_text import expand_db_html


def public_html(stored: str) -> str:
    """Expand Wagtail's internal link markup into real, absolute links (no database ids)."""
    html = expand_db_html(stored or "")
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    return html.replace('href="/', f'href="{base}/')
