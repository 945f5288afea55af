"""Withdrawing a service takes it off the site, the feed and search in both languages."""

import dataclasses

import pytest

from catalogue.models import ServicePage
from catalogue.services import ServiceTexts, service_upsert
from publication.models import ChangeLog, Publication
from tests.catalogue.factories import make_service

pytestmark = pytest.mark.django_db


def test_withdrawn_row_with_blank_english_unpublishes_both_languages(client, bootstrapped):
    data = make_service(code="LIC-931")
    english = ServicePage.objects.get(code="LIC-931", locale__language_code="en")
    assert client.get(english.url).status_code == 200

    withdrawn = dataclasses.replace(data, status="withdrawn", en=ServiceTexts())
    service_upsert(data=withdrawn)

    for page in ServicePage.objects.filter(code="LIC-931"):
        assert not page.live, page.locale.language_code
        assert page.status == ServicePage.Status.WITHDRAWN
    assert client.get(english.url).status_code == 404
    assert not Publication.objects.filter(type="service", code="LIC-931").exists()
    reasons = set(ChangeLog.objects.filter(code="LIC-931", op="delete").values_list("reason", flat=True))
    assert reasons == {"withdrawn"}
