"""Admin: the alert snippets (moderated), the live status screen, the API keys screen, and the
audit-log actions of this app. Every URL checks a permission in its view."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from common.menu import PermissionMenuItem
from status.models import Alert
from status.views import admin as views


class AlertViewSet(SnippetViewSet):
    model = Alert
    icon = "warning"
    menu_label = _("Alerts")
    menu_order = 262
    add_to_admin_menu = True
    list_display = ["__str__", "level", "scope_type", "scope_code", "starts_at", "ends_at", "live"]
    list_filter = ["level", "scope_type", "live"]
    ordering = ["-starts_at"]


register_snippet(AlertViewSet)


def _direct_publish_refused(request, level: str | None):
    """Only urgent alerts skip moderation, and only for those who may publish them; info and
    warning alerts are published through the workflow (or by a moderator)."""
    if request.method != "POST" or "action-publish" not in request.POST:
        return None
    if request.user.has_perm("status.publish_any_alert") or level == Alert.Level.URGENT:
        return None
    messages.error(
        request,
        _("Only urgent alerts can be published at once. Submit this alert for moderation instead."),
    )
    return redirect(request.get_full_path())


@hooks.register("before_create_snippet")
def alert_create_guard(request, model):
    if model is Alert:
        return _direct_publish_refused(request, request.POST.get("level"))
    return None


@hooks.register("before_edit_snippet")
def alert_edit_guard(request, instance):
    if isinstance(instance, Alert):
        return _direct_publish_refused(request, request.POST.get("level", instance.level))
    return None


@hooks.register("register_log_actions")
def status_log_actions(actions):
    actions.register_action("status.change", _("Change live status"), _("Live status changed"))
    actions.register_action("status.expire", _("Live status ended"), _("Live status back to open by itself"))
    actions.register_action("status.alert_end", _("Alert ended"), _("Alert ended and left the feed"))
    actions.register_action("status.api_key_create", _("Create API key"), _("API key created"))
    actions.register_action("status.api_key_revoke", _("Revoke API key"), _("API key revoked"))


@hooks.register("register_admin_urls")
def status_admin_urls():
    return [
        path("status/", views.status_board, name="status_board"),
        path("status/change/", views.status_change, name="status_change"),
        path("status/api-keys/", views.api_keys, name="status_api_keys"),
    ]


@hooks.register("register_admin_menu_item")
def status_menu_item():
    return PermissionMenuItem(
        _("Live status"),
        reverse("status_board"),
        icon_name="warning",
        order=261,
        permissions=[views.SET_PERMISSION],
    )


@hooks.register("register_settings_menu_item")
def api_keys_menu_item():
    return AdminOnlyMenuItem(_("API keys"), reverse("status_api_keys"), icon_name="key", order=900)
