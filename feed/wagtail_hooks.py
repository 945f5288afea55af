"""Admin for the export feed: webhook subscriptions, their delivery log, and partners' API keys.

Every view goes through Wagtail's model permission policy: only users granted the model's
permissions (superusers by default) see or change anything here. Deliveries are written by the
system only, so the log is read-only for everyone.
"""

from django import forms
from django.contrib import messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from feed.destinations import DestinationRefused, destination_resolve
from feed.models import FeedApiKey, WebhookDelivery, WebhookSubscription
from feed.services import feed_api_key_assign
from publication.models import ChangeLog
from publication.registry import registered_types


def _type_choices():
    names = sorted(registered_types())
    return [(name, name) for name in names]


class WebhookSubscriptionForm(WagtailAdminModelForm):
    types = forms.MultipleChoiceField(
        label=_("Content types"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to receive every type."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(ChangeLog.Op.UPSERT, _("Published or changed")), (ChangeLog.Op.DELETE, _("Unpublished or deleted"))],
        help_text=_("Leave both unticked to receive every event."),
    )
    # The secret itself is never a form field: it is generated here and shown once, after saving.
    rotate_secret = forms.BooleanField(
        label=_("Generate a new signing secret"),
        required=False,
        help_text=_("The new secret is shown once after saving; the old one stops working at once."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["types"].choices = _type_choices()
        self.new_secret = None
        if not self.instance.pk:
            del self.fields["rotate_secret"]  # a new subscription always gets a fresh secret

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            # Also checked at each delivery: the answer of the DNS may change after saving.
            destination_resolve(url=url)
        except DestinationRefused as refused:
            raise forms.ValidationError(gettext(refused.reason)) from refused
        return url

    def clean(self):
        from feed.webhooks import webhook_secret_generate

        cleaned = super().clean()
        if not self.instance.pk or cleaned.get("rotate_secret"):
            self.new_secret = webhook_secret_generate()
            self.instance.secret = self.new_secret
        return cleaned


class SecretShownOnceMixin:
    """After saving a webhook with a new secret, show the secret in one message, never again."""

    def get_success_message(self, *args):
        message = super().get_success_message(*args)
        secret = getattr(self.form, "new_secret", None)
        if not secret:
            return message
        return _("Signing secret for %(name)s: %(secret)s — copy it now, it will not be shown again.") % {
            "name": self.object.name,
            "secret": secret,
        }

    def form_valid(self, form):
        response = super().form_valid(form)
        storage = messages.get_messages(self.request)
        storage.used = False
        return response


class WebhookCreateView(SecretShownOnceMixin, generic.CreateView):
    pass


class WebhookEditView(SecretShownOnceMixin, generic.EditView):
    pass


class WebhookSubscriptionViewSet(ModelViewSet):
    model = WebhookSubscription
    icon = "link-external"
    menu_label = _("Webhooks")
    url_prefix = "feed/webhooks"
    add_view_class = WebhookCreateView
    edit_view_class = WebhookEditView
    list_display = ["name", "url", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "url"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            FieldPanel("types"),
            FieldPanel("events"),
            FieldPanel("active"),
            FieldPanel("rotate_secret"),
        ],
        base_form_class=WebhookSubscriptionForm,
    )


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Viewing needs the model's view permission; nobody adds, edits or deletes by hand."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    icon = "history"
    menu_label = _("Webhook deliveries")
    url_prefix = "feed/deliveries"
    list_display = [
        "event",
        "subscription",
        "status",
        "attempts",
        "last_status_code",
        # Refusals are stored as message ids: shown in the reader's language.
        Column(
            "last_error",
            label=_("last error"),
            accessor=lambda delivery: gettext(delivery.last_error) if delivery.last_error else "",
        ),
        "created_at",
    ]
    list_filter = ["status", "subscription"]
    search_fields = ["event", "event_id"]
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = [
        "subscription",
        "event_id",
        "event",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "created_at",
        "delivered_at",
        "body",
    ]
    form_fields = ["status"]


register_permission_policy(WebhookDelivery, ReadOnlyPolicy(WebhookDelivery))


class ApiKeyCreateView(generic.CreateView):
    def save_instance(self):
        self._raw_key = feed_api_key_assign(key=self.form.instance)
        return super().save_instance()

    def get_success_message(self, instance):
        return _("API key for %(name)s: %(key)s — copy it now, it will not be shown again.") % {
            "name": instance.name,
            "key": self._raw_key,
        }

    def form_valid(self, form):
        response = super().form_valid(form)
        # Keep the message until the person has read it (no auto-dismiss).
        storage = messages.get_messages(self.request)
        storage.used = False
        return response


class FeedApiKeyViewSet(ModelViewSet):
    model = FeedApiKey
    icon = "key"
    menu_label = _("Feed API keys")
    url_prefix = "feed/api-keys"
    add_view_class = ApiKeyCreateView
    list_display = ["name", "prefix", "requests_per_minute", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name"]
    copy_view_enabled = False
    form_fields = ["name", "requests_per_minute", "active"]


class FeedAdminGroup(ViewSetGroup):
    menu_label = _("Export feed")
    menu_icon = "cogs"
    menu_order = 850
    items = (WebhookSubscriptionViewSet, WebhookDeliveryViewSet, FeedApiKeyViewSet)


@hooks.register("register_admin_viewset")
def register_feed_admin():
    return FeedAdminGroup()
