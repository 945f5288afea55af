"""Every feedback report, queue and form shows a department editor only their own department."""

import datetime as dt

import pytest

from django.utils import timezone

from feedback import services
from feedback.models import TriageItem
from tests.feedback.conftest import add_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def feedback_of_two_departments(services_two_departments):
    add_answers("LIC-161", useful=3, not_useful=1, channel="website")
    add_answers("PH-161", useful=1, not_useful=4, channel="counter")
    for code in ("LIC-161", "PH-161"):
        services.feedback_answer_create(
            data=services.AnswerInput(service=code, lang="ar", useful=False, comment=f"secret of {code}"), source="site"
        )
        services.ownership_save(
            code=code, owner_user=None, owner_group=None, next_review=timezone.localdate() - dt.timedelta(days=2)
        )


def test_reports_list_only_the_editors_department(client, licensing_editor, feedback_of_two_departments):
    client.force_login(licensing_editor)
    for url in (
        "/admin/feedback/",
        "/admin/feedback/?export=csv",
        "/admin/feedback/?department=public-health",
        "/admin/feedback/triage/",
        "/admin/feedback/reviews/",
        "/admin/feedback/reviews/?export=csv",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8-sig")
        assert "PH-161" not in body and "secret of PH-161" not in body, url
    assert "LIC-161" in client.get("/admin/feedback/").content.decode()
    assert "secret of LIC-161" in client.get("/admin/feedback/triage/").content.decode()


def test_other_departments_services_and_items_cannot_be_opened(client, licensing_editor, feedback_of_two_departments):
    client.force_login(licensing_editor)
    # A 404 under /admin/ is redirected to the language prefix first (LocaleMiddleware), then 404.
    for url in ("/admin/feedback/service/PH-161/", "/admin/feedback/reviews/PH-161/"):
        response = client.get(url, follow=True)
        assert response.status_code == 404 and "secret of PH-161" not in response.content.decode()
    item = TriageItem.objects.get(service_code="PH-161")
    assert client.post(f"/admin/feedback/triage/{item.pk}/", {"action": "done"}).status_code in (302, 404)
    assert TriageItem.objects.get(pk=item.pk).state == "open"


def test_an_administrator_sees_every_department(admin_client, feedback_of_two_departments):
    html = admin_client.get("/admin/feedback/").content.decode()
    assert "LIC-161" in html and "PH-161" in html


def test_the_dashboard_counts_are_scoped_too(client, licensing_editor, feedback_of_two_departments):
    client.force_login(licensing_editor)
    html = client.get("/admin/").content.decode()
    assert 'data-count="triage"' in html
    from home.dashboard import dashboard_counts

    counts = {c.key: c.count for c in dashboard_counts(user=licensing_editor)}
    assert counts["triage"] == 1 and counts["overdue"] == 1
    # Every count links to a screen the editor may open.
    for item in dashboard_counts(user=licensing_editor):
        assert client.get(item.url, follow=True).status_code == 200, item.url


def test_people_without_admin_access_are_refused(client, django_user_model, feedback_of_two_departments):
    client.force_login(django_user_model.objects.create_user("nobody-16", password="pw-nobody-16"))
    for url in ("/admin/feedback/", "/admin/feedback/triage/", "/admin/feedback/reviews/"):
        assert client.get(url).status_code in (302, 403)
