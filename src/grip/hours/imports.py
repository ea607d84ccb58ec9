"""Reading hours from a time system: a CSV or XLSX file, validated whole, written in one go.

The columns are documented in ``docs/uren-import.md``. The whole file is checked before
anything is written; every problem is reported with its row, column and reason, and a file with
any problem writes nothing. ``bronsleutel`` is the row's key in the time system: a row whose key
was read before with the same values is skipped, so reading a file again changes nothing.

Files of hundreds of thousands of rows are normal, so the rows travel as plain tuples and
everything the rules need (employees, targets, closed months, existing day totals and keys) is
loaded up front with a few queries; the rules themselves are those of the services
(:func:`grip.hours.services.booking_problem`, :func:`~grip.hours.services.clean_hours`).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol, TypeVar

from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.core.audit import Actor, audit_create
from grip.core.errors import Conflict, DomainError, ImportRejected
from grip.core.permissions import require_permission
from grip.core.tabular import (
    ImportProblem,
    Source,
    chunks,
    problem_order,
    read_bytes,
    table_rows,
    text_rows,
)
from grip.hours.constants import EntrySource, WeekStatus
from grip.hours.models import BookingTarget, HourEntry, HourImport, MonthClosing, WeekSheet
from grip.hours.services import booking_problem, clean_hours, week_start_of
from grip.organisation.models import Employee

PERMISSION = "hours.import_hours"

KEY = "bronsleutel"
EMPLOYEE = "personeelsnummer"
DATE = "datum"
HOURS = "uren"
CODE = "boekingscode"
NOTE = "toelichting"
COLUMNS = (KEY, EMPLOYEE, DATE, HOURS, CODE, NOTE)
REQUIRED = (KEY, EMPLOYEE, DATE, HOURS, CODE)

MAPPING_EXTERNAL = "extern"
BATCH_SIZE = 10_000  # rows per bulk_create call; the backend splits further where it must
SQLITE_CACHE_KIB = 256 * 1024  # page cache while writing an import on SQLite

_KEY_LENGTH = HourEntry._meta.get_field("source_key").max_length or 120
_NOTE_LENGTH = HourEntry._meta.get_field("note").max_length or 240
_ZERO = Decimal("0")

_Item = TypeVar("_Item")

RawRow = tuple[int, str, str, Any, str, str, str]  # row, key, employee, date, hours, code, note


class ProgressLike(Protocol):
    """What the import needs of :class:`grip.core.demodata.Progress`."""

    def track(self, items: Iterable[_Item], *, label: str, total: int) -> Iterator[_Item]: ...


# --- reading the file --------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    """An XLSX cell as the hours import reads it: text (hours are parsed from text, whole
    numbers included), or a date for a date cell."""
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
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    return str(value).strip()


def _raw_rows(data: bytes, file_name: str, problems: list[ImportProblem]) -> list[RawRow]:
    """The data rows (not the empty ones) as tuples in the order of ``RawRow``.

    Header problems (a missing, unknown or doubled column) are added to ``problems``; without
    every required column the rows are not read at all."""
    rows: Iterator[list[Any]] = table_rows(data, file_name, cell=_cell)
    header = next(rows, None)
    if header is None:
        problems.append(ImportProblem(file_name, None, None, _("Het bestand is leeg.")))
        return []
    names = [str(name).strip().lower() for name in header]
    while names and not names[-1]:
        names.pop()
    position: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in position:
            problems.append(
                ImportProblem(
                    file_name,
                    1,
                    name,
                    _("De kolom %(name)s staat er twee keer in.") % {"name": name},
                )
            )
        elif name not in COLUMNS:
            problems.append(
                ImportProblem(
                    file_name,
                    1,
                    name or None,
                    _("Onbekende kolom '%(name)s'; de kolommen zijn %(columns)s.")
                    % {"name": name, "columns": ", ".join(COLUMNS)},
                )
            )
        else:
            position[name] = index
    missing = [name for name in REQUIRED if name not in position]
    for name in missing:
        problems.append(
            ImportProblem(file_name, 1, name, _("De kolom %(name)s ontbreekt.") % {"name": name})
        )
    if missing:
        return []
    indexes = [position[name] for name in REQUIRED]
    note_index = position.get(NOTE)
    width = max([*indexes, -1 if note_index is None else note_index]) + 1
    result: list[RawRow] = []
    for number, values in enumerate(rows, start=2):
        if len(values) < width:
            values = [*values, *([""] * (width - len(values)))]
        key, employee, day, hours, code = (values[index] for index in indexes)
        note = values[note_index] if note_index is not None else ""
        if not (key or employee or day or hours or code or note):
            continue  # an empty line, often the last one
        result.append(
            (
                number,
                key.strip() if isinstance(key, str) else str(key),
                employee.strip() if isinstance(employee, str) else str(employee),
                day.strip() if isinstance(day, str) else day,
                hours.strip() if isinstance(hours, str) else str(hours),
                code.strip() if isinstance(code, str) else str(code),
                note.strip() if isinstance(note, str) else str(note),
            )
        )
    return result


# --- mappings ----------------------------------------------------------------------------------


def read_mapping(
    source: Source | Mapping[str, str], *, column: str, file_name: str | None = None
) -> dict[str, str]:
    """A mapping of the time system's values to Grip's: a dict, or a CSV file with the columns
    ``extern`` and ``column`` (``personeelsnummer`` or ``boekingscode``)."""
    if isinstance(source, Mapping):
        return {str(external).strip(): str(own).strip() for external, own in source.items()}
    name = file_name or (
        "koppeltabel" if isinstance(source, bytes) else Path(os.fspath(source)).name
    )
    data = read_bytes(source)
    problems: list[ImportProblem] = []
    rows = text_rows(data, name)
    header = [value.strip().lower() for value in next(rows, [])]
    for wanted in (MAPPING_EXTERNAL, column):
        if wanted not in header:
            problems.append(
                ImportProblem(name, 1, wanted, _("De kolom %(name)s ontbreekt.") % {"name": wanted})
            )
    if problems:
        raise ImportRejected(problems)
    external_index, own_index = header.index(MAPPING_EXTERNAL), header.index(column)
    mapping: dict[str, str] = {}
    for number, values in enumerate(rows, start=2):
        values = [*values, "", ""]
        external, own = values[external_index].strip(), values[own_index].strip()
        if not external and not own:
            continue
        if not external or not own:
            problems.append(
                ImportProblem(
                    name,
                    number,
                    MAPPING_EXTERNAL if not external else column,
                    _("Vul zowel %(a)s als %(b)s in.") % {"a": MAPPING_EXTERNAL, "b": column},
                )
            )
        elif external in mapping and mapping[external] != own:
            problems.append(
                ImportProblem(
                    name,
                    number,
                    MAPPING_EXTERNAL,
                    _("%(value)s staat er al in met %(own)s.")
                    % {"value": external, "own": mapping[external]},
                )
            )
        else:
            mapping[external] = own
    if problems:
        raise ImportRejected(problems)
    return mapping


# --- values --------------------------------------------------------------------------------------


def _parse_date(raw: Any) -> datetime.date | str:
    """The date, or why it is not one. ``YYYY-MM-DD``, ``DD-MM-YYYY`` or an XLSX date cell."""
    if isinstance(raw, datetime.date):
        return raw
    text = str(raw)
    if not text:
        return _("Vul een datum in.")
    try:
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            return datetime.date(int(text[:4]), int(text[5:7]), int(text[8:]))
        if len(text) == 10 and text[2] == "-" and text[5] == "-":
            return datetime.date(int(text[6:]), int(text[3:5]), int(text[:2]))
    except ValueError:
        pass
    return _("'%(value)s' is geen datum; schrijf JJJJ-MM-DD of DD-MM-JJJJ.") % {"value": text}


def _parse_hours(raw: str) -> Decimal | str:
    """The hours, or why they are refused (the booking rules of the services)."""
    if not raw:
        return _("Vul het aantal uren in.")
    try:
        return clean_hours(raw.replace(",", "."), field=HOURS)
    except DomainError as error:
        return error.message


def _rule_column(employee: Employee, day: datetime.date, target: BookingTarget) -> str:
    """The column a refusal of :func:`booking_problem` is about, checked in its order."""
    if not target.active:
        return CODE
    if target.year is not None and day.year != target.year:
        return DATE
    if day < employee.start_date or (employee.end_date is not None and day > employee.end_date):
        return DATE
    return HOURS


def _track(
    progress: ProgressLike | None, items: Iterable[_Item], *, label: str, total: int
) -> Iterable[_Item]:
    return items if progress is None else progress.track(items, label=label, total=total)


def _check(
    raw: list[RawRow],
    *,
    file_name: str,
    problems: list[ImportProblem],
    employee_map: Mapping[str, str],
    code_map: Mapping[str, str],
    progress: ProgressLike | None,
) -> list[tuple[int, str, Employee, datetime.date, Decimal, BookingTarget, str]]:
    """Each row on its own: values that parse and refer to what exists. Returns the good rows."""
    employees = {employee.employee_number: employee for employee in Employee.objects.all()}
    targets = {target.code: target for target in BookingTarget.objects.all()}
    dates: dict[Any, datetime.date | str] = {}
    amounts: dict[str, Decimal | str] = {}
    seen: dict[str, int] = {}
    good: list[tuple[int, str, Employee, datetime.date, Decimal, BookingTarget, str]] = []
    add = problems.append
    for number, key, employee_raw, date_raw, hours_raw, code_raw, note in _track(
        progress, raw, label=_("Regels controleren"), total=len(raw)
    ):
        before = len(problems)
        if not key:
            add(ImportProblem(file_name, number, KEY, _("Vul een bronsleutel in.")))
        elif len(key) > _KEY_LENGTH:
            add(
                ImportProblem(
                    file_name,
                    number,
                    KEY,
                    _("Een bronsleutel is hoogstens %(max)s tekens.") % {"max": _KEY_LENGTH},
                )
            )
        elif key in seen:
            add(
                ImportProblem(
                    file_name,
                    number,
                    KEY,
                    _("Bronsleutel %(key)s staat ook op regel %(row)s.")
                    % {"key": key, "row": seen[key]},
                )
            )
        else:
            seen[key] = number
        employee = employees.get(employee_map.get(employee_raw, employee_raw))
        if employee is None:
            add(
                ImportProblem(
                    file_name,
                    number,
                    EMPLOYEE,
                    _("Vul een personeelsnummer in.")
                    if not employee_raw
                    else _("Personeelsnummer %(value)s is onbekend.") % {"value": employee_raw},
                )
            )
        day = dates.get(date_raw)
        if day is None:
            day = dates[date_raw] = _parse_date(date_raw)
        if isinstance(day, str):
            add(ImportProblem(file_name, number, DATE, day))
        hours = amounts.get(hours_raw)
        if hours is None:
            hours = amounts[hours_raw] = _parse_hours(hours_raw)
        if isinstance(hours, str):
            add(ImportProblem(file_name, number, HOURS, hours))
        target = targets.get(code_map.get(code_raw, code_raw))
        if target is None:
            add(
                ImportProblem(
                    file_name,
                    number,
                    CODE,
                    _("Vul een boekingscode in.")
                    if not code_raw
                    else _("Boekingscode %(value)s is onbekend.") % {"value": code_raw},
                )
            )
        if len(note) > _NOTE_LENGTH:
            add(
                ImportProblem(
                    file_name,
                    number,
                    NOTE,
                    _("Een toelichting is hoogstens %(max)s tekens.") % {"max": _NOTE_LENGTH},
                )
            )
        if len(problems) == before:
            good.append((number, key, employee, day, hours, target, note))  # type: ignore[arg-type]
    return good


def _parameter_limit() -> int:
    """How many parameters one statement takes: SQLite's compiled limit (often 32,766)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw = connection.connection
        if raw is not None and hasattr(raw, "getlimit"):
            return int(raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)) - 1
        return 998
    return 10_000


