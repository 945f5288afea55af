"""Reads for media: live form templates, download figures, submission access."""

from django.db.models import QuerySet

from common.counters import counters_pending
from media.models import DepartmentGroup, FormDownloadCount, FormTemplate

# The counters-cache namespace of form downloads (media/services.py counts, this reads).
FORM_DOWNLOADS = "form-downloads"


def form_template_get_live(*, code: str) -> FormTemplate | None:
    return FormTemplate.objects.filter(code=code, live=True).select_related("file_ar", "file_en").first()


def form_template_list_live(*, lang: str) -> list[dict]:
    """Live forms with a file, as the forms index shows them."""
    rows = []
    for form in FormTemplate.objects.filter(live=True).select_related("file_ar", "file_en").order_by("code"):
        document = form.file_in(lang)
        if document is None:
            continue
        rows.append(
            {
                "code": form.code,
                "title": form.title_in(lang),
                "summary": form.summary_in(lang),
                "version": form.version,
                "effective_date": form.effective_date,
                "url": f"/{lang}/forms/{form.code}/download/",
                "size": document.file_size,
                "kind": document.filename.rsplit(".", 1)[-1].upper(),
            }
        )
    return rows


def form_download_counts(*, form: FormTemplate) -> dict[str, int]:
    counts = dict.fromkeys(("ar", "en"), 0)
    counts.update(dict(FormDownloadCount.objects.filter(form=form).values_list("lang", "count")))
    # Downloads wait in the counters cache for a few seconds before the flush writes them.
    for (pk, lang), (count,) in counters_pending(namespace=FORM_DOWNLOADS).items():
        if pk == str(form.pk) and lang in counts:
            counts[lang] += count
    return counts


def department_codes_for_user(*, user) -> set[str]:
    """The departments whose online form submissions a user may see."""
    if not user.is_authenticated:
        return set()
    return set(DepartmentGroup.objects.filter(group__in=user.groups.all()).values_list("department__code", flat=True))


def form_pages_for_user(*, user, pages: QuerySet) -> QuerySet:
    """Narrow Wagtail's form pages to those of the user's departments (superusers see all)."""
    from media.models import OnlineFormPage

    if user.is_superuser:
        return pages
    codes = department_codes_for_user(user=user)
    allowed = OnlineFormPage.objects.filter(department__code__in=codes).values("pk")
    return pages.filter(pk__in=allowed)


def document_signed_url(*, document, expires_in: int) -> str | None:
    """A short-lived S3 link that downloads a document as an attachment; None on local storage.

    Show it only on a response cached for at most ``expires_in`` seconds, so that the link
    never outlives the page that shows it.
    """
    from media.http import attachment_disposition

    storage = document.file.storage
    if not hasattr(storage, "bucket_name"):
        return None
    return storage.url(
        document.file.name,
        parameters={
            "ResponseContentDisposition": attachment_disposition(document.filename),
            "ResponseContentType": document.content_type,
        },
        expire=expires_in,
    )
