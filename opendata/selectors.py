"""Reads of the open-data export: the live payloads it is built from, and their version."""

import datetime as dt

from django.db.models import Max

from opendata.export import Source
from publication.models import ChangeLog, Publication

# The published types the export is made of (a change to any of them makes a new version).
SOURCE_TYPES = ("service", "department", "channel", "audience", "outlet")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def opendata_version() -> tuple[int, dt.datetime]:
    """(latest change-log sequence of the source types, when it was logged): the content version."""
    row = ChangeLog.objects.filter(type__in=SOURCE_TYPES).order_by("-seq").values_list("seq", "created_at").first()
    return row if row else (0, EPOCH)


def opendata_source(*, modified: dt.datetime | None = None) -> Source:
    """The live representations of every source type, both languages (never drafts: only
    Publication rows, which the pipeline writes for live, public content)."""
    source = Source(modified=modified)
    buckets = {
        "service": source.services,
        "department": source.departments,
        "channel": source.channels,
        "audience": source.audiences,
        "outlet": source.outlets,
    }
    rows = Publication.objects.filter(type__in=SOURCE_TYPES).values_list("type", "code", "lang", "payload")
    for type_name, code, lang, payload in rows.iterator(chunk_size=2000):
        buckets[type_name].setdefault(code, {})[lang] = payload
    return source


def opendata_last_modified() -> dt.datetime:
    """When a live service last changed (the datasets' ``dct:modified``)."""
    value = Publication.objects.filter(type="service").aggregate(latest=Max("updated_at"))["latest"]
    return value or EPOCH
