"""Bidirectional control characters: stripped from every text people write, on save and on import.

U+202A–U+202E (embeddings and overrides) and U+2066–U+2069 (isolates) reorder the text around
them, so a title can show something other than what it holds ("Trojan source"), and they leak
into page titles and search results. The marks U+200E/U+200F and U+061C change the direction of
one neutral character only and Arabic editors use them to place punctuation, so they are kept,
as are ZWNJ (U+200C) and ZWJ (U+200D), which Arabic script needs to join or separate letters.
"""

import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.signals import pre_save

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# The same characters as json.dumps writes them (ensure_ascii): how revisions hold StreamFields.
_ESCAPED = re.compile(r"\\u(?:202[a-eA-E]|206[6-9])")
# Apps whose models hold what editors and imports write; Wagtail's Page and Revision rows too.
CONTENT_APPS = frozenset({"catalogue", "news", "media", "cms"})


def text_bidi_strip(*, value: str) -> str:
    """The text without bidirectional embeddings, overrides and isolates."""
    return BIDI_CONTROLS.sub("", value) if BIDI_CONTROLS.search(value) else value


def data_bidi_strip(*, value):
    """Strip every string inside lists and dicts (lists of texts, StreamField data)."""
    if isinstance(value, str):
        return text_bidi_strip(value=value)
    if isinstance(value, list | tuple):
        return [data_bidi_strip(value=item) for item in value]
    if isinstance(value, dict):
        return {key: data_bidi_strip(value=item) for key, item in value.items()}
    return value


def _revision_content_strip(value):
    """Revision content: as ``data_bidi_strip``, and inside the JSON text StreamFields become there."""
    if isinstance(value, str):
        stripped = text_bidi_strip(value=value)
        if stripped[:1] in ("[", "{") and _ESCAPED.search(stripped):
            try:
                decoded = json.loads(stripped)
            except ValueError:
                return stripped
            return json.dumps(data_bidi_strip(value=decoded), cls=DjangoJSONEncoder)
        return stripped
    if isinstance(value, list):
        return [_revision_content_strip(item) for item in value]
    if isinstance(value, dict):
        return {key: _revision_content_strip(item) for key, item in value.items()}
    return value


def instance_bidi_strip(*, instance: models.Model) -> None:
    """Strip the text fields (and StreamFields) of a model instance in place."""
    from wagtail.fields import StreamField

    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and BIDI_CONTROLS.search(value):
                setattr(instance, field.attname, BIDI_CONTROLS.sub("", value))
        elif isinstance(field, StreamField):
            value = getattr(instance, field.attname)
            raw = field.get_prep_value(value)
            cleaned = data_bidi_strip(value=raw)
            if cleaned != raw:
                setattr(instance, field.attname, field.to_python(cleaned))


def _strip_on_save(sender, instance, raw=False, **kwargs):
    from wagtail.models import Page, Revision

    if raw:  # loaddata writes what was dumped
        return
    if sender is Revision:
        instance.content = _revision_content_strip(instance.content)
    elif sender is Page or sender._meta.app_label in CONTENT_APPS:
        instance_bidi_strip(instance=instance)


def connect() -> None:
    """Strip on every save of content models, whichever path saves them (admin, services, tasks)."""
    pre_save.connect(_strip_on_save, dispatch_uid="cms_text_bidi_strip")
