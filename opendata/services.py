"""Generating the open-data files and keeping them in the shared cache, keyed by content version.

A file is built at most once per content version (the latest change-log sequence of the source
types, ``opendata.selectors.opendata_version``) and stored compressed in ``CACHES["default"]``,
which every process and machine shares (Redis or the database): a publish makes a new version, so
the next request anywhere gets a fresh file, and the worker regenerates them after each publish
(``opendata.signals``). A small per-process memo in front of it is keyed by the same version, so it
can never serve an old file.
"""

import datetime as dt
import hashlib
import json
import logging
import threading
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from opendata import export, selectors

logger = logging.getLogger(__name__)

# Raise when the files' shape changes, so that a deploy never serves files of the old shape.
FORMAT_VERSION = 1
DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
CACHE_SECONDS = 7 * 24 * 3600
API_PATH = "/api/open-data/v1"

FILES = {
    "services.jsonld": "application/ld+json; charset=utf-8",
    "services.ttl": "text/turtle; charset=utf-8",
    "services.csv": "text/csv; charset=utf-8",
    "catalog.jsonld": "application/ld+json; charset=utf-8",
}


@dataclass(frozen=True)
class ExportFile:
    """One generated file at one content version."""

    name: str
    version: int
    body: bytes
    etag: str
    last_modified: dt.datetime
    seconds: float  # how long it took to build

    @property
    def content_type(self) -> str:
        return FILES[self.name]


def opendata_licence() -> str:
    return getattr(settings, "OPEN_DATA_LICENCE", "") or DEFAULT_LICENCE


def opendata_site() -> export.Site:
    return export.Site(
        base=settings.PUBLIC_BASE_URL.rstrip("/"),
        licence=opendata_licence(),
        publisher={"ar": "بلدية الفجيرة", "en": "Fujairah Municipality"},
        place={"ar": "الفجيرة", "en": "Fujairah"},
    )


def opendata_page_urls() -> dict[str, str]:
    """The public "Open data" page in each language, absolute."""
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    urls = {}
    for lang in export.LANGS:
        with translation.override(lang):
            urls[lang] = base + reverse("opendata-page")
    return urls


def _fingerprint() -> str:
    site = opendata_site()
    return hashlib.sha256(f"{FORMAT_VERSION}|{site.base}|{site.licence}".encode()).hexdigest()[:12]


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


class _Memo:
    """The last few files this process served, by cache key (which carries the version)."""

    def __init__(self, size: int = 8):
        self.size = size
        self.entries: OrderedDict[str, ExportFile] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> ExportFile | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: ExportFile) -> None:
        with self.lock:
            self.entries[key] = entry
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


memo = _Memo()


def _key(name: str, version: int) -> str:
    return f"opendata:{name}:{version}:{_fingerprint()}"


def _build(name: str, version: int, logged_at: dt.datetime) -> bytes:
    site = opendata_site()
    if name == "services.ttl":
        jsonld = opendata_file(name="services.jsonld", version=(version, logged_at)).body
        return export.turtle_from_document(json.loads(jsonld)).encode()
    if name == "catalog.jsonld":
        source = export.Source(modified=selectors.opendata_last_modified())
        document = export.catalog_jsonld(
            source,
            site,
            api_base=site.base + API_PATH,
            landing_page=opendata_page_urls(),
        )
        return export.dumps(document).encode()
    source = selectors.opendata_source(modified=logged_at)
    if name == "services.csv":
        return export.services_csv(source).encode()
    return export.dumps(export.services_jsonld(source, site)).encode()


def opendata_file(*, name: str, version: tuple[int, dt.datetime] | None = None) -> ExportFile:
    """The file at the current content version: from this process, the shared cache, or built."""
    if name not in FILES:
        raise KeyError(name)
    seq, logged_at = version or selectors.opendata_version()
    key = _key(name, seq)
    entry = memo.get(key)
    if entry is not None:
        return entry
    stored = cache.get(key)
    if stored is not None:
        entry = ExportFile(
            name=name,
            version=seq,
            body=zlib.decompress(stored["body"]),
            etag=stored["etag"],
            last_modified=stored["last_modified"],
            seconds=stored["seconds"],
        )
    else:
        started = time.perf_counter()
        body = _build(name, seq, logged_at)
        entry = ExportFile(
            name=name,
            version=seq,
            body=body,
            etag=_etag(body),
            last_modified=logged_at,
            seconds=time.perf_counter() - started,
        )
        stored = {
            "body": zlib.compress(body, 6),
            "etag": entry.etag,
            "last_modified": logged_at,
            "seconds": entry.seconds,
        }
        cache.set(key, stored, CACHE_SECONDS)
    memo.put(key, entry)
    return entry


def opendata_regenerate() -> dict[str, int]:
    """Build every file for the current version (if not built yet); name -> size in bytes."""
    version = selectors.opendata_version()
    return {name: len(opendata_file(name=name, version=version).body) for name in FILES}
