"""Reads of the pipeline's results."""

from typing import Any

from publication.models import Publication


def publication_payloads(*, type_name: str, lang: str) -> Any:
    """The live representations of one type in one language, ordered by code."""
    return Publication.objects.filter(type=type_name, lang=lang).order_by("code")
