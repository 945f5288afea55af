"""Keep the publication pipeline in step with form templates and the services that need them."""

from django.db.models.signals import post_delete

from wagtail.signals import page_published, page_unpublished, published, unpublished

from catalogue.models import ServiceDocument, ServicePage
from cms.publication import publication_refresh
from media.models import FormTemplate
from media.representations import FORM_TYPE


def _service_codes_using(form: FormTemplate) -> list[str]:
    page_ids = ServiceDocument.objects.filter(form=form).values("page_id")
    return sorted(set(ServicePage.objects.filter(pk__in=page_ids).values_list("code", flat=True)))


def on_form_published(sender, instance, **kwargs):
    if not isinstance(instance, FormTemplate):
        return
    from media.services import form_version_record

    form_version_record(form=instance)
    publication_refresh(type_name=FORM_TYPE, code=instance.code)
    # A service's representation carries the titles of its forms.
    for code in _service_codes_using(instance):
        publication_refresh(type_name="service", code=code)


def on_form_unpublished(sender, instance, **kwargs):
    if isinstance(instance, FormTemplate):
        publication_refresh(type_name=FORM_TYPE, code=instance.code)


def on_form_deleted(sender, instance, **kwargs):
    publication_refresh(type_name=FORM_TYPE, code=instance.code, reason="deleted")


def on_service_changed(sender, instance, **kwargs):
    # A form lists the live services that need it.
    if not isinstance(instance, ServicePage):
        return
    form_codes = set(
        ServiceDocument.objects.filter(page__code=instance.code, form__isnull=False).values_list(
            "form__code", flat=True
        )
    )
    for code in sorted(form_codes):
        publication_refresh(type_name=FORM_TYPE, code=code)


def connect() -> None:
    published.connect(on_form_published, dispatch_uid="media_form_published")
    unpublished.connect(on_form_unpublished, dispatch_uid="media_form_unpublished")
    post_delete.connect(on_form_deleted, sender=FormTemplate, dispatch_uid="media_form_deleted")
    page_published.connect(on_service_changed, dispatch_uid="media_service_published")
    page_unpublished.connect(on_service_changed, dispatch_uid="media_service_unpublished")
