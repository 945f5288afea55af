"""Writes to the catalogue. Every write goes through Wagtail revisions so that the audit log,
workflows, search and the publication pipeline see it like an editor's edit.

Batches (imports, the demo seed) load reference data once (``CatalogueContext``) and defer the
search-index and reference-index updates to one task per touched page at the end, instead of one
per save of every page and child row.
"""

import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal

from django.db import transaction
from django.db.models.signals import post_save
from django.utils.translation import gettext as _

from wagtail.signal_handlers import disable_reference_index_auto_update

from catalogue.importing.selectors import (
    CatalogueContext,
    ServicePair,
    audience_ids,
    catalogue_context_load,
    service_pairs,
)
from catalogue.models import ServiceChannel, ServiceDocument, ServiceFee, ServicePage, ServiceStep
from common.text import data_bidi_strip
from publication.services import transaction_lock


@dataclass
class ServiceTexts:
    """The texts of a service in one language."""

    title: str = ""
    summary: str = ""
    description: str = ""
    processing_time: str = ""
    documents: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    fee_label: str = ""


@dataclass
class ServiceData:
    """A service as a spreadsheet row describes it (docs/CONTRACTS.md §2)."""

    code: str
    department: str
    ar: ServiceTexts
    en: ServiceTexts
    channels: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    fee_aed: Decimal = Decimal("0")
    e_payment: bool = False
    uae_pass: bool = False
    status: str = "published"  # published | draft | withdrawn


@dataclass
class UpsertResult:
    code: str
    created: bool = False
    changed: bool = False


class CatalogueSetupError(Exception):
    """The page tree or reference data needed for a write is missing (run bootstrap)."""


# --- deferred indexing ----------------------------------------------------------------------
_batch = threading.local()
_gate_lock = threading.Lock()
_gate_installed = False


def _install_search_gate() -> None:
    """Route ServicePage saves through a gate that batches can close (thread-local, so safe)."""
    global _gate_installed
    with _gate_lock:
        if _gate_installed:
            return
        from modelsearch.signal_handlers import post_save_signal_handler

        if post_save.disconnect(post_save_signal_handler, sender=ServicePage):

            def gated(sender, instance, **kwargs):
                pages = getattr(_batch, "pages", None)
                if pages is not None:
                    pages.add(instance.pk)
                    return
                post_save_signal_handler(instance=instance, **kwargs)

            post_save.connect(gated, sender=ServicePage, weak=False, dispatch_uid="catalogue_gated_search_index")
        _gate_installed = True


@contextmanager
def deferred_indexing():
    """Index each touched service page once, at the end of the batch, instead of at every save."""
    _install_search_gate()
    if getattr(_batch, "pages", None) is not None:  # nested: the outer batch indexes
        yield _batch.pages
        return
    _batch.pages = touched = set()
    try:
        with disable_reference_index_auto_update():
            yield touched
    finally:
        _batch.pages = None
    from catalogue.tasks import REINDEX_BATCH, service_pages_reindex

    ids = sorted(touched)
    for start in range(0, len(ids), REINDEX_BATCH):
        service_pages_reindex.enqueue(ids[start : start + REINDEX_BATCH])


# --- applying one row -----------------------------------------------------------------------
def _department_page(context: CatalogueContext, department: str, lang: str):
    page = context.department_pages.get((department, lang))
    if page is None:
        raise CatalogueSetupError(
            _("The department page for %(code)s is missing; run bootstrap.") % {"code": department}
        )
    return page


def _fee_label(texts: ServiceTexts, lang: str) -> str:
    return texts.fee_label or ("رسوم الخدمة" if lang == "ar" else "Service fee")


