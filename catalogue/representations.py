"""The published representation of a service: the single schema the feed, snapshots and search read.

Language-neutral facts (department, channels, audiences, flags) come from the Arabic original;
texts come from the page of the requested language. A language is live only when its page is live
and the service is not withdrawn.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, PageViewRestriction, Site

from catalogue.models import (
    WEEKDAYS,
    Audience,
    Channel,
    Department,
    Outlet,
    ServiceChannel,
    ServiceDocument,
    ServiceFee,
    ServicePage,
    ServiceStep,
)
from publication.public import public_html, public_url
from publication.registry import LANGS, FeedSpec, PublishableType, Rendered, SearchSpec, register_type

SERVICE_TYPE = "service"
DEPARTMENT_TYPE = "department"
CHANNEL_TYPE = "channel"
AUDIENCE_TYPE = "audience"
OUTLET_TYPE = "outlet"
STATS_TYPE = "stats"
STATS_CODE = "coverage"


def service_pages_for_codes(codes: list[str]):
    """All pages (every locale, live or not) carrying these codes, with what rendering needs."""
    return (
        ServicePage.objects.filter(code__in=codes)
        .select_related("locale", "department")
        .prefetch_related(
            # Each with a queryset: for a bare name, Django's prefetch asks each page's manager for
            # its queryset, and modelcluster builds a filtered one per page (16,000 for 1,000 services).
            Prefetch("audiences", queryset=Audience.objects.all()),
            Prefetch("fees", queryset=ServiceFee.objects.all()),
            Prefetch("steps", queryset=ServiceStep.objects.all()),
            Prefetch("channel_links", queryset=ServiceChannel.objects.select_related("channel")),
            Prefetch(
                "required_documents",
                queryset=ServiceDocument.objects.select_related("form", "form__file_ar", "form__file_en"),
            ),
        )
    )


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def service_represent(*, page: ServicePage, source: ServicePage, lang: str, urls: dict[str, str]) -> dict:
    """Render one live service page as the contract's ``Service`` object."""
    forms = []
    for document in page.required_documents.all():
        # Only a form people can download in this language: live, with a file that is not private.
        if document.form is not None and document.form.live and document.form.file_in(lang) is not None:
            forms.append(
                {
                    "code": document.form.code,
                    "title": document.form.title_in(lang),
                    "url": public_url(f"/{lang}/forms/{document.form.code}/download/"),
                }
            )
    channel_links = list(source.channel_links.all())
    fees = list(page.fees.all())
    return {
        "code": source.code,
        "lang": lang,
        "title": page.title,
        "summary": page.summary,
        "description": public_html(page.description),
        "department": {"code": source.department.code, "name": source.department.name_in(lang)},
        "channels": [
            {
                "code": link.channel.code,
                "name": link.channel.name_in(lang),
                "type": link.channel.type,
                "url": link.url or None,
                "phone": link.phone or None,
            }
            for link in channel_links
        ],
        "audiences": sorted(a.code for a in source.audiences.all()),
        "fee_aed": _money(sum((f.amount_aed for f in fees), Decimal("0"))),
        "fees": [
            {"label": f.label, "amount_aed": _money(f.amount_aed), "exemptions": f.exemptions or None} for f in fees
        ],
        "processing_time": page.processing_time,
        "documents": [d.name for d in page.required_documents.all()],
        "steps": [s.text for s in page.steps.all()],
        "outputs": page.output_list,
        "e_payment": source.e_payment,
        "uae_pass": source.uae_pass,
        "status": source.status,
        "unavailable_message": page.unavailable_message or None,
        "keywords": page.keyword_list,
        "forms": forms,
        "url": urls[lang],
        "translations": dict(sorted(urls.items())),
    }


def service_render(code: str) -> dict[str, Rendered]:
    return service_render_many([code]).get(code, {})


@dataclass(frozen=True)
class _TreeFacts:
    restricted: tuple[str, ...]  # paths of pages with a view restriction
    aliases: tuple[str, ...]  # paths of alias pages


def _tree_facts() -> _TreeFacts:
    return _TreeFacts(
        restricted=tuple(PageViewRestriction.objects.values_list("page__path", flat=True)),
        aliases=tuple(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)),
    )


def _restricted(page: ServicePage, paths: _TreeFacts) -> bool:
    # Page.get_view_restrictions() asks the database once per page; restrictions are few. Beneath
    # an alias, restrictions come from the alias's source page: Wagtail's own check handles that.
    if any(page.path.startswith(path) for path in paths.aliases):
        return page.get_view_restrictions().exists()
    return any(page.path.startswith(path) for path in paths.restricted)


