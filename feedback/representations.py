"""``satisfaction`` on the service's feed payload (CONTRACTS §7), added through the registry."""

from django.conf import settings

from feedback.selectors import satisfaction_for
from publication.registry import register_enricher

EMPTY = {"answers": 0, "useful_share": None, "rating": None}


def satisfaction_enrich(rendered_by_code: dict) -> None:
    """Copy each service's stored figures into its payloads (one query per chunk)."""
    figures = satisfaction_for(codes=list(rendered_by_code)) if settings.FEEDBACK_IN_FEED else {}
    for code, by_lang in rendered_by_code.items():
        value = figures.get(code, EMPTY)
        for rendered in by_lang.values():
            rendered.payload["satisfaction"] = dict(value)


def register() -> None:
    register_enricher("service", "satisfaction", satisfaction_enrich)
