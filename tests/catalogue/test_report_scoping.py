"""Admin reports show a department editor only their own department's services."""

import pytest

from django.contrib.auth.models import Group

from tests.catalogue.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def licensing_editor(bootstrapped, django_user_model):
    user = django_user_model.objects.create_user("licensing-editor", password="pw-licensing-1")
    user.groups.add(Group.objects.get(name="Department editors: licensing"))
    return user


@pytest.fixture
def services_of_two_departments(bootstrapped):
    make_service(code="LIC-911", department="licensing")
    make_service(code="PH-911", department="public-health")
    make_service(code="PH-912", department="public-health", status="draft", title_ar="مسودة الصحة العامة السرية")


def test_translation_report_lists_only_the_editors_department(client, licensing_editor, services_of_two_departments):
    client.force_login(licensing_editor)
    for query in ("", "?state=current", "?state=missing"):
        response = client.get("/admin/reports/translations/" + query)
        assert response.status_code == 200
        html = response.content.decode()
        assert "PH-911" not in html and "PH-912" not in html
        assert "مسودة الصحة العامة السرية" not in html
    assert "LIC-911" in client.get("/admin/reports/translations/").content.decode()


def test_translation_report_shows_every_department_to_an_administrator(admin_client, services_of_two_departments):
    html = admin_client.get("/admin/reports/translations/").content.decode()
    assert "LIC-911" in html and "PH-911" in html and "PH-912" in html


def test_page_types_report_does_not_name_other_departments_pages(client, licensing_editor, services_of_two_departments):
    client.force_login(licensing_editor)
    for path in ("/admin/reports/page-types-usage/", "/admin/reports/page-types-usage/results/"):
        response = client.get(path)
        assert response.status_code in (302, 403), path
        if response.status_code == 302:
            assert "page-types-usage" not in response["Location"]
    assert "/admin/reports/page-types-usage/" not in client.get("/admin/").content.decode()


def test_page_types_report_still_serves_administrators(admin_client, services_of_two_departments):
    response = admin_client.get("/admin/reports/page-types-usage/")
    assert response.status_code == 200
    assert "PH-91" in response.content.decode()
