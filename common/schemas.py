"""The base of every public output schema (``<app>/schemas.py``): the feed serves what it documents."""

from ninja import Schema
from pydantic import ConfigDict


class PublicSchema(Schema):
    """A payload validated against it keeps only its declared fields (internal keys are dropped)."""

    model_config = ConfigDict(extra="ignore")
