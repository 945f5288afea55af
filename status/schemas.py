"""The public representation of an alert (docs/CONTRACTS.md §6); registered with the type ``alert``.

The status carried by outlets and channels is declared by the catalogue's schemas (its owner) as
``LiveStatus``; this app fills it in through a registry enricher."""

from typing import Literal

from pydantic import Field

from common.schemas import PublicSchema


class AlertScope(PublicSchema):
    type: Literal["site", "department", "service", "channel", "outlet"]
    code: str | None = None


class Alert(PublicSchema):
    """A published alert in one language, running or scheduled."""

    code: str
    lang: Literal["ar", "en"]
    level: Literal["info", "warning", "urgent"]
    title: str
    body: str = Field(description="Sanitised HTML.")
    scope: AlertScope
    starts_at: str = Field(description="ISO 8601, UTC.")
    ends_at: str | None = Field(default=None, description="ISO 8601, UTC.")
    updated_at: str = Field(description="ISO 8601, UTC.")
