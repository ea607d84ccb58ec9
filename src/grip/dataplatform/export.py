"""The analytics export: every table of Grip as Parquet, with personal data pseudonymised, and
a DuckDB database of views over the files (``grip export-analytics``, ADR 0006 §7).

- One Parquet file per present harvested dataset (and per many-to-many link table), streamed
  from ``values_list().iterator(chunk_size=10_000)`` into ``pq.ParquetWriter`` in batches, so
  memory stays flat whatever the table's size.
- Types: integers and keys ``int64``, Decimal ``decimal128(max_digits, decimal_places)``, Date
  ``date32``, DateTime ``timestamp("us", "UTC")``, Boolean ``bool``, Float ``float64``; JSON
  (as JSON text), choices and everything else ``string``.
- Personal data, by the catalogue's class of each column (``Column.personal_data``):
  ``persoonsgegeven``/``bsn`` columns that identify (names, e-mails, phones, ids) become
  ``pseudonymise(value)`` (HMAC-SHA256 with ``GRIP_PSEUDONYM_KEY``: the same value gives the
  same pseudonym, so joins still work; ``None`` and ``""`` stay as they are). Free-text personal
  columns (``TextField``/``JSONField``, or ``omit`` in ``data/personal_columns.csv``) and every
  ``bijzonder``/``strafrechtelijk`` column are left out. Secrets (the password hash) are always
  left out; the access-log tables are not exported at all. ``manifest.json`` names every
  pseudonymised and omitted column.
- ``grip.duckdb`` holds ``CREATE VIEW <app>_<model> AS SELECT * FROM
  read_parquet('<app>_<model>.parquet')`` with *relative* paths, so the directory can be moved
  or handed over whole: open it from the export directory (``cd var/analytics && duckdb
  grip.duckdb``), or ``SET file_search_path`` to it first.
- Everything is written into a temporary directory beside ``--out`` and renamed into place at
  the end: a failed export leaves no half-written output (and the previous export intact).
- The export is personal data still (AVG recital 26): each file with pseudonymised columns is
  logged in the access log under the processing activity ``analytics-datalab``.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from django.db import models, transaction
from django.utils import timezone

from grip.dataplatform import accesslog
from grip.dataplatform.harvest import grip_models, identifier_of, personal_column_seed
from grip.dataplatform.models import AccessOutcome, Column, Dataset, DatasetKind, PersonalData
from grip.dataplatform.pseudonym import pseudonymise

BATCH_ROWS = 10_000
MANIFEST = "manifest.json"
DUCKDB_FILE = "grip.duckdb"
ACTIVITY = "analytics-datalab"

# The access log is evidence of reads, not data for analysis; its tables stay home.
SKIPPED_DATASETS = frozenset(
    {"dataplatform.accesslogline", "dataplatform.accessloghead", "dataplatform.accesslogprune"}
)
# Secrets are left out whatever the catalogue says.
SECRET_COLUMNS = frozenset({("core.user", "password")})

PLAIN, PSEUDONYMISE, OMIT = "plain", "pseudonymise", "omit"

_INTEGERS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
    }
)
_FREE_TEXT = frozenset({"TextField", "JSONField"})


class ExportError(Exception):
    """The export cannot start (for example, ``--out`` is a directory that is not an export)."""


@dataclass
class ColumnPlan:
    name: str  # the attname: a foreign key is its id
    field: models.Field  # type: ignore[type-arg]
    treatment: str
    reason: str = ""


@dataclass
class TablePlan:
    identifier: str
    model: type[models.Model]
    columns: list[ColumnPlan]

    @property
    def view(self) -> str:
        return self.identifier.replace(".", "_")

    @property
    def file(self) -> str:
        return f"{self.view}.parquet"

    @property
    def exported(self) -> list[ColumnPlan]:
        return [column for column in self.columns if column.treatment != OMIT]


@dataclass
class ExportResult:
    out: Path
    files: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(entry["rows"] for entry in self.files)


def _internal_type(model_field: models.Field) -> str:  # type: ignore[type-arg]
    """The stored type: a foreign key stores its target's key."""
    while model_field.is_relation and model_field.concrete:
        target = getattr(model_field, "target_field", None)
        if target is None:
            break
        model_field = target
    return str(model_field.get_internal_type())


