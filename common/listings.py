"""The one filter every public listing of pages goes through (home, news, catalogue, forms,
related services, sitemap): what anyone may see, so a listing never shows more than the page."""

from wagtail.query import PageQuerySet


def page_public_filter(*, pages: PageQuerySet) -> PageQuerySet:
    """Live pages not under a view restriction (private, password or groups), theirs or an ancestor's."""
    return pages.live().public()
