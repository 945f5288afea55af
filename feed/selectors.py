"""Reads of the export feed: lists, details and sync, straight from the pre-rendered publications.

Bodies are assembled from the stored JSON text (no decoding, no per-item serialisation), which is
what makes a 100-item list a single indexed query.
"""

import base64
import binascii
import datetime as dt
import re

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from publication.models import ChangeLog, Publication

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
FILTER_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class CursorError(ValueError):
    """A cursor that this feed did not hand out."""


def _encode(kind: str, value: str) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{value}".encode()).decode().rstrip("=")


def _decode(kind: str, cursor: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise CursorError(cursor) from exc
    prefix, _, value = raw.partition(":")
    if prefix != kind or not value:
        raise CursorError(cursor)
    return value


def list_cursor_decode(*, cursor: str) -> str:
    code = _decode("l", cursor)
    if not CODE_RE.match(code):
        raise CursorError(cursor)
    return code


def sync_cursor_encode(*, seq: int) -> str:
    return _encode("s", str(seq))


def sync_cursor_decode(*, cursor: str) -> int:
    value = _decode("s", cursor)
    # ASCII digits only: str.isdigit() accepts "²" (a forged "czrCsg"), which int() refuses.
    if not re.fullmatch(r"[0-9]{1,18}", value):
        raise CursorError(cursor)
    return int(value)


def feed_type_version(*, type_name: str) -> tuple[int, dt.datetime]:
    """The latest change of a type: its cache version and Last-Modified."""
    row = ChangeLog.objects.filter(type=type_name).order_by("-seq").values_list("seq", "created_at").first()
    return row if row else (0, EPOCH)


def feed_log_version() -> tuple[int, dt.datetime]:
    row = ChangeLog.objects.order_by("-seq").values_list("seq", "created_at").first()
    return row if row else (0, EPOCH)


def feed_list_body(
    *,
    type_name: str,
    lang: str,
    limit: int,
    after: str | None = None,
    updated_since: dt.datetime | None = None,
    department: str | None = None,
    channel: str | None = None,
    audience: str | None = None,
) -> str:
    """``{"items": [...], "next_cursor": ...}`` as JSON text; keyset-paginated by code."""
    rows = Publication.objects.filter(type=type_name, lang=lang)
    if after:
        rows = rows.filter(code__gt=after)
    if updated_since:
        rows = rows.filter(updated_at__gte=updated_since)
    if department:
        rows = rows.filter(department=department)
    if channel:
        rows = rows.filter(channels__contains=f"|{channel}|")
    if audience:
        rows = rows.filter(audiences__contains=f"|{audience}|")
    page = list(
        rows.order_by("code").annotate(body=Cast("payload", TextField())).values_list("code", "body")[: limit + 1]
    )
    next_cursor = "null"
    if len(page) > limit:
        page = page[:limit]
        next_cursor = '"' + _encode("l", page[-1][0]) + '"'
    return '{"items":[' + ",".join(body for _, body in page) + '],"next_cursor":' + next_cursor + "}"


def feed_detail_body(*, type_name: str, code: str, lang: str) -> str | None:
    return (
        Publication.objects.filter(type=type_name, lang=lang, code=code)
        .annotate(body=Cast("payload", TextField()))
        .values_list("body", flat=True)
        .first()
    )


def feed_sync_body(*, after: int, limit: int, types: list[str] | None = None) -> str:
    """Changes after ``after`` in commit order, as the sync JSON text.

    Upserts whose content was compacted away (a newer change of the item follows) are skipped:
    they hold nothing public now. Cursors stay sequence numbers, so old ones remain valid."""
    rows = ChangeLog.objects.filter(seq__gt=after).filter(Q(op=ChangeLog.Op.DELETE) | Q(payload__isnull=False))
    if types:
        rows = rows.filter(type__in=types)
    page = list(
        rows.order_by("seq")
        .annotate(body=Cast("payload", TextField()))
        .values_list("seq", "op", "type", "code", "lang", "reason", "body")[: limit + 1]
    )
    has_more = len(page) > limit
    page = page[:limit]
    parts = []
    for _seq, op, type_name, code, lang, reason, body in page:
        head = f'{{"op":"{op}","type":"{type_name}","code":"{_escape(code)}","lang":"{lang}"'
        if op == ChangeLog.Op.UPSERT:
            parts.append(f'{head},"item":{body}}}')
        else:
            parts.append(f'{head},"reason":"{reason}"}}')
    last = page[-1][0] if page else after
    return (
        '{"changes":['
        + ",".join(parts)
        + f'],"next_cursor":"{sync_cursor_encode(seq=last)}","has_more":{"true" if has_more else "false"}}}'
    )


def _escape(value: str) -> str:
    # Codes are validated on the way in; this keeps the JSON valid whatever an app stored.
    return value.replace("\\", "\\\\").replace('"', '\\"')