def arrow_type(model_field: models.Field) -> pa.DataType:  # type: ignore[type-arg]
    kind = _internal_type(model_field)
    if kind in _INTEGERS:
        return pa.int64()
    if kind == "BooleanField":
        return pa.bool_()
    if kind == "DecimalField":
        digits = int(model_field.max_digits or 38)  # type: ignore[attr-defined]
        places = int(model_field.decimal_places or 0)  # type: ignore[attr-defined]
        return pa.decimal128(digits, places) if digits <= 38 else pa.decimal256(digits, places)
    if kind == "DateField":
        return pa.date32()
    if kind == "DateTimeField":
        return pa.timestamp("us", tz="UTC")
    if kind == "FloatField":
        return pa.float64()
    return pa.string()


def _treatment(identifier: str, model_field: models.Field, personal: str) -> tuple[str, str]:  # type: ignore[type-arg]
    name = model_field.attname
    if (identifier, name) in SECRET_COLUMNS:
        return OMIT, "secret"
    if personal == PersonalData.SPECIAL:
        return OMIT, "special_category"
    if personal == PersonalData.CRIMINAL:
        return OMIT, "criminal"
    if personal in (PersonalData.PERSONAL, PersonalData.BSN):
        seeded = personal_column_seed().get((identifier, name))
        if seeded is not None and seeded[1] == OMIT:
            return OMIT, "free_text_personal"
        if seeded is None and _internal_type(model_field) in _FREE_TEXT:
            return OMIT, "free_text_personal"
        return PSEUDONYMISE, personal
    return PLAIN, ""


def _plan(identifier: str, model: type[models.Model], classes: dict[str, str]) -> TablePlan:
    columns = []
    for model_field in model._meta.concrete_fields:
        personal = classes.get(model_field.attname)
        if personal is None:  # not harvested yet: the seed's class, else none
            seeded = personal_column_seed().get((identifier, model_field.attname))
            personal = seeded[0] if seeded else PersonalData.NONE
        treatment, reason = _treatment(identifier, model_field, personal)
        columns.append(ColumnPlan(model_field.attname, model_field, treatment, reason))
    return TablePlan(identifier, model, columns)


def _wanted(identifier: str, only: Sequence[str] | None) -> bool:
    """``only`` names datasets (``cases.case``) or whole apps (``cases``)."""
    if not only:
        return True
    return identifier in only or identifier.split(".", 1)[0] in only


def plan_tables(only: Sequence[str] | None = None) -> list[TablePlan]:
    """The tables to export: every present harvested dataset whose model exists, and the link
    tables of their many-to-many fields; the access-log tables never."""
    by_identifier = {identifier_of(model): model for model in grip_models()}
    datasets = Dataset.objects.filter(kind=DatasetKind.MODEL, present=True).order_by("identifier")
    classes: dict[str, dict[str, str]] = {}
    for dataset_id, name, personal in Column.objects.filter(
        dataset__in=datasets, present=True
    ).values_list("dataset__identifier", "name", "personal_data"):
        classes.setdefault(dataset_id, {})[name] = personal
    plans = []
    for identifier in datasets.values_list("identifier", flat=True):
        model = by_identifier.get(identifier)
        if model is None or identifier in SKIPPED_DATASETS or not _wanted(identifier, only):
            continue
        plans.append(_plan(identifier, model, classes.get(identifier, {})))
        for many in model._meta.many_to_many:
            through = many.remote_field.through
            if isinstance(through, type) and through._meta.auto_created:
                plans.append(_plan(through._meta.label_lower, through, {}))
    return plans


def _converter(column: ColumnPlan, arrow: pa.DataType) -> Callable[[Any], Any]:
    if column.treatment == PSEUDONYMISE:
        return lambda value: value if value in (None, "") else pseudonymise(value)
    if _internal_type(column.field) == "JSONField":
        return lambda value: (
            None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
        )
    if pa.types.is_string(arrow):
        return lambda value: None if value is None else str(value)
    if pa.types.is_timestamp(arrow):
        return _aware
    if pa.types.is_decimal(arrow):
        places = decimal.Decimal(1).scaleb(-arrow.scale)
        return lambda value: None if value is None else decimal.Decimal(value).quantize(places)
    return lambda value: value


def _aware(value: datetime.datetime | None) -> datetime.datetime | None:
    """A naive time (a database without time zones) is taken as UTC."""
    if value is None or timezone.is_aware(value):
        return value
    return value.replace(tzinfo=datetime.UTC)


def _schema(plan: TablePlan) -> pa.Schema:
    fields = []
    for column in plan.exported:
        arrow = pa.string() if column.treatment == PSEUDONYMISE else arrow_type(column.field)
        fields.append(pa.field(column.name, arrow, nullable=True))
    return pa.schema(fields)


