"""Admin: feedback figures (charts, tables, CSV), the triage queue, review dates and owners.

Every view shows only the departments whose services the user may edit
(``feedback.selectors.departments_for``), as the catalogue's reports do (docs/security.md)."""

import csv
import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.charts import chart_bar, chart_line
from common.spreadsheets import neutralise
from feedback import selectors, services
from feedback.models import ServiceOwnership, TriageItem

PERIODS = (30, 90, 365)


def _lang() -> str:
    return "en" if (get_language() or "ar").startswith("en") else "ar"


def _departments(request):
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    return selectors.departments_for(user=request.user)


def _period(request) -> int:
    try:
        days = int(request.GET.get("days", "90"))
    except ValueError:
        days = 90
    return days if days in PERIODS else 90


def _percent(share) -> str:
    return "—" if share is None else f"{round(100 * share)} %"


def _share_chart(*, title: str, rows: list[dict], label_key: str, lang: str, column: str):
    pairs = [(row[label_key], round(100 * row["useful_share"])) for row in rows if row["useful_share"] is not None]
    return chart_bar(
        title=title,
        description=_("Share of answers that found the page useful, in per cent: %(values)s.")
        % {"values": "; ".join(f"{label} {value}" for label, value in pairs)},
        rows=pairs,
        lang=lang,
        columns=(column, _("Useful (%)")),
    )


def _weekly_chart(*, weeks: list[dict], lang: str, title: str):
    rows = [(week["week"].strftime("%d/%m"), week["answers"]) for week in weeks]
    return chart_line(
        title=title,
        description=_("Answers per week, from %(start)s: %(values)s.")
        % {
            "start": weeks[0]["week"].isoformat() if weeks else "",
            "values": "; ".join(f"{label} {value}" for label, value in rows),
        },
        rows=rows,
        lang=lang,
        columns=(_("Week starting"), _("Answers")),
    )


