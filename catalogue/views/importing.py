"""Admin views: import services from a spreadsheet (preview, then confirm) and export them.

Each view checks its permission itself; hiding a button is never the only guard.
"""

import datetime
import functools
import hashlib

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from catalogue.importing.resources import services_export
from catalogue.importing.runner import import_preview
from catalogue.importing.selectors import user_departments
from catalogue.importing.tasks import pending_import_apply
from catalogue.importing.validation import CHANGED, INVALID, NEW, UNCHANGED
from catalogue.models import Department, PendingImport
from common.spreadsheets import ImportFileError, check_size, file_kind, read_limited

PENDING_LIFETIME = datetime.timedelta(days=1)
IMPORT_PERMISSION = "catalogue.import_services"
EXPORT_PERMISSION = "catalogue.export_services"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    encoding = forms.ChoiceField(
        label=gettext_lazy("Encoding of a CSV file"),
        choices=[
            ("auto", gettext_lazy("Detect (UTF-8 or Windows-1256)")),
            ("utf-8", gettext_lazy("UTF-8")),
            ("windows-1256", gettext_lazy("Windows-1256 (Arabic, older Excel)")),
        ],
        initial="auto",
    )


class Forbidden(Exception):
    """Answered with a 403 page: Wagtail would turn PermissionDenied into a redirect."""


def _require(request, permission: str) -> None:
    if not request.user.is_authenticated or not request.user.has_perm(permission):
        raise Forbidden


def forbidding(view):
    """Answer 403 (with an explanation) instead of Wagtail's redirect to the dashboard."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Forbidden:
            return render(request, "catalogue/admin/import_forbidden.html", status=403)

    return wrapped


def _outcome_labels() -> dict[str, str]:
    return {NEW: _("New"), CHANGED: _("Changed"), UNCHANGED: _("Unchanged"), INVALID: _("Invalid")}


def _render_preview(request, *, form, report=None, error=None, pending=None, status=200):
    return render(
        request,
        "catalogue/admin/import_services.html",
        {
            "form": form,
            "report": report,
            "error": error,
            "pending": pending,
            "labels": _outcome_labels(),
            "counts": report and {label: report.count(key) for key, label in _outcome_labels().items()},
        },
        status=status,
    )


@forbidding
def services_import(request):
    """Upload a spreadsheet and see, row by row, what importing it would do."""
    _require(request, IMPORT_PERMISSION)
    if request.method != "POST":
        return _render_preview(request, form=ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_preview(request, form=form, status=400)
    upload = form.cleaned_data["file"]
    encoding = form.cleaned_data["encoding"]
    try:
        file_kind(upload.name)
        check_size(upload.size)
        data = read_limited(upload)
        report = import_preview(name=upload.name, data=data, user=request.user, encoding=encoding)
    except ImportFileError as error:
        return _render_preview(request, form=form, error=str(error), status=400)
    pending = None
    # Previews nobody confirmed within a day are dropped with their files.
    PendingImport.objects.filter(
        status=PendingImport.Status.PENDING, created_at__lt=timezone.now() - PENDING_LIFETIME
    ).delete()
    if report.valid and report.has_changes:
        # The only write of a preview: the file itself, so that any process can confirm it.
        pending = PendingImport.objects.create(
            user=request.user,
            file_name=upload.name[-255:],
            encoding=encoding,
            content=data,
            sha256=hashlib.sha256(data).hexdigest(),
            summary=report.summary()[:300],
        )
    return _render_preview(request, form=ImportForm(), report=report, pending=pending)


@forbidding
@require_POST
def services_import_confirm(request, pk):
    """Apply a previewed file: every row in one transaction, or none."""
    _require(request, IMPORT_PERMISSION)
    pending = PendingImport.objects.filter(pk=pk, user=request.user).first()
    if pending is None:
        raise Http404
    if pending.status != PendingImport.Status.PENDING:
        messages.warning(request, _("This file was already imported."))
        return redirect("catalogue_import_result", pk=pending.pk)
    pending_import_apply.enqueue(str(pending.pk))
    return redirect("catalogue_import_result", pk=pending.pk)


@forbidding
def services_import_result(request, pk):
    _require(request, IMPORT_PERMISSION)
    pending = get_object_or_404(PendingImport, pk=pk, user=request.user)
    return render(
        request, "catalogue/admin/import_result.html", {"pending": pending, "services_url": reverse("services:index")}
    )


@forbidding
def services_export_view(request):
    """Download the services the user may edit, as CSV (with BOM) or XLSX."""
    _require(request, EXPORT_PERMISSION)
    file_format = request.GET.get("format", "csv")
    if file_format not in CONTENT_TYPES:
        raise Http404
    allowed = user_departments(user=request.user)
    department = request.GET.get("department", "")
    if department:
        if not Department.objects.filter(code=department).exists():
            raise Http404
        if allowed is not None and department not in allowed:
            raise Forbidden
        departments = [department]
    else:
        departments = None if allowed is None else sorted(allowed)
    if departments == []:
        raise Forbidden
    body = services_export(file_format=file_format, departments=departments)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="services-{department or "all"}-{stamp}.{file_format}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
