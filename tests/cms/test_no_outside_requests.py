"""No page of the admin or the site makes the browser fetch anything from another host: no avatar
service (which would also leak each editor's e-mail hash), no CDN, no outside frame."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from catalogue.models import ServicePage
from news.models import NewsPage
from tests.catalogue.factories import make_service
from tests.news.conftest import make_news

pytestmark = pytest.mark.django_db

OUR_HOSTS = {"", "testserver", "127.0.0.1", "localhost"}
# Tags whose attributes make a browser fetch something while the page loads.
FETCHING = {
    "img": ("src", "srcset"),
    "script": ("src",),
    "link": ("href",),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
}
LINK_RELS_NOT_FETCHED = {"alternate", "canonical", "author", "help", "license", "next", "prev", "search"}


class _Fetches(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and set((attrs.get("rel") or "").lower().split()) <= LINK_RELS_NOT_FETCHED:
            return
        for name in FETCHING.get(tag, ()):
            value = attrs.get(name) or ""
            candidates = [part.strip().split(" ")[0] for part in value.split(",")] if "srcset" in name else [value]
            self.urls += [url for url in candidates if url]


def outside_fetches(html: str) -> list[str]:
    parser = _Fetches()
    parser.feed(html)
    return [url for url in parser.urls if urlsplit(url).hostname not in OUR_HOSTS and urlsplit(url).hostname]


@pytest.fixture
def content(bootstrapped, admin_user):
    make_service(code="LIC-931", department="licensing")
    make_news("2030-no-outside")
    admin_user.email = "editor@baladiya.local"
    admin_user.save()
    return {
        "service": ServicePage.objects.get(code="LIC-931", locale__language_code="ar"),
        "news": NewsPage.objects.get(code="2030-no-outside", locale__language_code="ar"),
    }


def test_admin_pages_fetch_nothing_from_another_host(admin_client, content):
    service, news = content["service"], content["news"]
    paths = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{service.get_parent().pk}/",
        f"/admin/pages/{service.pk}/edit/",
        f"/admin/pages/{news.pk}/edit/",
        "/admin/services/",
        "/admin/account/",
        "/admin/users/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/reports/translations/",
        "/admin/reports/coverage/",
        "/admin/reports/site-history/",
    ]
    for path in paths:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        assert outside_fetches(response.content.decode()) == [], path


def test_public_pages_fetch_nothing_from_another_host(client, content):
    paths = ["/ar/", "/en/", "/ar/services/", "/en/services/", "/ar/news/", "/en/news/", "/ar/forms/"]
    paths += ["/ar/search/?q=%D8%AE%D8%AF%D9%85%D8%A9", content["service"].url, content["news"].url]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert outside_fetches(response.content.decode()) == [], path


def test_an_editors_avatar_is_not_fetched_from_an_avatar_service(admin_client, content):
    html = admin_client.get("/admin/").content.decode()
    assert "gravatar" not in html
