"""Writes to the catalogue. Every write goes through Wagtail revisions so that the audit log,
workflows, search and the publication pipeline see it like an editor's edit."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Locale

from catalogue.models import (
    Audience,
    CatalogueIndexPage,
    Channel,
    Department,
    DepartmentPage,
    ServiceChannel,
    ServiceDocument,
    ServiceFee,
    ServicePage,
    ServiceStep,
)


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


def _department_page(department: Department, lang: str) -> DepartmentPage:
    page = DepartmentPage.objects.filter(department=department, locale__language_code=lang).first()
    if page is None:
        raise CatalogueSetupError(_("The department page for %(code)s is missing; run bootstrap.") % {"code": department.code})
    return page


def _apply(page: ServicePage, data: ServiceData, texts: ServiceTexts, department: Department, lang: str) -> None:
    page.title = texts.title or data.ar.title
    page.code = data.code
    page.department = department
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
    channels = {c.code: c for c in Channel.objects.filter(code__in=data.channels)}
    existing_links = {link.channel.code: link for link in page.channel_links.all() if link.channel_id}
    page.channel_links = [
        existing_links.get(code) or ServiceChannel(channel=channels[code]) for code in data.channels
    ]
    for position, link in enumerate(page.channel_links.all()):
        link.sort_order = position
    label = texts.fee_label or (_("Service fee") if lang == "ar" else "Service fee")
    page.fees = [ServiceFee(label=label, amount_aed=data.fee_aed, sort_order=0)]
    page.required_documents = [ServiceDocument(name=n, sort_order=i) for i, n in enumerate(texts.documents)]
    page.steps = [ServiceStep(text=t, sort_order=i) for i, t in enumerate(texts.steps)]
    page.audiences = list(Audience.objects.filter(code__in=data.audiences))


def _snapshot(page: ServicePage) -> dict:
    """The fields a spreadsheet controls, to tell whether an update changes anything."""
    return {
        "title": page.title,
        "department": page.department_id,
        "summary": page.summary,
        "description": page.description,
        "processing_time": page.processing_time,
        "keywords": page.keywords,
        "e_payment": page.e_payment,
        "uae_pass": page.uae_pass,
        "status": page.status,
        "channels": [link.channel_id for link in page.channel_links.all()],
        "fees": [(f.label, f"{Decimal(f.amount_aed):.2f}") for f in page.fees.all()],
        "documents": [d.name for d in page.required_documents.all()],
        "steps": [s.text for s in page.steps.all()],
        "audiences": sorted(a.pk for a in page.audiences.all()),
    }


def _save(page: ServicePage, *, user, publish: bool, unpublish: bool, changed: bool, log_action: str | None = None) -> None:
    if changed or (publish and not page.live) or (publish and page.has_unpublished_changes):
        revision = page.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
    if unpublish and page.live:
        page.unpublish(user=user)


@transaction.atomic
def service_upsert(*, data: ServiceData, user=None) -> UpsertResult:
    """Create or update the Arabic page of a service and its English translation."""
    department = Department.objects.get(code=data.department)
    result = UpsertResult(code=data.code)
    publish = data.status == "published"
    unpublish = data.status == "withdrawn"
    ar_locale = Locale.objects.get(language_code="ar")
    en_locale = Locale.objects.get(language_code="en")

    ar_page = ServicePage.objects.filter(code=data.code, locale=ar_locale).first()
    if ar_page is None:
        result.created = True
        ar_page = ServicePage(slug=data.code.lower(), locale=ar_locale)
        _apply(ar_page, data, data.ar, department, "ar")
        parent = _department_page(department, "ar")
        ar_page.live = False
        parent.add_child(instance=ar_page)
        _save(ar_page, user=user, publish=publish, unpublish=False, changed=True)
    else:
        ar_page = ar_page.get_latest_revision_as_object()
        before = _snapshot(ar_page)
        if ar_page.department_id != department.pk:
            ar_page.move(_department_page(department, "ar"), pos="last-child", user=user)
            ar_page.refresh_from_db()
            ar_page = ar_page.get_latest_revision_as_object()
        _apply(ar_page, data, data.ar, department, "ar")
        changed = _snapshot(ar_page) != before
        result.changed = changed
        _save(ar_page, user=user, publish=publish and (changed or not ar_page.live), unpublish=unpublish, changed=changed)

    if data.en.title:
        en_page = ServicePage.objects.filter(translation_key=ar_page.translation_key, locale=en_locale).first()
        if en_page is None:
            en_page = ServicePage.objects.get(pk=ar_page.pk).copy_for_translation(en_locale, alias=False)
            _apply(en_page, data, data.en, department, "en")
            _save(en_page, user=user, publish=publish, unpublish=False, changed=True)
            result.changed = result.changed or not result.created
        else:
            en_page = en_page.get_latest_revision_as_object()
            before = _snapshot(en_page)
            _apply(en_page, data, data.en, department, "en")
            changed = _snapshot(en_page) != before
            result.changed = result.changed or changed
            _save(en_page, user=user, publish=publish and (changed or not en_page.live), unpublish=unpublish, changed=changed)
    return result


def catalogue_index(lang: str) -> CatalogueIndexPage | None:
    return CatalogueIndexPage.objects.filter(locale__language_code=lang).first()
