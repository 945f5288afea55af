"""Owners and review dates: the six-month default, the overdue report, e-mail reminders."""

import datetime as dt

import pytest

from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from feedback import selectors, services
from feedback.models import ServiceOwnership

pytestmark = pytest.mark.django_db


def test_a_service_is_due_six_months_after_publishing_unless_a_date_is_set(services_two_departments):
    rows = {r.code: r for r in selectors.review_rows()}
    today = timezone.localdate()
    assert rows["LIC-161"].next_review == selectors.add_months(today, 6)
    services.ownership_save(code="LIC-161", owner_user=None, owner_group=None, next_review=today + dt.timedelta(days=3))
    assert {r.code: r for r in selectors.review_rows()}["LIC-161"].next_review == today + dt.timedelta(days=3)
    assert selectors.add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)


def test_the_owner_of_an_overdue_service_is_reminded_by_email_once_a_week(
    services_two_departments, licensing_editor, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = timezone.localdate()
    services.ownership_save(
        code="LIC-161", owner_user=licensing_editor, owner_group=None, next_review=today - dt.timedelta(days=1)
    )
    services.ownership_save(
        code="LIC-162", owner_user=licensing_editor, owner_group=None, next_review=today + dt.timedelta(days=1)
    )
    call_command("feedback_review_reminders", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lic@example.org"] and "LIC-161" in message.body and "LIC-162" not in message.body
    assert "/admin/feedback/reviews/" in message.body
    assert services.review_reminders_send(today=today) == 0  # not again the same week
    assert services.review_reminders_send(today=today + dt.timedelta(days=7)) == 1


def test_a_group_owner_reminds_every_member_with_an_address(
    services_two_departments, licensing_editor, django_user_model, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    group = Group.objects.create(name="Licensing content team")
    licensing_editor.groups.add(group)
    django_user_model.objects.create_user("no-mail", password="x-16-pw-aaaa").groups.add(group)
    services.ownership_save(
        code="LIC-161", owner_user=None, owner_group=group, next_review=timezone.localdate() - dt.timedelta(days=1)
    )
    assert services.review_reminders_send() == 1
    assert mail.outbox[0].to == ["lic@example.org"]


def test_the_overdue_report_and_the_ownership_form(client, services_two_departments, licensing_editor):
    client.force_login(licensing_editor)
    services.ownership_save(
        code="LIC-162", owner_user=None, owner_group=None, next_review=timezone.localdate() - dt.timedelta(days=5)
    )
    html = client.get("/admin/feedback/reviews/?overdue=1").content.decode()
    assert 'data-service="LIC-162"' in html and 'data-service="LIC-161"' not in html
    # Without an owner the form refuses; with one it saves.
    response = client.post("/admin/feedback/reviews/LIC-161/", {"next_review": "2027-01-15"})
    assert response.status_code == 200 and not ServiceOwnership.objects.filter(service_code="LIC-161").exists()
    response = client.post(
        "/admin/feedback/reviews/LIC-161/", {"owner_user": licensing_editor.pk, "next_review": "2027-01-15"}
    )
    assert response.status_code == 302
    saved = ServiceOwnership.objects.get(service_code="LIC-161")
    assert (saved.owner_user, saved.next_review) == (licensing_editor, dt.date(2027, 1, 15))
