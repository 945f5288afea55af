"""Background work of the catalogue (django-tasks): runs inline on the embedded setup."""

from django_tasks import task

from django.db import transaction

from modelsearch.backends import get_search_backends
from wagtail.models import ReferenceIndex

from catalogue.models import ServicePage

# Pages per task: a batch of edits re-indexes its pages a few hundred at a time.
REINDEX_BATCH = 500


@task()
def service_pages_reindex(page_ids: list[int]) -> int:
    """Bring Wagtail's admin search index and reference index ("usage") up to date for these
    service pages: one bulk write to the search backends rather than one task per page."""
    pages = list(ServicePage.objects.filter(pk__in=page_ids).prefetch_related("channel_links", "required_documents"))
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(ServicePage, pages)
    with transaction.atomic():
        for page in pages:
            ReferenceIndex.create_or_update_for_object(page)
    return len(pages)
