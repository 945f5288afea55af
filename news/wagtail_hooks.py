"""Admin: snippets for posts, campaigns, indicators and categories; the editorial calendar,
campaign reports and the figures import. Every URL checks a permission in its view."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from common.menu import PermissionMenuItem
from news import views
from news.models import Campaign, Indicator, NewsCategory, SocialPost


class SocialPostViewSet(SnippetViewSet):
    model = SocialPost
    icon = "comment"
    menu_label = _("Social-media posts")
    list_display = ["__str__", "platform", "kind", "status", "planned_at", "campaign"]
    list_filter = ["platform", "kind", "status", "campaign"]
    ordering = ["-planned_at"]


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    icon = "tasks"
    menu_label = _("Campaigns")
    list_display = ["__str__", "code", "starts_on", "ends_on"]


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "table"
    menu_label = _("Facts & figures")
    list_display = ["__str__", "code", "live"]


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "tag"
    menu_label = _("News categories")
    list_display = ["__str__", "code"]


class NewsAdminGroup(SnippetViewSetGroup):
    menu_label = _("News & social media")
    menu_icon = "comment"
    menu_order = 250
    items = (SocialPostViewSet, CampaignViewSet, IndicatorViewSet, NewsCategoryViewSet)


register_snippet(NewsAdminGroup)


@hooks.register("register_admin_urls")
def news_admin_urls():
    return [
        path("news/calendar/", views.calendar_view, name="news_calendar"),
        path("news/campaigns/", views.campaign_list_view, name="news_campaigns"),
        path("news/campaigns/<slug:code>/report/", views.campaign_report_view, name="news_campaign_report"),
        path("news/figures/import/", views.figures_import_view, name="news_figures_import"),
    ]


@hooks.register("register_admin_menu_item")
def calendar_menu_item():
    return PermissionMenuItem(
        _("Editorial calendar"),
        reverse("news_calendar"),
        icon_name="date",
        order=251,
        permissions=views.POST_VIEW_PERMISSIONS,
    )


@hooks.register("register_admin_menu_item")
def reports_menu_item():
    return PermissionMenuItem(
        _("Campaign reports"),
        reverse("news_campaigns"),
        icon_name="doc-full",
        order=252,
        permissions=views.POST_VIEW_PERMISSIONS,
    )


@hooks.register("register_admin_menu_item")
def figures_import_menu_item():
    return PermissionMenuItem(
        _("Import figures"),
        reverse("news_figures_import"),
        icon_name="upload",
        order=253,
        permissions=("news.change_indicator",),
    )
