"""The feed's envelopes: list pages, sync pages and errors (docs/CONTRACTS.md §3).

The items inside them are each type's public representation, whose schema the content app owns
(``<app>/schemas.py``) and registers with the type (``publication.registry.register_type``).
"""

from typing import Literal

from ninja import Schema
from pydantic import Field


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


def list_schema(*, item_schema: type, name: str) -> type:
    """``{"items": [...], "next_cursor": ...}`` for one item schema."""
    return type(
        name,
        (Schema,),
        {"__annotations__": {"items": list[item_schema], "next_cursor": str | None}},
    )
