"""Issue 19: the admin services listing stays a fixed number of queries however many services
it shows, and shows every service, with its department, to a superuser."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import ServicePage
from tests.catalogue.factories import make_service

pytestmark = pytest.mark.django_db


def _listing(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/services/")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_listing_queries_do_not_grow_with_the_services_shown(admin_client, bootstrapped):
    departments = ["licensing", "public-health", "buildings"]
    make_service(code="LST-000", department="licensing")
    _listing(admin_client)  # warm the caches (site root paths, content types)
    html, few = _listing(admin_client)
    for n in range(1, 8):
        make_service(code=f"LST-{n:03d}", department=departments[n % 3])
    html, many = _listing(admin_client)
    assert many <= few  # 16 rows (8 services in two languages) as few queries as 2
    services = ServicePage.objects.count()
    assert f"{services} " in html  # the count above the table: every service
    for n in range(8):
        assert f"LST-{n:03d}" in html
    assert "Public Health" in html or "الصحة العامة" in html  # each row's department
