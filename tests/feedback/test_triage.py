"""Triage: low useful share over enough answers, comments; done, linked to an edit, dismissed."""

import datetime as dt

import pytest

from django.utils import timezone

from feedback import services
from feedback.models import FeedbackAnswer, TriageItem
from tests.feedback.conftest import add_answers

pytestmark = pytest.mark.django_db


def low_share_codes():
    return set(TriageItem.objects.filter(reason="low-share", state="open").values_list("service_code", flat=True))


def test_a_service_under_60_percent_over_20_answers_goes_to_triage(services_two_departments):
    add_answers("LIC-161", useful=11, not_useful=9)  # 55 % of 20
    add_answers("LIC-162", useful=12, not_useful=8)  # exactly 60 %: not below
    add_answers("PH-161", useful=5, not_useful=14)  # 26 % but only 19 answers
    assert services.triage_refresh() == 1
    assert low_share_codes() == {"LIC-161"}
    item = TriageItem.objects.get(service_code="LIC-161")
    assert (item.answers, item.useful_share, item.department.code) == (20, 0.55, "licensing")


def test_answers_older_than_the_window_do_not_count(services_two_departments):
    add_answers("LIC-161", useful=0, not_useful=25, days_ago=31)
    add_answers("LIC-161", useful=10, not_useful=0, days_ago=1)
    assert services.triage_refresh() == 0


def test_the_threshold_is_a_setting(services_two_departments, settings):
    settings.FEEDBACK_TRIAGE_SHARE = 0.8
    settings.FEEDBACK_TRIAGE_MIN_ANSWERS = 5
    add_answers("PH-161", useful=7, not_useful=3)
    assert services.triage_refresh() == 1 and low_share_codes() == {"PH-161"}


def test_one_open_item_per_service_however_often_the_check_runs(services_two_departments):
    add_answers("LIC-161", useful=2, not_useful=20)
    assert services.triage_refresh() == 1
    assert services.triage_refresh() == 0
    assert TriageItem.objects.filter(service_code="LIC-161").count() == 1


def test_an_editor_marks_done_links_to_an_edit_or_dismisses_with_a_reason(
    admin_client, admin_user, services_two_departments
):
    from catalogue.models import ServicePage

    for code in ("LIC-161", "LIC-162", "PH-161"):
        services.feedback_answer_create(
            data=services.AnswerInput(service=code, lang="ar", useful=False, comment="slow"), source="site"
        )
    items = {i.service_code: i for i in TriageItem.objects.all()}
    html = admin_client.get("/admin/feedback/triage/").content.decode()
    assert all(f'data-triage="{i.pk}"' in html for i in items.values())

    admin_client.post(f"/admin/feedback/triage/{items['LIC-161'].pk}/", {"action": "done"})
    # Dismissing needs a reason: without one nothing changes.
    admin_client.post(f"/admin/feedback/triage/{items['LIC-162'].pk}/", {"action": "dismiss", "reason": " "})
    assert TriageItem.objects.get(pk=items["LIC-162"].pk).state == "open"
    admin_client.post(f"/admin/feedback/triage/{items['LIC-162'].pk}/", {"action": "dismiss", "reason": "Spam"})
    page = ServicePage.objects.get(code="PH-161", locale__language_code="ar")
    revision = page.save_revision(user=admin_user)
    other = ServicePage.objects.get(code="LIC-161", locale__language_code="ar").save_revision(user=admin_user)
    # A revision of another service cannot be linked.
    admin_client.post(f"/admin/feedback/triage/{items['PH-161'].pk}/", {"action": "link", "revision": other.pk})
    assert TriageItem.objects.get(pk=items["PH-161"].pk).state == "open"
    admin_client.post(f"/admin/feedback/triage/{items['PH-161'].pk}/", {"action": "link", "revision": revision.pk})

    states = {i.service_code: i for i in TriageItem.objects.all()}
    assert states["LIC-161"].state == "done" and states["LIC-161"].resolved_by == admin_user
    assert (states["LIC-162"].state, states["LIC-162"].dismiss_reason) == ("dismissed", "Spam")
    assert (states["PH-161"].state, states["PH-161"].revision_id) == ("linked", revision.pk)
    assert "Nothing to triage" in admin_client.get("/admin/feedback/triage/?state=open").content.decode() or not any(
        f'data-triage="{i.pk}"' in admin_client.get("/admin/feedback/triage/").content.decode() for i in items.values()
    )


def test_comments_are_shown_escaped_to_editors(admin_client, services_two_departments):
    services.feedback_answer_create(
        data=services.AnswerInput(service="LIC-161", lang="en", useful=False, comment="<script>alert(1)</script>"),
        source="api",
    )
    for url in ("/admin/feedback/triage/", "/admin/feedback/service/LIC-161/"):
        html = admin_client.get(url).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_old_comments_are_deleted_after_the_retention_period(services_two_departments, settings):
    settings.FEEDBACK_COMMENT_RETENTION_DAYS = 30
    for days in (31, 29):
        answer = services.feedback_answer_create(
            data=services.AnswerInput(service="LIC-161", lang="ar", useful=True, comment=f"{days} days"), source="site"
        )
        FeedbackAnswer.objects.filter(pk=answer.pk).update(created_at=timezone.now() - dt.timedelta(days=days))
    from django.core.management import call_command

    call_command("feedback_purge_comments", stdout=open("/dev/null", "w"))
    comments = dict(FeedbackAnswer.objects.values_list("comment", "comment_purged"))
    assert comments == {"": True, "29 days": False}
    assert FeedbackAnswer.objects.count() == 2  # the answers stay in the figures
