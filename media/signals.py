"""Keep the publication pipeline in step with form templates and the services that need them."""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete

from wagtail.signals import page_published, page_unpublished, published, unpublished

from catalogue.models import ServiceDocument, ServicePage
from media.models import CustomDocument, FormTemplate
from media.representations import FORM_TYPE
from publication.batch import batch_current
from publication.services import publication_refresh, publication_refresh_many


def _service_codes_using(form: FormTemplate) -> list[str]:
    page_ids = ServiceDocument.objects.filter(form=form).values("page_id")
    return sorted(set(ServicePage.objects.filter(pk__in=page_ids).values_list("code", flat=True)))


def _forms_refresh(*, form_codes: list[str], service_codes: list[str]) -> None:
    """Re-render forms and the services that offer them (a service lists only downloadable forms)."""
    if form_codes:
        publication_refresh_many(type_name=FORM_TYPE, codes=form_codes)
    if service_codes:
        publication_refresh_many(type_name="service", codes=service_codes)


def _document_users(document: CustomDocument) -> tuple[list[str], list[str]]:
    """Codes of the forms whose files include the document, and of the services needing them."""
    forms = FormTemplate.objects.filter(Q(file_ar=document) | Q(file_en=document))
    form_codes = sorted(forms.values_list("code", flat=True))
    page_ids = ServiceDocument.objects.filter(form__in=forms).values("page_id")
    service_codes = sorted(set(ServicePage.objects.filter(pk__in=page_ids).values_list("code", flat=True)))
    return form_codes, service_codes


def on_document_saved(sender, instance, created, **kwargs):
    # Ticking "private", a new file or new metadata changes what forms offer and what search
    # finds; the pipeline decides, in this same transaction, what the public sees now.
    if not created:
        form_codes, service_codes = _document_users(instance)
        _forms_refresh(form_codes=form_codes, service_codes=service_codes)


def on_document_pre_delete(sender, instance, **kwargs):
    # Deleting sets the forms' file to NULL before post_delete, so note who used it now.
    instance._publication_users = _document_users(instance)


def on_document_deleted(sender, instance, **kwargs):
    form_codes, service_codes = getattr(instance, "_publication_users", ([], []))
    _forms_refresh(form_codes=form_codes, service_codes=service_codes)


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
        _forms_refresh(form_codes=[instance.code], service_codes=_service_codes_using(instance))


def on_form_pre_delete(sender, instance, **kwargs):
    # The services' links to the form are set to NULL before post_delete.
    instance._publication_services = _service_codes_using(instance)


def on_form_deleted(sender, instance, **kwargs):
    publication_refresh(type_name=FORM_TYPE, code=instance.code, reason="deleted")
    _forms_refresh(form_codes=[], service_codes=getattr(instance, "_publication_services", []))


def on_service_changed(sender, instance, **kwargs):
    # A form lists the live services that need it.
    if not isinstance(instance, ServicePage):
        return
    batch = batch_current()
    if batch is not None:
        # A bulk update publishes hundreds of pages: their forms are looked up in one query at
        # the end of the batch (still in its transaction) instead of one query per page.
        batch.defer(key="media.service-forms", items=[instance.code], fn=_forms_of_services_refresh)
        return
    _forms_of_services_refresh([instance.code])


def _forms_of_services_refresh(service_codes) -> None:
    form_codes = set(
        ServiceDocument.objects.filter(page__code__in=sorted(service_codes), form__isnull=False).values_list(
            "form__code", flat=True
        )
    )
    if form_codes:
        publication_refresh_many(type_name=FORM_TYPE, codes=form_codes)


def connect() -> None:
    published.connect(on_form_published, dispatch_uid="media_form_published")
    unpublished.connect(on_form_unpublished, dispatch_uid="media_form_unpublished")
    pre_delete.connect(on_form_pre_delete, sender=FormTemplate, dispatch_uid="media_form_pre_delete")
    post_delete.connect(on_form_deleted, sender=FormTemplate, dispatch_uid="media_form_deleted")
    post_save.connect(on_document_saved, sender=CustomDocument, dispatch_uid="media_document_saved")
    pre_delete.connect(on_document_pre_delete, sender=CustomDocument, dispatch_uid="media_document_pre_delete")
    post_delete.connect(on_document_deleted, sender=CustomDocument, dispatch_uid="media_document_deleted")
    page_published.connect(on_service_changed, dispatch_uid="media_service_published")
    page_unpublished.connect(on_service_changed, dispatch_uid="media_service_unpublished")
