"""The registry of publishable types: what each content app publishes, and where it goes.

A content app registers each of its types once, in its ``AppConfig.ready()``, with
``register_type``: how to render an item, its output schema, its feed endpoint and whether search
indexes it. The pipeline, the feed and search derive their lists from here, so a new type is one
app's change plus one registration (docs/adding-a-type.md).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

LANGS = ("ar", "en")


@dataclass(frozen=True)
class Rendered:
    """A live item's public representation in one language, with its filter keys."""

    payload: dict
    department: str = ""
    channels: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    # Plain text for search only (body, keywords, text extracted from files); never in the feed.
    search_text: str = ""


@dataclass(frozen=True)
class FeedSpec:
    """Where a type appears in the export feed (docs/CONTRACTS.md §3)."""

    path: str  # URL segment under /api/feed/v1/
    title: str  # the endpoint's title in the API docs
    filters: bool = False  # department / channel / audience filters on the list
    detail: bool = True  # GET /<path>/<code>
    # Position among the endpoints (API docs, URL routes): apps register in INSTALLED_APPS order,
    # which is not the contract's order (stats, a catalogue type, comes last).
    order: int = 0


@dataclass(frozen=True)
class SearchSpec:
    """How public search treats a type: its name in the type facet, in the request's language."""

    label: Any  # a lazy translated string
    # Optional: more searchable text from the rendered payload (a service's documents and steps).
    extra_text: Callable[[dict], list[str]] | None = None


@dataclass(frozen=True)
class PublishableType:
    """How the pipeline finds and renders one type of content, and which outputs carry it."""

    name: str
    # code -> {lang: Rendered} for each language in which the item is live (missing = not live)
    render: Callable[[str], dict[str, Rendered]]
    # code -> reason why an item that is not live left the public ("unpublished", "withdrawn"...)
    absence_reason: Callable[[str, str], str]
    # every code currently live, for rebuilding
    live_codes: Callable[[], Iterable[str]]
    # Optional: codes -> {code: {lang: Rendered}}, rendering many items in a few queries.
    render_many: Callable[[list[str]], dict[str, dict[str, Rendered]]] | None = None
    # Optional pydantic model of the public representation, owned by the content app
    # (``<app>/schemas.py``): payloads are validated against it and reduced to its fields before
    # they are stored, so the feed serves exactly what it documents.
    schema: Any = None
    feed: FeedSpec | None = None
    search: SearchSpec | None = None


_types: dict[str, PublishableType] = {}
# Later apps' additions to an earlier app's payloads (a live status on an outlet, satisfaction on
# a service): type name -> functions called with every freshly rendered chunk of that type.
_enrichers: dict[str, dict[str, Callable[[dict[str, dict[str, Rendered]]], None]]] = {}
# Search facets over reference data (department, channel, audience): code -> name in a language.
_facets: dict[str, Callable[[str], dict[str, str]]] = {}


def register_type(publishable: PublishableType) -> None:
    """Register (or replace, for tests) a publishable type."""
    _types[publishable.name] = publishable


def registered_types() -> dict[str, PublishableType]:
    return dict(_types)


def type_get(name: str) -> PublishableType:
    return _types[name]


def feed_types() -> list[PublishableType]:
    """The types with a feed endpoint, by ``FeedSpec.order`` (the order of the API docs)."""
    return sorted((t for t in _types.values() if t.feed is not None), key=lambda t: t.feed.order)


def searchable_types() -> list[PublishableType]:
    return [t for t in _types.values() if t.search is not None]


def register_enricher(type_name: str, key: str, enrich: Callable[[dict[str, dict[str, Rendered]]], None]) -> None:
    """Let a later app add fields to another app's payloads without the content app knowing it.

    ``enrich(rendered_by_code)`` receives ``{code: {lang: Rendered}}`` for a chunk of items just
    rendered and updates each ``Rendered.payload`` in place (in a few queries for the whole
    chunk). The owning type's schema must declare the fields (with their default), since
    payloads are reduced to the schema. ``key`` names the enricher so that re-registering
    (tests, reloads) replaces it rather than adding a second one."""
    _enrichers.setdefault(type_name, {})[key] = enrich


def enrichers(type_name: str) -> list[Callable[[dict[str, dict[str, Rendered]]], None]]:
    return list(_enrichers.get(type_name, {}).values())


def register_facet(name: str, names: Callable[[str], dict[str, str]]) -> None:
    """Register a search facet over reference data: ``names(lang)`` maps each code to its name."""
    _facets[name] = names


def facet_names(name: str, lang: str) -> dict[str, str]:
    names = _facets.get(name)
    return names(lang) if names else {}
