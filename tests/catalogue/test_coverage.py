"""Coverage figures on a known fixture: per channel, online share, departments, CSV export."""

import csv
import io

import pytest

from catalogue.selectors import coverage_figures
from tests.catalogue.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixture_catalogue(bootstrapped):
    make_service(code="LIC-901", department="licensing", channels=["counter", "website", "app-rukhsati"])
    make_service(code="LIC-902", department="licensing", channels=["counter", "dreesha"])
    make_service(code="PH-901", department="public-health", channels=["website"])
    make_service(code="PH-902", department="public-health", channels=["kiosk", "app-smart-fujairah", "website"])
    make_service(code="PH-903", department="public-health", channels=["counter"], status="draft")
    make_service(code="ENV-901", department="environment", channels=["counter"], status="withdrawn")


def test_figures_count_live_services_by_channel_type(fixture_catalogue):
    figures = coverage_figures()
    assert figures.total == 4  # the draft and the withdrawn service do not count
    assert figures.at_outlets == 3  # counter, dreesha or kiosk
    assert figures.on_website == 3
    assert figures.in_apps == 2
    assert figures.online == 3
    assert figures.online_share == 75.0
    per_channel = {channel.code: n for channel, n in figures.per_channel}
    assert per_channel["counter"] == 2 and per_channel["website"] == 3 and per_channel["service-bus"] == 0
    per_department = {d.code: n for d, n in figures.per_department}
    assert per_department == {
        "buildings": 0,
        "consumer-protection": 0,
        "customer-happiness": 0,
        "environment": 0,
        "leasing": 0,
        "licensing": 2,
        "public-health": 2,
    }


def test_dashboard_shows_figures_chart_and_exports_csv(client, admin_user, fixture_catalogue):
    client.force_login(admin_user)
    html = client.get("/admin/reports/coverage/").content.decode()
    assert 'data-figure="total" style="font-size:1.8rem;margin:0">4<' in html
    assert "<svg" in html and 'role="img"' in html
    response = client.get("/admin/reports/coverage/?export=csv")
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = {row[1]: row[2] for row in csv.reader(io.StringIO(body.lstrip("\ufeff"))) if len(row) == 3}
    assert rows["total"] == "4" and rows["website"] == "3" and rows["apps"] == "2" and rows["channel:counter"] == "2"


def test_admin_home_shows_the_coverage_panel(client, admin_user, fixture_catalogue):
    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    assert 'data-figure="online"' in html


def test_reports_need_admin_access(client, django_user_model, fixture_catalogue):
    user = django_user_model.objects.create_user("visitor", password="pw-visitor-1")
    client.force_login(user)
    assert client.get("/admin/reports/coverage/").status_code in (302, 403)
    client.logout()
    response = client.get("/admin/reports/coverage/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_demo_content_has_the_shape_of_the_municipalitys_report(bootstrapped):
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    figures = coverage_figures()
    assert figures.total >= 40
    # "303 services at outlets, 205 on the website, 109 in the apps" out of 320.
    assert 0.85 <= figures.at_outlets / figures.total < 1
    assert 0.55 <= figures.on_website / figures.total <= 0.75
    assert 0.25 <= figures.in_apps / figures.total <= 0.45
