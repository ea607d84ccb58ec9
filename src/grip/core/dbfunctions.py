"""Database functions Django lacks, written for both engines Grip runs on (SQLite, PostgreSQL)."""

from __future__ import annotations

from typing import Any

from django.db import models


class DaysBetween(models.Func):
    """Whole days from ``start`` to ``end`` (two date expressions), as an integer.

    Django's date subtraction gives a duration that SQLite computes row by row in a Python
    function; summing those over a year of cases cost ten times the query itself (measured).
    Here SQLite subtracts Julian day numbers and PostgreSQL subtracts the dates natively.
    """

    arity = 2
    output_field = models.IntegerField()

    def __init__(self, end: Any, start: Any, **extra: Any) -> None:
        super().__init__(end, start, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra
        )
