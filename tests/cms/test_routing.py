"""The public router (cms/routing.py): what Wagtail's own routing would serve, in fewer queries."""

import pytest

from django.test import RequestFactory
from django.utils import translation

from wagtail.models import Page, PageViewRestriction

from catalogue.models import DepartmentPage, ServicePage
from cms.routing import _WAGTAIL, page_route
from tests.catalogue.factories import make_service

pytestmark = pytest.mark.django_db


def _both(path: str, lang: str):
    """(ours, Wagtail's) route for ``/<lang>/<path>``, each on a fresh request."""
    factory = RequestFactory()
    with translation.override(lang):
        ours = page_route(factory.get(f"/{lang}/{path}"), path)
        theirs = Page.route_for_request(factory.get(f"/{lang}/{path}"), path)
    return ours, theirs


def _route_facts(route) -> tuple:
    """What a route decides: the page, and for a routable page's sub-route its view and arguments."""
    facts = (route.page.pk, type(route.page), route.kwargs)
    if route.args:
        view, args, kwargs = route.args
        facts += (getattr(view, "__func__", view), tuple(args), kwargs)
    return facts


def _same(ours, theirs) -> bool:
    if ours is None or theirs is None:
        return ours is theirs
    return _route_facts(ours) == _route_facts(theirs)


def test_every_page_and_sub_route_routes_as_wagtail_routes_it(bootstrapped):
    make_service(code="LIC-950")
    make_service(code="LIC-951", status="draft")  # not live: not found by either
    paths = []
    for page in Page.objects.live().filter(depth__gt=2).specific():
        lang = page.locale.language_code
        paths.append((page.url.removeprefix(f"/{lang}/"), lang))
    paths += [
        ("services/channel/website/", "ar"),  # a routable page's sub-route
        ("services/outlets/", "en"),
        ("news/rss/", "ar"),
        ("services/no-such-department/", "ar"),
        ("services/licensing/no-such-service/", "en"),
        ("services/licensing/no-such-service/deeper/", "ar"),
        ("", "ar"),
    ]
    draft = ServicePage.objects.get(code="LIC-951", locale__language_code="ar")
    paths.append((draft.url_path.split("/", 2)[2], "ar"))
    assert len(paths) > 10
    for path, lang in paths:
        ours, theirs = _both(path, lang)
        assert ours is not _WAGTAIL, path  # the router decided every one of these itself
        assert _same(ours, theirs), (path, lang, ours, theirs)
    # Some were found and some were not: the comparison covered both outcomes.
    outcomes = {_both(path, lang)[0] is None for path, lang in paths}
    assert outcomes == {True, False}


def test_a_private_section_stays_private(client, bootstrapped):
    make_service(code="LIC-952")
    service = ServicePage.objects.get(code="LIC-952", locale__language_code="ar")
    assert client.get(service.url).status_code == 200
    department = DepartmentPage.objects.get(pk=service.get_parent().pk)
    PageViewRestriction.objects.create(page=department, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(service.url)
    assert response.status_code == 302 and "login" in response["Location"]
    # Wagtail's own check and the router's single query agree on the restriction.
    routed = page_route(RequestFactory().get(service.url), service.url.removeprefix("/ar/"))
    assert list(routed.page.get_view_restrictions()) == list(Page.objects.get(pk=service.pk).get_view_restrictions())


def test_an_unpublished_page_is_not_found(client, bootstrapped):
    make_service(code="LIC-953")
    service = ServicePage.objects.get(code="LIC-953", locale__language_code="ar")
    url = service.url
    service.unpublish()
    assert client.get(url).status_code == 404