def _csv_response(name: str, header: list[str], rows: list[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # so that Excel shows Arabic
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        # Titles and codes come from editors and imports: no cell may run as a formula.
        writer.writerow([neutralise(value) if isinstance(value, str) else value for value in row])
    return response


def feedback_report(request):
    """Per service, channel, department and week: answers, useful share, rating, complaints."""
    departments = _departments(request)
    lang = _lang()
    chosen = request.GET.get("department", "")
    if chosen:
        departments = [d for d in departments if d.code == chosen]
    days = _period(request)
    since = timezone.now() - dt.timedelta(days=days)
    per_service = selectors.figures_per_service(departments=departments, since=since, lang=lang)
    if request.GET.get("export") == "csv":
        return _csv_response(
            "feedback.csv",
            [
                _("Code"),
                _("Service"),
                _("Department"),
                _("Answers"),
                _("Useful"),
                _("Useful share"),
                _("Average rating"),
                _("Comments"),
                _("Complaints"),
            ],
            [
                [
                    r["code"],
                    r["title"],
                    r["department"],
                    r["answers"],
                    r["useful"],
                    "" if r["useful_share"] is None else r["useful_share"],
                    "" if r["rating"] is None else r["rating"],
                    r["comments"],
                    r["complaints"],
                ]
                for r in per_service
            ],
        )
    per_department = selectors.figures_per_department(departments=departments, since=since, lang=lang)
    per_channel = selectors.figures_per_channel(departments=departments, since=since, lang=lang)
    weeks = selectors.figures_per_week(departments=departments, since=since)
    return render(
        request,
        "feedback/admin/report.html",
        {
            "rows": per_service,
            "per_department": per_department,
            "per_channel": per_channel,
            "department_chart": _share_chart(
                title=_("Useful share per department"),
                rows=per_department,
                label_key="name",
                lang=lang,
                column=_("Department"),
            ),
            "channel_chart": _share_chart(
                title=_("Useful share per channel"), rows=per_channel, label_key="name", lang=lang, column=_("Channel")
            ),
            "weekly_chart": _weekly_chart(weeks=weeks, lang=lang, title=_("Answers per week")),
            "departments": selectors.departments_for(user=request.user),
            "chosen": chosen,
            "days": days,
            "periods": PERIODS,
            "lang": lang,
        },
    )


def _service_or_404(departments, code: str):
    rows = [row for row in selectors.review_rows(departments=departments) if row.code == code]
    if not rows:
        raise Http404(_("There is no service with this code in your departments."))
    return rows[0]


def feedback_service(request, code: str):
    """One service: weekly trend, channels, comments (never published), complaints, triage."""
    departments = _departments(request)
    lang = _lang()
    row = _service_or_404(departments, code)
    days = _period(request)
    since = timezone.now() - dt.timedelta(days=days)
    figures = [
        r
        for r in selectors.figures_per_service(departments=[row.department], since=since, lang=lang)
        if r["code"] == code
    ]
    weeks = selectors.figures_per_week(departments=[row.department], since=since, code=code)
    useful_weeks = [
        (w["week"].strftime("%d/%m"), round(100 * w["useful_share"]) if w["useful_share"] is not None else 0)
        for w in weeks
    ]
    return render(
        request,
        "feedback/admin/service.html",
        {
            "row": row,
            "title": selectors.service_titles(codes=[code], lang=lang).get(code, code),
            "figures": figures[0] if figures else None,
            "weekly_chart": _weekly_chart(weeks=weeks, lang=lang, title=_("Answers per week")),
            "useful_chart": chart_line(
                title=_("Useful share per week"),
                description=_("Per cent of answers that found the page useful, per week: %(values)s.")
                % {"values": "; ".join(f"{label} {value}" for label, value in useful_weeks)},
                rows=useful_weeks,
                lang=lang,
                columns=(_("Week starting"), _("Useful (%)")),
            ),
            "channels": [
                {**c, "useful_share_text": _percent(c["useful_share"])}
                for c in _channels_of(departments=[row.department], since=since, lang=lang, code=code)
            ],
            "comments": selectors.comments_of(departments=[row.department], code=code),
            "triage": TriageItem.objects.filter(service_code=code, department__in=departments).order_by("-created_at")[
                :20
            ],
            "days": days,
            "periods": PERIODS,
        },
    )


def _channels_of(*, departments, since, lang: str, code: str) -> list[dict]:
    from django.db.models import Avg, Count, Q

    from catalogue.models import Channel

    rows = (
        selectors.answers_in(departments=departments, since=since, code=code)
        .exclude(channel=None)
        .values("channel_id")
        .annotate(n=Count("pk"), yes=Count("pk", filter=Q(useful=True)), rating=Avg("rating"))
    )
    by_id = {r["channel_id"]: r for r in rows}
    return [
        {
            "name": c.name_in(lang),
            "answers": by_id[c.pk]["n"],
            "useful_share": by_id[c.pk]["yes"] / by_id[c.pk]["n"],
            "rating": round(by_id[c.pk]["rating"], 2) if by_id[c.pk]["rating"] is not None else None,
        }
        for c in Channel.objects.filter(pk__in=by_id).order_by("sort_order", "code")
    ]


def triage_queue(request):
    """Open items of the user's departments; each can be marked done, linked to an edit or dismissed."""
    departments = _departments(request)
    lang = _lang()
    state = request.GET.get("state", TriageItem.State.OPEN)
    if state not in TriageItem.State.values:
        state = TriageItem.State.OPEN
    items = list(selectors.triage_items(departments=departments, state=state)[:200])
    titles = selectors.service_titles(codes={item.service_code for item in items}, lang=lang)
    rows = [
        {
            "item": item,
            "title": titles.get(item.service_code, item.service_code),
            "share": _percent(item.useful_share),
            "revisions": selectors.service_revisions(code=item.service_code, limit=5) if state == "open" else [],
        }
        for item in items
    ]
    return render(
        request,
        "feedback/admin/triage.html",
        {"rows": rows, "state": state, "states": TriageItem.State.choices},
    )


@require_POST
def triage_resolve(request, pk: int):
    departments = _departments(request)
    item = get_object_or_404(TriageItem, pk=pk, department__in=departments)
    try:
        revision = int(request.POST.get("revision") or 0) or None
    except ValueError:
        revision = None
    try:
        services.triage_item_resolve(
            item=item,
            user=request.user,
            action=request.POST.get("action", ""),
            reason=request.POST.get("reason", ""),
            revision_id=revision,
        )
    except services.FeedbackInvalid as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The item for %(code)s has been dealt with.") % {"code": item.service_code})
    return redirect("feedback_triage")


def reviews_report(request):
    """Every service of the user's departments with its owner and next review date; overdue first."""
    departments = _departments(request)
    lang = _lang()
    today = timezone.localdate()
    rows = selectors.review_rows(departments=departments, lang=lang)
    overdue_only = request.GET.get("overdue") == "1"
    if overdue_only:
        rows = [row for row in rows if row.next_review < today]
    rows.sort(key=lambda row: (row.next_review, row.code))
    if request.GET.get("export") == "csv":
        return _csv_response(
            "reviews.csv",
            [_("Code"), _("Service"), _("Department"), _("Owner"), _("Next review"), _("Overdue")],
            [
                [
                    r.code,
                    r.title,
                    r.department.code,
                    str(r.owner or ""),
                    r.next_review.isoformat(),
                    r.next_review < today,
                ]
                for r in rows
            ],
        )
    return render(
        request,
        "feedback/admin/reviews.html",
        {"rows": rows, "today": today, "overdue_only": overdue_only, "lang": lang},
    )


class OwnershipForm(forms.ModelForm):
    class Meta:
        model = ServiceOwnership
        fields = ["owner_user", "owner_group", "next_review"]
        widgets = {"next_review": forms.DateInput(attrs={"type": "date"})}
        labels = {"next_review": gettext_lazy("Next review")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["owner_user"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        self.fields["owner_group"].queryset = Group.objects.order_by("name")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("owner_user") and not cleaned.get("owner_group"):
            raise forms.ValidationError(_("Choose a person or a group who owns this service."))
        return cleaned


def ownership_edit(request, code: str):
    departments = _departments(request)
    row = _service_or_404(departments, code)
    instance = row.ownership or ServiceOwnership(service_code=code)
    form = OwnershipForm(request.POST or None, instance=instance, initial={"next_review": row.next_review})
    if request.method == "POST" and form.is_valid():
        services.ownership_save(
            code=code,
            owner_user=form.cleaned_data["owner_user"],
            owner_group=form.cleaned_data["owner_group"],
            next_review=form.cleaned_data["next_review"],
        )
        messages.success(request, _("Owner and review date of %(code)s saved.") % {"code": code})
        return redirect("feedback_reviews")
    return render(request, "feedback/admin/ownership.html", {"form": form, "row": row})
