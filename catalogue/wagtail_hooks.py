"""Catalogue admin: reference-data snippets, the service listing with filters, and reports."""

import django_filters

from django.db.models import Exists, OuterRef
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from catalogue.models import Audience, Channel, Department, Outlet, ServicePage
from catalogue.selectors import coverage_figures
from catalogue.views import reports
from catalogue.views.listing import ServiceIndexView


class MissingTranslationFilter(django_filters.ChoiceFilter):
    """Arabic services with no English copy, or whose English copy is older than the Arabic."""

    def filter(self, qs, value):
        if not value:
            return qs
        english = ServicePage.objects.filter(translation_key=OuterRef("translation_key"), locale__language_code="en")
        qs = qs.filter(locale__language_code="ar")
        if value == "missing":
            return qs.filter(~Exists(english))
        if value == "outdated":
            return qs.filter(
                Exists(english.filter(latest_revision_created_at__lt=OuterRef("latest_revision_created_at")))
            )
        return qs


class ServiceFilterSet(WagtailFilterSet):
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("Department"))
    channel = django_filters.ModelChoiceFilter(
        queryset=Channel.objects.all(), field_name="channel_links__channel", label=_("Channel"), distinct=True
    )
    audience = django_filters.ModelChoiceFilter(
        queryset=Audience.objects.all(), field_name="audiences", label=_("Audience")
    )
    status = django_filters.ChoiceFilter(choices=ServicePage.Status.choices, label=_("Status"))
    e_payment = django_filters.BooleanFilter(label=_("E-payment"))
    uae_pass = django_filters.BooleanFilter(label=_("UAE PASS"))
    locale = django_filters.ChoiceFilter(
        field_name="locale__language_code", choices=[("ar", "العربية"), ("en", "English")], label=_("Language")
    )
    translation = MissingTranslationFilter(
        choices=[("missing", _("No English copy")), ("outdated", _("English older than Arabic"))],
        label=_("Missing translation"),
    )

    class Meta:
        model = ServicePage
        fields = []


class ServiceListingViewSet(PageListingViewSet):
    """All services in one list (department editors see only their department's pages)."""

    model = ServicePage
    index_view_class = ServiceIndexView
    icon = "list-ul"
    menu_label = _("Services")
    menu_order = 150
    add_to_admin_menu = True
    name = "services"
    filterset_class = ServiceFilterSet
    columns = PageListingViewSet.columns + [
        Column("code", label=_("Code"), sort_key="code"),
        Column("department", label=_("Department")),
        Column("locale", label=_("Language"), accessor="locale.language_code"),
        UpdatedAtColumn(),
    ]


service_listing_viewset = ServiceListingViewSet("services")


@hooks.register("register_admin_viewset")
def register_service_listing():
    return service_listing_viewset


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    list_display = ["code", "name_ar", "name_en"]
    search_fields = ["code", "name_ar", "name_en"]


class ChannelViewSet(SnippetViewSet):
    model = Channel
    icon = "site"
    list_display = ["code", "type", "name_ar", "name_en"]
    list_filter = ["type"]
    search_fields = ["code", "name_ar", "name_en"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "user"
    list_display = ["code", "name_ar", "name_en"]


class OutletViewSet(SnippetViewSet):
    model = Outlet
    icon = "home"
    list_display = ["code", "name_ar", "name_en", "channel", "priority_service"]
    list_filter = ["channel", "priority_service"]
    search_fields = ["code", "name_ar", "name_en"]


class ReferenceDataGroup(SnippetViewSetGroup):
    items = (DepartmentViewSet, ChannelViewSet, AudienceViewSet, OutletViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Reference data")
    menu_name = "reference-data"
    menu_order = 160


register_snippet(ReferenceDataGroup)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/coverage/", reports.coverage_report, name="catalogue_coverage"),
        path("reports/translations/", reports.translation_report, name="catalogue_translations"),
    ]


@hooks.register("register_reports_menu_item")
def register_coverage_menu_item():
    return MenuItem(_("Catalogue coverage"), reverse("catalogue_coverage"), icon_name="list-ul", order=700)


@hooks.register("register_reports_menu_item")
def register_translation_menu_item():
    return MenuItem(_("Translation status"), reverse("catalogue_translations"), icon_name="globe", order=710)


@hooks.register("construct_reports_menu")
def hide_unscoped_reports(request, menu_items):
    # Page types usage is not scoped to a department (catalogue/views/reports.py); cms/urls.py
    # serves it to administrators only.
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]


class CoveragePanel(Component):
    """The coverage figures on the admin home page."""

    name = "catalogue_coverage"
    order = 50
    template_name = "catalogue/admin/coverage_panel.html"

    def get_context_data(self, parent_context=None):
        return {"figures": coverage_figures()}


@hooks.register("construct_homepage_panels")
def add_coverage_panel(request, panels):
    panels.append(CoveragePanel())


from catalogue import admin_import  # noqa: E402, F401
