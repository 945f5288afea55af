"""Public pages are cached for anonymous visitors and purged when anything is published."""

import pytest

from catalogue.models import ServicePage
from tests.catalogue.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached_site(settings, bootstrapped):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    make_service(code="LIC-901")
    return ServicePage.objects.get(code="LIC-901", locale__language_code="ar")


def test_second_visit_is_served_from_cache_without_queries(client, cached_site, django_assert_max_num_queries):
    first = client.get(cached_site.url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(2):  # the cache lookups only (database cache backend)
        second = client.get(cached_site.url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_purges_the_cached_page(client, cached_site, django_capture_on_commit_callbacks):
    assert "خدمة تجريبية LIC-901" in client.get(cached_site.url).content.decode()
    page = cached_site.get_latest_revision_as_object()
    page.title = "عنوان جديد للخدمة"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    response = client.get(cached_site.url)
    assert response["X-Page-Cache"] == "miss"
    assert "عنوان جديد للخدمة" in response.content.decode()


def test_logged_in_editors_never_get_cached_pages(client, admin_user, cached_site):
    client.get(cached_site.url)
    client.force_login(admin_user)
    assert "X-Page-Cache" not in client.get(cached_site.url)


def test_pages_with_a_form_token_are_never_cached(rf, settings):
    """A cached CSRF token would make every visitor's form submission fail."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from common.pagecache import PublicPageCacheMiddleware

    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    calls = []

    def form_view(request):
        calls.append(1)
        return HttpResponse(f'<form><input name="csrfmiddlewaretoken" value="{get_token(request)}"></form>')

    middleware = PublicPageCacheMiddleware(form_view)
    for _ in range(2):
        request = rf.get("/ar/forms/complaint/")
        request.user = AnonymousUser()
        response = middleware(request)
        assert "X-Page-Cache" not in response
    assert len(calls) == 2


def test_making_a_page_private_purges_its_cached_copy(
    client, settings, bootstrapped, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    from home.models import HomePage

    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    news = HomePage.objects.get(locale__language_code="en").get_children().get(slug="news")
    assert client.get("/en/news/").status_code == 200
    assert client.get("/en/news/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.PASSWORD, password="pw")
    response = client.get("/en/news/")
    assert "X-Page-Cache" not in response or response["X-Page-Cache"] == "miss"
    assert "password" in response.content.decode().lower()
