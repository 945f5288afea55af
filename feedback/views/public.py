"""The public side: the service page's feedback form (no login, CSRF, honeypot, rate limit, no
JavaScript needed) and POST /api/feedback/v1/ for the apps (CONTRACTS §7)."""

import hashlib
import json

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from catalogue.models import Channel, ServicePage
from common.clients import client_ip_get
from common.http import error_response
from feedback import selectors, services
from feedback.forms import HONEYPOT_FIELD, FeedbackForm

MAX_BODY_BYTES = 8 * 1024


def client_key(request) -> str:
    """The client's address, hashed: counted for the rate limit, never stored."""
    address = client_ip_get(request=request)
    return hashlib.sha256(f"{settings.SECRET_KEY}:feedback:{address}".encode()).hexdigest()


def _lang() -> str:
    return "en" if (get_language() or "ar").startswith("en") else "ar"


def _service_page(code: str, lang: str):
    """The live page of the service in the visitor's language (Arabic when no English copy)."""
    arabic = selectors.feedback_service_get(code=code)
    if arabic is None:
        raise Http404(_("There is no service with this code."))
    page = ServicePage.objects.live().filter(code=code, locale__language_code=lang).first()
    return arabic, page or arabic.specific


@require_http_methods(["GET", "HEAD", "POST"])
def feedback_form(request, code: str):
    """GET: the form, with "useful" chosen on the service page; POST: store the answer."""
    lang = _lang()
    arabic, page = _service_page(code, lang)
    channels = Channel.objects.filter(pk__in=arabic.channel_links.values("channel_id")).order_by("sort_order", "code")
    context = {"service": page, "code": code}
    if request.method != "POST":
        initial = {"useful": request.GET.get("useful")} if request.GET.get("useful") in ("yes", "no") else {}
        context["form"] = FeedbackForm(initial=initial, channels=channels, lang=lang)
        response = render(request, "feedback/form_page.html", context)
        response["Cache-Control"] = "private, no-store"
        return response
    if request.POST.get(HONEYPOT_FIELD):
        # Thank the bot as if it had succeeded, so it learns nothing; store nothing.
        return render(request, "feedback/thanks.html", context)
    form = FeedbackForm(request.POST, channels=channels, lang=lang)
    if not services.feedback_rate_limit_hit(client=client_key(request)):
        context.update({"form": form, "rate_limited": True})
        response = render(request, "feedback/form_page.html", context, status=429)
        response["Retry-After"] = str(settings.FEEDBACK_RATE_LIMIT_WINDOW_SECONDS)
        return response
    if not form.is_valid():
        context["form"] = form
        return render(request, "feedback/form_page.html", context, status=400)
    data = form.cleaned_data
    services.feedback_answer_create(
        data=services.AnswerInput(
            service=code,
            lang=lang,
            useful=data["useful"],
            channel=data["channel"].code if data["channel"] else None,
            rating=data["rating"],
            comment=data["comment"] or None,
        ),
        source="site",
    )
    return render(request, "feedback/thanks.html", context)


def _error(status: int, code: str, message: str, field: str | None = None, headers: dict | None = None):
    return error_response(status=status, code=code, message=message, field=field, headers=headers)


FIELDS = ("service", "lang", "useful", "channel", "rating", "comment")


@csrf_exempt  # the apps post JSON without cookies; nothing here acts on a session
@require_http_methods(["POST"])
def feedback_api(request):
    """POST /api/feedback/v1/ → 201 {"id"}; 400 / 429 in the feed's error shape."""
    if not services.feedback_rate_limit_hit(client=client_key(request)):
        window = settings.FEEDBACK_RATE_LIMIT_WINDOW_SECONDS
        return _error(
            429,
            "rate_limited",
            _("Too many answers from this device. Try again later."),
            headers={"Retry-After": str(window)},
        )
    if len(request.body) > MAX_BODY_BYTES:
        return _error(400, "invalid", _("The request is too large."))
    try:
        body = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return _error(400, "invalid_json", _("The body must be a JSON object."))
    if not isinstance(body, dict):
        return _error(400, "invalid_json", _("The body must be a JSON object."))
    for name in ("service", "lang", "useful"):
        if name not in body:
            return _error(400, "missing", _("This field is required."), name)
    lang = body.get("lang")
    if not isinstance(body["service"], str):
        return _error(400, "unknown_service", _("There is no service with this code."), "service")
    for name in ("channel", "comment"):
        if body.get(name) is not None and not isinstance(body[name], str):
            return _error(400, "invalid", _("This field must be text or null."), name)
    # Errors in the language the app asked for (else the request's, from Accept-Language).
    with translation.override(lang if lang in ("ar", "en") else get_language()):
        try:
            answer = services.feedback_answer_create(
                data=services.AnswerInput(**{name: body.get(name) for name in FIELDS}), source="api"
            )
        except services.FeedbackInvalid as error:
            return _error(400, error.code, error.message, error.field)
    return JsonResponse({"id": str(answer.id)}, status=201)
