"""Elasticsearch connection and index naming: one index per language behind an alias.

``<prefix>-<lang>`` is the alias searches and live updates use; the indices behind it are named
``<prefix>-<lang>-v<timestamp>`` so a rebuild can fill a new one and swap the alias atomically.
"""

import secrets
import threading
import time
from functools import lru_cache

from elasticsearch import Elasticsearch
from elasticsearch_dsl import Index

from django.conf import settings
from django.utils import timezone

from search.documents import SearchDocument

LANGS = ("ar", "en")


@lru_cache(maxsize=8)
def _client(url: str, timeout: float) -> Elasticsearch:
    return Elasticsearch(url, request_timeout=timeout, retry_on_timeout=False, max_retries=0)


def es_enabled() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


def es_client(*, timeout: float | None = None) -> Elasticsearch:
    """A client for ``settings.ELASTICSEARCH_URL``; requests fail fast so a search can fall back."""
    return _client(settings.ELASTICSEARCH_URL, timeout or settings.SEARCH_ES_TIMEOUT)


# --- Circuit breaker for public searches ----------------------------------------------------
# Per process, on purpose: each process learns of an outage from one failed search (one timeout)
# and then skips Elasticsearch for SEARCH_ES_RETRY_SECONDS. Sharing the state through a cache
# would put a cache read (a database query with the database cache) in front of every search,
# to save at most one timeout per process. Keyed by server address: a new address starts closed.
_open_until: dict[str, float] = {}
_breaker_lock = threading.Lock()


def _now() -> float:
    return time.monotonic()


def es_available() -> bool:
    """False while searches skip Elasticsearch after a failure (until the retry window ends)."""
    return _now() >= _open_until.get(settings.ELASTICSEARCH_URL, 0.0)


def es_failed() -> None:
    """A search failed: answer from the database for ``SEARCH_ES_RETRY_SECONDS``, then try again."""
    with _breaker_lock:
        _open_until[settings.ELASTICSEARCH_URL] = _now() + settings.SEARCH_ES_RETRY_SECONDS


def es_succeeded() -> None:
    if _open_until:  # only after a failure: the common case takes no lock
        with _breaker_lock:
            _open_until.pop(settings.ELASTICSEARCH_URL, None)


def alias_name(lang: str) -> str:
    return f"{settings.SEARCH_INDEX_PREFIX}-{lang}"


def new_index_name(lang: str) -> str:
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    return f"{alias_name(lang)}-v{stamp}-{secrets.token_hex(2)}"


def index_body() -> dict:
    """Settings, analyzers and mappings of a search index, from ``SearchDocument``."""
    index = Index("unused")
    index.settings(number_of_shards=1, number_of_replicas=settings.SEARCH_INDEX_REPLICAS)
    index.document(SearchDocument)
    return index.to_dict()


def index_create(*, client: Elasticsearch, name: str) -> None:
    body = index_body()
    client.indices.create(index=name, settings=body["settings"], mappings=body["mappings"])


def alias_targets(*, client: Elasticsearch, lang: str) -> list[str]:
    """The indices the language's alias points to (normally one; none before the first build)."""
    alias = alias_name(lang)
    if not client.indices.exists_alias(name=alias):
        return []
    return sorted(client.indices.get_alias(name=alias).keys())


def versioned_indices(*, client: Elasticsearch, lang: str) -> list[str]:
    found = client.indices.get(index=f"{alias_name(lang)}-v*", allow_no_indices=True, expand_wildcards="open")
    return sorted(found.keys())


def indices_ensure(*, client: Elasticsearch) -> None:
    """Create a first index behind each alias if there is none, so live updates have a target."""
    for lang in LANGS:
        if not alias_targets(client=client, lang=lang):
            name = new_index_name(lang)
            index_create(client=client, name=name)
            client.indices.update_aliases(actions=[{"add": {"index": name, "alias": alias_name(lang)}}])
