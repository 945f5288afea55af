"""The sitemap of the public site (/sitemap.xml): every public live page in both languages."""

from django.contrib.sitemaps import Sitemap

from wagtail.models import Page

from common.listings import page_public_filter


class PublicPagesSitemap(Sitemap):
    def items(self):
        # Depth 1 is Wagtail's invisible root; the home pages of both languages sit at depth 2.
        return page_public_filter(pages=Page.objects.filter(depth__gt=1)).order_by("path")

    def location(self, item) -> str:
        # The site-relative path: the sitemap framework prefixes the requested host and scheme.
        return item.get_url_parts()[2]

    def lastmod(self, item):
        return item.last_published_at
