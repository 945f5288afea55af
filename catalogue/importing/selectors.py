"""Reads for import and export: reference data in one go, and services as spreadsheet rows."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from wagtail.models import Locale

from catalogue.importing.columns import format_bool, format_fee, join_list
from catalogue.models import Audience, Channel, Department, DepartmentPage, ServiceChannel, ServicePage


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
        "audiences",
        Prefetch("channel_links", queryset=ServiceChannel.objects.order_by("sort_order")),
    )


def _latest(page: ServicePage) -> ServicePage:
    # The page row holds the latest content unless a newer draft waits in a revision; reading
    # revisions only then keeps a 10,000-row export fast.
    if page.has_unpublished_changes and page.latest_revision_id:
        return page.get_latest_revision_as_object()
    return page


def service_pairs(*, codes=None, departments=None, batch_size: int = 1000):
    """Yield (code, ServicePair) for services, ordered by code, in batches to bound memory."""
    arabic = ServicePage.objects.filter(locale__language_code="ar").order_by("code")
    if codes is not None:
        arabic = arabic.filter(code__in=list(codes))
    if departments is not None:
        arabic = arabic.filter(department__code__in=list(departments))
    ids = list(arabic.values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        chunk = list(
            _with_children(ServicePage.objects.filter(pk__in=ids[start : start + batch_size])).order_by("code")
        )
        keys = [p.translation_key for p in chunk]
        english = {
            p.translation_key: p
            for p in _with_children(ServicePage.objects.filter(locale__language_code="en", translation_key__in=keys))
        }
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
    return {
        f"title_{lang}": page.title,
        f"summary_{lang}": page.summary,
        f"description_{lang}": page.description,
        f"processing_time_{lang}": page.processing_time,
        f"documents_{lang}": join_list(d.name for d in page.required_documents.all()),
        f"steps_{lang}": join_list(s.text for s in page.steps.all()),
        f"keywords_{lang}": join_list(page.keyword_list),
    }


def service_row(*, pair: ServicePair, context: CatalogueContext) -> dict[str, str]:
    """A service as one spreadsheet row (docs/CONTRACTS.md §2), values as text."""
    page = pair.ar
    total = sum((f.amount_aed for f in page.fees.all()), 0)
    return {
        "code": page.code,
        "department": context.department_codes.get(page.department_id, ""),
        **_texts(page, "ar"),
        **_texts(pair.en, "en"),
        "channels": join_list(context.channel_codes.get(link.channel_id, "") for link in page.channel_links.all()),
        "audiences": join_list(sorted(context.audience_codes.get(a.pk, "") for a in page.audiences.all())),
        "fee_aed": format_fee(total),
        "e_payment": format_bool(page.e_payment),
        "uae_pass": format_bool(page.uae_pass),
        "status": service_status(pair),
    }


def user_departments(*, user, action: str = "change") -> set[str] | None:
    """Department codes whose services the user may import or export; None means all of them."""
    if user.is_superuser:
        return None
    from wagtail.permission_policies.pages import PagePermissionPolicy

    # The policy already includes pages beneath a grant (e.g. Moderators on the catalogue index).
    allowed = PagePermissionPolicy().instances_user_has_permission_for(user, action)
    return set(DepartmentPage.objects.filter(pk__in=allowed.values("pk")).values_list("department__code", flat=True))


def user_may_publish(*, user, department: str, context: CatalogueContext) -> bool:
    if user is None or user.is_superuser:
        return True
    page = context.department_pages.get((department, "ar"))
    return bool(page and page.permissions_for_user(user).can_publish_subpage())
