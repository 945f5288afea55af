"""Admin for search: synonyms, best bets and judgements (snippets, with Django model
permissions), the query report (what people search for and do not find) and the quality report
(the judgements measured on each backend, with a way from each unanswered query to a fix)."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from search.models import BestBet, SearchJudgement, Synonym
from search.selectors import query_report, search_quality_cached
from search.services import query_stats_flush

REPORT_PERMISSION = "search.view_querystat"
QUALITY_PERMISSION = "search.view_searchjudgement"


class PrefilledCreateView(CreateView):
    """A create form that takes its first values from the address (the quality report's links)."""

    prefill = ()

    def get_initial(self):
        initial = super().get_initial()
        for name in self.prefill:
            if self.request.method == "GET" and self.request.GET.get(name):
                initial[name] = self.request.GET[name][:256]
        return initial


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    add_view_class = type("SynonymCreateView", (PrefilledCreateView,), {"prefill": ("terms",)})
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
    add_view_class = type("BestBetCreateView", (PrefilledCreateView,), {"prefill": ("query", "lang", "code")})


class SearchJudgementViewSet(SnippetViewSet):
    model = SearchJudgement
    icon = "tick-inverse"
    menu_label = _("Judgements")
    list_display = ["query", "lang", "expected", "note"]
    list_filter = ["lang"]
    search_fields = ["query", "expected", "note"]
    add_view_class = type("JudgementCreateView", (PrefilledCreateView,), {"prefill": ("query", "lang", "expected")})


class SearchViewSetGroup(SnippetViewSetGroup):
    items = (SynonymViewSet, BestBetViewSet, SearchJudgementViewSet)
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


def _add_url(model, **values) -> str:
    name = f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:add"
    return reverse(name) + "?" + urlencode(values)


@require_admin_access
def quality_report_view(request):
    """MRR and recall@5 of the judgements per language and backend, the failing judgements, and
    the recent queries that found nothing, each with links to add a synonym, best bet or judgement."""
    if not request.user.has_perm(QUALITY_PERMISSION):
        raise PermissionDenied
    query_stats_flush()
    quality = search_quality_cached()
    for outcome in quality["failing"]:
        judgement = outcome["judgement"]
        outcome["edit_url"] = reverse("wagtailsnippets_search_searchjudgement:edit", args=[judgement.pk])
        outcome["best_bet_url"] = _add_url(
            BestBet, query=judgement.query, lang=judgement.lang, code=outcome["expected"][0]
        )
        outcome["synonym_url"] = _add_url(Synonym, terms=judgement.query)
    report = query_report(days=30)
    unanswered = []
    for lang in ("ar", "en"):
        for row in report[lang]["zero"][:50]:
            unanswered.append(
                {
                    "lang": lang,
                    "query": row["query"],
                    "zero": row["zero"],
                    "synonym_url": _add_url(Synonym, terms=row["query"]),
                    "best_bet_url": _add_url(BestBet, query=row["query"], lang=lang),
                    "judgement_url": _add_url(SearchJudgement, query=row["query"], lang=lang),
                }
            )
    context = {
        "quality": quality,
        "unanswered": unanswered,
        "can_add_synonym": request.user.has_perm("search.add_synonym"),
        "can_add_best_bet": request.user.has_perm("search.add_bestbet"),
        "can_add_judgement": request.user.has_perm("search.add_searchjudgement"),
        "judgements_url": reverse("wagtailsnippets_search_searchjudgement:list"),
    }
    return TemplateResponse(request, "search/admin/quality_report.html", context)


class ReportMenuItem(MenuItem):
    permission = REPORT_PERMISSION

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class QualityMenuItem(ReportMenuItem):
    permission = QUALITY_PERMISSION


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("search/queries/", query_report_view, name="search_query_report"),
        path("search/quality/", quality_report_view, name="search_quality_report"),
    ]


@hooks.register("register_reports_menu_item")
def register_query_report_menu_item():
    return ReportMenuItem(_("Search queries"), reverse("search_query_report"), icon_name="search", order=700)


@hooks.register("register_reports_menu_item")
def register_quality_report_menu_item():
    return QualityMenuItem(_("Search quality"), reverse("search_quality_report"), icon_name="tick-inverse", order=710)
