"""Public download of forms, online form handling, safe submission export."""

import hashlib

from django.conf import settings
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wagtail.contrib.forms.views import SubmissionsListView

from common.clients import client_ip_get
from common.spreadsheets import neutralise
from media.forms import HONEYPOT_FIELD
from media.http import harden_file_response
from media.selectors import form_template_get_live
from media.services import form_download_count, form_rate_limit_hit


def serve_document(document) -> HttpResponse:
    """Stream a document from any storage as a hardened attachment."""
    try:
        handle = document.file.storage.open(document.file.name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404(_("The file is not available.")) from error
    response = FileResponse(handle)
    if document.file_size:
        response["Content-Length"] = str(document.file_size)
    if document.sha256:
        response["ETag"] = f'"{document.sha256}"'
    return harden_file_response(response, filename=document.filename, content_type=document.content_type)


@transaction.non_atomic_requests  # a read: never inside a (SQLite write-locking) transaction
@require_safe
def form_download(request, code: str):
    """The current file of a live form in the page's language, at a URL that never changes."""
    lang = get_language() or "ar"
    form = form_template_get_live(code=code)
    document = form.file_in(lang) if form else None
    if document is None or document.is_private:
        raise Http404(_("There is no form with this code."))
    response = serve_document(document)
    if request.method == "GET":
        form_download_count(form=form, lang=lang)
    # The URL is stable while the file behind it changes with each version.
    response["Cache-Control"] = "public, max-age=300"
    return response


def client_key(request) -> str:
    """A hashed client address; X-Forwarded-For is only read from TRUSTED_PROXIES (common/clients.py)."""
    address = client_ip_get(request=request)
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def online_form_serve(*, page, request, parent_serve, args, kwargs):
    """Wagtail's form flow, behind a honeypot and a per-client rate limit."""
    if request.method != "POST":
        return parent_serve(request, *args, **kwargs)
    if request.POST.get(HONEYPOT_FIELD):
        # Thank the bot as if it had succeeded, so it learns nothing; store and send nothing.
        return page.render_landing_page(request, None, *args, **kwargs)
    if not form_rate_limit_hit(page_id=page.pk, client=client_key(request)):
        context = page.get_context(request)
        context["form"] = page.get_form(request.POST, page=page, user=request.user)
        context["rate_limited"] = True
        response = TemplateResponse(request, page.get_template(request), context, status=429)
        response["Retry-After"] = str(settings.FORMS_RATE_LIMIT_WINDOW_SECONDS)
        return response
    return parent_serve(request, *args, **kwargs)


def neutralise_formula(value):
    """Make a cell that a spreadsheet would run as a formula read as text."""
    # The same rule as the service spreadsheets (= + - @ tab CR, after any leading quotes).
    return neutralise(value) if isinstance(value, str) else value


class SafeSubmissionsListView(SubmissionsListView):
    """Wagtail's submissions list whose CSV/XLSX export never carries live formulas."""

    def preprocess_field_value(self, field, value, export_format):
        return neutralise_formula(super().preprocess_field_value(field, value, export_format))
