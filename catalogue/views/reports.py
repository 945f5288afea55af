"""Admin reports: catalogue coverage (numbers, chart, CSV) and translation status."""

import csv
import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView

from catalogue.selectors import coverage_figures, services_translation_status, translation_state
from common.charts import chart_bar


def _period_start(request) -> dt.date:
    """Start of the 'new services' period: ?since=YYYY-MM-DD, else the start of this year."""
    raw = request.GET.get("since", "")
    try:
        return dt.date.fromisoformat(raw) if raw else timezone.localdate().replace(month=1, day=1)
    except ValueError:
        return timezone.localdate().replace(month=1, day=1)


def _coverage_chart(*, title: str, pairs, lang: str, column: str):
    """A bar per channel or department: how many services it offers."""
    rows = [(item.name_in(lang), n) for item, n in pairs]
    return chart_bar(
        title=title,
        description=_("Number of services: %(values)s.") % {"values": "; ".join(f"{label} {n}" for label, n in rows)},
        rows=rows,
        lang=lang,
        columns=(column, _("Services")),
    )


def coverage_report(request):
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    lang = "en" if (get_language() or "ar").startswith("en") else "ar"
    since = _period_start(request)
    figures = coverage_figures(since=since)
    if request.GET.get("export") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="coverage.csv"'
        response.write("\ufeff")  # so that Excel shows Arabic
        writer = csv.writer(response)
        writer.writerow([_("Figure"), _("Code"), _("Services")])
        writer.writerow([_("Services in total"), "total", figures.total])
        writer.writerow([_("At outlets"), "at-outlets", figures.at_outlets])
        writer.writerow([_("On the website"), "website", figures.on_website])
        writer.writerow([_("In the apps"), "apps", figures.in_apps])
        writer.writerow([_("Can be completed online"), "online", figures.online])
        writer.writerow([_("New since %(date)s") % {"date": since.isoformat()}, "new", figures.new_in_period])
        for channel, n in figures.per_channel:
            writer.writerow([_("Channel: %(name)s") % {"name": channel.name_in(lang)}, f"channel:{channel.code}", n])
        for department, n in figures.per_department:
            writer.writerow(
                [_("Department: %(name)s") % {"name": department.name_in(lang)}, f"department:{department.code}", n]
            )
        return response
    return render(
        request,
        "catalogue/admin/coverage_report.html",
        {
            "figures": figures,
            "since": since,
            "channel_chart": _coverage_chart(
                title=_("Services per channel"), pairs=figures.per_channel, lang=lang, column=_("Channel")
            ),
            "department_chart": _coverage_chart(
                title=_("Services per department"), pairs=figures.per_department, lang=lang, column=_("Department")
            ),
            "lang": lang,
        },
    )


def translation_report(request):
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    rows = []
    for service in services_translation_status(user=request.user):
        state = translation_state(service)
        if request.GET.get("state") in ("missing", "outdated", "current") and request.GET["state"] != state:
            continue
        rows.append({"service": service, "state": state})
    counts = {s: sum(1 for r in rows if r["state"] == s) for s in ("missing", "outdated", "current")}
    return render(request, "catalogue/admin/translation_report.html", {"rows": rows, "counts": counts})


class PageTypesUsageForAdministrators(PageTypesUsageReportView):
    """Wagtail's page types report names the last edited page of each type across the whole tree,
    other departments' drafts included, to any editor: only administrators may open it."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
