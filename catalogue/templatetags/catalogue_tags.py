"""Template helpers for public service pages."""

import json

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


def _lang() -> str:
    return "en" if (get_language() or "ar").startswith("en") else "ar"


@register.simple_tag
def service_outlets(outlets):
    """The outlets of the service's in-person channels (the page's ``outlets``: see
    ``catalogue.selectors.outlets_for_channels``), with today's opening hours."""
    now = timezone.now()
    today = timezone.localdate()
    lang = _lang()
    rows = []
    for outlet in outlets:
        hours = outlet.hours_on(today)
        rows.append(
            {
                "outlet": outlet,
                "hours": hours,
                # "08:00–14:00", as the template's |time:"H:i" would write it, at a fraction of the cost.
                "hours_text": [f"{opens:%H:%M}–{closes:%H:%M}" for opens, closes in hours],
                "open_now": outlet.is_open_at(now),
                "address": outlet.address_in(lang),
            }
        )
    return rows


# schema.org day names, Monday first (OpeningHours.weekday 0 is Monday).
SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _schema_place(outlet, lang: str) -> dict:
    """An outlet as a schema.org Place, with its address, position, phone and weekly hours."""
    place = {
        "@type": "GovernmentOffice",
        "name": outlet.name_in(lang),
        "address": {"@type": "PostalAddress", "streetAddress": outlet.address_in(lang), "addressCountry": "AE"},
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[hours.weekday]}",
                "opens": hours.opens.strftime("%H:%M"),
                "closes": hours.closes.strftime("%H:%M"),
            }
            for hours in sorted(outlet.opening_hours.all(), key=lambda h: (h.weekday, h.opens))
        ],
    }
    if outlet.latitude is not None and outlet.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(outlet.latitude),
            "longitude": float(outlet.longitude),
        }
    if outlet.phone:
        place["telephone"] = outlet.phone
    return place


def _schema_channel(link, outlets, lang: str, page_url: str) -> dict:
    channel = {
        "@type": "ServiceChannel",
        "name": link.channel.name_in(lang),
        "availableLanguage": ["ar", "en"],
    }
    if link.url:
        channel["serviceUrl"] = link.url
    elif link.channel.type == "online":
        channel["serviceUrl"] = page_url
    if link.phone:
        channel["servicePhone"] = {"@type": "ContactPoint", "telephone": link.phone}
    places = [_schema_place(outlet, lang) for outlet in outlets if outlet.channel_id == link.channel_id]
    if places:
        channel["serviceLocation"] = places
    return channel


@register.simple_tag(takes_context=True)
def service_jsonld(context, page, channel_links, fees, audiences, outlets):
    """schema.org GovernmentService for search engines: channels with their places (``outlets``,
    with their opening hours), phone, link and hours, fees as offers, and audiences."""
    request = context.get("request")
    lang = _lang()
    url = page.get_full_url(request)
    channel_links = list(channel_links)
    provider = {
        "@type": "GovernmentOrganization",
        "name": "بلدية الفجيرة" if lang == "ar" else "Fujairah Municipality",
    }
    offers = [
        {
            "@type": "Offer",
            "name": fee.label,
            "price": f"{fee.amount_aed:.2f}",
            "priceCurrency": "AED",
            **({"description": fee.exemptions} if fee.exemptions else {}),
        }
        for fee in fees
    ] or [{"@type": "Offer", "price": "0.00", "priceCurrency": "AED"}]
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": page.title,
        "description": page.summary,
        "identifier": page.code,
        "url": url,
        "inLanguage": lang,
        "serviceType": page.department.name_in(lang),
        "provider": provider,
        "serviceOperator": provider,
        "areaServed": {"@type": "AdministrativeArea", "name": "الفجيرة" if lang == "ar" else "Fujairah"},
        "audience": [{"@type": "Audience", "audienceType": a.name_in(lang)} for a in audiences],
        "availableChannel": [_schema_channel(link, outlets, lang, url) for link in channel_links],
        "offers": offers,
    }
    # Escape "<" so that a title can never close the script element.
    return mark_safe(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))  # noqa: S308
