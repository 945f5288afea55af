"""Writing one service the way an editor would: Wagtail's add_child, save_revision, publish,
unpublish and move, so the audit log, workflows and signals see it like an editor's edit."""

from django.utils.translation import gettext as _

from catalogue.models import ServicePage
from catalogue.selectors import ServicePair, service_pairs
from catalogue.signals import SERVICE_MOVES
from catalogue.writing.context import CatalogueContext, CatalogueSetupError, department_page
from catalogue.writing.rows import ServiceData, ServiceTexts, UpsertResult, service_apply, service_fingerprint
from publication.batch import publication_batch


def _create(
    *, data: ServiceData, texts: ServiceTexts, context: CatalogueContext, lang: str, user, source=None
) -> ServicePage:
    page = ServicePage(slug=data.code.lower(), locale=context.locales[lang], live=False, owner=user)
    if source is not None:
        page.translation_key = source.translation_key
    service_apply(page, data=data, texts=texts, context=context, lang=lang)
    # Page.save() logs "wagtail.create" itself (by the owner, the importing user).
    department_page(context, data.department, lang).add_child(instance=page)
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
    # This path moves both languages and sets their department through its own revisions.
    with publication_batch() as batch, batch.handling(SERVICE_MOVES):
        for lang, page in (("ar", pair.ar), ("en", pair.en)):
            if page is not None:
                ServicePage.objects.get(pk=page.pk).move(
                    department_page(context, department, lang), pos="last-child", user=user
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
    before = service_fingerprint(ar_page)
    service_apply(ar_page, data=data, texts=data.ar, context=context, lang="ar")
    result.changed |= _settle(ar_page, status=data.status, changed=service_fingerprint(ar_page) != before, user=user)
    if data.en.title:
        if pair.en is None:
            en_page = _create(data=data, texts=data.en, context=context, lang="en", user=user, source=ar_page)
            _settle(en_page, status=data.status, changed=True, user=user)
            result.changed = True
        else:
            before = service_fingerprint(pair.en)
            service_apply(pair.en, data=data, texts=data.en, context=context, lang="en")
            changed = service_fingerprint(pair.en) != before
            result.changed |= _settle(pair.en, status=data.status, changed=changed, user=user)
    elif pair.en is not None and data.status == "withdrawn":
        # A withdrawal applies to the service in every language, even when the row leaves English blank.
        before = service_fingerprint(pair.en)
        pair.en.status = ServicePage.Status.WITHDRAWN
        changed = service_fingerprint(pair.en) != before
        result.changed |= _settle(pair.en, status=data.status, changed=changed, user=user)
    return result
