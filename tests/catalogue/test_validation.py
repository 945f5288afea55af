"""Bad input in the editor gives a clear, translated error and saves nothing half-way."""

from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError
from django.utils import translation

from catalogue.models import ServiceFee, ServicePage
from tests.catalogue.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(bootstrapped):
    make_service(code="LIC-901")
    return ServicePage.objects.get(code="LIC-901", locale__language_code="ar")


def test_duplicate_service_code_is_refused_in_the_editors_language(service):
    clone = ServicePage(
        title="نسخة",
        slug="lic-901-copy",
        code="LIC-901",
        department=service.department,
        summary="س",
        description="<p>و</p>",
        processing_time="يوم",
        locale=service.locale,
    )
    with translation.override("ar"), pytest.raises(ValidationError) as error:
        clone.full_clean()
    assert "توجد خدمة أخرى تستخدم الرمز LIC-901" in str(error.value.message_dict["code"])
    with translation.override("en"), pytest.raises(ValidationError) as error:
        clone.full_clean()
    assert "Another service already uses the code LIC-901" in str(error.value.message_dict["code"])


def test_malformed_service_code_is_refused(service):
    service.code = "lic_1"
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "code" in error.value.message_dict


def test_code_of_a_published_service_cannot_change(service):
    service.code = "LIC-902"
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            service.full_clean()
        assert "cannot change" in str(error.value.message_dict["code"])


def test_negative_fee_is_refused():
    fee = ServiceFee(label="رسوم", amount_aed=Decimal("-5"))
    with pytest.raises(ValidationError) as error:
        fee.full_clean(exclude=["page"])
    assert "amount_aed" in error.value.message_dict


def test_publishing_with_missing_arabic_fields_is_refused_and_leaves_the_live_page(client, admin_user, service):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    client.force_login(admin_user)
    live_title = service.title
    form = nested_form_data(
        {
            "title": "عنوان جديد",
            "slug": service.slug,
            "code": service.code,
            "department": service.department_id,
            "status": service.status,
            "unavailable_message": "",
            "summary": "",  # required in Arabic
            "description": rich_text(""),
            "processing_time": "",
            "outputs": "",
            "keywords": "",
            "channel_links": inline_formset([{"channel": service.channel_links.first().channel_id}], min=1),
            "fees": inline_formset([]),
            "required_documents": inline_formset([]),
            "steps": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "Publish",
        }
    )
    with translation.override("ar"):
        response = client.post(f"/admin/pages/{service.pk}/edit/", form, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200  # the form comes back with errors
    html = response.content.decode()
    assert "هذا الحقل مطلوب" in html  # Django's "This field is required." in Arabic
    service.refresh_from_db()
    assert service.title == live_title
    assert service.revisions.count() == 1  # no revision saved from the failed publish


def test_unavailable_status_needs_a_message(service):
    service.status = ServicePage.Status.UNAVAILABLE
    service.unavailable_message = ""
    with translation.override("en"), pytest.raises(ValidationError) as error:
        service.full_clean()
    assert "unavailable_message" in error.value.message_dict
