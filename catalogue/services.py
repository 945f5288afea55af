"""Writes to the catalogue's services: the public entry to ``catalogue.writing``.

Every write goes through Wagtail revisions (or, for many new services, writes what they would),
so that the audit log, workflows, search and the publication pipeline see it like an editor's edit.
"""

from catalogue.writing.batch import service_import, service_upsert
from catalogue.writing.context import CatalogueSetupError, deferred_indexing
from catalogue.writing.one_by_one import service_write
from catalogue.writing.rows import ServiceData, ServiceTexts, UpsertResult

__all__ = [
    "CatalogueSetupError",
    "ServiceData",
    "ServiceTexts",
    "UpsertResult",
    "deferred_indexing",
    "service_import",
    "service_upsert",
    "service_write",
]
