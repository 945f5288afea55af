"""Reads for import and export: reference data in one go, and services as spreadsheet rows."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from wagtail.models import Locale

from catalogue.importing.columns import format_bool, format_fee, join_list
from catalogue.models import (
    Audience,
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
class CatalogueContext:
    """Reference data loaded once per batch, so that rows never look codes up one by one."""

    locales: dict[str, Locale]
    departments: dict[str, Department]
    channels: dict[str, Channel]
    audiences: dict[str, Audience]
    department_pages: dict[tuple[str, str], DepartmentPage]
    channel_codes: dict[int, str] = field(default_factory=dict)
    audience_codes: dict[int, str] = field(default_factory=dict)
    department_codes: dict[int, str] = field(default_factory=dict)
    # (department code, language) -> URL of the department page, filled as bulk creates need them
    department_urls: dict[tuple[str, str], str | None] = field(default_factory=dict)

    def __post_init__(self):
        self.channel_codes = {c.pk: code for code, c in self.channels.items()}
        self.audience_codes = {a.pk: code for code, a in self.audiences.items()}
        self.department_codes = {d.pk: code for code, d in self.departments.items()}


def catalogue_context_load() -> CatalogueContext:
    pages = DepartmentPage.objects.select_related("locale", "department")
    return CatalogueContext(
        locales={locale.language_code: locale for locale in Locale.objects.filter(language_code__in=["ar", "en"])},
        departments={d.code: d for d in Department.objects.all()},
        channels={c.code: c for c in Channel.objects.all()},
        audiences={a.code: a for a in Audience.objects.all()},
        department_pages={(p.department.code, p.locale.language_code): p for p in pages},
    )


@dataclass
class ServicePair:
    """A service's Arabic page and English translation, each at its latest revision."""

    ar: ServicePage
    en: ServicePage | None = None


def _with_children(queryset):
    return queryset.prefetch_related(
        "fees",
        "required_documents",
        "steps",
        Prefetch("channel_links", queryset=ServiceChannel.objects.order_by("sort_order")),
    )


def _attach_audiences(pages) -> None:
    """Audience ids in one query: prefetching the ParentalManyToMany clones a queryset per page,
    which made exports of thousands of services slow."""
    through = ServicePage.audiences.through
    ids: dict[int, list[int]] = {page.pk: [] for page in pages}
    for page_id, audience_id in through.objects.filter(servicepage_id__in=list(ids)).values_list(
        "servicepage_id", "audience_id"
    ):
        ids[page_id].append(audience_id)
    for page in pages:
        page.audience_ids = sorted(ids[page.pk])


def _attach_sheet_values(pages) -> None:
    """What the spreadsheet shows of each page's child rows, read in five queries for the batch
    instead of building model instances for every fee, document, step and channel link."""
    ids = [page.pk for page in pages]
    values = {pk: {"channels": [], "fees": [], "documents": [], "steps": []} for pk in ids}
    reads = (
        ("channels", ServiceChannel, "channel_id"),
        ("fees", ServiceFee, "amount_aed"),
        ("documents", ServiceDocument, "name"),
        ("steps", ServiceStep, "text"),
    )
    for key, model, column in reads:
        rows = model.objects.filter(page_id__in=ids).order_by("page_id", "sort_order", "pk")
        for page_id, value in rows.values_list("page_id", column):
            values[page_id][key].append(value)
    _attach_audiences(pages)
    for page in pages:
        page.sheet_values = values[page.pk]


def audience_ids(page: ServicePage) -> list[int]:
    """The page's audience ids, from the bulk read when there was one, else from the page."""
    if getattr(page, "audience_ids", None) is not None:
        return page.audience_ids
    return sorted(a.pk for a in page.audiences.all())


def sheet_values(page: ServicePage) -> dict[str, list]:
    """Channel ids, fee amounts, document names and step texts of a page, in order."""
    cached = getattr(page, "sheet_values", None)
    if cached is not None:
        return cached
    return {
        "channels": [link.channel_id for link in page.channel_links.all()],
        "fees": [fee.amount_aed for fee in page.fees.all()],
        "documents": [document.name for document in page.required_documents.all()],
        "steps": [step.text for step in page.steps.all()],
    }


