"""Write an archive of the installation (``backup_create``) and load one (``backup_restore``)."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath

from tqdm import tqdm

from django.apps import apps
from django.core.cache import caches
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from cms.backup.archive import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    SKIPPED,
    Column,
    HashingReader,
    Manifest,
    MediaFile,
    Table,
    column_kind,
    decode_value,
    encode_value,
)

BATCH = 1000
CHUNK = 1024 * 1024

# What makes an installation "non-empty": rows a person or the demo put there. ``migrate`` alone
# writes content types, permissions, groups, workflows, Wagtail's root and welcome pages and the
# search app's starter data, so those tables cannot tell; these can (table label -> rows allowed).
CONTENT_MARKERS = {
    "auth.user": 0,
    "wagtailcore.page": 2,
    "media.customimage": 0,
    "media.customdocument": 0,
    "publication.publication": 0,
    "publication.changelog": 0,
}


class BackupError(Exception):
    """A backup or restore that was refused or failed; the message says why and what to do."""


@dataclass
class BackupResult:
    path: Path
    tables: int
    rows: int
    files: int
    bytes: int
    missing_files: list[str]
    seconds: float


@dataclass
class RestoreResult:
    tables: int
    rows: int
    files_written: int
    files_present: int
    seconds: float


def _bar_options(progress: bool) -> dict:
    """tqdm options: hidden without progress; otherwise tqdm's defaults, so TQDM_DISABLE=1 (CI) applies."""
    return {} if progress else {"disable": True}


def _release() -> str:
    try:
        return metadata.version("baladiya-cms")
    except metadata.PackageNotFoundError:
        return "unknown"


def _dumped_models() -> list[type[models.Model]]:
    """Every concrete model whose table holds data of its own, minus SKIPPED."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in SKIPPED:
            continue
        found.append(model)
    return found


def _table_of(model) -> Table:
    columns = []
    for f in model._meta.local_concrete_fields:
        target = f
        while target.is_relation:  # a key to a key (e.g. to a page's page_ptr): the final column's type
            target = target.target_field
        internal = target.get_internal_type()
        columns.append(
            Column(
                name=f.column,
                kind=column_kind(internal),
                serial=f.primary_key and isinstance(f, models.AutoField),
                file=isinstance(f, models.FileField),
            )
        )
    return Table(name=model._meta.db_table, model=model._meta.label_lower, columns=columns)


def _qn(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def backup_create(*, path: Path, progress: bool = True, using: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Write the archive of the whole installation to ``path`` (replaced only once complete)."""
    started = time.monotonic()
    connection = connections[using]
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist; create it or choose another place.")
    partial = path.with_name(path.name + ".partial")
    manifest = Manifest(
        format=FORMAT_NAME,
        format_version=FORMAT_VERSION,
        release=_release(),
        created_at=timezone.now().isoformat(),
        database_vendor=connection.vendor,
        migrations=[],
        skipped=dict(SKIPPED),
    )
    existing_tables = set(connection.introspection.table_names())
    dumped = [m for m in _dumped_models() if m._meta.db_table in existing_tables]
    files: dict[str, MediaFile] = {}
    try:
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar, tempfile.TemporaryDirectory() as tmp:
            # One snapshot of the database for every table (PostgreSQL: repeatable read).
            with transaction.atomic(using=using):
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                manifest.migrations = [
                    [app, name]
                    for app, name in MigrationRecorder.Migration.objects.using(using)
                    .order_by("id")
                    .values_list("app", "name")
                ]
                counts = {}
                with connection.cursor() as cursor:
                    for model in dumped:
                        cursor.execute(f"SELECT COUNT(*) FROM {_qn(connection, model._meta.db_table)}")  # noqa: S608 (model's table)
                        counts[model] = cursor.fetchone()[0]
                bar = tqdm(total=sum(counts.values()), desc="backup: tables", unit="row", **_bar_options(progress))
                for model in dumped:
                    table = _table_of(model)
                    member = f"tables/{table.name}.jsonl.gz"
                    local = Path(tmp) / f"{table.name}.jsonl.gz"
                    _dump_table(connection, model, table, local, files, bar)
                    table.member = member
                    table.sha256, table.size = _sha256_of_path(local)
                    tar.add(local, arcname=member)
                    local.unlink()
                    manifest.tables.append(table)
                bar.close()
            _add_media(tar, files, manifest, progress)
            info = tarfile.TarInfo(MANIFEST)
            data = manifest.to_json()
            info.size = len(data)
            info.mtime = int(time.time())
            tar.addfile(info, io.BytesIO(data))
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(
        path=path,
        tables=len(manifest.tables),
        rows=sum(t.rows for t in manifest.tables),
        files=len(manifest.files),
        bytes=path.stat().st_size,
        missing_files=manifest.missing_files,
        seconds=time.monotonic() - started,
    )