def service_render_many(codes: list[str]) -> dict[str, dict[str, Rendered]]:
    """code -> {lang: Rendered} for each language in which the service is public."""
    return service_render_loaded(service_pages_for_codes(codes))


def service_render_loaded(pages, *, url_for: Callable[[ServicePage], str | None] | None = None):
    """``service_render_many`` for pages already in memory with their relations (a bulk create).

    ``url_for`` may give a page's URL more cheaply than ``Page.get_url`` (same result required)."""
    by_code: dict[str, list[ServicePage]] = {}
    for page in pages:
        by_code.setdefault(page.code, []).append(page)
    facts = _tree_facts()
    if url_for is None:
        # Page.get_url() reads the sites' root paths from the cache once per page instance
        # (a query each with the database cache); they are read once for the whole chunk instead.
        roots = Site.get_site_root_paths()
        for group in by_code.values():
            for page in group:
                page._wagtail_cached_site_root_paths = roots
        url_for = lambda page: page.get_url()  # noqa: E731
    return {code: _render_pages(pages, facts, url_for) for code, pages in by_code.items()}


def _render_pages(pages: list[ServicePage], facts: _TreeFacts, url_for) -> dict[str, Rendered]:
    # A page behind a view restriction (private, password, groups) is not public.
    live = {p.locale.language_code: p for p in pages if p.live and not _restricted(p, facts)}
    source = live.get("ar")
    # The Arabic page is the original: without it live, the service is not public in any language.
    if source is None or source.status == ServicePage.Status.WITHDRAWN:
        return {}
    urls = {lang: public_url(url) for lang, url in ((lang, url_for(p)) for lang, p in live.items()) if url}
    rendered = {}
    for lang, page in live.items():
        if lang not in urls:
            continue
        payload = service_represent(page=page, source=source, lang=lang, urls=urls)
        rendered[lang] = Rendered(
            payload=payload,
            department=source.department.code,
            channels=tuple(c["code"] for c in payload["channels"]),
            audiences=tuple(payload["audiences"]),
            search_text=" ".join([page.code, *page.keyword_list, strip_tags(page.description)]),
        )
    return rendered


def service_absence_reason(code: str, lang: str) -> str:
    pages = {p.locale.language_code: p for p in ServicePage.objects.filter(code=code).select_related("locale")}
    source = pages.get("ar")
    if source is not None and source.status == ServicePage.Status.WITHDRAWN:
        return "withdrawn"
    page = pages.get(lang) or source
    if page is None:
        return "deleted"
    if page.expired:
        return "expired"
    return "unpublished"


def service_live_codes():
    return ServicePage.objects.live().values_list("code", flat=True).distinct()


# --- Reference data: always public while it exists, named in both languages -------------------


def _hhmm(value) -> str | None:
    return value.strftime("%H:%M") if value else None


def department_render(code: str) -> dict[str, Rendered]:
    department = Department.objects.filter(code=code).first()
    if department is None:
        return {}
    return {
        lang: Rendered(payload={"code": code, "lang": lang, "name": department.name_in(lang)}, department=code)
        for lang in LANGS
    }


def audience_render(code: str) -> dict[str, Rendered]:
    audience = Audience.objects.filter(code=code).first()
    if audience is None:
        return {}
    return {
        lang: Rendered(payload={"code": code, "lang": lang, "name": audience.name_in(lang)}, audiences=(code,))
        for lang in LANGS
    }


def channel_render(code: str) -> dict[str, Rendered]:
    channel = Channel.objects.filter(code=code).first()
    if channel is None:
        return {}
    return {
        lang: Rendered(
            payload={
                "code": code,
                "lang": lang,
                "name": channel.name_in(lang),
                "type": channel.type,
                "sort_order": channel.sort_order,
            },
            channels=(code,),
        )
        for lang in LANGS
    }


def outlet_represent(*, outlet: Outlet, lang: str) -> dict:
    day_names = dict(WEEKDAYS)
    with translation.override(lang):
        hours = [
            {"weekday": h.weekday, "day": str(day_names[h.weekday]), "opens": _hhmm(h.opens), "closes": _hhmm(h.closes)}
            for h in sorted(outlet.opening_hours.all(), key=lambda h: (h.weekday, h.opens))
        ]
    return {
        "code": outlet.code,
        "lang": lang,
        "name": outlet.name_in(lang),
        "channel": {"code": outlet.channel.code, "name": outlet.channel.name_in(lang), "type": outlet.channel.type},
        "address": outlet.address_in(lang),
        "latitude": float(outlet.latitude) if outlet.latitude is not None else None,
        "longitude": float(outlet.longitude) if outlet.longitude is not None else None,
        "phone": outlet.phone or None,
        "priority_service": outlet.priority_service,
        "opening_hours": hours,
        "special_periods": [
            {
                "name": p.name_en if lang == "en" else p.name_ar,
                "start_date": p.start_date.isoformat(),
                "end_date": p.end_date.isoformat(),
                "closed": p.closed,
                "opens": None if p.closed else _hhmm(p.opens),
                "closes": None if p.closed else _hhmm(p.closes),
            }
            for p in sorted(outlet.special_periods.all(), key=lambda p: p.start_date)
        ],
    }


