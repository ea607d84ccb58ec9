"""Insert many rows of one model fast: values prepared by the model's own fields, written with
``executemany`` in batches.

``bulk_create`` spends most of its time building model instances and SQL text; for tens of
thousands of computed rows (risk scores, programme items) plain tuples through ``executemany``
are several times faster (DESIGN.md, Known pitfalls: Imports). The caller validates the values
(they come from code, not from a file) and runs inside its own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models

BATCH = 5000


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """INSERT ``rows`` (values in the order of ``fields``, foreign keys as ids: ``site_id``)
    into ``model``'s table; returns how many were written."""
    concrete = [model._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    statement = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
        quote(model._meta.db_table),
        ", ".join(quote(str(field.column)) for field in concrete),  # type: ignore[union-attr]
        ", ".join(["%s"] * len(concrete)),
    )
    # Numbers, text, booleans and integer keys go to the driver as they are; dates, decimals
    # and JSON are prepared by their field, as the ORM would.
    prepared = [
        index for index, field in enumerate(concrete) if not isinstance(_target(field), _AS_IS)
    ]
    prepare = {index: concrete[index].get_db_prep_save for index in prepared}  # type: ignore[union-attr]
    written = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(iterator, BATCH)):
            values = []
            for row in batch:
                value = list(row)
                if len(value) != len(concrete):
                    raise ValueError(f"A row has {len(value)} values for {len(concrete)} fields.")
                for index in prepared:
                    value[index] = prepare[index](value[index], connection)
                values.append(value)
            cursor.executemany(statement, values)
            written += len(batch)
    return written


_AS_IS = (
    models.IntegerField,
    models.FloatField,
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.AutoField,
    models.BigAutoField,
)


def _target(field: Any) -> Any:
    """The field whose type decides the preparation: a foreign key's target field."""
    return field.target_field if isinstance(field, models.ForeignKey) else field
