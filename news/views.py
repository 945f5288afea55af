"""Admin views: the editorial calendar, campaign reports (HTML and CSV) and the figures import.

Each view checks the model permission it needs; Wagtail's admin URLs add the login check.
"""

import csv
import datetime as dt
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from common.charts import chart_bar
from common.spreadsheets import neutralise
from news.models import Campaign, Platform, PostKind
from news.selectors import METRICS, calendar_month, campaign_report, campaigns_with_counts

POST_VIEW_PERMISSIONS = ("news.view_socialpost", "news.change_socialpost", "news.add_socialpost")


def _require_any(request, permissions) -> None:
    if not any(request.user.has_perm(p) for p in permissions):
        raise PermissionDenied


def _lang() -> str:
    return "en" if (get_language() or "ar").startswith("en") else "ar"


def calendar_view(request):
    """A month of planned posts and scheduled news, filterable by platform, kind and campaign."""
    _require_any(request, POST_VIEW_PERMISSIONS)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
        month = int(request.GET.get("month") or today.month)
        dt.date(year, month, 1)
    except ValueError:
        year, month = today.year, today.month
    platform = request.GET.get("platform", "")
    kind = request.GET.get("kind", "")
    campaign = request.GET.get("campaign", "")
    platform = platform if platform in Platform.values else ""
    kind = kind if kind in PostKind.values else ""
    campaigns = Campaign.objects.all()
    campaign = campaign if campaigns.filter(code=campaign).exists() else ""
    month_data = calendar_month(year=year, month=month, platform=platform, kind=kind, campaign=campaign)
    filters = "&".join(f"{k}={v}" for k, v in (("platform", platform), ("kind", kind), ("campaign", campaign)) if v)
    return TemplateResponse(
        request,
        "news/admin/calendar.html",
        {
            "month": month_data,
            "month_start": dt.date(year, month, 1),
            "weekdays": [d.date for d in month_data.weeks[0]],
            "platforms": Platform.choices,
            "kinds": PostKind.choices,
            "campaigns": campaigns,
            "selected": {"platform": platform, "kind": kind, "campaign": campaign},
            "filters": filters,
            "page_title": _("Editorial calendar"),
        },
    )


def campaign_list_view(request):
    _require_any(request, POST_VIEW_PERMISSIONS)
    return TemplateResponse(
        request,
        "news/admin/campaign_list.html",
        {"campaigns": campaigns_with_counts(), "page_title": _("Campaign reports")},
    )


def _report_charts(report, lang: str):
    by_kind = chart_bar(
        title=_("Posts by kind"),
        description=_("Number of posts of each kind in the campaign: %(values)s.")
        % {"values": "; ".join(f"{label} {count}" for _code, label, count in report.by_kind)},
        rows=[(label, count) for _code, label, count in report.by_kind],
        lang=lang,
        columns=(_("Kind"), _("Posts")),
    )
    by_status = chart_bar(
        title=_("Posts by status"),
        description=_("Number of posts in each status: %(values)s.")
        % {"values": "; ".join(f"{label} {count}" for _code, label, count in report.by_status)},
        rows=[(label, count) for _code, label, count in report.by_status],
        lang=lang,
        columns=(_("Status"), _("Posts")),
    )
    return [by_kind, by_status]


METRIC_LABELS = {
    "reach": gettext_lazy("Reach"),
    "likes": gettext_lazy("Likes"),
    "comments": gettext_lazy("Comments"),
    "followers_gained": gettext_lazy("Followers gained"),
}


def campaign_report_view(request, code):
    _require_any(request, POST_VIEW_PERMISSIONS)
    campaign = get_object_or_404(Campaign, code=code)
    report = campaign_report(campaign=campaign)
    if request.GET.get("format") == "csv":
        return _report_csv(report)
    return TemplateResponse(
        request,
        "news/admin/campaign_report.html",
        {
            "report": report,
            "charts": _report_charts(report, _lang()),
            "totals": [(METRIC_LABELS[m], report.totals[m]) for m in METRICS],
            "page_title": _("Campaign report: %(name)s") % {"name": campaign.name},
        },
    )


def _report_csv(report) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="campaign-{report.campaign.code}.csv"'
    # A byte-order mark so that Excel opens the Arabic captions as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        ["code", "platform", "kind", "status", "planned_at", "posted_at", "post_url", *METRICS, "caption_ar"]
    )
    for post in report.posts:
        writer.writerow(
            [
                neutralise(post.code),
                post.platform,
                post.kind,
                post.status,
                timezone.localtime(post.planned_at).isoformat() if post.planned_at else "",
                timezone.localtime(post.posted_at).isoformat() if post.posted_at else "",
                neutralise(post.post_url),
                *(getattr(post, m) for m in METRICS),
                neutralise(post.caption_ar),
            ]
        )
    writer.writerow(["total", "", "", "", "", "", "", *(report.totals[m] for m in METRICS), ""])
    return response


class FigureImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (CSV or XLSX)"),
        help_text=gettext_lazy("Columns: indicator, period_start, period_end, value, label_ar, label_en."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".csv", ".xlsx"):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


def figures_import_view(request):
    """Upload a spreadsheet of indicator values; nothing changes if any row is invalid."""
    # The import publishes the new values of live indicators, so it needs both permissions.
    if not (request.user.has_perm("news.change_indicator") and request.user.has_perm("news.publish_indicator")):
        raise PermissionDenied
    from news.services import indicator_values_import

    form = FigureImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / ("upload" + Path(upload.name).suffix.lower())
            path.write_bytes(upload.read())
            result = indicator_values_import(path=path, user=request.user)
        if result.errors:
            errors = result.errors
        else:
            messages.success(
                request,
                _("%(rows)d rows read; %(count)d indicators changed.")
                % {"rows": result.rows, "count": len(result.changed)},
            )
            return redirect("news_figures_import")
    return TemplateResponse(
        request, "news/admin/figures_import.html", {"form": form, "errors": errors, "page_title": _("Import figures")}
    )
