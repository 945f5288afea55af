"""Feed snapshots: every type in both languages as gzip JSON files plus a manifest, on the media storage.

Apps download the manifest, then the files it lists, and then follow ``/api/feed/v1/sync`` from
the manifest's ``cursor``. All files are read in one database snapshot taken together with that
cursor, so nothing between the snapshot and the cursor is missed or applied twice. Each run writes
a new generation folder; the manifest (one fixed name) is written last, in one PUT on S3 or by an
atomic rename on disk, so a reader never sees a half-written snapshot.
"""

import datetime as dt
import gzip
import hashlib
import json
import os
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.db import connection, transaction
from django.db.models import Max, TextField
from django.db.models.functions import Cast

from feed.selectors import sync_cursor_encode
from publication.models import ChangeLog, Publication
from publication.registry import LANGS, registered_types

MANIFEST = "manifest.json"


@dataclass
class SnapshotFile:
    type: str
    lang: str
    path: str
    count: int
    bytes: int
    sha256: str


@dataclass
class SnapshotResult:
    generation: str
    cursor: str
    manifest_name: str
    files: list[SnapshotFile] = field(default_factory=list)

    @property
    def items(self) -> int:
        return sum(f.count for f in self.files)

    @property
    def size(self) -> int:
        return sum(f.bytes for f in self.files)


def snapshot_storage():
    """The media storage, allowed to replace the manifest in place."""
    config = settings.STORAGES["default"]
    options = dict(config.get("OPTIONS", {}))
    if config["BACKEND"].endswith("S3Storage"):
        options["file_overwrite"] = True
    elif config["BACKEND"].endswith("FileSystemStorage"):
        options["allow_overwrite"] = True
    else:
        return default_storage
    return storages.create_storage({**config, "OPTIONS": options})


def _write_file(storage, name: str, chunks, *, header: str, footer: str) -> tuple[int, int, str]:
    """Stream JSON pieces through gzip into a temporary file, then to storage; (count, bytes, sha256)."""
    count = 0
    with tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024) as spool:
        # mtime=0: the same content gives the same bytes and the same SHA-256.
        with gzip.GzipFile(fileobj=spool, mode="wb", compresslevel=6, mtime=0) as zipped:
            zipped.write(header.encode())
            for body in chunks:
                if count:
                    zipped.write(b",")
                zipped.write(body.encode())
                count += 1
            zipped.write(footer.encode())
        size = spool.tell()
        spool.seek(0)
        digest = hashlib.sha256()
        for block in iter(lambda: spool.read(1024 * 1024), b""):
            digest.update(block)
        spool.seek(0)
        saved = storage.save(name, File(spool, name=os.path.basename(name)))
    if saved != name:
        raise RuntimeError(f"storage renamed {name} to {saved}")
    return count, size, digest.hexdigest()


def _write_manifest(storage, name: str, content: bytes) -> None:
    if isinstance(storage, FileSystemStorage):
        # Write beside it and rename: a reader sees the old manifest or the new one, never half.
        target = storage.path(name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".manifest-")
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
        return
    storage.save(name, ContentFile(content))  # one PUT on S3: atomic for readers


def _consistent_read() -> None:
    if connection.vendor == "postgresql":
        # Every file and the cursor come from one snapshot of the database.
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def snapshot_types() -> list[str]:
    return sorted(registered_types())


def snapshot_publish(
    *,
    storage=None,
    prefix: str | None = None,
    keep: int = 3,
    on_file: Callable[[SnapshotFile], None] | None = None,
) -> SnapshotResult:
    """Write a new snapshot generation and its manifest; keep the ``keep`` newest generations."""
    storage = storage or snapshot_storage()
    prefix = (prefix or settings.FEED_SNAPSHOT_PREFIX).strip("/")
    now = dt.datetime.now(dt.UTC)
    generation = now.strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(3)  # sorts by time
    generated_at = now.isoformat().replace("+00:00", "Z")
    # Inside a caller's transaction (tests, a larger job) its snapshot is used as it is.
    own_transaction = not connection.in_atomic_block
    with transaction.atomic():
        if own_transaction:
            _consistent_read()
        seq = ChangeLog.objects.aggregate(last=Max("seq"))["last"] or 0
        cursor = sync_cursor_encode(seq=seq)
        result = SnapshotResult(generation=generation, cursor=cursor, manifest_name=f"{prefix}/{MANIFEST}")
        for type_name in snapshot_types():
            for lang in LANGS:
                relative = f"{generation}/{type_name}.{lang}.json.gz"
                bodies = (
                    Publication.objects.filter(type=type_name, lang=lang)
                    .order_by("code")
                    .annotate(body=Cast("payload", TextField()))
                    .values_list("body", flat=True)
                    .iterator(chunk_size=2000)
                )
                header = json.dumps({"type": type_name, "lang": lang, "cursor": cursor, "generated_at": generated_at})
                count, size, sha = _write_file(
                    storage, f"{prefix}/{relative}", bodies, header=header[:-1] + ',"items":[', footer="]}"
                )
                entry = SnapshotFile(type=type_name, lang=lang, path=relative, count=count, bytes=size, sha256=sha)
                result.files.append(entry)
                if on_file:
                    on_file(entry)
    manifest = {
        "version": 1,
        "generation": generation,
        "generated_at": generated_at,
        "cursor": cursor,
        "items": result.items,
        "files": [f.__dict__ for f in result.files],
    }
    _write_manifest(storage, result.manifest_name, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    _prune(storage, prefix, keep=keep, current=generation)
    return result


def _prune(storage, prefix: str, *, keep: int, current: str) -> None:
    try:
        folders, _files = storage.listdir(prefix)
    except (FileNotFoundError, NotImplementedError):
        return
    old = sorted((f for f in folders if f != current), reverse=True)[max(keep - 1, 0) :]
    for folder in old:
        _subfolders, names = storage.listdir(f"{prefix}/{folder}")
        for name in names:
            storage.delete(f"{prefix}/{folder}/{name}")
        if isinstance(storage, FileSystemStorage):
            try:
                os.rmdir(storage.path(f"{prefix}/{folder}"))
            except OSError:
                pass


def snapshot_manifest_read(*, storage=None, prefix: str | None = None) -> dict | None:
    """The current manifest, as an app would read it (None before the first run)."""
    storage = storage or snapshot_storage()
    name = f"{(prefix or settings.FEED_SNAPSHOT_PREFIX).strip('/')}/{MANIFEST}"
    if not storage.exists(name):
        return None
    with storage.open(name) as handle:
        return json.loads(handle.read())