def _existing_by_key(keys: list[str]) -> dict[str, tuple[int, str, Decimal, int, str]]:
    """Entries already read under these keys, as (employee, ISO date, hours, target, note).

    Read through the cursor in large chunks: a re-import looks up every key of the file."""
    found: dict[str, tuple[int, str, Decimal, int, str]] = {}
    if not HourEntry.objects.filter(source_key__isnull=False).exists():
        return found  # the first import: nothing to look up
    quote = connection.ops.quote_name
    table = quote(HourEntry._meta.db_table)
    fields: list[Any] = [
        HourEntry._meta.get_field(name)
        for name in ("source_key", "employee", "date", "hours", "target", "note")
    ]
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        for chunk in chunks(keys, _parameter_limit()):
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT {columns} FROM {table} WHERE {quote('source_key')} IN ({placeholders})",  # noqa: S608 - model names
                chunk,
            )
            for key, employee_id, day, hours, target_id, note in cursor.fetchall():
                # SQLite hands back text dates and int/float hours (quarters are exact floats).
                amount = hours if isinstance(hours, Decimal) else Decimal(str(hours))
                found[key] = (employee_id, str(day), amount, target_id, note)
    return found


def _apply_rules(
    good: list[tuple[int, str, Employee, datetime.date, Decimal, BookingTarget, str]],
    *,
    file_name: str,
    problems: list[ImportProblem],
) -> tuple[list[tuple[str, Employee, datetime.date, Decimal, BookingTarget, str]], int]:
    """The booking rules over the rows that parsed, against the database and each other."""
    if not good:
        return [], 0
    existing = _existing_by_key([row[1] for row in good])
    first = min(row[3] for row in good)
    last = max(row[3] for row in good)
    closed = set(MonthClosing.objects.values_list("year", "month"))
    totals: dict[tuple[int, datetime.date], Decimal] = {
        (employee_id, day): total
        for employee_id, day, total in HourEntry.objects.filter(date__range=(first, last))
        .values("employee_id", "date")
        .annotate(total=Sum("hours"))
        .values_list("employee_id", "date", "total")
    }
    new: list[tuple[str, Employee, datetime.date, Decimal, BookingTarget, str]] = []
    unchanged = 0
    add = problems.append
    for number, key, employee, day, hours, target, note in good:
        if existing:
            old = existing.get(key)
            if old is not None:
                if old == (employee.pk, day.isoformat(), hours, target.pk, note):
                    unchanged += 1
                else:
                    add(
                        ImportProblem(
                            file_name,
                            number,
                            KEY,
                            _(
                                "Bronsleutel %(key)s is al ingelezen met andere waarden; "
                                "corrigeer in Grip."
                            )
                            % {"key": key},
                        )
                    )
                continue
        if (day.year, day.month) in closed:
            add(
                ImportProblem(
                    file_name,
                    number,
                    DATE,
                    _("%(month)s is afgesloten; daarin worden geen uren meer ingelezen.")
                    % {"month": day.strftime("%m-%Y")},
                )
            )
            continue
        slot = (employee.pk, day)
        elsewhere = totals.get(slot, _ZERO)
        message = booking_problem(
            employee=employee, day=day, hours=hours, target=target, day_total_elsewhere=elsewhere
        )
        if message is not None:
            add(ImportProblem(file_name, number, _rule_column(employee, day, target), message))
            continue
        totals[slot] = elsewhere + hours
        new.append((key, employee, day, hours, target, note))
    return new, unchanged


