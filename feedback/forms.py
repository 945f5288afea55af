"""The service page's feedback form (the site's form; the apps post JSON to the API)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import Channel
from feedback.models import COMMENT_MAX

HONEYPOT_FIELD = "website_url"


class FeedbackForm(forms.Form):
    useful = forms.TypedChoiceField(
        label=_("Was this page useful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
    )
    channel = forms.ModelChoiceField(
        label=_("How did you use the service? (optional)"),
        queryset=Channel.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("I have not used it"),
    )
    rating = forms.TypedChoiceField(
        label=_("How would you rate the service? (optional)"),
        choices=[("", _("No rating"))] + [(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    comment = forms.CharField(
        label=_("Anything we should improve? (optional)"),
        help_text=_("Do not write your name, phone number or ID: comments are read by staff and never published."),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX}),
    )
    # Hidden from people (CSS and aria-hidden); a bot that fills it is thanked and nothing is kept.
    website_url = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args, channels=None, lang: str = "ar", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["channel"]
        field.queryset = channels if channels is not None else Channel.objects.order_by("sort_order", "code")
        field.label_from_instance = lambda channel: channel.name_in(lang)