def _latest(page: ServicePage) -> ServicePage:
    # The page row holds the latest content unless a newer draft waits in a revision; reading
    # revisions only then keeps a 10,000-row export fast.
    if page.has_unpublished_changes and page.latest_revision_id:
        latest = page.get_latest_revision_as_object()
        # The revision may hold other children than the page row.
        latest.audience_ids = latest.sheet_values = None
        return latest
    return page


def service_pairs(*, codes=None, departments=None, batch_size: int = 1000, for_write: bool = False):
    """Yield (code, ServicePair) for services, ordered by code, in batches to bound memory.

    ``for_write`` loads child rows as model instances (the write path edits them); otherwise
    only the values a spreadsheet row shows are read.
    """
    arabic = ServicePage.objects.filter(locale__language_code="ar").order_by("code")
    if codes is not None:
        arabic = arabic.filter(code__in=list(codes))
    if departments is not None:
        arabic = arabic.filter(department__code__in=list(departments))
    ids = list(arabic.values_list("pk", flat=True))
    load = _with_children if for_write else (lambda queryset: queryset)
    for start in range(0, len(ids), batch_size):
        chunk = list(load(ServicePage.objects.filter(pk__in=ids[start : start + batch_size])).order_by("code"))
        keys = [p.translation_key for p in chunk]
        english = {
            p.translation_key: p
            for p in load(ServicePage.objects.filter(locale__language_code="en", translation_key__in=keys))
        }
        pages = chunk + list(english.values())
        if for_write:
            _attach_audiences(pages)
        else:
            _attach_sheet_values(pages)
        for page in chunk:
            translation = english.get(page.translation_key)
            yield page.code, ServicePair(ar=_latest(page), en=_latest(translation) if translation else None)


def service_status(pair: ServicePair) -> str:
    """``published``, ``draft`` or ``withdrawn`` as the spreadsheet's status column says it."""
    if pair.ar.status == ServicePage.Status.WITHDRAWN:
        return "withdrawn"
    pages = [pair.ar] + ([pair.en] if pair.en else [])
    if all(p.live and not p.has_unpublished_changes for p in pages):
        return "published"
    return "draft"


def _texts(page: ServicePage | None, lang: str) -> dict[str, str]:
    if page is None:
        return {
            f"{name}_{lang}": ""
            for name in ("title", "summary", "description", "processing_time", "documents", "steps", "keywords")
        }
    values = sheet_values(page)
    return {
        f"title_{lang}": page.title,
        f"summary_{lang}": page.summary,
        f"description_{lang}": page.description,
        f"processing_time_{lang}": page.processing_time,
        f"documents_{lang}": join_list(values["documents"]),
        f"steps_{lang}": join_list(values["steps"]),
        f"keywords_{lang}": join_list(page.keyword_list),
    }


def service_row(*, pair: ServicePair, context: CatalogueContext) -> dict[str, str]:
    """A service as one spreadsheet row (docs/CONTRACTS.md §2), values as text."""
    page = pair.ar
    values = sheet_values(page)
    total = sum(values["fees"], 0)
    return {
        "code": page.code,
        "department": context.department_codes.get(page.department_id, ""),
        **_texts(page, "ar"),
        **_texts(pair.en, "en"),
        "channels": join_list(context.channel_codes.get(pk, "") for pk in values["channels"]),
        "audiences": join_list(sorted(context.audience_codes.get(pk, "") for pk in audience_ids(page))),
        "fee_aed": format_fee(total),
        "e_payment": format_bool(page.e_payment),
        "uae_pass": format_bool(page.uae_pass),
        "status": service_status(pair),
    }


def user_departments(*, user, action: str = "change") -> set[str] | None:
    """Department codes whose services the user may import or export; None means all of them."""
    if user.is_active and user.is_superuser:
        return None
    from wagtail.permission_policies.pages import PagePermissionPolicy

    # The policy already includes pages beneath a grant (e.g. Moderators on the catalogue index).
    allowed = PagePermissionPolicy().instances_user_has_permission_for(user, action)
    return set(DepartmentPage.objects.filter(pk__in=allowed.values("pk")).values_list("department__code", flat=True))


def user_may_publish(*, user, department: str, context: CatalogueContext) -> bool:
    if user is None or (user.is_active and user.is_superuser):
        return True
    page = context.department_pages.get((department, "ar"))
    return bool(page and page.permissions_for_user(user).can_publish_subpage())
