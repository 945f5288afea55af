"""The published representation of a service: the single schema the feed, snapshots and search read.

Language-neutral facts (department, channels, audiences, flags) come from the Arabic original;
texts come from the page of the requested language. A language is live only when its page is live
and the service is not withdrawn.
"""

from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.utils.html import strip_tags

from catalogue.models import ServiceChannel, ServiceDocument, ServicePage
from cms.publication import PublishableType, Rendered, register_type

SERVICE_TYPE = "service"


def _absolute(url: str) -> str:
    if url.startswith("http"):
        return url
    return settings.PUBLIC_BASE_URL.rstrip("/") + url


def service_pages_for(code: str):
    """All pages (every locale, live or not) carrying a service code, with what rendering needs."""
    return (
        ServicePage.objects.filter(code=code)
        .select_related("locale", "department")
        .prefetch_related(
            "audiences",
            "fees",
            "steps",
            Prefetch("channel_links", queryset=ServiceChannel.objects.select_related("channel")),
            Prefetch("required_documents", queryset=ServiceDocument.objects.select_related("form")),
        )
    )


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def service_represent(*, page: ServicePage, source: ServicePage, lang: str, urls: dict[str, str]) -> dict:
    """Render one live service page as the contract's ``Service`` object."""
    forms = []
    for document in page.required_documents.all():
        if document.form is not None:
            forms.append(
                {
                    "code": document.form.code,
                    "title": document.form.title_in(lang),
                    "url": _absolute(f"/{lang}/forms/{document.form.code}/download/"),
                }
            )
    channel_links = list(source.channel_links.all())
    fees = list(page.fees.all())
    return {
        "code": source.code,
        "lang": lang,
        "title": page.title,
        "summary": page.summary,
        "description": page.description,
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
    pages = list(service_pages_for(code))
    live = {p.locale.language_code: p for p in pages if p.live}
    source = live.get("ar")
    # The Arabic page is the original: without it live, the service is not public in any language.
    if source is None or source.status == ServicePage.Status.WITHDRAWN:
        return {}
    urls = {lang: _absolute(p.get_url()) for lang, p in live.items() if p.get_url()}
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


def register() -> None:
    register_type(
        PublishableType(
            name=SERVICE_TYPE,
            render=service_render,
            absence_reason=service_absence_reason,
            live_codes=service_live_codes,
        )
    )
