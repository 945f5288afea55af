"""The public representation of a downloadable form (feed type "form", docs/CONTRACTS.md §3).

Registered with the type (``media.representations.register``): the pipeline validates every
payload against it before storing it, and the feed documents and serves exactly these fields.
"""

from typing import Literal

from pydantic import Field

from common.schemas import PublicSchema


class FormFile(PublicSchema):
    url: str = Field(description="Download address of the file in this language.")
    size: int | None = Field(description="Bytes.")
    sha256: str
    content_type: str


class Form(PublicSchema):
    """A live downloadable form template in one language."""

    code: str
    lang: Literal["ar", "en"]
    title: str
    summary: str
    description: str
    url: str
    file: FormFile
    version: str
    effective_date: str | None = Field(description="ISO 8601 date.")
    services: list[str] = Field(description="Codes of the live services that require this form.")
    updated_at: str = Field(description="ISO 8601, UTC.")
