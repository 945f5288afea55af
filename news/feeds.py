"""RSS 2.0 and Atom feeds of the news, one per language, read from the published representations
(so a draft or an unpublished item can never appear)."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from django.utils.translation import override

from news.representations import NEWS_TYPE
from publication.selectors import publication_payloads

FEED_SIZE = 30
IMAGE_TYPES = {"png": "image/png", "webp": "image/webp", "gif": "image/gif", "avif": "image/avif"}


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, *, index):
        super().__init__()
        self.index = index
        self.lang = index.locale.language_code
        self.language = self.lang

    def __call__(self, request, *args, **kwargs):
        with override(self.lang):
            response = super().__call__(request, *args, **kwargs)
        response["Content-Language"] = self.lang
        return response

    def title(self):
        return _("%(site)s — %(section)s") % {"site": _("Fujairah Municipality"), "section": self.index.title}

    def link(self):
        return self.index.get_url()

    def description(self):
        return _("The latest news of Fujairah Municipality.")

    def items(self):
        payloads = [p.payload for p in publication_payloads(type_name=NEWS_TYPE, lang=self.lang)]
        payloads.sort(key=lambda p: (p["date"], p["code"]), reverse=True)
        return payloads[:FEED_SIZE]

    def item_title(self, item):
        return item["title"]

    def item_description(self, item):
        return item["summary"]

    def item_link(self, item):
        return item["url"]

    def item_guid(self, item):
        return f"{item['url']}#{item['code']}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(item["date"]), dt.time(9)))

    def item_updateddate(self, item):
        return dt.datetime.fromisoformat(item["updated_at"].replace("Z", "+00:00"))

    def item_categories(self, item):
        return [c["name"] for c in item["categories"]]

    def item_enclosure_url(self, item):
        return item["image"]["url"] if item.get("image") else None

    def item_enclosure_length(self, item):
        return 0

    def item_enclosure_mime_type(self, item):
        extension = item["image"]["url"].split("?")[0].rsplit(".", 1)[-1].lower()
        return IMAGE_TYPES.get(extension, "image/jpeg")


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
