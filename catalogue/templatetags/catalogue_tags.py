"""Template helpers for public service pages."""

import json

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from catalogue.models import Outlet

register = template.Library()


def _lang() -> str:
    return "en" if (get_language() or "ar").startswith("en") else "ar"


@register.simple_tag
def service_outlets(channel_links):
    """Outlets of the service's in-person channels, with today's opening hours."""
    channel_ids = [link.channel_id for link in channel_links]
    now = timezone.now()
    today = timezone.localdate()
    lang = _lang()
    outlets = Outlet.objects.filter(channel_id__in=channel_ids).prefetch_related("opening_hours", "special_periods")
    return [
        {"outlet": o, "hours": o.hours_on(today), "open_now": o.is_open_at(now), "address": o.address_in(lang)}
        for o in outlets
    ]


@register.simple_tag(takes_context=True)
def service_jsonld(context, page, channel_links, fees, audiences):
    """schema.org GovernmentService for search engines."""
    request = context.get("request")
    lang = _lang()
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": page.title,
        "description": page.summary,
        "identifier": page.code,
        "url": page.get_full_url(request),
        "inLanguage": lang,
        "serviceType": page.department.name_in(lang),
        "provider": {
            "@type": "GovernmentOrganization",
            "name": "بلدية الفجيرة" if lang == "ar" else "Fujairah Municipality",
        },
        "areaServed": {"@type": "AdministrativeArea", "name": "الفجيرة" if lang == "ar" else "Fujairah"},
        "audience": [{"@type": "Audience", "audienceType": a.name_in(lang)} for a in audiences],
        "availableChannel": [
            {
                "@type": "ServiceChannel",
                "name": link.channel.name_in(lang),
                **({"serviceUrl": link.url} if link.url else {}),
                **({"servicePhone": {"@type": "ContactPoint", "telephone": link.phone}} if link.phone else {}),
            }
            for link in channel_links
        ],
        "offers": [
            {"@type": "Offer", "name": fee.label, "price": f"{fee.amount_aed:.2f}", "priceCurrency": "AED"}
            for fee in fees
        ],
    }
    # Escape "<" so that a title can never close the script element.
    return mark_safe(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))  # noqa: S308
