"""Writes of the feed: partner API keys."""

import secrets

from feed.models import FeedApiKey
from feed.protection import api_key_hash


def feed_api_key_create(*, name: str, requests_per_minute: int = 600) -> tuple[FeedApiKey, str]:
    """Create a key; the raw key is returned once and never stored."""
    raw = "bfk_" + secrets.token_urlsafe(30)
    key = FeedApiKey.objects.create(
        name=name, prefix=raw[:10], key_hash=api_key_hash(raw), requests_per_minute=requests_per_minute
    )
    return key, raw


def feed_api_key_assign(*, key: FeedApiKey) -> str:
    """Give an unsaved key (e.g. from the admin form) a fresh secret; returns the raw key."""
    raw = "bfk_" + secrets.token_urlsafe(30)
    key.prefix = raw[:10]
    key.key_hash = api_key_hash(raw)
    return raw
