"""Keep the publication pipeline in step with Wagtail's page lifecycle for services.

Wagtail sends these signals inside the publishing request's transaction (ATOMIC_REQUESTS), so the
Publication and ChangeLog rows commit or roll back with the edit itself.
https://docs.wagtail.org/en/stable/reference/signals.html
"""

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from catalogue.models import Department, ServicePage
from catalogue.representations import SERVICE_TYPE
from cms.publication import publication_refresh


def _refresh_service(page, reason=None):
    publication_refresh(type_name=SERVICE_TYPE, code=page.code, reason=reason)


def on_page_published(sender, instance, **kwargs):
    if isinstance(instance, ServicePage):
        _refresh_service(instance)


def on_page_unpublished(sender, instance, **kwargs):
    if isinstance(instance, ServicePage):
        _refresh_service(instance)


def on_page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    # A move changes the URL of the page and of every service beneath it.
    codes = set(ServicePage.objects.descendant_of(instance, inclusive=True).values_list("code", flat=True))
    for code in sorted(codes):
        publication_refresh(type_name=SERVICE_TYPE, code=code)


def on_service_deleted(sender, instance, **kwargs):
    publication_refresh(type_name=SERVICE_TYPE, code=instance.code, reason="deleted")


def on_department_saved(sender, instance, created, **kwargs):
    if created:
        return
    # The department's name is part of every service representation.
    for code in sorted(set(ServicePage.objects.filter(department=instance).values_list("code", flat=True))):
        publication_refresh(type_name=SERVICE_TYPE, code=code)


def connect() -> None:
    from django.db.models.signals import post_save

    page_published.connect(on_page_published, dispatch_uid="catalogue_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="catalogue_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="catalogue_moved")
    post_delete.connect(on_service_deleted, sender=ServicePage, dispatch_uid="catalogue_deleted")
    post_save.connect(on_department_saved, sender=Department, dispatch_uid="catalogue_department_saved")