def outlet_render(code: str) -> dict[str, Rendered]:
    outlet = (
        Outlet.objects.filter(code=code)
        .select_related("channel")
        .prefetch_related("opening_hours", "special_periods")
        .first()
    )
    if outlet is None:
        return {}
    return {
        lang: Rendered(payload=outlet_represent(outlet=outlet, lang=lang), channels=(outlet.channel.code,))
        for lang in LANGS
    }


def stats_render(code: str) -> dict[str, Rendered]:
    """Coverage figures, counted from the live service representations (Arabic originals)."""
    if code != STATS_CODE:
        return {}
    from publication.models import Publication

    # Counted by the database per (department, channels) combination — dozens of rows, not one
    # per service: this runs after every import batch (issue 19).
    rows = (
        Publication.objects.filter(type=SERVICE_TYPE, lang="ar")
        .values("department", "channels")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("department", "channels", "n")
    )
    departments: dict[str, int] = {}
    channels: dict[str, int] = {}
    online = 0
    total = 0
    online_codes = {c.code for c in Channel.objects.filter(type__in=Channel.ONLINE_TYPES)}
    for department, piped, n in rows:
        total += n
        departments[department] = departments.get(department, 0) + n
        codes = [c for c in piped.split("|") if c]
        for channel in codes:
            channels[channel] = channels.get(channel, 0) + n
        online += n if any(c in online_codes for c in codes) else 0
    all_departments = list(Department.objects.all())
    all_channels = list(Channel.objects.all())
    rendered = {}
    for lang in LANGS:
        payload = {
            "code": STATS_CODE,
            "lang": lang,
            "services": total,
            "by_department": [
                {"code": d.code, "name": d.name_in(lang), "count": departments.get(d.code, 0)} for d in all_departments
            ],
            "by_channel": [
                {"code": c.code, "name": c.name_in(lang), "count": channels.get(c.code, 0)} for c in all_channels
            ],
            "online_services": online,
        }
        rendered[lang] = Rendered(payload=payload)
    return rendered


def service_search_text(payload: dict) -> list[str]:
    """More searchable text of a service: its department, required documents, steps and time."""
    department = payload.get("department") or {}
    return [
        str(department.get("name") or ""),
        *(str(d) for d in payload.get("documents") or []),
        *(str(s) for s in payload.get("steps") or []),
        str(payload.get("processing_time") or ""),
    ]


def _always_deleted(code: str, lang: str) -> str:
    return "deleted"


def register() -> None:
    """Register the catalogue's types (called from ``CatalogueConfig.ready``); ``order`` places
    each endpoint where docs/CONTRACTS.md §3 lists it."""
    from catalogue import schemas

    register_type(
        PublishableType(
            name=SERVICE_TYPE,
            render=service_render,
            render_many=service_render_many,
            absence_reason=service_absence_reason,
            live_codes=service_live_codes,
            schema=schemas.Service,
            feed=FeedSpec(path="services", title="Services", filters=True, order=10),
            search=SearchSpec(label=_("Services"), extra_text=service_search_text),
        )
    )
    for name, render, model, schema, feed in (
        (
            DEPARTMENT_TYPE,
            department_render,
            Department,
            schemas.Department,
            FeedSpec(path="departments", title="Departments", order=20),
        ),
        (CHANNEL_TYPE, channel_render, Channel, schemas.Channel, FeedSpec(path="channels", title="Channels", order=30)),
        (
            AUDIENCE_TYPE,
            audience_render,
            Audience,
            schemas.Audience,
            FeedSpec(path="audiences", title="Audiences", order=50),
        ),
        (OUTLET_TYPE, outlet_render, Outlet, schemas.Outlet, FeedSpec(path="outlets", title="Outlets", order=40)),
    ):
        register_type(
            PublishableType(
                name=name,
                render=render,
                absence_reason=_always_deleted,
                live_codes=lambda model=model: model.objects.values_list("code", flat=True),
                schema=schema,
                feed=feed,
            )
        )
    register_type(
        PublishableType(
            name=STATS_TYPE,
            render=stats_render,
            absence_reason=_always_deleted,
            live_codes=lambda: [STATS_CODE],
            schema=schemas.Stats,
            feed=FeedSpec(path="stats", title="Coverage figures", order=100),
        )
    )
