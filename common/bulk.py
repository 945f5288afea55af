"""Writing many rows at once where Django's own bulk methods are slow."""

from collections import defaultdict

from django.db import connection


def rows_update(model, objects: list, names: list[str] | tuple[str, ...]) -> None:
    """UPDATE the rows of ``objects`` (instances of ``model``) with the values of the fields
    ``names``: one statement per table, run with executemany (psycopg pipelines it).

    Django's ``bulk_update`` builds a CASE WHEN per field and row; resolving those expressions
    took seconds per few hundred rows, most of a spreadsheet update's time. Fields of a parent
    model (multi-table inheritance) are written to the parent's table.
    """
    if not objects:
        return
    tables: dict = defaultdict(list)
    for name in names:
        model_field = model._meta.get_field(name)
        tables[model_field.model._meta.concrete_model].append(model_field)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for owner, model_fields in tables.items():
            key = owner._meta.pk
            # Table and column names come from the models' metadata, quoted; values are parameters.
            assignments = ", ".join(f"{quote(f.column)} = %s" for f in model_fields)
            sql = f"UPDATE {quote(owner._meta.db_table)} SET {assignments} WHERE {quote(key.column)} = %s"  # noqa: S608
            cursor.executemany(
                sql,
                [
                    [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in model_fields] + [obj.pk]
                    for obj in objects
                ],
            )
