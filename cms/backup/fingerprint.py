"""What the outside world sees of an installation, in one JSON document, to compare two of them.

Every feed list in both languages, the full sync, the bytes of every media file (read from the
storage and downloaded as the public downloads documents) and the top search results for a few
queries. ``python -m cms.backup.fingerprint`` prints it for the installation the environment
points at; tests and benchmarks/backup_restore.py compare a source with its restored copy.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.request
from urllib.parse import urlsplit

QUERIES = {"ar": ["رخصة", "شهادة", "نفايات"], "en": ["license", "certificate", "waste"]}
# Hosts and signatures may change when a site moves or its media goes to S3; the content may not.
ABSOLUTE = re.compile(r"https?://[^/\"\s]+")
SIGNED = re.compile(r"\?[^\"\s]*X-Amz-[^\"\s]*")


def _normalise(value):
    if isinstance(value, str):
        return SIGNED.sub("", ABSOLUTE.sub("", value))
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    return value


def _get_json(client, url: str, params: dict) -> dict:
    response = client.get(url, params)
    if response.status_code != 200:
        raise AssertionError(f"{url} {params} answered {response.status_code}")
    return response.json()


def _download(client, url: str) -> str:
    """sha256 of what the public gets at ``url`` (following a redirect to S3 on this machine)."""
    response = client.get(url)
    if response.status_code in (301, 302):
        location = response["Location"]
        host = urlsplit(location).hostname
        if host not in ("127.0.0.1", "localhost", None):
            return f"redirect to {host}"
        if host is None:
            return _download(client, location)
        with urllib.request.urlopen(location, timeout=10) as remote:  # noqa: S310 (loopback only, checked above)
            return hashlib.sha256(remote.read()).hexdigest()
    if response.status_code != 200:
        return f"status {response.status_code}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return hashlib.sha256(body).hexdigest()


def installation_fingerprint() -> dict:
    """The public face of this installation (see the module docstring)."""
    from django.apps import apps
    from django.db import models
    from django.test import Client

    from publication.registry import feed_types

    client = Client()
    feeds = {}
    for spec in feed_types():
        for lang in ("ar", "en"):
            items, cursor = [], None
            for _ in range(1000):
                params = {"lang": lang, "limit": 500, **({"cursor": cursor} if cursor else {})}
                page = _get_json(client, f"/api/feed/v1/{spec.feed.path}", params)
                items.extend(page["items"])
                cursor = page.get("next_cursor")
                if not cursor:
                    break
            feeds[f"{spec.feed.path}:{lang}"] = items
    changes, cursor = [], None
    for _ in range(10_000):
        page = _get_json(client, "/api/feed/v1/sync", {"cursor": cursor} if cursor else {})
        changes.extend(page["changes"])
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    files = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                for name in model._base_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True):
                    if name and name not in files:
                        with field.storage.open(name, "rb") as handle:
                            files[name] = hashlib.sha256(handle.read()).hexdigest()
    document_model = apps.get_model("media", "CustomDocument")
    downloads = {doc.file.name: _download(client, doc.url) for doc in document_model.objects.order_by("pk")}
    search = {}
    for lang, queries in QUERIES.items():
        for query in queries:
            answer = _get_json(client, "/api/search/v1/", {"q": query, "lang": lang, "size": 10})
            search[f"{lang}:{query}"] = [(r["type"], r["code"]) for r in answer["results"]]
    return _normalise({"feeds": feeds, "sync": changes, "files": files, "downloads": downloads, "search": search})


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    django.setup()
    print(json.dumps(installation_fingerprint(), ensure_ascii=False, sort_keys=True))
