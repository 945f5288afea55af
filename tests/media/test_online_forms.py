"""Online forms: submission, e-mail, honeypot, rate limit, department-only submissions, safe export."""

import io

import pytest

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse

from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import GroupPagePermission

from catalogue.models import Department
from media.models import DepartmentGroup, FormsIndexPage, OnlineFormField, OnlineFormPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint_page(bootstrapped, settings):
    settings.FORMS_RATE_LIMIT_COUNT = 3
    index = FormsIndexPage.objects.get(locale__language_code="ar")
    page = OnlineFormPage(
        title="تقديم شكوى «فزعة»",
        slug="complaint",
        kind=OnlineFormPage.Kind.COMPLAINT,
        department=Department.objects.get(code="consumer-protection"),
        to_address="complaints@baladiya.local",
        from_address="no-reply@baladiya.local",
        subject="شكوى جديدة",
        thank_you_text="<p>شكراً لك، استلمنا شكواك.</p>",
    )
    page.form_fields = [
        OnlineFormField(clean_name="name", label="الاسم", field_type="singleline", required=True),
        OnlineFormField(clean_name="details", label="تفاصيل الشكوى", field_type="multiline", required=True),
    ]
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _post(client, page, data, address="10.0.0.1"):
    return client.post(page.url, data, REMOTE_ADDR=address)


def test_form_shows_bilingual_page_with_hidden_honeypot(client, complaint_page):
    response = client.get(complaint_page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="rtl"' in html and "تفاصيل الشكوى" in html
    assert 'name="website_url"' in html and 'aria-hidden="true"' in html


def test_a_submission_is_stored_mailed_and_thanked(client, complaint_page):
    response = _post(client, complaint_page, {"name": "سالم", "details": "السعر أعلى من المعلن"})
    assert response.status_code == 200
    assert "استلمنا شكواك" in response.content.decode()
    submission = FormSubmission.objects.get(page=complaint_page)
    assert submission.get_data()["details"] == "السعر أعلى من المعلن"
    assert "website_url" not in submission.form_data
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["complaints@baladiya.local"]
    assert "السعر أعلى من المعلن" in mail.outbox[0].body


def test_an_invalid_submission_shows_errors_and_stores_nothing(client, complaint_page):
    response = _post(client, complaint_page, {"name": "سالم"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not FormSubmission.objects.exists()


def test_a_bot_filling_the_honeypot_is_thanked_but_nothing_is_kept(client, complaint_page):
    response = _post(client, complaint_page, {"name": "bot", "details": "spam", "website_url": "http://spam.example"})
    assert response.status_code == 200
    assert "استلمنا شكواك" in response.content.decode()
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []


def test_a_client_over_the_rate_limit_is_asked_to_wait(client, complaint_page):
    for n in range(3):
        assert _post(client, complaint_page, {"name": "سالم", "details": f"رسالة {n}"}).status_code == 200
    response = _post(client, complaint_page, {"name": "سالم", "details": "رسالة رابعة"})
    assert response.status_code == 429
    assert response["Retry-After"]
    assert "wait a few minutes" in response.content.decode() or "الانتظار" in response.content.decode()
    assert FormSubmission.objects.count() == 3
    # Another client is not affected.
    assert _post(client, complaint_page, {"name": "مريم", "details": "شكوى"}, address="10.0.0.2").status_code == 200
    assert FormSubmission.objects.count() == 4


def test_forwarded_for_is_not_trusted_without_a_proxy(client, complaint_page, settings):
    settings.TRUSTED_PROXIES = 0
    for n in range(3):
        client.post(
            complaint_page.url,
            {"name": "x", "details": str(n)},
            REMOTE_ADDR="10.0.0.9",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}",
        )
    response = client.post(
        complaint_page.url, {"name": "x", "details": "4"}, REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.99"
    )
    assert response.status_code == 429


def _staff(django_user_model, username: str, department: str, page):
    """A member of a department's group who may edit the given form page."""
    group = Group.objects.create(name=f"staff {username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=page, permission=Permission.objects.get(codename="change_page")
    )
    DepartmentGroup.objects.create(department=Department.objects.get(code=department), group=group)
    user = django_user_model.objects.create_user(username, password="x")
    user.groups.add(group)
    return user


def test_only_the_forms_department_sees_its_submissions(client, complaint_page, django_user_model):
    _post(client, complaint_page, {"name": "سالم", "details": "شكوى"})
    own = _staff(django_user_model, "cp", "consumer-protection", complaint_page)
    other = _staff(django_user_model, "ch", "customer-happiness", complaint_page)
    submissions = reverse("wagtailforms:list_submissions", args=[complaint_page.pk])
    export = submissions + "?export=csv"
    delete = reverse("wagtailforms:delete_submissions", args=[complaint_page.pk])

    client.force_login(own)
    assert client.get(submissions).status_code == 200
    assert "شكوى" in b"".join(client.get(export).streaming_content).decode()
    assert complaint_page.title in client.get(reverse("wagtailforms:index")).content.decode()

    client.force_login(other)
    # Wagtail answers a permission error in the admin by sending the person back to the dashboard.
    for response in (
        client.get(submissions),
        client.get(export),
        client.post(delete, {"selected-submissions": list(FormSubmission.objects.values_list("pk", flat=True))}),
    ):
        assert response.status_code in (302, 403)
        assert not response.has_header("Location") or response["Location"] == "/admin/"
        assert "شكوى".encode() not in getattr(response, "content", b"")
    assert complaint_page.title not in client.get(reverse("wagtailforms:index")).content.decode()
    assert FormSubmission.objects.count() == 1


def test_exports_neutralise_spreadsheet_formulas(client, admin_client, complaint_page):
    _post(
        client, complaint_page, {"name": '=HYPERLINK("http://evil.example","click")', "details": "+1+cmd|' /C calc'!A0"}
    )
    url = reverse("wagtailforms:list_submissions", args=[complaint_page.pk])
    csv_text = b"".join(admin_client.get(url + "?export=csv").streaming_content).decode()
    assert "'=HYPERLINK" in csv_text and "'+1+cmd" in csv_text
    from openpyxl import load_workbook

    response = admin_client.get(url + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert '\'=HYPERLINK("http://evil.example","click")' in values