def _batches(plan: TablePlan, schema: pa.Schema) -> Iterable[pa.RecordBatch]:
    names = [column.name for column in plan.exported]
    converters = [_converter(column, schema.field(column.name).type) for column in plan.exported]
    rows = (
        plan.model._base_manager.order_by("pk").values_list(*names).iterator(chunk_size=BATCH_ROWS)
    )
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH_ROWS:
            yield _record_batch(batch, converters, schema)
            batch = []
    if batch:
        yield _record_batch(batch, converters, schema)


def _record_batch(
    rows: list[tuple[Any, ...]], converters: list[Callable[[Any], Any]], schema: pa.Schema
) -> pa.RecordBatch:
    arrays = [
        pa.array([convert(row[index]) for row in rows], type=schema.field(index).type)
        for index, convert in enumerate(converters)
    ]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_table(plan: TablePlan, directory: Path) -> dict[str, Any]:
    schema = _schema(plan)
    path = directory / plan.file
    rows = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in _batches(plan, schema):
            writer.write_batch(batch)
            rows += batch.num_rows
    return {
        "dataset": plan.identifier,
        "file": plan.file,
        "view": plan.view,
        "rows": rows,
        "sha256": sha256_of(path),
        "exported_at": timezone.now().isoformat(),
        "columns": [column.name for column in plan.exported],
        "pseudonymised": [c.name for c in plan.columns if c.treatment == PSEUDONYMISE],
        "omitted": [
            {"column": c.name, "reason": c.reason} for c in plan.columns if c.treatment == OMIT
        ],
    }


def _write_duckdb(directory: Path, files: list[dict[str, Any]]) -> None:
    """One view per file, over a relative path (resolved against DuckDB's working directory
    or ``file_search_path``); while creating, the search path is the new export."""
    connection = duckdb.connect(str(directory / DUCKDB_FILE))
    try:
        connection.execute(f"SET file_search_path = '{_sql_text(str(directory))}'")
        for entry in files:
            connection.execute(
                f'CREATE VIEW "{entry["view"]}" AS '  # noqa: S608 - our own names
                f"SELECT * FROM read_parquet('{_sql_text(entry['file'])}')"
            )
    finally:
        connection.close()


def _sql_text(text: str) -> str:
    return text.replace("'", "''")


def _check_target(out: Path) -> None:
    """Replace only an earlier export (or an empty directory), never some other directory."""
    if out.exists() and (
        not out.is_dir() or (any(out.iterdir()) and not (out / MANIFEST).exists())
    ):
        raise ExportError(
            f"{out} exists and is not an earlier analytics export (no {MANIFEST}); "
            "choose another --out."
        )


def _log(actor: str, files: list[dict[str, Any]]) -> None:
    """One access-log line per file with pseudonymised columns."""
    with transaction.atomic():
        trace = accesslog.new_trace_id()
        for entry in files:
            if entry["pseudonymised"]:
                accesslog.record(
                    actor=actor,
                    name="export_analytics",
                    activity_code=ACTIVITY,
                    dataset=entry["dataset"],
                    object_pk="*",
                    outcome=AccessOutcome.SHOWN,
                    status_code=accesslog.STATUS_OK,
                    trace_id=trace,
                )


def export_analytics(
    out: Path | str, *, datasets: Sequence[str] | None = None, actor: str = ""
) -> ExportResult:
    """Write the export into ``out`` (replacing an earlier export there) and log it."""
    out = Path(out).resolve()
    _check_target(out)
    plans = plan_tables(datasets)
    if datasets:
        known = {plan.identifier for plan in plans} | {
            plan.identifier.split(".", 1)[0] for plan in plans
        }
        unknown = sorted(set(datasets) - known)
        if unknown:
            raise ExportError(f"Unknown or not exportable dataset(s): {', '.join(unknown)}.")
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        result = ExportResult(out=out)
        for plan in plans:
            result.files.append(_write_table(plan, work))
        _write_duckdb(work, result.files)
        manifest = {
            "format": "grip-analytics-export/1",
            "exported_at": timezone.now().isoformat(),
            "pseudonymisation": "HMAC-SHA256 with GRIP_PSEUDONYM_KEY, hex",
            "duckdb": DUCKDB_FILE,
            "duckdb_paths": "relative: open grip.duckdb from this directory",
            "skipped_datasets": sorted(SKIPPED_DATASETS),
            "files": result.files,
        }
        (work / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        _swap(work, out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    _log(actor, result.files)
    return result


def _swap(work: Path, out: Path) -> None:
    """Put the finished export in place of the earlier one, which is removed after."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{timezone.now():%Y%m%d%H%M%S%f}")
        out.rename(old)
    try:
        work.rename(out)
    except BaseException:
        if old is not None:
            old.rename(out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