def _dump_table(connection, model, table: Table, local: Path, files: dict, bar) -> None:
    names = [c.name for c in table.columns]
    pk = model._meta.pk.column
    file_columns = {c.name: f"{model._meta.label_lower}.{f.name}" for c, f in _file_fields(model, table)}
    columns = ", ".join(_qn(connection, n) for n in names)
    sql = f"SELECT {columns} FROM {_qn(connection, table.name)} ORDER BY {_qn(connection, pk)}"  # noqa: S608 (model's names)
    with gzip.open(local, "wt", encoding="utf-8", compresslevel=6) as out, connection.cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(BATCH):
            for raw in rows:
                row = {c.name: encode_value(c.kind, value) for c, value in zip(table.columns, raw, strict=True)}
                out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
                out.write("\n")
                for column, label in file_columns.items():
                    if row[column]:
                        files.setdefault(row[column], MediaFile(name=row[column], field=label))
            table.rows += len(rows)
            bar.update(len(rows))


def _file_fields(model, table: Table):
    by_column = {f.column: f for f in model._meta.local_concrete_fields}
    return [(c, by_column[c.name]) for c in table.columns if c.file]


def _sha256_of_path(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _storage_for(label: str):
    """The storage of ``app_label.model.field``, or the default storage if it no longer exists."""
    try:
        app_label, model_name, field_name = label.split(".")
        return apps.get_model(app_label, model_name)._meta.get_field(field_name).storage
    except (LookupError, ValueError, AttributeError):
        return default_storage


def _add_media(tar: tarfile.TarFile, files: dict[str, MediaFile], manifest: Manifest, progress: bool) -> None:
    for media in tqdm(
        sorted(files.values(), key=lambda f: f.name), desc="backup: media", unit="file", **_bar_options(progress)
    ):
        storage = _storage_for(media.field)
        if not storage.exists(media.name):
            manifest.missing_files.append(media.name)
            continue
        media.member = f"media/{media.name}"
        info = tarfile.TarInfo(media.member)
        info.size = storage.size(media.name)
        info.mtime = int(time.time())
        with storage.open(media.name, "rb") as handle:
            reader = HashingReader(handle)
            tar.addfile(info, reader)
        if reader.size != info.size:
            raise BackupError(f"{media.name} changed size while it was being read; run the backup again.")
        media.sha256, media.size = reader.sha256.hexdigest(), reader.size
        manifest.files.append(media)


# --- Restore -----------------------------------------------------------------------------------


def archive_read_manifest(tar: tarfile.TarFile) -> Manifest:
    """The archive's manifest, refused if it is not ours or from a format this release cannot read."""
    try:
        data = json.loads(tar.extractfile(MANIFEST).read())
    except (KeyError, AttributeError) as error:
        raise BackupError("This file is not a Baladiya CMS backup: it has no manifest.json.") from error
    except ValueError as error:
        raise BackupError(f"The archive's manifest.json is damaged: {error}.") from error
    if data.get("format") != FORMAT_NAME:
        raise BackupError(f"This file is not a Baladiya CMS backup (format {data.get('format')!r}).")
    version = data.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"This archive uses backup format version {version} (made by release {data.get('release')}); "
            f"this release reads versions up to {FORMAT_VERSION}. Restore it with that release or a newer one."
        )
    try:
        manifest = Manifest.from_json(data)
    except (TypeError, KeyError, ValueError) as error:
        raise BackupError(f"The archive's manifest.json is damaged: {error}.") from error
    for media in manifest.files:
        # Names go to the media storage as they are: never outside it.
        parts = PurePosixPath(media.name).parts
        if not parts or media.name.startswith("/") or ".." in parts:
            raise BackupError(f"The archive names a media file outside the media storage: {media.name!r}.")
    return manifest


