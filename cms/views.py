"""Site-wide views: language root redirect, health check and bilingual error pages."""

from axes.helpers import get_cool_off

from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token


def root_redirect(request):
    """Send ``/`` to the visitor's language (Arabic unless the browser prefers English)."""
    language = translation.get_language_from_request(request)
    return HttpResponseRedirect(f"/{language}/")


@never_cache
def healthz(request):
    """Liveness probe for the proxy: answers without touching the database."""
    return JsonResponse({"status": "ok"})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # Rendered without a RequestContext on purpose: the failure may be in a context processor.
    from django.template import loader

    template = loader.get_template("500.html")
    language = translation.get_language() or "ar"
    from django.http import HttpResponseServerError

    return HttpResponseServerError(template.render({"LANGUAGE_CODE": language, "LANGUAGE_BIDI": language == "ar"}))


def login_locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: too many wrong passwords for this name from this address; say until when."""
    cool_off = get_cool_off(request)
    until = timezone.localtime(timezone.now() + cool_off)
    response = render(
        request,
        "cms/login_locked_out.html",
        {"until": until.strftime("%H:%M"), "minutes": int(cool_off.total_seconds() // 60)},
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
