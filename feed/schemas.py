"""The feed's explicit output schemas (docs/CONTRACTS.md §3).

The publication pipeline validates each stored payload against its type's schema, so the lists,
details, sync and snapshots serve exactly the fields documented here and nothing internal.
"""

from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field


class FeedModel(Schema):
    model_config = ConfigDict(extra="ignore")


class Named(FeedModel):
    code: str
    name: str


class ServiceChannel(FeedModel):
    code: str
    name: str
    type: str
    url: str | None = None
    phone: str | None = None


class ServiceFee(FeedModel):
    label: str
    amount_aed: str = Field(description="Decimal in dirhams, as text to keep its exact value.")
    exemptions: str | None = None


class ServiceForm(FeedModel):
    code: str
    title: str
    url: str


class Service(FeedModel):
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
    updated_at: str = Field(description="ISO 8601, UTC.")


class Department(FeedModel):
    code: str
    lang: Literal["ar", "en"]
    name: str
    updated_at: str


class Audience(FeedModel):
    code: str
    lang: Literal["ar", "en"]
    name: str
    updated_at: str


class Channel(FeedModel):
    code: str
    lang: Literal["ar", "en"]
    name: str
    type: str
    sort_order: int
    updated_at: str


class OpeningInterval(FeedModel):
    weekday: int = Field(ge=0, le=6, description="0 = Monday … 6 = Sunday.")
    day: str
    opens: str = Field(description="HH:MM, local time (Asia/Dubai).")
    closes: str


class SpecialPeriod(FeedModel):
    name: str
    start_date: str
    end_date: str
    closed: bool
    opens: str | None = None
    closes: str | None = None


class OutletChannel(FeedModel):
    code: str
    name: str
    type: str


class Outlet(FeedModel):
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
    updated_at: str


class StatsCount(FeedModel):
    code: str
    name: str
    count: int


class Stats(FeedModel):
    """Coverage figures of the live catalogue."""

    code: str
    lang: Literal["ar", "en"]
    services: int
    by_department: list[StatsCount]
    by_channel: list[StatsCount]
    online_services: int = Field(description="Live services that can be completed on the website or an app.")
    updated_at: str


class GenericItem(Schema):
    """A live item of a type whose schema its app documents; always has these fields."""

    model_config = ConfigDict(extra="allow")

    code: str
    lang: Literal["ar", "en"]
    updated_at: str


class ErrorDetail(Schema):
    code: str = Field(description="Stable machine-readable error code.")
    message: str = Field(description="Explanation in the request's language.")
    field: str | None = Field(None, description="The parameter at fault, if any.")


class Error(Schema):
    error: ErrorDetail


class UpsertChange(Schema):
    op: Literal["upsert"]
    type: str
    code: str
    lang: Literal["ar", "en"]
    item: dict


class DeleteChange(Schema):
    op: Literal["delete"]
    type: str
    code: str
    lang: Literal["ar", "en"]
    reason: Literal["unpublished", "withdrawn", "deleted", "expired"]


class SyncPage(Schema):
    changes: list[UpsertChange | DeleteChange]
    next_cursor: str
    has_more: bool


def list_schema(item_schema: type, name: str) -> type:
    """``{"items": [...], "next_cursor": ...}`` for one item schema."""
    return type(
        name,
        (Schema,),
        {"__annotations__": {"items": list[item_schema], "next_cursor": str | None}},
    )
