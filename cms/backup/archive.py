"""The archive format: what is dumped, how each column's value is written, and the manifest.

An archive is an uncompressed tar (any ``tar`` reads it; media files are already compressed):

- ``manifest.json`` — format name and version, release, creation time, source database vendor, the
  applied migrations, every table (columns with their kind, row count, member, sha256) and every
  media file (storage name, sha256, size). Written last, read first.
- ``tables/<table>.jsonl.gz`` — one JSON object per row, column -> value, the value written
  according to the column's kind (below), never in a database's own format.
- ``media/<storage name>`` — the bytes of every file the content refers to.

A newer release reads a version-1 archive by migrating the target to the archive's migrations,
loading the rows as they are, then migrating forward (cms/backup/services.py).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import json
import uuid
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.dateparse import parse_datetime

FORMAT_NAME = "baladiya-cms-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"

# Left out of every archive, by model label, with the reason given in the manifest and the docs.
SKIPPED = {
    "sessions.session": "log-in sessions: people sign in again after a restore",
    "django_tasks_database.dbtaskresult": "the task queue: work for the old installation, not content",
    "wagtailadmin.editingsession": "who has an editor open right now: transient",
    "axes.accessattempt": "login lock-out counters: transient security state",
    "axes.accesslog": "login log of the old installation: transient security state",
    "axes.accessfailurelog": "login failure log of the old installation: transient security state",
    "axes.accessattemptexpiration": "login lock-out expiry times: transient security state",
    "media.formratelimithit": "online form rate-limit counters: transient",
    "search.searchentry": "derived from Publication rows: rebuilt by search_index rebuild",
    "search.searchposting": "derived from Publication rows: rebuilt by search_index rebuild",
    "search.pendingindexupdate": "queue of Elasticsearch updates: rebuilt by search_index rebuild",
    "wagtailsearch.indexentry": "Wagtail's admin search index (engine-specific columns): rebuilt by update_index",
    "wagtailsearch.sqliteftsindexentry": "SQLite's full-text table of Wagtail's admin search: rebuilt by update_index",
}

# Column kinds: how a value travels, whatever database wrote or will read it.
KIND_BY_INTERNAL_TYPE = {
    "AutoField": "int",
    "BigAutoField": "int",
    "SmallAutoField": "int",
    "IntegerField": "int",
    "BigIntegerField": "int",
    "SmallIntegerField": "int",
    "PositiveIntegerField": "int",
    "PositiveBigIntegerField": "int",
    "PositiveSmallIntegerField": "int",
    "BooleanField": "bool",
    "NullBooleanField": "bool",
    "FloatField": "float",
    "DecimalField": "decimal",
    "DateTimeField": "datetime",
    "DateField": "date",
    "TimeField": "time",
    "DurationField": "duration",
    "UUIDField": "uuid",
    "BinaryField": "bytes",
    "JSONField": "json",
}


def column_kind(internal_type: str) -> str:
    """The kind of a column from its Django internal type; anything text-like is ``str``."""
    return KIND_BY_INTERNAL_TYPE.get(internal_type, "str")


def encode_value(kind: str, value):
    """A raw database value (SQLite or PostgreSQL) as a portable JSON value."""
    if value is None:
        return None
    if kind == "datetime":
        if isinstance(value, str):
            value = parse_datetime(value)
        if value.tzinfo is None:
            # Django stores UTC when USE_TZ is on; SQLite keeps it without an offset.
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    if kind in ("date", "time"):
        return value if isinstance(value, str) else value.isoformat()
    if kind == "decimal":
        return str(decimal.Decimal(str(value)))
    if kind == "bool":
        return bool(value)
    if kind == "duration":
        if isinstance(value, dt.timedelta):
            return (value.days * 86400 + value.seconds) * 1_000_000 + value.microseconds
        return int(value)
    if kind == "uuid":
        return str(uuid.UUID(str(value)))
    if kind == "bytes":
        return base64.b64encode(bytes(value)).decode("ascii")
    if kind == "json":
        # Kept as JSON text, so SQL NULL (None) and JSON null ("null") stay distinct.
        return value if isinstance(value, str) else json.dumps(value, cls=DjangoJSONEncoder)
    return value


def decode_value(kind: str, value, connection):
    """A portable value as the parameter ``connection``'s database expects for that kind."""
    if value is None:
        return None
    ops = connection.ops
    if kind == "datetime":
        return ops.adapt_datetimefield_value(dt.datetime.fromisoformat(value))
    if kind == "date":
        return ops.adapt_datefield_value(dt.date.fromisoformat(value))
    if kind == "time":
        return ops.adapt_timefield_value(dt.time.fromisoformat(value))
    if kind == "decimal":
        return ops.adapt_decimalfield_value(decimal.Decimal(value))
    if kind == "duration":
        micros = int(value)
        return dt.timedelta(microseconds=micros) if connection.features.has_native_duration_field else micros
    if kind == "uuid":
        return uuid.UUID(value) if connection.features.has_native_uuid_field else uuid.UUID(value).hex
    if kind == "bytes":
        return base64.b64decode(value)
    if kind == "json":
        return ops.adapt_json_value(json.loads(value), DjangoJSONEncoder)
    return value


@dataclass
class Column:
    name: str
    kind: str
    serial: bool = False  # an auto-increment primary key: its sequence is reset after a load
    file: bool = False  # a file field: its value is a storage name whose bytes go under media/


@dataclass
class Table:
    name: str
    model: str
    columns: list[Column]
    rows: int = 0
    member: str = ""
    sha256: str = ""
    size: int = 0


@dataclass
class MediaFile:
    name: str
    field: str  # app_label.model.field whose storage holds it
    member: str = ""
    sha256: str = ""
    size: int = 0


@dataclass
class Manifest:
    format: str
    format_version: int
    release: str
    created_at: str
    database_vendor: str
    migrations: list[list[str]]
    tables: list[Table] = field(default_factory=list)
    files: list[MediaFile] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> bytes:
        from dataclasses import asdict

        return json.dumps(asdict(self), ensure_ascii=False, indent=1).encode("utf-8")

    @classmethod
    def from_json(cls, data: dict) -> Manifest:
        tables = [Table(**{**t, "columns": [Column(**c) for c in t["columns"]]}) for t in data.get("tables", [])]
        files = [MediaFile(**f) for f in data.get("files", [])]
        return cls(**{**data, "tables": tables, "files": files})


class HashingReader:
    """Wraps a file so that whatever is read through it is counted and hashed."""

    def __init__(self, fileobj, on_read=None):
        self.fileobj = fileobj
        self.sha256 = hashlib.sha256()
        self.size = 0
        self.on_read = on_read

    def read(self, size: int = -1) -> bytes:
        chunk = self.fileobj.read(size)
        self.sha256.update(chunk)
        self.size += len(chunk)
        if self.on_read:
            self.on_read(len(chunk))
        return chunk