def _apply(page: ServicePage, *, data: ServiceData, texts: ServiceTexts, context: CatalogueContext, lang: str) -> None:
    """Set what the row controls, keeping what it does not (channel links' URLs, form links, fee labels)."""
    page.title = texts.title or data.ar.title
    page.draft_title = page.title
    page.code = data.code
    page.department = context.departments[data.department]
    page.summary = texts.summary
    page.description = texts.description
    page.processing_time = texts.processing_time
    page.keywords = "|".join(texts.keywords)
    page.e_payment = data.e_payment
    page.uae_pass = data.uae_pass
    if data.status == "withdrawn":
        page.status = ServicePage.Status.WITHDRAWN
    elif page.status == ServicePage.Status.WITHDRAWN:
        page.status = ServicePage.Status.AVAILABLE

    links = list(page.channel_links.all()) if page.pk else []
    if [context.channel_codes.get(link.channel_id) for link in links] != data.channels:
        kept = {context.channel_codes.get(link.channel_id): link for link in links}
        new_links = [kept.get(code) or ServiceChannel(channel=context.channels[code]) for code in data.channels]
        for position, link in enumerate(new_links):
            link.sort_order = position
        page.channel_links = new_links

    fees = list(page.fees.all()) if page.pk else []
    if not page.pk or sum((f.amount_aed for f in fees), Decimal("0")) != data.fee_aed:
        # As the database returns it (two places), so that revisions say "150.00" whichever way they were written.
        amount = data.fee_aed.quantize(Decimal("0.01"))
        if len(fees) == 1:
            fees[0].amount_aed = amount
            page.fees = fees
        else:
            page.fees = [ServiceFee(label=_fee_label(texts, lang), amount_aed=amount, sort_order=0)]

    documents = list(page.required_documents.all()) if page.pk else []
    if [d.name for d in documents] != texts.documents:
        by_name = {d.name: d for d in documents}  # keeps the downloadable form linked to a document
        new_documents = [by_name.get(n) or ServiceDocument(name=n) for n in texts.documents]
        for position, document in enumerate(new_documents):
            document.sort_order = position
        page.required_documents = new_documents

    steps = list(page.steps.all()) if page.pk else []
    if [s.text for s in steps] != texts.steps:
        page.steps = [ServiceStep(text=t, sort_order=i) for i, t in enumerate(texts.steps)]

    wanted = sorted(context.audiences[code].pk for code in data.audiences)
    if not page.pk or audience_ids(page) != wanted:
        page.audiences = [context.audiences[code] for code in data.audiences]
        page.audience_ids = wanted


def _create(
    *, data: ServiceData, texts: ServiceTexts, context: CatalogueContext, lang: str, user, source=None
) -> ServicePage:
    page = ServicePage(slug=data.code.lower(), locale=context.locales[lang], live=False, owner=user)
    if source is not None:
        page.translation_key = source.translation_key
    _apply(page, data=data, texts=texts, context=context, lang=lang)
    # Page.save() logs "wagtail.create" itself (by the owner, the importing user).
    _department_page(context, data.department, lang).add_child(instance=page)
    return page


def _settle(page: ServicePage, *, status: str, changed: bool, user) -> bool:
    """Save a revision when the content changed and bring the page to the row's status.

    Returns whether anything was written.
    """
    wrote = False
    # Publishing saves the page through full_clean(); the revision need not clean it first.
    will_publish = status == "published" or (status == "withdrawn" and page.live)
    if changed:
        revision = page.save_revision(user=user, log_action=True, clean=not will_publish)
        wrote = True
    else:
        revision = page.latest_revision
    if status == "published" and (changed or not page.live or page.has_unpublished_changes):
        revision = revision or page.save_revision(user=user, log_action=True)
        revision.publish(user=user)
        wrote = True
    elif status == "withdrawn" and page.live:
        if changed or page.has_unpublished_changes:
            # Publishing the withdrawn status first makes the feed say "withdrawn", not "unpublished".
            revision.publish(user=user)
        page.unpublish(user=user)
        wrote = True
    return wrote


def _move(pair: ServicePair, *, department: str, context: CatalogueContext, user) -> ServicePair:
    from catalogue.signals import caller_handles_moves

    # This path moves both languages and sets their department through its own revisions.
    with caller_handles_moves():
        for lang, page in (("ar", pair.ar), ("en", pair.en)):
            if page is not None:
                ServicePage.objects.get(pk=page.pk).move(
                    _department_page(context, department, lang), pos="last-child", user=user
                )
    # The moves changed the department pages' child counts held in the context.
    for parent in context.department_pages.values():
        parent.refresh_from_db(fields=["numchild"])
    return next(p for _, p in service_pairs(codes=[pair.ar.code], for_write=True))


