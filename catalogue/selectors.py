"""Reads of the catalogue: coverage figures and translation status."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery

from wagtail.models import Page
from wagtail.permissions import policy_registry

from catalogue.models import (
    Audience,
    Channel,
    Department,
    OpeningHours,
    Outlet,
    ServiceChannel,
    ServiceDocument,
    ServiceFee,
    ServicePage,
    ServiceStep,
    SpecialPeriod,
)
from common.jsonrows import CompiledQuery, json_fields, json_instances, json_rows


@dataclass
class CoverageFigures:
    """The figures the municipality reports about its catalogue (live Arabic services)."""

    total: int
    at_outlets: int
    on_website: int
    in_apps: int
    online: int
    new_in_period: int
    period_start: dt.date | None
    per_channel: list[tuple[Channel, int]] = field(default_factory=list)
    per_department: list[tuple[Department, int]] = field(default_factory=list)

    @property
    def online_share(self) -> float:
        return round(100 * self.online / self.total, 1) if self.total else 0.0


def live_services():
    """One row per service: the live Arabic original (English copies are translations)."""
    return ServicePage.objects.live().filter(locale__language_code="ar").exclude(status=ServicePage.Status.WITHDRAWN)


def coverage_figures(*, since: dt.date | None = None) -> CoverageFigures:
    """Coverage of the live catalogue by channel, department and online availability."""
    services = live_services()

    def with_channel(**lookup) -> int:
        return services.filter(**{f"channel_links__channel__{k}": v for k, v in lookup.items()}).distinct().count()

    channel_counts = dict(
        ServiceChannel.objects.filter(page__in=services)
        .values_list("channel_id")
        .annotate(n=Count("page", distinct=True))
        .values_list("channel_id", "n")
    )
    channels = Channel.objects.order_by("sort_order", "code")
    departments = Department.objects.annotate(
        live_services=Count("services", filter=Q(services__in=services), distinct=True)
    ).order_by("code")
    new = services.filter(first_published_at__date__gte=since).count() if since else 0
    return CoverageFigures(
        total=services.count(),
        at_outlets=with_channel(type__in=Channel.OUTLET_TYPES),
        on_website=with_channel(code="website"),
        in_apps=with_channel(type=Channel.Type.SMART_APP),
        online=with_channel(type__in=Channel.ONLINE_TYPES),
        new_in_period=new,
        period_start=since,
        per_channel=[(c, channel_counts.get(c.pk, 0)) for c in channels],
        per_department=[(d, d.live_services) for d in departments],
    )


def service_editable_list(*, user):
    """The services a user may work on: a department editor's own department, everything for admins."""
    pages = policy_registry.get_by_type(Page).instances_user_has_any_permission_for(user, ["add", "change", "publish"])
    return ServicePage.objects.filter(pk__in=pages.values("pk"))


def services_translation_status(*, user):
    """Arabic services the user may work on, annotated with their English copy's state: missing,
    outdated or current. Scoped like the page explorer, so no other department's drafts show."""
    english = ServicePage.objects.filter(translation_key=OuterRef("translation_key"), locale__language_code="en")
    return (
        service_editable_list(user=user)
        .filter(locale__language_code="ar")
        .annotate(
            english_id=Subquery(english.values("pk")[:1]),
            english_edited_at=Subquery(english.values("latest_revision_created_at")[:1]),
        )
        .select_related("department")
        .order_by("code")
    )


def translation_state(service) -> str:
    if service.english_id is None:
        return "missing"
    if (
        service.english_edited_at
        and service.latest_revision_created_at
        and service.english_edited_at < service.latest_revision_created_at
    ):
        return "outdated"
    return "current"


def reference_names(*, kind: str, lang: str) -> dict[str, str]:
    """Code -> name in ``lang`` of every department, channel or audience (the search facets)."""
    model = {"department": Department, "channel": Channel, "audience": Audience}[kind]
    return {item.code: item.name_in(lang) for item in model.objects.all()}


# --- services with their child rows, for writes and spreadsheets ----------------------------
@dataclass
class ServicePair:
    """A service's Arabic page and English translation, each at its latest revision."""

    ar: ServicePage
    en: ServicePage | None = None


def _with_children(queryset):
    # Each with a queryset: a bare name makes modelcluster build a filtered queryset per page.
    return queryset.prefetch_related(
        Prefetch("fees", queryset=ServiceFee.objects.all()),
        Prefetch("required_documents", queryset=ServiceDocument.objects.all()),
        Prefetch("steps", queryset=ServiceStep.objects.all()),
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


def _outlets_with_hours():
    return Outlet.objects.annotate(
        _hours_rows=json_rows(OpeningHours.objects.all(), parent="outlet", row=json_fields(OpeningHours)),
        _period_rows=json_rows(SpecialPeriod.objects.all(), parent="outlet", row=json_fields(SpecialPeriod)),
    )


# Compiled once per process: compiling it cost more than running it (docs/scale.md).
_OUTLETS_WITH_HOURS = CompiledQuery(_outlets_with_hours)


def outlets_for_channels(*, channel_ids: list[int]) -> list[Outlet]:
    """The outlets of these channels with their opening hours and special periods, in one query
    whatever their number (the lists are attached in memory, as modelcluster does for a preview).

    Outlets are the municipality's few dozen places: all are read, and those of the channels kept.
    """
    wanted = set(channel_ids)
    outlets = [outlet for outlet in _OUTLETS_WITH_HOURS.run() if outlet.channel_id in wanted]
    for outlet in outlets:
        outlet.opening_hours = json_instances(OpeningHours, outlet._hours_rows, order=("sort_order", "pk"))
        outlet.special_periods = json_instances(SpecialPeriod, outlet._period_rows, order=("sort_order", "pk"))
    return outlets
