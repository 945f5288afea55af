"""Preview and apply a service spreadsheet: the one path the admin views and the commands share."""

from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from catalogue.importing.validation import CHANGED, NEW, ImportReport, sheet_validate
from catalogue.services import service_import
from catalogue.writing.context import catalogue_context_load, service_writes_lock
from common.spreadsheets import ImportFileError, sheet_read
from publication.batch import fewer_collections


def import_preview(*, name: str, data: bytes, user, encoding: str = "auto") -> ImportReport:
    """What importing the file would do, row by row. Writes nothing anywhere."""
    sheet = sheet_read(name=name, data=data, encoding=encoding)
    return sheet_validate(sheet=sheet, user=user, context=catalogue_context_load())


def import_apply(
    *, name: str, data: bytes, user, encoding: str = "auto", progress: Callable[[int], None] | None = None
) -> ImportReport:
    """Validate again (the catalogue may have changed since the preview), then write every
    new or changed row in one transaction, or nothing when any row is invalid."""
    sheet = sheet_read(name=name, data=data, encoding=encoding)
    # The validation builds as many objects as the write: the cycle collector is held back for
    # both. It runs in the write's transaction, after the lock the write takes, so it compares the
    # file with the services the write then changes, which it reads once for both.
    with fewer_collections(), transaction.atomic():
        service_writes_lock()
        report = sheet_validate(sheet=sheet, user=user, context=catalogue_context_load(), for_write=True)
        if not report.valid:
            raise ImportFileError(
                _("The file has invalid rows; nothing was imported. %(summary)s") % {"summary": report.summary()}
            )
        rows = [row.data for row in report.rows if row.outcome in (NEW, CHANGED)]
        service_import(rows=rows, user=user, progress=progress, pairs=report.pairs)
    return report