_INSERTED = (
    "employee",
    "date",
    "hours",
    "target",
    "week",
    "note",
    "source_key",
    "source",
    "import_batch",
    "created_at",
)


def _insert_statement() -> tuple[str, dict[str, Callable[[Any], Any]]]:
    """The INSERT of an imported entry, and per field how a value is prepared for the database.

    Hundreds of thousands of rows go through ``executemany`` with values prepared by the model's
    own fields: ``bulk_create`` spends most of its time building model instances and SQL text
    (DESIGN.md, Known pitfalls: Imports)."""
    fields: list[Any] = [HourEntry._meta.get_field(name) for name in _INSERTED]
    quote = connection.ops.quote_name
    table = quote(HourEntry._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    statement = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - model names

    def preparer(field: Any) -> Callable[[Any], Any]:
        return lambda value: field.get_db_prep_save(value, connection)

    return statement, {field.name: preparer(field) for field in fields}


@contextlib.contextmanager
def _large_cache() -> Iterator[None]:
    """On SQLite, a page cache that holds the entry table's nine indexes while they grow;
    with the default 2 MB the insert slows down by half as the pages spill."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _write(
    *,
    actor: Actor,
    file_name: str,
    digest: str,
    rows: int,
    new: list[tuple[str, Employee, datetime.date, Decimal, BookingTarget, str]],
    unchanged: int,
    progress: ProgressLike | None,
) -> HourImport:
    user = actor if actor is not None and actor.is_authenticated else None
    now = timezone.now()
    with transaction.atomic(), _large_cache():
        batch = HourImport.objects.create(
            file_name=file_name[:255],
            sha256=digest,
            rows=rows,
            created=len(new),
            unchanged=unchanged,
            imported_by=user,
        )
        audit_create(actor=actor, instance=batch)
        if not new:
            return batch
        weeks: dict[tuple[int, datetime.date], int] = {}
        for employee_id, day in {(row[1].pk, row[2]) for row in new}:
            weeks[(employee_id, week_start_of(day))] = 0
        first = min(week for _employee, week in weeks)
        last = max(week for _employee, week in weeks)
        for pk, employee_id, week_start in WeekSheet.objects.filter(
            week_start__range=(first, last)
        ).values_list("pk", "employee_id", "week_start"):
            if (employee_id, week_start) in weeks:
                weeks[(employee_id, week_start)] = pk
        # Hours from the time system were approved there: a week the import opens is approved.
        missing = sorted(slot for slot, pk in weeks.items() if not pk)
        for sheet in WeekSheet.objects.bulk_create(
            [
                WeekSheet(
                    employee_id=employee_id,
                    week_start=week_start,
                    status=WeekStatus.APPROVED,
                    decided_at=now,
                )
                for employee_id, week_start in missing
            ],
            batch_size=BATCH_SIZE,
        ):
            weeks[(sheet.employee_id, sheet.week_start)] = sheet.pk
        statement, prepare = _insert_statement()
        fixed = (EntrySource.IMPORT, batch.pk, prepare["created_at"](now))
        dates: dict[datetime.date, Any] = {}
        amounts: dict[Decimal, Any] = {}
        try:
            with connection.cursor() as cursor:
                for chunk in _track(
                    progress,
                    list(chunks(new, BATCH_SIZE)),
                    label=_("Uren opslaan (per %(size)s)") % {"size": BATCH_SIZE},
                    total=(len(new) + BATCH_SIZE - 1) // BATCH_SIZE,
                ):
                    values = []
                    for key, employee, day, hours, target, note in chunk:
                        day_value = dates.get(day)
                        if day_value is None:
                            day_value = dates[day] = prepare["date"](day)
                        hours_value = amounts.get(hours)
                        if hours_value is None:
                            hours_value = amounts[hours] = prepare["hours"](hours)
                        values.append(
                            (
                                employee.pk,
                                day_value,
                                hours_value,
                                target.pk,
                                weeks[(employee.pk, day - datetime.timedelta(day.weekday()))],
                                note,
                                key,
                                *fixed,
                            )
                        )
                    cursor.executemany(statement, values)
        except IntegrityError:
            raise Conflict(
                _(
                    "Tegelijk is een ander bestand met dezelfde bronsleutels ingelezen; "
                    "probeer het opnieuw."
                ),
                code="import_conflict",
            ) from None
    return batch


def import_hours_file(
    *,
    actor: Actor,
    path_or_bytes: Source,
    file_name: str | None = None,
    employee_map: Mapping[str, str] | None = None,
    code_map: Mapping[str, str] | None = None,
    progress: ProgressLike | None = None,
) -> HourImport:
    """Read a time system's file of hours; returns the import's audit record.

    ``actor`` None is the system (an operator's command); a user must hold hours.import_hours.
    Raises :class:`ImportRejected` listing every problem; then nothing is written."""
    if actor is not None:
        require_permission(actor, PERMISSION)
    if file_name is None:
        file_name = (
            "upload" if isinstance(path_or_bytes, bytes) else Path(os.fspath(path_or_bytes)).name
        )
    data = read_bytes(path_or_bytes)
    problems: list[ImportProblem] = []
    raw = _raw_rows(data, file_name, problems)
    if not raw and not problems:
        problems.append(ImportProblem(file_name, None, None, _("Het bestand bevat geen regels.")))
    good = _check(
        raw,
        file_name=file_name,
        problems=problems,
        employee_map=employee_map or {},
        code_map=code_map or {},
        progress=progress,
    )
    new, unchanged = _apply_rules(good, file_name=file_name, problems=problems)
    if problems:
        problems.sort(key=problem_order(COLUMNS))
        raise ImportRejected(problems)
    return _write(
        actor=actor,
        file_name=file_name,
        digest=hashlib.sha256(data).hexdigest(),
        rows=len(raw),
        new=new,
        unchanged=unchanged,
        progress=progress,
    )


__all__ = [
    "COLUMNS",
    "ImportProblem",
    "ImportRejected",
    "import_hours_file",
    "read_mapping",
]
