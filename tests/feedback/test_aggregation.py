"""Figures per service, channel, department and week against a known fixture; CSV; complaints."""

import datetime as dt

import pytest

from django.utils import timezone

from feedback import selectors
from tests.feedback.conftest import add_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_answers(services_two_departments):
    add_answers("LIC-161", useful=6, not_useful=2, channel="website", rating=4, days_ago=2)
    add_answers("LIC-161", useful=1, not_useful=1, channel="counter", rating=2, days_ago=9)
    add_answers("LIC-162", useful=0, not_useful=3, days_ago=3)
    add_answers("PH-161", useful=5, not_useful=0, channel="counter", rating=5, days_ago=1)
    add_answers("PH-161", useful=9, not_useful=9, days_ago=200)  # outside every period below


def _since(days=90):
    return timezone.now() - dt.timedelta(days=days)


def test_figures_per_service(known_answers, bootstrapped):
    from catalogue.models import Department

    rows = {
        r["code"]: r
        for r in selectors.figures_per_service(departments=Department.objects.all(), since=_since(), lang="en")
    }
    assert rows["LIC-161"]["answers"] == 10 and rows["LIC-161"]["useful"] == 7
    assert rows["LIC-161"]["useful_share"] == 0.7 and rows["LIC-161"]["rating"] == 3.6
    assert rows["LIC-162"]["useful_share"] == 0.0 and rows["LIC-162"]["rating"] is None
    assert rows["PH-161"]["answers"] == 5 and rows["PH-161"]["title"] == "Test service PH-161"


def test_figures_per_channel_and_department(known_answers):
    from catalogue.models import Department

    departments = list(Department.objects.order_by("code"))
    channels = {c["code"]: c for c in selectors.figures_per_channel(departments=departments, since=_since(), lang="en")}
    assert channels["website"]["answers"] == 8 and channels["website"]["useful_share"] == 0.75
    assert channels["counter"]["answers"] == 7 and channels["counter"]["useful"] == 6
    per_department = {
        d["code"]: d for d in selectors.figures_per_department(departments=departments, since=_since(), lang="ar")
    }
    assert per_department["licensing"]["answers"] == 13 and per_department["licensing"]["useful"] == 7
    assert per_department["public-health"]["answers"] == 5


def test_weekly_trend_counts_every_week_once(known_answers):
    from catalogue.models import Department

    weeks = selectors.figures_per_week(departments=Department.objects.all(), since=_since(30))
    assert sum(w["answers"] for w in weeks) == 18
    assert len(weeks) in (5, 6) and weeks == sorted(weeks, key=lambda w: w["week"])
    assert all(w["week"].weekday() == 0 for w in weeks)


def test_the_report_draws_charts_with_tables_and_exports_a_neutralised_csv(admin_client, known_answers):
    from catalogue.models import ServicePage

    ServicePage.objects.filter(code="LIC-162", locale__language_code="ar").update(title="=cmd|' /C calc'!A0")
    html = admin_client.get("/admin/feedback/").content.decode()
    assert html.count("<svg") >= 3 and "<table" in html
    assert 'data-service="LIC-161"' in html
    response = admin_client.get("/admin/feedback/?export=csv")
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "'=cmd|' /C calc'!A0" in body
    line = next(line for line in body.splitlines() if line.startswith("LIC-161"))
    assert line.endswith(",10,7,0.7,3.6,0,0")


def test_complaints_that_name_a_service_appear_in_its_row(admin_client, known_answers):
    from wagtail.contrib.forms.models import FormSubmission

    from catalogue.models import Department
    from media.models import FormsIndexPage, OnlineFormPage

    index = FormsIndexPage.objects.filter(locale__language_code="ar").first()
    page = OnlineFormPage(
        title="شكوى", slug="complaint-16", kind="complaint", department=Department.objects.get(code="licensing")
    )
    index.add_child(instance=page)
    FormSubmission.objects.create(page=page, form_data={"details": "The counter for LIC-161 was closed"})
    FormSubmission.objects.create(page=page, form_data={"service": "LIC-162", "details": "rude"})
    FormSubmission.objects.create(page=page, form_data={"details": "no service named"})
    rows = {
        r["code"]: r
        for r in selectors.figures_per_service(departments=Department.objects.all(), since=_since(), lang="ar")
    }
    assert (
        rows["LIC-161"]["complaints"] == 1 and rows["LIC-162"]["complaints"] == 1 and rows["PH-161"]["complaints"] == 0
    )
    html = admin_client.get("/admin/feedback/service/LIC-161/").content.decode()
    assert "data-complaints>1<" in html
