"""The one filter every public listing of pages goes through (home, news, catalogue, forms,
related services, sitemap): what anyone may see, so a listing never shows more than the page."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr

from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet


def page_public_filter(*, pages: PageQuerySet) -> PageQuerySet:
    """Live pages not under a view restriction (private, password or groups), theirs or an ancestor's.

    The same pages as Wagtail's ``pages.live().public()``, in one query: ``public()`` first reads
    every restriction, then filters by their paths; here a page is left out when a restricted
    page's path begins its own (the page itself or an ancestor), in a subquery.
    """
    restricted = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    return pages.live().exclude(Exists(restricted))
