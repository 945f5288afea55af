"""Keep the publication pipeline in step with the catalogue: Wagtail's page lifecycle for services
and saves/deletes of the reference snippets (departments, channels, audiences, outlets).

Wagtail sends these signals inside the publishing request's transaction (ATOMIC_REQUESTS), so the
Publication and ChangeLog rows commit or roll back with the edit itself.
https://docs.wagtail.org/en/stable/reference/signals.html
"""

from django.db.models.signals import post_delete, post_save, pre_save

from modelsearch.signal_handlers import post_delete_signal_handler, post_save_signal_handler
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from catalogue.models import (
    Audience,
    Channel,
    Department,
    DepartmentPage,
    OpeningHours,
    Outlet,
    ServicePage,
    SpecialPeriod,
)
from catalogue.representations import (
    AUDIENCE_TYPE,
    CHANNEL_TYPE,
    DEPARTMENT_TYPE,
    OUTLET_TYPE,
    SERVICE_TYPE,
    STATS_CODE,
    STATS_TYPE,
)
from catalogue.tasks import REINDEX_BATCH, service_pages_reindex
from publication.batch import batch_current, batch_handles, on_commit_once
from publication.services import publication_refresh, publication_refresh_many

REFERENCE_TYPES = {Department: DEPARTMENT_TYPE, Channel: CHANNEL_TYPE, Audience: AUDIENCE_TYPE, Outlet: OUTLET_TYPE}


def _schedule_stats() -> None:
    # Coverage figures are derived from every live service, so they are recounted once per
    # transaction, after it commits, rather than once per service of a 1,000-row import.
    on_commit_once(key="catalogue.coverage-figures", fn=_stats_refresh)


def _stats_refresh(_items: list) -> None:
    publication_refresh(type_name=STATS_TYPE, code=STATS_CODE)


def services_publication_refresh(codes, *, rendered=None) -> None:
    """Re-render services in the pipeline (and recount the coverage figures after commit).

    In a batch (a spreadsheet import), each service is re-rendered once, when the batch ends (still
    inside the caller's transaction), rather than at every publish, unpublish and move of its pages.
    """
    batch = batch_current()
    if batch is not None and rendered is None:
        batch.defer(key="catalogue.service-publications", items=codes, fn=_services_refresh)
        return
    _services_refresh(codes, rendered=rendered)


def _services_refresh(codes, *, rendered=None) -> None:
    publication_refresh_many(type_name=SERVICE_TYPE, codes=codes, rendered=rendered)
    _schedule_stats()


def on_service_page_saved(sender, instance, **kwargs):
    """Index a saved service page for the admin search at once, or in a batch once per page at its
    end together with its reference index (``deferred_indexing``); ServicePage opts out of
    modelsearch's own handler (``search_auto_update = False``)."""
    batch = batch_current()
    if batch is None:
        post_save_signal_handler(instance=instance, **kwargs)
    else:
        batch.defer(key="catalogue.service-pages-index", items=[instance.pk], fn=_service_pages_reindex)


def _service_pages_reindex(page_ids) -> None:
    ids = sorted(page_ids)
    for start in range(0, len(ids), REINDEX_BATCH):
        service_pages_reindex.enqueue(ids[start : start + REINDEX_BATCH])


# What a batch's caller declares it does itself (``Batch.handling``): the bulk update of an
# import renders the services it publishes from the pages it holds in memory.
SERVICE_RENDERS = "catalogue.service-renders"


def on_page_published(sender, instance, **kwargs):
    if isinstance(instance, ServicePage) and not batch_handles(SERVICE_RENDERS):
        services_publication_refresh([instance.code])


def on_page_unpublished(sender, instance, **kwargs):
    if isinstance(instance, ServicePage):
        services_publication_refresh([instance.code])


# What a batch's caller declares it does itself (``Batch.handling``): the spreadsheet import
# moves both languages of a service and sets their departments through its own revisions.
SERVICE_MOVES = "catalogue.service-moves"


def _follow_new_department(page: ServicePage, parent) -> None:
    """An Arabic service moved to another department: its translations follow, and every
    language's department becomes the new one (live row and latest draft alike)."""
    department_id = parent.department_id
    for translation in ServicePage.objects.filter(translation_key=page.translation_key).select_related("locale"):
        if translation.locale_id != page.locale_id:
            target = parent.get_translation_or_none(translation.locale)
            if target is not None and translation.get_parent().pk != target.pk:
                translation.move(target, pos="last-child")
        if translation.department_id != department_id:
            # The live row now, so the feed and the site follow at once; the latest revision too, so
            # the next publish keeps it (without publishing anyone's unfinished draft).
            ServicePage.objects.filter(pk=translation.pk).update(department_id=department_id)
            draft = ServicePage.objects.get(pk=translation.pk).get_latest_revision_as_object()
            draft.department_id = department_id
            draft.save_revision(log_action=True, clean=False)


