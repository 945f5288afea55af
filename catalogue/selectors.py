"""Reads of the catalogue: coverage figures and translation status."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery

from wagtail.models import Page
from wagtail.permissions import policy_registry

from catalogue.models import Channel, Department, ServiceChannel, ServicePage


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
