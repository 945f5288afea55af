"""Pages under a view restriction never appear in a public listing: every listing of the site,
in both languages, shows the public page and not the restricted one (common/listings.py)."""

import datetime as dt

import pytest

from wagtail.models import PageViewRestriction

from catalogue.models import ServicePage
from news.models import NewsPage
from news.services import NewsData, NewsTexts, news_upsert
from tests.catalogue.factories import make_service

pytestmark = pytest.mark.django_db

# Home, news index, catalogue index, department, channel and audience browsing, feeds, sitemap.
LISTINGS = [
    "/{lang}/",
    "/{lang}/news/",
    "/{lang}/news/rss/",
    "/{lang}/news/atom/",
    "/{lang}/services/licensing/",
    "/{lang}/services/channel/counter/",
    "/{lang}/services/audience/businesses/",
    "/sitemap.xml",
]


def _news(code: str, *, related: list[int] | None = None) -> None:
    body = [{"type": "text", "value": "<p>نص</p>"}]
    if related:
        body.append({"type": "related_services", "value": {"heading": "", "services": related}})
    news_upsert(
        data=NewsData(
            code=code,
            date=dt.date(2030, 5, 10),
            ar=NewsTexts(f"خبر {code}", f"ملخص {code}", body),
            en=NewsTexts(f"News {code}", f"Summary {code}", body),
        )
    )


def _restrict(page) -> None:
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret")


@pytest.fixture
def site_with_a_secret(bootstrapped):
    """A public and a password-protected service (both 'most used') and news item, in both languages,
    plus a service and a news item whose related services name both."""
    for code in ("LIC-801", "LIC-802", "LIC-803"):
        make_service(code=code, department="licensing", channels=("counter", "website"), audiences=["businesses"])
    ServicePage.objects.filter(code__in=["LIC-801", "LIC-802"]).update(featured=True)
    secret_service = {p.locale.language_code: p for p in ServicePage.objects.filter(code="LIC-802")}
    related = ServicePage.objects.get(code="LIC-803", locale__language_code="ar")
    related.related_services.set(ServicePage.objects.filter(code__in=["LIC-801", "LIC-802"], locale=related.locale))
    related.save()
    ar_ids = list(
        ServicePage.objects.filter(code__in=["LIC-801", "LIC-802"], locale__language_code="ar").values_list(
            "pk", flat=True
        )
    )
    _news("2030-open-day", related=ar_ids)
    _news("2030-internal-memo")
    secret_news = {p.locale.language_code: p for p in NewsPage.objects.filter(code="2030-internal-memo")}
    for page in [*secret_service.values(), *secret_news.values()]:
        _restrict(page)
    public = {
        lang: [
            ServicePage.objects.get(code="LIC-801", locale__language_code=lang),
            NewsPage.objects.get(code="2030-open-day", locale__language_code=lang),
        ]
        for lang in ("ar", "en")
    }
    return {"public": public, "secret": {lang: [secret_service[lang], secret_news[lang]] for lang in ("ar", "en")}}


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("listing", LISTINGS)
def test_listing_shows_public_pages_and_hides_restricted_ones(client, site_with_a_secret, listing, lang):
    response = client.get(listing.format(lang=lang))
    assert response.status_code == 200
    body = response.content.decode()
    news_only = "/news/" in listing
    services_only = "/services/" in listing
    for page in site_with_a_secret["public"][lang]:
        if (news_only and isinstance(page, ServicePage)) or (services_only and isinstance(page, NewsPage)):
            continue
        assert page.url in body, f"{page.url} missing from {listing}"
    for page in site_with_a_secret["secret"][lang]:
        assert page.url not in body, f"restricted {page.url} listed on {listing}"
        assert page.title not in body, f"restricted title {page.title!r} shown on {listing}"


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_related_services_list_only_public_services(client, site_with_a_secret, lang):
    public_service, public_news = site_with_a_secret["public"][lang]
    secret_service = site_with_a_secret["secret"][lang][0]
    pages = [public_news]
    if lang == "ar":  # the service's related services are set on its Arabic page
        pages.append(ServicePage.objects.get(code="LIC-803", locale__language_code="ar"))
    for page in pages:
        body = client.get(page.url).content.decode()
        assert public_service.url in body and public_service.title in body
        assert secret_service.url not in body and secret_service.title not in body


def test_restricted_pages_stay_reachable_with_their_password(client, site_with_a_secret):
    secret_service = site_with_a_secret["secret"]["ar"][0]
    response = client.get(secret_service.url)
    assert response.status_code == 200
    assert secret_service.summary not in response.content.decode()  # the password form, not the page