def archive_verify(tar: tarfile.TarFile, manifest: Manifest, *, progress: bool = True) -> None:
    """Check every table and media member against the manifest's size and sha256."""
    entries = [(t.member, t.sha256, t.size) for t in manifest.tables] + [
        (f.member, f.sha256, f.size) for f in manifest.files
    ]
    bar = tqdm(
        total=sum(size for _, _, size in entries),
        desc="restore: verify",
        unit="B",
        unit_scale=True,
        **_bar_options(progress),
    )
    for member, expected, size in entries:
        try:
            handle = tar.extractfile(member)
        except KeyError:
            handle = None
        if handle is None:
            raise BackupError(f"The archive is incomplete: {member} is listed in the manifest but missing.")
        digest = hashlib.sha256()
        read = 0
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            read += len(chunk)
            bar.update(len(chunk))
        if read != size or digest.hexdigest() != expected:
            raise BackupError(
                f"The archive is damaged: {member} does not match its checksum in the manifest. Nothing was changed."
            )
    bar.close()


def _check_migrations(manifest: Manifest, connection) -> dict[str, str]:
    """The archive's migration leaf per app; refused if the archive knows migrations this code does not."""
    executor = MigrationExecutor(connection)
    known = set(executor.loader.disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest.migrations if (app, name) not in known]
    if unknown:
        raise BackupError(
            "This archive comes from a newer release: its database has migrations this code does not know "
            f"({', '.join(unknown[:5])}{'…' if len(unknown) > 5 else ''}). Restore it with release "
            f"{manifest.release} or newer."
        )
    graph = executor.loader.graph
    applied = {tuple(m) for m in manifest.migrations if tuple(m) in graph.nodes}
    leaves: dict[str, str] = {}
    for app, name in applied:
        children = {c for c in graph.node_map[(app, name)].children if c.key[0] == app}
        if not any(c.key in applied for c in children):
            leaves[app] = name
    return leaves


