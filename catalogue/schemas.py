"""The public representations of the catalogue's types: service, department, channel, outlet,
audience and coverage figures (docs/CONTRACTS.md §3).

Registered with each type (``catalogue.representations.register``): the pipeline validates every
payload against its schema before storing it, and the feed documents and serves exactly these fields.
"""

from typing import Literal

from pydantic import Field

from common.schemas import PublicSchema


class Named(PublicSchema):
    code: str
    name: str


class ServiceChannel(PublicSchema):
    code: str
    name: str
    type: str
    url: str | None = None
    phone: str | None = None


class ServiceFee(PublicSchema):
    label: str
    amount_aed: str = Field(description="Decimal in dirhams, as text to keep its exact value.")
    exemptions: str | None = None


class ServiceForm(PublicSchema):
    code: str
    title: str
    url: str


class Satisfaction(PublicSchema):
    """What people said of the service over the last 90 days (docs/CONTRACTS.md §7), filled in by
    the feedback app; nulls below 10 answers."""

    answers: int = 0
    useful_share: float | None = Field(default=None, ge=0, le=1)
    rating: float | None = Field(default=None, ge=1, le=5)


class Service(PublicSchema):
    """A live municipal service in one language."""

    code: str
    lang: Literal["ar", "en"]
    title: str
    summary: str
    description: str = Field(description="Sanitised HTML.")
    department: Named
    channels: list[ServiceChannel]
    audiences: list[str]
    fee_aed: str = Field(description="Total fee in dirhams; 0.00 means free.")
    fees: list[ServiceFee] = []
    processing_time: str
    documents: list[str]
    steps: list[str]
    outputs: list[str] = []
    e_payment: bool
    uae_pass: bool
    status: Literal["available", "temporarily-unavailable"] = "available"
    unavailable_message: str | None = None
    keywords: list[str] = Field(default=[], description="Extra search terms for offline search in the apps.")
    forms: list[ServiceForm]
    url: str
    translations: dict[str, str]
    satisfaction: Satisfaction = Field(default_factory=Satisfaction)
    updated_at: str = Field(description="ISO 8601, UTC.")


class Department(PublicSchema):
    code: str
    lang: Literal["ar", "en"]
    name: str
    updated_at: str


class Audience(PublicSchema):
    code: str
    lang: Literal["ar", "en"]
    name: str
    updated_at: str


class LiveStatus(PublicSchema):
    """The live status of an outlet or channel (docs/CONTRACTS.md §6), filled in by the status app."""

    state: Literal["open", "limited", "closed"] = "open"
    message: str | None = Field(default=None, description="In the item's language.")
    reason: Literal["maintenance", "holiday", "weather", "system-outage", "other"] | None = None
    since: str | None = Field(default=None, description="ISO 8601, UTC.")
    until: str | None = Field(default=None, description="ISO 8601, UTC; back to open by itself then.")


class Channel(PublicSchema):
    code: str
    lang: Literal["ar", "en"]
    name: str
    type: str
    sort_order: int
    status: LiveStatus = Field(default_factory=LiveStatus)
    updated_at: str


class OpeningInterval(PublicSchema):
    weekday: int = Field(ge=0, le=6, description="0 = Monday … 6 = Sunday.")
    day: str
    opens: str = Field(description="HH:MM, local time (Asia/Dubai).")
    closes: str


class SpecialPeriod(PublicSchema):
    name: str
    start_date: str
    end_date: str
    closed: bool
    opens: str | None = None
    closes: str | None = None


class OutletChannel(PublicSchema):
    code: str
    name: str
    type: str


class Outlet(PublicSchema):
    code: str
    lang: Literal["ar", "en"]
    name: str
    channel: OutletChannel
    address: str
    latitude: float | None = None
    longitude: float | None = None
    phone: str | None = None
    priority_service: bool
    opening_hours: list[OpeningInterval]
    special_periods: list[SpecialPeriod]
    status: LiveStatus = Field(default_factory=LiveStatus)
    updated_at: str


class StatsCount(PublicSchema):
    code: str
    name: str
    count: int


class Stats(PublicSchema):
    """Coverage figures of the live catalogue."""

    code: str
    lang: Literal["ar", "en"]
    services: int
    by_department: list[StatsCount]
    by_channel: list[StatsCount]
    online_services: int = Field(description="Live services that can be completed on the website or an app.")
    updated_at: str
