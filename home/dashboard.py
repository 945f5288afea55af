"""The editors' dashboard on the admin home: what is waiting for the signed-in editor, as counts
with links (my drafts, waiting for my approval, overdue reviews, feedback to triage, searches
that found nothing)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState

from feedback import selectors as feedback_selectors
from feedback.models import TriageItem
from search.models import QueryStat

ZERO_RESULT_DAYS = 30


@dataclass
class DashboardCount:
    key: str
    label: str
    count: int
    url: str


def dashboard_counts(*, user) -> list[DashboardCount]:
    """The five counts, scoped to what the user may see."""
    drafts = Page.objects.filter(has_unpublished_changes=True, latest_revision__user=user).count()
    approvals = TaskState.objects.reviewable_by(user).filter(status=TaskState.STATUS_IN_PROGRESS).count()
    departments = feedback_selectors.departments_for(user=user)
    overdue = feedback_selectors.reviews_overdue(departments=departments) if departments else []
    mine = sum(1 for row in overdue if feedback_selectors.owned_by(row=row, user=user))
    triage = TriageItem.objects.filter(department__in=departments, state=TriageItem.State.OPEN).count()
    since = timezone.localdate() - dt.timedelta(days=ZERO_RESULT_DAYS)
    # The query log has no department (a search is not about one): these are every department's.
    zero = (
        QueryStat.objects.filter(day__gte=since, zero_results__gt=0)
        .values("lang", "query")
        .annotate(n=Count("pk"))
        .count()
    )
    return [
        DashboardCount(
            "drafts",
            _("My drafts"),
            drafts,
            reverse("wagtailadmin_pages:search") + f"?edited_by={user.pk}",
        ),
        DashboardCount(
            "approvals", _("Waiting for my approval"), approvals, reverse("wagtailadmin_reports:workflow_tasks")
        ),
        DashboardCount(
            "overdue",
            _("Overdue reviews (mine: %(mine)s)") % {"mine": mine},
            len(overdue),
            reverse("feedback_reviews") + "?overdue=1",
        ),
        DashboardCount("triage", _("Feedback to triage"), triage, reverse("feedback_triage")),
        DashboardCount(
            "zero-results",
            _("Searches without results (30 days)"),
            zero,
            reverse("search_query_report"),
        ),
    ]


class EditorDashboardPanel(Component):
    """The panel on the admin home, first of all panels."""

    name = "editor_dashboard"
    order = 10
    template_name = "home/admin/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        return {"counts": dashboard_counts(user=self.user)}
