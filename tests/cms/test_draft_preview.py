"""Reviewers can see what they are asked to approve: the admin preview, "view draft" and the
revision preview of a page with a pending draft render, for every page type."""

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Page, Workflow, get_page_models

from catalogue.models import CatalogueIndexPage, Department, DepartmentPage, ServicePage
from catalogue.reference_data import MODERATORS, WORKFLOW_NAME
from home.models import HomePage
from media.models import FormsIndexPage, OnlineFormField, OnlineFormPage
from news.models import NewsIndexPage, NewsPage
from tests.catalogue.factories import make_service
from tests.news.conftest import make_news

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "مسودة بانتظار الموافقة"


def _online_form() -> OnlineFormPage:
    index = FormsIndexPage.objects.get(locale__language_code="ar")
    page = OnlineFormPage(
        title="نموذج اقتراح",
        slug="suggestion",
        department=Department.objects.get(code="customer-happiness"),
        to_address="a@baladiya.local",
        subject="اقتراح",
    )
    page.form_fields = [OnlineFormField(clean_name="idea", label="الاقتراح", field_type="singleline", required=True)]
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _page_of(model):
    if model is ServicePage:
        make_service(code="LIC-951", department="licensing")
        service = ServicePage.objects.get(code="LIC-951", locale__language_code="ar")
        make_service(code="LIC-952", department="licensing")
        service.related_services.set([ServicePage.objects.get(code="LIC-952", locale__language_code="ar")])
        service.save_revision().publish()
        return service
    if model is NewsPage:
        make_news("2030-draft-check")
        return NewsPage.objects.get(code="2030-draft-check", locale__language_code="ar")
    if model is OnlineFormPage:
        return _online_form()
    if model is DepartmentPage:
        return DepartmentPage.objects.get(department__code="licensing", locale__language_code="ar")
    return model.objects.get(locale__language_code="ar")


PAGE_TYPES = [HomePage, CatalogueIndexPage, DepartmentPage, ServicePage, NewsIndexPage, NewsPage, FormsIndexPage]
PAGE_TYPES.append(OnlineFormPage)


def test_every_page_type_is_covered():
    assert {m for m in get_page_models() if m is not Page} == set(PAGE_TYPES)


@pytest.fixture
def reviewer(bootstrapped, django_user_model):
    user = django_user_model.objects.create_user("reviewer", password="pw-reviewer-1")
    user.groups.add(Group.objects.get(name=MODERATORS))
    return user


@pytest.fixture
def licensing_editor(bootstrapped, django_user_model):
    user = django_user_model.objects.create_user("licensing-editor", password="pw-licensing-1")
    user.groups.add(Group.objects.get(name="Department editors: licensing"))
    return user


@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda m: m.__name__)
def test_pending_draft_can_be_previewed(client, admin_user, reviewer, licensing_editor, model):
    page = _page_of(model).specific
    catalogue = isinstance(page, (CatalogueIndexPage, DepartmentPage, ServicePage))
    # Catalogue pages: a department editor's change reviewed by a moderator; elsewhere an admin.
    author, viewer = (licensing_editor, reviewer) if isinstance(page, ServicePage) else (admin_user, admin_user)
    if catalogue and not isinstance(page, ServicePage):
        viewer = reviewer
    page.title = DRAFT_TITLE
    revision = page.save_revision(user=author)
    workflow_state = Workflow.objects.get(name=WORKFLOW_NAME).start(page, author)
    client.force_login(viewer)

    urls = {
        "view draft": reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
        "revision preview": reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]),
        "workflow preview": reverse(
            "wagtailadmin_pages:workflow_preview", args=[page.pk, workflow_state.current_task_state.task_id]
        ),
    }
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, f"{name} of a {model.__name__}: {response.status_code}"
        assert DRAFT_TITLE in response.content.decode(), f"{name} of a {model.__name__} does not show the draft"
    # The live page still shows the published title until the draft is approved.
    client.logout()
    assert DRAFT_TITLE not in client.get(Page.objects.get(pk=page.pk).url).content.decode()
