"""The published representation of a downloadable form: what the feed, sync and search read."""

from django.utils.translation import gettext_lazy as _

from catalogue.models import ServiceDocument, ServicePage
from media.models import FormTemplate
from publication.public import public_url
from publication.registry import FeedSpec, PublishableType, Rendered, SearchSpec, register_type

FORM_TYPE = "form"


def form_service_codes(*, form: FormTemplate) -> list[str]:
    """Codes of the live services whose required documents point to the form."""
    page_ids = ServiceDocument.objects.filter(form=form).values("page_id")
    return sorted(set(ServicePage.objects.live().filter(pk__in=page_ids).values_list("code", flat=True)))


def form_represent(*, form: FormTemplate, lang: str, services: list[str]) -> Rendered | None:
    document = form.file_in(lang)
    if document is None:
        return None
    payload = {
        "code": form.code,
        "lang": lang,
        "title": form.title_in(lang),
        "summary": form.summary_in(lang),
        "description": form.description_in(lang),
        "url": public_url(f"/{lang}/forms/#form-{form.code}"),
        "file": {
            "url": public_url(f"/{lang}/forms/{form.code}/download/"),
            "size": document.file_size,
            "sha256": document.sha256,
            "content_type": document.content_type,
        },
        "version": form.version,
        "effective_date": form.effective_date.isoformat() if form.effective_date else None,
        "services": services,
    }
    search_text = " ".join([form.code, form.summary_in(lang), form.description_in(lang), document.extracted_text])
    return Rendered(payload=payload, search_text=search_text)


def form_render(code: str) -> dict:
    form = FormTemplate.objects.filter(code=code, live=True).select_related("file_ar", "file_en").first()
    if form is None:
        return {}
    services = form_service_codes(form=form)
    rendered = {}
    for lang in ("ar", "en"):
        item = form_represent(form=form, lang=lang, services=services)
        if item is not None:
            rendered[lang] = item
    return rendered


def form_absence_reason(code: str, lang: str) -> str:
    form = FormTemplate.objects.filter(code=code).first()
    if form is None:
        return "deleted"
    if form.expired:
        return "expired"
    return "unpublished"


def form_live_codes():
    return FormTemplate.objects.filter(live=True).values_list("code", flat=True)


def register() -> None:
    """Register downloadable forms (called from ``MediaConfig.ready``)."""
    from media import schemas

    register_type(
        PublishableType(
            name=FORM_TYPE,
            render=form_render,
            absence_reason=form_absence_reason,
            live_codes=form_live_codes,
            schema=schemas.Form,
            feed=FeedSpec(path="forms", title="Forms", filters=True, order=60),
            search=SearchSpec(label=_("Forms")),
        )
    )
