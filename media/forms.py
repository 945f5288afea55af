"""Admin and public forms: the image form that requires alt text, the honeypot for online forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.images.forms import BaseImageForm

from media.validation import validate_image_decodes

HONEYPOT_FIELD = "website_url"


def _refuse_damaged_images(field) -> None:
    """Make a damaged upload a form error: Wagtail's image field lets Pillow's own exceptions
    through (a 500) when a file starts like a PNG but is truncated or garbage."""
    to_python = field.to_python

    def checked(data):
        try:
            value = to_python(data)
        except ValidationError:
            raise
        except Exception as error:
            raise ValidationError(
                _("The image file is damaged or incomplete and cannot be read. Save it again and upload it anew."),
                code="damaged_image",
            ) from error
        if value is not None:
            validate_image_decodes(value)
        return value

    field.to_python = checked


class ImageForm(BaseImageForm):
    """Wagtail's image form, refusing to save an image without alternative text in both languages
    or whose file cannot be decoded."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:  # each form has its own copy of the field
            _refuse_damaged_images(self.fields["file"])

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
