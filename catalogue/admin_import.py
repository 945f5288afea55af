"""Admin URLs, menu items and listing buttons for spreadsheet import and export (issue 4)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button

from catalogue.views import importing
from common.menu import PermissionMenuItem

IMPORT_PERMISSION = importing.IMPORT_PERMISSION
EXPORT_PERMISSION = importing.EXPORT_PERMISSION


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("catalogue/import/", importing.services_import, name="catalogue_import"),
        path("catalogue/import/<uuid:pk>/confirm/", importing.services_import_confirm, name="catalogue_import_confirm"),
        path("catalogue/import/<uuid:pk>/", importing.services_import_result, name="catalogue_import_result"),
        path("catalogue/export/", importing.services_export_view, name="catalogue_export"),
    ]


@hooks.register("register_settings_menu_item")
def register_import_menu_item():
    return PermissionMenuItem(
        _("Import services"),
        reverse("catalogue_import"),
        icon_name="upload",
        order=900,
        permissions=(IMPORT_PERMISSION,),
    )


@hooks.register("register_settings_menu_item")
def register_export_menu_item():
    return PermissionMenuItem(
        _("Export services"),
        reverse("catalogue_export"),
        icon_name="download",
        order=910,
        permissions=(EXPORT_PERMISSION,),
    )


@hooks.register("register_page_header_buttons")
def services_listing_buttons(page, user, view_name, next_url=None):
    """Import and export buttons in the service listing's "more" menu."""
    if view_name != "index" or not next_url or not next_url.startswith(reverse("services:index")):
        return []
    buttons = []
    if user.has_perm(IMPORT_PERMISSION):
        buttons.append(
            Button(_("Import from spreadsheet"), url=reverse("catalogue_import"), icon_name="upload", priority=60)
        )
    if user.has_perm(EXPORT_PERMISSION):
        for file_format, label in (("xlsx", _("Export to Excel (XLSX)")), ("csv", _("Export to CSV"))):
            buttons.append(
                Button(
                    label, url=reverse("catalogue_export") + f"?format={file_format}", icon_name="download", priority=61
                )
            )
    return buttons
