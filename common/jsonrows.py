"""A parent's lists read inside the parent's own query, as JSON arrays, on SQLite and PostgreSQL.

A public page shows a handful of short lists (a service's channels, fees, documents, steps; an
outlet's opening hours). Read with ``prefetch_related`` each list costs a query; read as a JSON
array in a correlated subquery of the parent's query they cost none, whatever their number and
length. ``json_rows`` builds the subquery, ``json_instances`` turns its rows back into model
instances (as if loaded from the database: fields left out are deferred, not defaulted).
"""

import json
from collections.abc import Callable
from decimal import Decimal

from django.db import connections, models
from django.db.models import Aggregate, JSONField, OuterRef, Subquery
from django.db.models.functions import JSONObject


class JSONArrayAgg(Aggregate):
    """The aggregated values as one JSON array: ``json_group_array`` (SQLite), ``jsonb_agg`` (PostgreSQL)."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def json_fields(model, *, prefix: str = "", follow: tuple[str, ...] = ()) -> JSONObject:
    """A JSON object of a model's concrete fields (by attname), reached through ``prefix``; each
    foreign key named in ``follow`` adds its related row, nested under the key's name."""
    fields = {field.attname: models.F(f"{prefix}{field.attname}") for field in model._meta.concrete_fields}
    for name in follow:
        related = model._meta.get_field(name).related_model
        fields[name] = json_fields(related, prefix=f"{prefix}{name}__")
    return JSONObject(**fields)


def json_rows(queryset, *, parent: str, row: JSONObject) -> Subquery:
    """The rows of ``queryset`` whose ``parent`` is the outer query's row, as one JSON array."""
    return Subquery(
        queryset.filter(**{parent: OuterRef("pk")})
        .order_by()
        .values(parent)
        .annotate(rows=JSONArrayAgg(row))
        .values("rows"),
        output_field=JSONField(),
    )


def _value(field, value):
    if value is None:
        return None
    if isinstance(field, models.DecimalField):
        # JSON numbers come back as floats; the database gives Decimals with the field's places.
        return Decimal(str(value)).quantize(Decimal(1).scaleb(-field.decimal_places))
    return field.to_python(value)


def json_instances(model, rows, *, related: dict | None = None, order: tuple[str, ...] = ()) -> list:
    """Model instances from ``json_rows`` rows, sorted by ``order``.

    ``related`` maps a foreign key's name to the model of the nested object the row holds under
    that name (built with ``json_fields``), which becomes the cached related instance.
    """
    related = related or {}
    fields = {field.attname: field for field in model._meta.concrete_fields}
    instances = []
    for row in json_value(rows) or ():
        names = [name for name in fields if name in row]
        instance = model.from_db("default", names, [_value(fields[name], row[name]) for name in names])
        for name, related_model in related.items():
            nested = json_value(row.get(name))
            # A null foreign key comes back as an object of nulls (the LEFT JOIN found no row).
            present = nested and nested.get(related_model._meta.pk.attname) is not None
            setattr(instance, name, json_instances(related_model, [nested])[0] if present else None)
        instances.append(instance)
    if order:
        instances.sort(key=lambda instance: tuple(getattr(instance, name) for name in order))
    return instances


def json_value(value):
    """A JSON column's value: parsed already (a queryset's converters) or JSON text (a raw query)."""
    return json.loads(value) if isinstance(value, str) else value


class CompiledQuery:
    """A queryset compiled to SQL once per process and database, then run as a raw query.

    For a page view's few hot queries, Django's compiling of a query with JSON subqueries costs
    several times what running it does. ``build`` receives each placeholder as a keyword and
    returns the queryset; the placeholders' values are found among the compiled parameters and
    replaced on each run. The queryset may not use ``select_related`` (a raw query has no joins
    to follow): read related rows as ``json_fields`` annotations instead.
    """

    _SENTINEL = -7_654_321

    def __init__(self, build: Callable, *, placeholders: tuple[str, ...] = ()):
        self.build = build
        self.placeholders = placeholders
        self.compiled: dict[str, tuple] = {}

    def _compile(self, using: str) -> tuple:
        sentinels = {name: self._SENTINEL - n for n, name in enumerate(self.placeholders)}
        queryset = self.build(**sentinels)
        sql, params = queryset.query.get_compiler(using).as_sql()
        params = list(params)
        positions = {name: [i for i, p in enumerate(params) if p == value] for name, value in sentinels.items()}
        if any(len(found) != 1 for found in positions.values()):
            raise ValueError(f"each placeholder must appear once among the parameters: {positions}")
        return queryset.model, sql, params, {name: found[0] for name, found in positions.items()}

    def run(self, using: str = "default", **values) -> list:
        key = f"{using}:{connections[using].vendor}"
        if key not in self.compiled:
            self.compiled[key] = self._compile(using)
        model, sql, params, positions = self.compiled[key]
        params = list(params)
        for name, position in positions.items():
            params[position] = values[name]
        return list(model.objects.raw(sql, params).using(using))
