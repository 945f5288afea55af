"""Admin for search: synonyms and best bets (snippets, with Django model permissions) and the
query report (what people search for and do not find)."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from search.models import BestBet, Synonym
from search.selectors import query_report
from search.services import query_stats_flush

REPORT_PERMISSION = "search.view_querystat"


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = _("Synonyms")
    list_display = ["terms", "note"]
    search_fields = ["terms", "note"]


class BestBetViewSet(SnippetViewSet):
    model = BestBet
    icon = "pick"
    menu_label = _("Best bets")
    list_display = ["query", "lang", "type", "code", "sort_order"]
    list_filter = ["lang", "type"]
    search_fields = ["query", "code"]


class SearchViewSetGroup(SnippetViewSetGroup):
    items = (SynonymViewSet, BestBetViewSet)
    menu_icon = "search"
    menu_label = _("Search")
    menu_name = "search"
    menu_order = 300


register_snippet(SearchViewSetGroup)


@require_admin_access
def query_report_view(request):
    """The most searched queries and those that found nothing, per language."""
    if not request.user.has_perm(REPORT_PERMISSION):
        raise PermissionDenied
    try:
        days = max(1, min(int(request.GET.get("days", "30")), 365))
    except ValueError:
        days = 30
    # Searches are counted in the cache first: the editor sees them up to this moment.
    query_stats_flush()
    return TemplateResponse(
        request, "search/admin/query_report.html", {"report": query_report(days=days), "days": days}
    )


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("search/queries/", query_report_view, name="search_query_report")]


@hooks.register("register_reports_menu_item")
def register_query_report_menu_item():
    return ReportMenuItem(_("Search queries"), reverse("search_query_report"), icon_name="search", order=700)
