"""Moving a service to another department in the admin takes its translation and department along."""

import pytest

from catalogue.models import DepartmentPage, ServicePage
from publication.models import Publication
from tests.catalogue.factories import make_service

pytestmark = pytest.mark.django_db


def test_moving_the_arabic_service_moves_the_english_one_and_changes_the_department(client, admin_user, bootstrapped):
    make_service(code="LIC-951", department="licensing")
    arabic = ServicePage.objects.get(code="LIC-951", locale__language_code="ar")
    target = DepartmentPage.objects.get(department__code="public-health", locale__language_code="ar")

    client.force_login(admin_user)
    response = client.post(f"/admin/pages/{arabic.pk}/move/{target.pk}/confirm/")
    assert response.status_code == 302

    for page in ServicePage.objects.filter(code="LIC-951").select_related("locale", "department"):
        assert page.department.code == "public-health", page.locale.language_code
        assert page.get_parent().specific.department.code == "public-health"
        assert page.get_latest_revision_as_object().department.code == "public-health"
        assert page.live
    english = ServicePage.objects.get(code="LIC-951", locale__language_code="en")
    assert client.get(english.url).status_code == 200 and "/public-health/" in english.url
    for lang in ("ar", "en"):
        item = Publication.objects.get(type="service", code="LIC-951", lang=lang).payload
        assert item["department"]["code"] == "public-health"
        assert "/public-health/" in item["url"]
