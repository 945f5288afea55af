"""A service as a spreadsheet row describes it, and how a row maps onto a service page."""

from dataclasses import dataclass, field, fields
from decimal import Decimal

from catalogue.models import ServiceChannel, ServiceDocument, ServiceFee, ServicePage, ServiceStep
from catalogue.selectors import audience_ids
from catalogue.writing.context import CatalogueContext
from common.text import data_bidi_strip


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
    """What writing one row did to its service."""

    code: str
    created: bool = False
    changed: bool = False


def texts_bidi_strip(texts: ServiceTexts) -> ServiceTexts:
    return ServiceTexts(**{f.name: data_bidi_strip(value=getattr(texts, f.name)) for f in fields(texts)})


def _fee_label(texts: ServiceTexts, lang: str) -> str:
    return texts.fee_label or ("رسوم الخدمة" if lang == "ar" else "Service fee")


def service_apply(
    page: ServicePage, *, data: ServiceData, texts: ServiceTexts, context: CatalogueContext, lang: str
) -> None:
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


def service_fingerprint(page: ServicePage) -> tuple:
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
