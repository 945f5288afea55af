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
def service_jsonld(context, page, channel_links, fees, audiences):
    """schema.org GovernmentService for search engines: channels with their places, phone, link and
    hours, fees as offers, and audiences."""
    request = context.get("request")
    lang = _lang()
    url = page.get_full_url(request)
    channel_links = list(channel_links)
    # One query (and two prefetches) whatever the number of channels.
    outlets = list(
        Outlet.objects.filter(channel_id__in=[link.channel_id for link in channel_links]).prefetch_related(
            "opening_hours"
        )
    )
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