def service_write(*, data: ServiceData, pair: ServicePair | None, context: CatalogueContext, user=None) -> UpsertResult:
    """Create or update the Arabic page of a service and its English translation."""
    result = UpsertResult(code=data.code)
    if data.department not in context.departments:
        raise CatalogueSetupError(_("Unknown department %(code)s.") % {"code": data.department})
    if pair is None:
        result.created = result.changed = True
        ar_page = _create(data=data, texts=data.ar, context=context, lang="ar", user=user)
        if data.en.title:
            en_page = _create(data=data, texts=data.en, context=context, lang="en", user=user, source=ar_page)
            # The translation first: the service goes public with the Arabic original, rendered once
            # in both languages (one feed change per language instead of three).
            _settle(en_page, status=data.status, changed=True, user=user)
        _settle(ar_page, status=data.status, changed=True, user=user)
        return result

    if context.department_codes.get(pair.ar.department_id) != data.department:
        pair = _move(pair, department=data.department, context=context, user=user)
        result.changed = True
    ar_page = pair.ar
    before = _fingerprint(ar_page)
    _apply(ar_page, data=data, texts=data.ar, context=context, lang="ar")
    result.changed |= _settle(ar_page, status=data.status, changed=_fingerprint(ar_page) != before, user=user)
    if data.en.title:
        if pair.en is None:
            en_page = _create(data=data, texts=data.en, context=context, lang="en", user=user, source=ar_page)
            _settle(en_page, status=data.status, changed=True, user=user)
            result.changed = True
        else:
            before = _fingerprint(pair.en)
            _apply(pair.en, data=data, texts=data.en, context=context, lang="en")
            result.changed |= _settle(pair.en, status=data.status, changed=_fingerprint(pair.en) != before, user=user)
    elif pair.en is not None and data.status == "withdrawn":
        # A withdrawal applies to the service in every language, even when the row leaves English blank.
        before = _fingerprint(pair.en)
        pair.en.status = ServicePage.Status.WITHDRAWN
        result.changed |= _settle(pair.en, status=data.status, changed=_fingerprint(pair.en) != before, user=user)
    return result


def _fingerprint(page: ServicePage) -> tuple:
    """What a row controls on a page, to tell whether applying it changed anything."""
    return (
        page.title,
        page.department_id,
        page.summary,
        page.description,
        page.processing_time,
        page.keywords,
        page.e_payment,
        page.uae_pass,
        page.status,
        tuple(link.channel_id for link in page.channel_links.all()),
        tuple(f"{Decimal(f.amount_aed):.2f}" for f in page.fees.all()),
        tuple(d.name for d in page.required_documents.all()),
        tuple(s.text for s in page.steps.all()),
        tuple(audience_ids(page)),
    )


# Arbitrary constant: the PostgreSQL advisory lock that makes batches of service writes take turns.
SERVICE_WRITES_LOCK_KEY = 0x0BA1AD17B


def _lock_imports() -> None:
    """One batch of service writes at a time: two imports creating the same new code under
    different departments would otherwise both see it as new and both create it (nothing in the
    schema forbids two pages with one code)."""
    transaction_lock(SERVICE_WRITES_LOCK_KEY)


def service_upsert(*, data: ServiceData, user=None) -> UpsertResult:
    """Create or update one service (see ``service_write``)."""
    return service_import(rows=[data], user=user)[0]


def _texts_bidi_strip(texts: ServiceTexts) -> ServiceTexts:
    return ServiceTexts(**{f.name: data_bidi_strip(value=getattr(texts, f.name)) for f in fields(texts)})


def service_import(
    *, rows: Iterable[ServiceData], user=None, progress: Callable[[int], None] | None = None
) -> list[UpsertResult]:
    """Write many services in one transaction: all of them or, on any error, none."""
    from catalogue.bulk_create import fewer_collections, services_create_bulk
    from catalogue.signals import services_refresh_deferred

    # New services are written in bulk, past the save hook that strips bidirectional controls.
    rows = [replace(row, ar=_texts_bidi_strip(row.ar), en=_texts_bidi_strip(row.en)) for row in rows]
    codes = [row.code for row in rows]
    if len(set(codes)) != len(codes):
        raise ValueError(
            f"A batch names a service code more than once: {sorted({c for c in codes if codes.count(c) > 1})}"
        )
    results = {}
    # Each service is rendered for the feed once, when all rows are written (services_refresh_deferred).
    with fewer_collections(), transaction.atomic(), deferred_indexing(), services_refresh_deferred():
        _lock_imports()
        context = catalogue_context_load()
        pairs = dict(service_pairs(codes=[row.code for row in rows], for_write=True))
        # New services in bulk, a few queries per 250 rows (see catalogue/bulk_create.py).
        created = services_create_bulk(
            rows=[row for row in rows if row.code not in pairs],
            context=context,
            user=user,
            apply=_apply,
            progress=progress,
        )
        deferred = {id(row) for row in created.deferred}
        results.update(
            {
                row.code: UpsertResult(code=row.code, created=True, changed=True)
                for row in rows
                if row.code not in pairs and id(row) not in deferred
            }
        )
        for row in rows:
            if row.code in results:
                continue
            results[row.code] = service_write(data=row, pair=pairs.get(row.code), context=context, user=user)
            if progress:
                progress(1)
    return [results[row.code] for row in rows]
