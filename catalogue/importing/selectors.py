"""Reads for import and export: services as spreadsheet rows, and who may import which department."""

from wagtail.permission_policies.pages import PagePermissionPolicy

from catalogue.importing.columns import format_bool, format_fee, join_list
from catalogue.models import DepartmentPage, ServicePage
from catalogue.selectors import ServicePair, audience_ids, sheet_values
from catalogue.writing.context import CatalogueContext


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
    # The policy already includes pages beneath a grant (e.g. Moderators on the catalogue index).
    allowed = PagePermissionPolicy().instances_user_has_permission_for(user, action)
    return set(DepartmentPage.objects.filter(pk__in=allowed.values("pk")).values_list("department__code", flat=True))


def user_may_publish(*, user, department: str, context: CatalogueContext) -> bool:
    if user is None or (user.is_active and user.is_superuser):
        return True
    page = context.department_pages.get((department, "ar"))
    return bool(page and page.permissions_for_user(user).can_publish_subpage())
