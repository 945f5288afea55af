"""Writes for media: documents, form templates, download counts, the submission rate limit."""

import hashlib
import logging
import time
from datetime import date

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F

from common.counters import counter_add, counter_flush_due, counters_flush
from media.extraction import extract_text
from media.models import CustomDocument, FormDownloadCount, FormTemplate, FormTemplateVersion
from media.selectors import FORM_DOWNLOADS
from media.validation import validate_document_upload

logger = logging.getLogger(__name__)


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
    """Count one download of a form in a language.

    Counted in the shared counters cache, not the database: a download never waits on a write,
    and never fails because the count could not be kept (``common/counters.py``).
    """
    counter_add(namespace=FORM_DOWNLOADS, member=(str(form.pk), lang), amounts=(1,))
    if counter_flush_due(namespace=FORM_DOWNLOADS, seconds=settings.COUNTERS_FLUSH_SECONDS):
        from media.tasks import form_download_counts_flush_task

        try:
            form_download_counts_flush_task.enqueue()
        except Exception:  # the counts stay pending for the next flush
            logger.warning("Could not enqueue the form download count flush", exc_info=True)


def _form_download_counts_write(*, counts: dict) -> None:
    live_forms = set(FormTemplate.objects.filter(pk__in=[int(pk) for pk, _lang in counts]).values_list("pk", flat=True))
    for (pk, lang), (count,) in counts.items():
        if int(pk) not in live_forms:  # deleted since: its counts go with it
            continue
        updated = FormDownloadCount.objects.filter(form_id=pk, lang=lang).update(count=F("count") + count)
        if not updated:
            counter, created = FormDownloadCount.objects.get_or_create(form_id=pk, lang=lang, defaults={"count": count})
            if not created:
                FormDownloadCount.objects.filter(pk=counter.pk).update(count=F("count") + count)


def form_download_counts_flush() -> int:
    """Move pending download counts into ``FormDownloadCount``; how many rows (common.counters)."""
    return counters_flush(
        namespace=FORM_DOWNLOADS,
        write=lambda counts: _form_download_counts_write(counts=counts),
        what="download counts",
    )


def form_rate_limit_hit(*, page_id: int, client: str) -> bool:
    """Record a submission attempt; False when the client is over the limit for this form.

    The attempts of the last window live in CACHES["counters"], which every process shares, so
    the limit holds across workers without a database write per attempt."""
    window = settings.FORMS_RATE_LIMIT_WINDOW_SECONDS
    now = time.time()
    counters = caches["counters"]
    key = f"form-rl:{page_id}:{client}"
    recent = [stamp for stamp in counters.get(key, []) if stamp > now - window]
    if len(recent) >= settings.FORMS_RATE_LIMIT_COUNT:
        return False
    counters.set(key, [*recent, now], timeout=window)
    return True
