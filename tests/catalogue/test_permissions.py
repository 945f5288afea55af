"""Department editors work only in their department and cannot publish without approval."""

import pytest

from django.contrib.auth.models import Group

from wagtail.models import Page, WorkflowState

from catalogue.models import ServicePage
from tests.catalogue.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def licensing_editor(bootstrapped, django_user_model):
    user = django_user_model.objects.create_user("licensing-editor", password="pw-licensing-1")
    user.groups.add(Group.objects.get(name="Department editors: licensing"))
    return user


@pytest.fixture
def moderator(bootstrapped, django_user_model):
    user = django_user_model.objects.create_user("moderator", password="pw-moderator-1")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def two_services(bootstrapped):
    make_service(code="LIC-901", department="licensing")
    make_service(code="PH-901", department="public-health")
    return (
        ServicePage.objects.get(code="LIC-901", locale__language_code="ar"),
        ServicePage.objects.get(code="PH-901", locale__language_code="ar"),
    )


def test_department_editor_lists_only_own_department(client, licensing_editor, two_services):
    client.force_login(licensing_editor)
    response = client.get("/admin/services/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "LIC-901" in html
    assert "PH-901" not in html


def test_department_editor_cannot_open_another_departments_service(client, licensing_editor, two_services):
    own, other = two_services
    client.force_login(licensing_editor)
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    response = client.get(f"/admin/pages/{other.pk}/edit/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/" in response["Location"] and f"/pages/{other.pk}/edit/" not in response["Location"]


def test_department_editor_cannot_publish_but_can_submit_for_approval(
    client, licensing_editor, moderator, two_services
):
    own, _ = two_services
    page = own.specific
    perms = page.permissions_for_user(licensing_editor)
    assert perms.can_edit()
    assert not perms.can_publish()
    assert moderator is not None and page.permissions_for_user(moderator).can_publish()

    # Submitting through the editor goes into the "Service approval" workflow, not live.
    client.force_login(licensing_editor)
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    form = nested_form_data(
        {
            "title": "عنوان معدل للخدمة",
            "slug": page.slug,
            "code": page.code,
            "department": page.department_id,
            "status": page.status,
            "unavailable_message": "",
            "summary": page.summary,
            "description": rich_text("<p>وصف معدل</p>"),
            "audiences": [a.pk for a in page.audiences.all()],
            "processing_time": page.processing_time,
            "outputs": "",
            "keywords": page.keywords,
            "channel_links": inline_formset(
                [
                    {"channel": link.channel_id, "url": "", "phone": "", "notes": ""}
                    for link in page.channel_links.all()
                ],
                min=1,
            ),
            "fees": inline_formset([{"label": "رسوم", "amount_aed": "150", "exemptions": ""}]),
            "required_documents": inline_formset([{"name": "صورة الهوية", "form": ""}]),
            "steps": inline_formset([{"text": "تقديم الطلب"}]),
            "comments": inline_formset([]),
            "action-submit": "Submit",
        }
    )
    response = client.post(f"/admin/pages/{page.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.title != "عنوان معدل للخدمة"  # the live title is unchanged until approval
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    # The moderator approves; the change goes live.
    client.force_login(moderator)
    task_state = state.current_task_state
    response = client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": "موافق"})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.title == "عنوان معدل للخدمة"
    assert Page.objects.get(pk=page.pk).live
