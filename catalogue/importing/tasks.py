"""Apply a confirmed import outside the request when a task worker runs (django-tasks)."""

import logging

from django_tasks import task

from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.importing.runner import import_apply
from catalogue.models import PendingImport
from common.spreadsheets import ImportFileError

logger = logging.getLogger(__name__)


def pending_import_run(*, pending) -> None:
    """Apply a pending import and record the outcome on it."""
    try:
        report = import_apply(
            name=pending.file_name, data=bytes(pending.content), user=pending.user, encoding=pending.encoding
        )
    except ImportFileError as error:
        pending.status = pending.Status.FAILED
        pending.summary = str(error)[:300]
    except Exception:
        # Nothing was written (one transaction); the person sees a failure, the log the cause.
        logger.exception("Import %s failed", pending.pk)
        pending.status = pending.Status.FAILED
        pending.summary = _("The import failed and nothing was changed. Please tell the site administrators.")
    else:
        pending.status = pending.Status.APPLIED
        pending.summary = report.summary()[:300]
        pending.report = report.as_dict()
    pending.applied_at = timezone.now()
    # The file has served its purpose; keep only the report.
    pending.content = b""
    pending.save()


@task()
def pending_import_apply(pending_id: str) -> None:
    pending = (
        PendingImport.objects.select_related("user").filter(pk=pending_id, status=PendingImport.Status.PENDING).first()
    )
    if pending is not None:
        pending_import_run(pending=pending)