def on_page_moved(sender, instance, parent_page_after=None, **kwargs):
    page = instance.specific if type(instance) is not ServicePage else instance
    if (
        isinstance(page, ServicePage)
        and page.locale.language_code == "ar"
        and isinstance(parent_page_after.specific if parent_page_after else None, DepartmentPage)
        and not batch_handles(SERVICE_MOVES)
    ):
        _follow_new_department(page, parent_page_after.specific)
    # A move changes the URL of the page and of every service beneath it.
    services_publication_refresh(
        ServicePage.objects.descendant_of(instance, inclusive=True).values_list("code", flat=True)
    )


def on_service_deleted(sender, instance, **kwargs):
    publication_refresh(type_name=SERVICE_TYPE, code=instance.code, reason="deleted")
    _schedule_stats()


def on_view_restriction_changed(sender, instance, **kwargs):
    # Making a page private (or public again) changes what the public may see beneath it.
    services_publication_refresh(
        ServicePage.objects.descendant_of(instance.page, inclusive=True).values_list("code", flat=True)
    )


def on_reference_pre_save(sender, instance, **kwargs):
    # Remember the previous code: when an editor changes it, the old code leaves the feed.
    instance._feed_previous_code = (
        sender.objects.filter(pk=instance.pk).values_list("code", flat=True).first() if instance.pk else None
    )


def on_reference_saved(sender, instance, created, **kwargs):
    type_name = REFERENCE_TYPES[sender]
    previous = getattr(instance, "_feed_previous_code", None)
    if previous and previous != instance.code:
        publication_refresh(type_name=type_name, code=previous, reason="deleted")
    publication_refresh(type_name=type_name, code=instance.code)
    if created:
        return
    # Names of departments and channels are part of the services and outlets that use them.
    if sender is Department:
        services_publication_refresh(ServicePage.objects.filter(department=instance).values_list("code", flat=True))
    elif sender is Channel:
        services_publication_refresh(
            ServicePage.objects.filter(channel_links__channel=instance).values_list("code", flat=True)
        )
        for code in Outlet.objects.filter(channel=instance).values_list("code", flat=True):
            publication_refresh(type_name=OUTLET_TYPE, code=code)


def on_reference_deleted(sender, instance, **kwargs):
    publication_refresh(type_name=REFERENCE_TYPES[sender], code=instance.code, reason="deleted")
    if sender in (Department, Channel):
        _schedule_stats()


def on_outlet_child_changed(sender, instance, **kwargs):
    # Opening hours are saved after the outlet itself (modelcluster), so each saved or removed
    # interval re-renders its outlet; unchanged renders log nothing.
    code = Outlet.objects.filter(pk=instance.outlet_id).values_list("code", flat=True).first()
    if code:
        publication_refresh(type_name=OUTLET_TYPE, code=code)


def connect() -> None:
    page_published.connect(on_page_published, dispatch_uid="catalogue_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="catalogue_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="catalogue_moved")
    post_delete.connect(on_service_deleted, sender=ServicePage, dispatch_uid="catalogue_deleted")
    post_save.connect(on_service_page_saved, sender=ServicePage, dispatch_uid="catalogue_service_search_index")
    # modelsearch's own removal from the admin search, which the model's opt-out switched off too.
    post_delete.connect(post_delete_signal_handler, sender=ServicePage, dispatch_uid="catalogue_service_search_remove")
    post_save.connect(on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid="feed_restriction_saved")
    post_delete.connect(
        on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid="feed_restriction_deleted"
    )
    for model in REFERENCE_TYPES:
        uid = model._meta.model_name
        pre_save.connect(on_reference_pre_save, sender=model, dispatch_uid=f"feed_{uid}_pre_save")
        post_save.connect(on_reference_saved, sender=model, dispatch_uid=f"feed_{uid}_saved")
        post_delete.connect(on_reference_deleted, sender=model, dispatch_uid=f"feed_{uid}_deleted")
    for model in (OpeningHours, SpecialPeriod):
        uid = model._meta.model_name
        post_save.connect(on_outlet_child_changed, sender=model, dispatch_uid=f"feed_{uid}_saved")
        post_delete.connect(on_outlet_child_changed, sender=model, dispatch_uid=f"feed_{uid}_deleted")
