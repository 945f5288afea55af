"""Admin and public forms: the image form that requires alt text, the honeypot for online forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.images.forms import BaseImageForm

HONEYPOT_FIELD = "website_url"


class ImageForm(BaseImageForm):
    """Wagtail's image form, refusing to save an image without alternative text in both languages."""

    def clean(self):
        cleaned = super().clean()
        for name in ("alt_ar", "alt_en"):
            if name in self.fields and not (cleaned.get(name) or "").strip():
                self.add_error(name, _("Describe the image for people who cannot see it (required in both languages)."))
        return cleaned


def with_honeypot(form_class):
    """Add a field people never see; bots that fill it are thanked and ignored."""
    field = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1", "class": "hp-field"}),
    )
    return type("OnlineForm", (form_class,), {HONEYPOT_FIELD: field})
