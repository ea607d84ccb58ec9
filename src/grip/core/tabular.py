"""Reading an imported table (CSV or XLSX) the same way in every file import.

The imports of hours and of supervised sites read a whole file before they check a row: the
bytes, CSV in UTF-8 with ``;`` or ``,``, or the first sheet of an XLSX workbook. A file that
cannot be read is rejected with one :class:`ImportProblem` naming the file.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.utils.translation import gettext as _

from grip.core.errors import ImportRejected

XLSX_MAGIC = b"PK\x03\x04"  # an XLSX workbook is a zip archive

Source = str | os.PathLike[str] | bytes
_Item = TypeVar("_Item")


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong in the file, where a person can find it (row 1 is the header)."""

    file: str | None
    row: int | None
    column: str | None
    message: str

    @property
    def location(self) -> str:
        parts = [self.file] if self.file else []
        if self.row is not None:
            parts.append(_("regel %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_("kolom %(column)s") % {"column": self.column})
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


def problem_order(columns: Sequence[str]) -> Callable[[ImportProblem], tuple[int, int]]:
    """Sort key: problems by row, and within a row in the order of the file's columns."""

    def key(problem: ImportProblem) -> tuple[int, int]:
        column = columns.index(problem.column) if problem.column in columns else len(columns)
        return (problem.row or 0, column)

    return key


def read_bytes(source: Source) -> bytes:
    if isinstance(source, bytes):
        return source
    return Path(source).read_bytes()


def is_xlsx(data: bytes, file_name: str) -> bool:
    return data.startswith(XLSX_MAGIC) or file_name.lower().endswith(".xlsx")


def text_rows(data: bytes, file_name: str) -> Iterator[list[str]]:
    """CSV in UTF-8 (a byte-order mark is fine), ``;`` or ``,`` as read from the header."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected(
            [
                ImportProblem(
                    file_name,
                    None,
                    None,
                    _("Het bestand is geen UTF-8-tekst (byte %(at)s); sla het op als CSV UTF-8.")
                    % {"at": error.start},
                )
            ]
        ) from None
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") >= header.count(",") else ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def cell_value(value: Any) -> Any:
    """An XLSX cell as an import reads it: text, an int for a whole number, or a date."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        # Excel stores numbers as doubles; the shortest repr is the number as typed (7.25).
        return int(value) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return value
    return str(value).strip()


def sheet_rows(
    data: bytes, file_name: str, *, cell: Callable[[Any], Any] = cell_value
) -> Iterator[list[Any]]:
    """The rows of the workbook's first sheet, each cell through ``cell``."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that isn't xlsx
        raise ImportRejected(
            [ImportProblem(file_name, None, None, _("Het bestand is geen leesbaar XLSX-bestand."))]
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [cell(value) for value in values]
    finally:
        workbook.close()


def table_rows(
    data: bytes, file_name: str, *, cell: Callable[[Any], Any] = cell_value
) -> Iterator[list[Any]]:
    """The rows of a CSV or XLSX file, whichever it is."""
    if is_xlsx(data, file_name):
        return sheet_rows(data, file_name, cell=cell)
    return text_rows(data, file_name)


def chunks(items: Sequence[_Item], size: int) -> Iterator[list[_Item]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])