def installation_has_content(*, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """What this installation already holds beyond what ``migrate`` writes (empty list: nothing)."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    found = []
    with connection.cursor() as cursor:
        for label, allowed in CONTENT_MARKERS.items():
            table = apps.get_model(label)._meta.db_table
            if table not in existing:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {_qn(connection, table)}")  # noqa: S608 (model's table)
            count = cursor.fetchone()[0]
            if count > allowed:
                found.append(f"{count} rows in {table}")
    return found


def _media_plan(manifest: Manifest, tar: tarfile.TarFile, *, force: bool, progress: bool) -> list[MediaFile]:
    """The files to write; files already in storage with the same bytes are kept as they are."""
    todo = []
    for media in tqdm(manifest.files, desc="restore: media check", unit="file", **_bar_options(progress)):
        storage = _storage_for(media.field)
        if not storage.exists(media.name):
            todo.append(media)
            continue
        if _storage_sha256(storage, media.name) == media.sha256:
            continue
        if not force:
            raise BackupError(
                f"The media storage already holds a different {media.name}. Nothing was changed; "
                "use --force to replace it."
            )
        todo.append(media)
    return todo


def _storage_sha256(storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def backup_restore(
    *,
    path: Path,
    force: bool = False,
    progress: bool = True,
    rebuild_search: bool = True,
    using: str = DEFAULT_DB_ALIAS,
) -> RestoreResult:
    """Load the archive at ``path`` into this installation; nothing is changed if it is refused."""
    started = time.monotonic()
    connection = connections[using]
    try:
        tar = tarfile.open(path, "r:*")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Cannot read {path}: {error}.") from error
    with tar:
        # 1. Everything that can refuse the archive, before anything is written.
        manifest = archive_read_manifest(tar)
        leaves = _check_migrations(manifest, connection)
        archive_verify(tar, manifest, progress=progress)
        content = installation_has_content(using=using)
        if content and not force:
            raise BackupError(
                "This installation already has content ("
                + ", ".join(content[:5])
                + ("…" if len(content) > 5 else "")
                + "). Nothing was changed; use --force to replace it with the archive."
            )
        todo = _media_plan(manifest, tar, force=force, progress=progress)

        # 2. The schema the archive was written with.
        executor = MigrationExecutor(connection)
        targets = list(leaves.items())
        executor.migrate(targets, plan=executor.migration_plan(targets))

        # 3. The rows, in one transaction; the media only once the rows are loaded and checked.
        written: list[tuple[object, str]] = []
        try:
            with transaction.atomic(using=using):
                _flush(connection, manifest)
                _load_tables(connection, tar, manifest, progress)
                connection.check_constraints()
                _write_media(tar, todo, written, progress)
        except BaseException:
            for storage, name in written:
                storage.delete(name)
            raise

    # 4. Forward to this release, then everything derived from the rows.
    call_command("migrate", interactive=False, verbosity=0, database=using)
    call_command("createcachetable", verbosity=0, database=using)
    for alias in caches:
        caches[alias].clear()
    if rebuild_search:
        out = io.StringIO()
        try:
            call_command("search_index", "rebuild", *([] if progress else ["--no-progress"]), stdout=out)
            call_command("update_index", verbosity=0, stdout=out)
        except Exception as error:  # the content is in place: say what is left to do
            raise BackupError(
                f"The content was restored, but rebuilding the search indexes failed ({error}). Run "
                "python manage.py search_index rebuild and python manage.py update_index once the search "
                "server answers."
            ) from error
    return RestoreResult(
        tables=len(manifest.tables),
        rows=sum(t.rows for t in manifest.tables),
        files_written=len(todo),
        files_present=len(manifest.files) - len(todo),
        seconds=time.monotonic() - started,
    )


def _flush(connection, manifest: Manifest) -> None:
    """Empty the archive's tables and the skipped ones (old sessions, queues, derived search data)."""
    existing = set(connection.introspection.table_names())
    skipped_tables = {
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if m._meta.label_lower in SKIPPED and m._meta.managed and not m._meta.proxy
    }
    tables = sorted(({t.name for t in manifest.tables} | skipped_tables) & existing)
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=True)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _load_tables(connection, tar: tarfile.TarFile, manifest: Manifest, progress: bool) -> None:
    existing = set(connection.introspection.table_names())
    missing = [t.name for t in manifest.tables if t.name not in existing]
    if missing:
        raise BackupError(
            f"The archive's tables {', '.join(missing[:5])} do not exist after migrating; nothing was loaded."
        )
    # Names come from the archive: only tables and columns this database has are ever quoted into SQL.
    with connection.cursor() as cursor:
        for table in manifest.tables:
            present = {c.name for c in connection.introspection.get_table_description(cursor, table.name)}
            unknown = [c.name for c in table.columns if c.name not in present]
            if unknown:
                raise BackupError(
                    f"The archive's table {table.name} has columns this database does not ({', '.join(unknown[:5])}); "
                    "nothing was loaded."
                )
    bar = tqdm(total=sum(t.rows for t in manifest.tables), desc="restore: tables", unit="row", **_bar_options(progress))
    with connection.cursor() as cursor:
        # Foreign keys are checked at commit (Django creates them deferrable on both engines),
        # so tables load in any order; check_constraints() names any broken reference first.
        for table in manifest.tables:
            if not table.rows:
                continue
            names = [c.name for c in table.columns]
            quoted = ", ".join(_qn(connection, n) for n in names)
            placeholders = ", ".join(["%s"] * len(names))
            # Table and columns were checked against the database above.
            sql = f"INSERT INTO {_qn(connection, table.name)} ({quoted}) VALUES ({placeholders})"  # noqa: S608
            loaded = 0
            with gzip.open(tar.extractfile(table.member), "rt", encoding="utf-8") as rows:
                batch = []
                for line in rows:
                    row = json.loads(line)
                    batch.append([decode_value(c.kind, row.get(c.name), connection) for c in table.columns])
                    if len(batch) >= BATCH:
                        cursor.executemany(sql, batch)
                        loaded += len(batch)
                        bar.update(len(batch))
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    loaded += len(batch)
                    bar.update(len(batch))
            if loaded != table.rows:
                raise BackupError(f"{table.name}: the archive lists {table.rows} rows but holds {loaded}.")
        if connection.vendor == "postgresql":
            for table in manifest.tables:
                for column in table.columns:
                    if column.serial:
                        t, c = _qn(connection, table.name), _qn(connection, column.name)
                        reset = f"SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX({c}), 1), MAX({c}) IS NOT NULL) FROM {t}"  # noqa: S608 (checked names)
                        cursor.execute(reset, [table.name, column.name])
    bar.close()


def _write_media(tar: tarfile.TarFile, todo: list[MediaFile], written: list, progress: bool) -> None:
    for media in tqdm(todo, desc="restore: media", unit="file", **_bar_options(progress)):
        storage = _storage_for(media.field)
        try:
            if storage.exists(media.name):
                storage.delete(media.name)
            saved = storage.save(media.name, File(tar.extractfile(media.member), name=media.name))
        except Exception as error:  # any storage failure (disk, S3): report it plainly and roll back
            raise BackupError(
                f"Writing {media.name} to the media storage failed ({error}); the database was not changed "
                "and the files already written were removed."
            ) from error
        written.append((storage, saved))
        if saved != media.name:
            raise BackupError(f"The media storage saved {media.name} as {saved}; nothing was restored.")
        if _storage_sha256(storage, saved) != media.sha256:
            raise BackupError(
                f"{media.name} reads back with different bytes from the media storage; nothing was restored."
            )
