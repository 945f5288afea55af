"""Writes for media: documents, form templates, download counts, the submission rate limit."""

import hashlib
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from media.extraction import extract_text
from media.models import CustomDocument, FormDownloadCount, FormRateLimitHit, FormTemplate, FormTemplateVersion
from media.validation import validate_document_upload


def document_fill_metadata(*, document: CustomDocument) -> None:
    """Sniff, measure, hash and extract the text of a document's new file (before it is saved)."""
    content_type = validate_document_upload(document.file)
    document.file.seek(0)
    data = document.file.read()
    document.file.seek(0)
    document.sniffed_type = content_type
    document.file_size = len(data)
    document.sha256 = hashlib.sha256(data).hexdigest()
    document.file_hash = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    document.extracted_text = extract_text(data=data, content_type=content_type)


def document_create(
    *, title: str, filename: str, data: bytes, language: str = "", is_private: bool = False, user=None
) -> CustomDocument:
    """Store a validated document; if the database write fails, the stored file is removed."""
    document = CustomDocument(title=title, language=language, is_private=is_private, uploaded_by_user=user)
    document.file = ContentFile(data, name=filename)
    document.full_clean(exclude=["collection", "tags"])
    # Not atomic with the storage write: clean up the file if the row cannot be written.
    try:
        with transaction.atomic():
            document.save()
    except Exception:
        if document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document


def document_replace_file(*, document: CustomDocument, filename: str, data: bytes) -> CustomDocument:
    """Give a document new bytes; the old file is deleted once the new row is committed."""
    old_name = document.file.name
    storage = document.file.storage
    document.file = ContentFile(data, name=filename)
    document.full_clean(exclude=["collection", "tags"])
    try:
        with transaction.atomic():
            document.save()
    except Exception:
        if document.file.name and document.file.name != old_name:
            storage.delete(document.file.name)
        raise
    if old_name and old_name != document.file.name:
        transaction.on_commit(lambda: storage.delete(old_name))
    return document


def document_delete(*, document: CustomDocument) -> None:
    """Delete a document row and, after commit, its file."""
    name, storage = document.file.name, document.file.storage
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def form_template_publish(
    *,
    code: str,
    title_ar: str,
    title_en: str,
    summary_ar: str = "",
    summary_en: str = "",
    description_ar: str = "",
    description_en: str = "",
    file_ar: CustomDocument | None = None,
    file_en: CustomDocument | None = None,
    version: str = "1.0",
    effective_date: date | None = None,
    user=None,
) -> FormTemplate:
    """Create or update a form template and publish it as a new revision."""
    form = FormTemplate.objects.filter(code=code).first() or FormTemplate(code=code)
    if form.pk:
        form = form.get_latest_revision_as_object()
    form.title_ar, form.title_en = title_ar, title_en
    form.summary_ar, form.summary_en = summary_ar, summary_en
    form.description_ar, form.description_en = description_ar, description_en
    form.file_ar, form.file_en = file_ar, file_en
    form.version, form.effective_date = version, effective_date
    form.live = form.live if form.pk else False
    with transaction.atomic():
        form.save()
        form.save_revision(user=user).publish(user=user)
    form.refresh_from_db()
    return form


def form_version_record(*, form: FormTemplate) -> FormTemplateVersion:
    """Remember the live files of a form's current version (called on publish)."""
    version, _created = FormTemplateVersion.objects.update_or_create(
        form=form,
        version=form.version,
        defaults={"effective_date": form.effective_date, "file_ar_id": form.file_ar_id, "file_en_id": form.file_en_id},
    )
    return version


def form_download_count(*, form: FormTemplate, lang: str) -> None:
    """Add one to a form's download count in a language (one UPDATE, safe under concurrency)."""
    updated = FormDownloadCount.objects.filter(form=form, lang=lang).update(count=F("count") + 1)
    if not updated:
        counter, created = FormDownloadCount.objects.get_or_create(form=form, lang=lang, defaults={"count": 1})
        if not created:
            FormDownloadCount.objects.filter(pk=counter.pk).update(count=F("count") + 1)


def form_rate_limit_hit(*, page_id: int, client: str) -> bool:
    """Record a submission attempt; False when the client is over the limit for this form."""
    window_start = timezone.now() - timedelta(seconds=settings.FORMS_RATE_LIMIT_WINDOW_SECONDS)
    # Old attempts only matter within the window; drop them as we go.
    FormRateLimitHit.objects.filter(created_at__lt=window_start).delete()
    recent = FormRateLimitHit.objects.filter(page_id=page_id, client=client, created_at__gte=window_start).count()
    if recent >= settings.FORMS_RATE_LIMIT_COUNT:
        return False
    FormRateLimitHit.objects.create(page_id=page_id, client=client)
    return True
