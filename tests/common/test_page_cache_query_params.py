"""The page cache keys each page on its path and the query parameters that page uses, so random
parameters (``?r=123``) are served the cached page instead of rendering and storing a new one."""

import pytest

from catalogue.models import ServicePage
from news.models import NewsCategory
from tests.catalogue.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_on(settings, bootstrapped):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


def test_random_parameters_are_served_the_cached_page(client, cache_on, django_assert_max_num_queries):
    make_service(code="LIC-902")
    url = ServicePage.objects.get(code="LIC-902", locale__language_code="en").url
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    for number in range(5):
        with django_assert_max_num_queries(2):  # the cache lookups only: nothing rendered
            response = client.get(url, {"r": number, "utm_source": f"x{number}"})
        assert response["X-Page-Cache"] == "hit"
        assert response.content == first.content
    # A first visit with a random parameter fills the entry every other visitor then gets.
    listing = "/en/services/"
    assert client.get(listing, {"r": "first"})["X-Page-Cache"] == "miss"
    assert client.get(listing)["X-Page-Cache"] == "hit"


def test_the_parameters_a_page_uses_still_choose_what_it_shows(client, cache_on):
    NewsCategory.objects.create(code="events", name_ar="فعاليات", name_en="Events")
    selected = 'href="/en/news/?category=events" aria-current="page"'
    everything = client.get("/en/news/")
    assert selected not in everything.content.decode()
    filtered = client.get("/en/news/", {"category": "events"})
    assert filtered["X-Page-Cache"] == "miss"
    assert selected in filtered.content.decode()
    # The same choice with noise around it is the cached filtered page; without it, the full list.
    again = client.get("/en/news/", {"r": "7", "category": "events"})
    assert again["X-Page-Cache"] == "hit" and selected in again.content.decode()
    plain = client.get("/en/news/", {"r": "8"})
    assert plain["X-Page-Cache"] == "hit" and selected not in plain.content.decode()
