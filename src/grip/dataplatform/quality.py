"""Data quality: running the declarative checks, their incidents, and people's writes to them.

A check (``Check``) names a dataset, a kind, columns and params. Each kind is one function
below that measures, in SQL through the ORM on the dataset's model, how many rows it checked,
how many failed, up to twenty failing primary keys (never values: they may be personal) and
what else it measured. :func:`run_check` stores that as a write-once ``CheckResult`` and, when
it failed, opens an ``Incident`` or attaches to the open one, in the same transaction. A check
that cannot run (a column that has gone, an SQL error) gives a result with ``error`` set, never
a crash of the whole run.

Params per kind (every kind also takes ``{"filter": {"field__lookup": value}}``, which
restricts the rows checked):

- ``not_null``: the columns must be filled (for text: not empty either); a row fails when any
  of them is empty. A column may be a reverse relation (``sbi_links``): "has at least one".
- ``unique``: over one or several columns; every row of a group with duplicates fails.
- ``accepted_values``: ``{"values": [...]}``; filled values outside the list fail.
- ``pattern``: ``{"preset": "postcode" | "kvk" | "bag_id" | "bsn"}`` or ``{"regex": "..."}``.
- ``range``: ``{"min": .., "max": ..}`` (either may be left out).
- ``not_future``: dates or moments after today / now fail.
- ``foreign_key``: ``{"to": "app.model" or a dataset identifier, "to_column": "..."}``;
  filled values without a match fail.
- ``freshness``: ``{"column": "...", "max_age_hours": N}``: the newest row's age.
- ``row_count_change``: ``{"max_change": 0.2}``: the share the row count may change since the
  previous result.
- ``sql``: ``{"sql": "SELECT pk FROM ... WHERE <failing>", "total_sql": "SELECT COUNT(*) ..."}``
  (either may be a mapping per database vendor, ``{"sqlite": ..., "postgresql": ...}``), run
  read-only in a rolled-back savepoint; ``%(today)s``, ``%(now)s``, ``%(year)s``,
  ``%(year_start)s`` and ``%(year_end)s`` are filled in as query parameters.

For ``freshness`` and ``row_count_change`` a run is all or nothing: when it fails, every row
checked counts as failed.
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.core.audit import Actor, audit_create, audit_update, snapshot
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.periods import year_end, year_start
from grip.core.permissions import require_permission
from grip.core.services import refuse_unknown_fields
from grip.dataplatform.models import (
    Check,
    CheckKind,
    CheckResult,
    DataRole,
    Dataset,
    Dimension,
    Incident,
    IncidentEvent,
    IncidentStatus,
)
from grip.organisation.models import Employee

MAX_FAILING_KEYS = 20
RUN_PERMISSION = "dataplatform.run_check"
INCIDENT_PERMISSION = "dataplatform.change_incident"
# Raw SQL reads any table: only who may also remove checks (the beheerder role) writes it.
SQL_PERMISSIONS = ("dataplatform.add_check", "dataplatform.write_sql_check")

# Dutch patterns (ADR 0006 §3, sites/validation.py).
PRESETS: dict[str, str] = {
    "postcode": r"^[1-9][0-9]{3} ?[A-Z]{2}$",
    "kvk": r"^[0-9]{8}$",
    "bag_id": r"^[0-9]{16}$",
}
UNUSED_POSTCODE = r"^[1-9][0-9]{3} ?(SA|SD|SS)$"
PRESET_NAMES = (*PRESETS, "bsn")
_LOOKUP_PATH = re.compile(r"^[a-z_][a-z0-9_]*$")
# Which dimension a kind belongs to by default (ADR 0006 §3).
DEFAULT_DIMENSION = {
    CheckKind.NOT_NULL: Dimension.COMPLETENESS,
    CheckKind.UNIQUE: Dimension.UNIQUENESS,
    CheckKind.ACCEPTED_VALUES: Dimension.VALIDITY,
    CheckKind.PATTERN: Dimension.VALIDITY,
    CheckKind.RANGE: Dimension.VALIDITY,
    CheckKind.NOT_FUTURE: Dimension.VALIDITY,
    CheckKind.FOREIGN_KEY: Dimension.CONSISTENCY,
    CheckKind.FRESHNESS: Dimension.TIMELINESS,
    CheckKind.ROW_COUNT_CHANGE: Dimension.TIMELINESS,
    CheckKind.SQL: Dimension.CONSISTENCY,
}


def bsn_valid(value: str) -> bool:
    """The BSN elfproef: weights 9..2 and -1 for the last digit; 000000000 is no BSN."""
    digits = value.strip().zfill(9)
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11 == 0


class CheckError(Exception):
    """The check cannot run as defined (unknown column, params that do not fit, SQL error)."""

    def __init__(self, message: str, *, field: str = "params") -> None:
        super().__init__(message)
        self.field = field


@dataclass
class Measure:
    rows_checked: int
    rows_failed: int
    failing_keys: list[Any] = field(default_factory=list)
    measured: dict[str, Any] = field(default_factory=dict)
    # For freshness and row-count change: the run as a whole failed (or passed).
    all_or_nothing: bool = False
    failed: bool = False


# --- definitions ----------------------------------------------------------------------------


def model_of(dataset: Dataset) -> type[models.Model]:
    if not dataset.model_label:
        raise CheckError(
            _("Dataset %(dataset)s heeft geen model in Grip.") % {"dataset": dataset.identifier}
        )
    try:
        return apps.get_model(dataset.model_label)
    except (LookupError, ValueError):
        raise CheckError(
            _("Het model %(model)s bestaat niet (meer).") % {"model": dataset.model_label}
        ) from None


def resolve_path(model: type[models.Model], path: str) -> Any:
    """The field at the end of an ORM path such as ``establishment__kvk_number``."""
    if not path or not all(_LOOKUP_PATH.match(part) for part in path.split("__")):
        raise CheckError(_("Ongeldige kolom: %(column)s.") % {"column": path})
    current: Any = model
    found: Any = None
    for part in path.split("__"):
        if current is None:
            raise CheckError(_("Ongeldige kolom: %(column)s.") % {"column": path})
        try:
            found = current._meta.get_field(part)
        except FieldDoesNotExist:
            raise CheckError(
                _("De kolom %(column)s bestaat niet in %(model)s.")
                % {"column": path, "model": model._meta.label_lower}
            ) from None
        current = found.related_model if found.is_relation else None
    return found


def _target_model(name: str) -> type[models.Model]:
    dataset = Dataset.objects.filter(identifier=name).first()
    if dataset is not None:
        return model_of(dataset)
    try:
        return apps.get_model(name)
    except (LookupError, ValueError):
        raise CheckError(_("Onbekende doeltabel: %(name)s.") % {"name": name}) from None


def _sql_text(value: Any) -> str:
    """One SQL text, or the one for this database from a mapping per vendor."""
    if isinstance(value, Mapping):
        text = value.get(connection.vendor)
        if not isinstance(text, str):
            raise CheckError(
                _("Geen SQL voor deze database (%(vendor)s).") % {"vendor": connection.vendor}
            )
        return text
    if not isinstance(value, str) or not value.strip():
        raise CheckError(_("Geef een SQL-query."))
    return value


def _one_column(columns: list[str], kind: str) -> str:
    if len(columns) != 1:
        raise CheckError(_("Een controle van deze soort gaat over precies één kolom."))
    return columns[0]


def validate_definition(
    *, dataset: Dataset, kind: str, columns: Any, params: Any
) -> tuple[list[str], dict[str, Any]]:
    """Refuse a definition that cannot run: columns that are not on the model, params that do
    not fit the kind. Hands back the columns and params as stored."""
    if kind not in CheckKind.values:
        raise DomainError(_("Onbekende soort controle."), field="kind", code="bad_kind")
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise DomainError(_("Kolommen zijn een lijst namen."), field="columns", code="bad_columns")
    if not isinstance(params, dict):
        raise DomainError(_("Instellingen zijn een object."), field="params", code="bad_params")
    try:
        _validate(dataset, kind, columns, params)
    except CheckError as error:
        raise DomainError(str(error), field=error.field, code="bad_definition") from None
    return columns, params


def _column_error(message: str) -> CheckError:
    return CheckError(message, field="columns")


def _validate(dataset: Dataset, kind: str, columns: list[str], params: dict[str, Any]) -> None:
    if kind == CheckKind.SQL:
        _sql_text(params.get("sql"))
        if params.get("total_sql") is not None:
            _sql_text(params["total_sql"])
        return
    model = model_of(dataset)
    for column in columns:
        try:
            resolve_path(model, column)
        except CheckError as error:
            raise _column_error(str(error)) from None
    _filter_of(model, params)
    needs_column = {
        CheckKind.NOT_NULL,
        CheckKind.UNIQUE,
        CheckKind.ACCEPTED_VALUES,
        CheckKind.PATTERN,
        CheckKind.RANGE,
        CheckKind.NOT_FUTURE,
        CheckKind.FOREIGN_KEY,
    }
    if kind in needs_column and not columns:
        raise _column_error(_("Noem ten minste één kolom."))
    if (
        kind
        in {
            CheckKind.ACCEPTED_VALUES,
            CheckKind.PATTERN,
            CheckKind.RANGE,
            CheckKind.NOT_FUTURE,
            CheckKind.FOREIGN_KEY,
        }
        and len(columns) != 1
    ):
        raise _column_error(_("Een controle van deze soort gaat over precies één kolom."))
    if kind == CheckKind.ACCEPTED_VALUES:
        values = params.get("values")
        if not isinstance(values, list) or not values:
            raise CheckError(_('Geef de toegestane waarden: {"values": [...]}.'))
    elif kind == CheckKind.PATTERN:
        preset, regex = params.get("preset"), params.get("regex")
        if bool(preset) == bool(regex):
            raise CheckError(_('Geef een "preset" of een "regex", niet allebei.'))
        if preset and preset not in PRESET_NAMES:
            raise CheckError(
                _("Onbekend patroon; kies uit %(names)s.") % {"names": ", ".join(PRESET_NAMES)}
            )
        if regex:
            try:
                re.compile(regex)
            except re.error:
                raise CheckError(_("Geen geldige reguliere expressie.")) from None
    elif kind == CheckKind.RANGE:
        if params.get("min") is None and params.get("max") is None:
            raise CheckError(_('Geef "min", "max" of allebei.'))
    elif kind == CheckKind.NOT_FUTURE:
        found = resolve_path(model, columns[0])
        if not isinstance(found, models.DateField):
            raise _column_error(_("Niet in de toekomst gaat over een datum of tijdstip."))
    elif kind == CheckKind.FOREIGN_KEY:
        if not isinstance(params.get("to"), str):
            raise CheckError(_('Geef de doeltabel: {"to": "app.model", "to_column": ...}.'))
        resolve_path(_target_model(params["to"]), params.get("to_column") or "pk")
    elif kind == CheckKind.FRESHNESS:
        time_column = params.get("column") or (columns[0] if columns else None)
        if not isinstance(time_column, str) or not time_column:
            raise CheckError(_('Geef de tijdkolom: {"column": ..., "max_age_hours": N}.'))
        if not isinstance(resolve_path(model, time_column), models.DateField):
            raise CheckError(_("De tijdkolom moet een datum of tijdstip zijn."))
        if not isinstance(params.get("max_age_hours"), int | float):
            raise CheckError(_('Geef "max_age_hours" als getal.'))
    elif kind == CheckKind.ROW_COUNT_CHANGE:
        change = params.get("max_change")
        if not isinstance(change, int | float) or change < 0:
            raise CheckError(_('Geef "max_change" als aandeel, bijvoorbeeld 0.2.'))


def _filter_of(model: type[models.Model], params: Mapping[str, Any]) -> dict[str, Any]:
    condition = params.get("filter") or {}
    if not isinstance(condition, dict):
        raise CheckError(_('Het filter is een object: {"veld": waarde}.'))
    for key in condition:
        path = key.split("__")
        # A trailing lookup (isnull, gte, in, ...) is not a field; the rest must be.
        try:
            resolve_path(model, key)
        except CheckError:
            if len(path) < 2:
                raise
            resolve_path(model, "__".join(path[:-1]))
    return dict(condition)


# --- measuring ------------------------------------------------------------------------------


def _base(check: Check) -> tuple[type[models.Model], QuerySet[Any]]:
    model = model_of(check.dataset)
    rows = model._base_manager.all()
    condition = _filter_of(model, check.params)
    if condition:
        # A filter over a relation may repeat rows; select the primary keys once.
        rows = model._base_manager.filter(pk__in=rows.filter(**condition).values("pk"))
    return model, rows


def _keys(rows: QuerySet[Any]) -> list[Any]:
    return [
        _json_key(pk)
        for pk in rows.order_by("pk").values_list("pk", flat=True).distinct()[:MAX_FAILING_KEYS]
    ]


def _json_key(value: Any) -> Any:
    return value if isinstance(value, int | str) else str(value)


def _is_text(found: Any) -> bool:
    return isinstance(found, models.CharField | models.TextField) and not found.is_relation


def _filled(model: type[models.Model], column: str) -> Q:
    found = resolve_path(model, column)
    condition = Q(**{f"{column}__isnull": False})
    if _is_text(found):
        condition &= ~Q(**{column: ""})
    return condition


def _measure_not_null(check: Check, now: datetime.datetime) -> Measure:
    model, rows = _base(check)
    empty = Q()
    for column in check.columns:
        found = resolve_path(model, column)
        one = Q(**{f"{column}__isnull": True})
        if _is_text(found):
            one |= Q(**{column: ""})
        empty |= one
    failing = model._base_manager.filter(pk__in=rows.filter(empty).values("pk"))
    return Measure(rows.count(), failing.count(), _keys(failing))


def _measure_unique(check: Check, now: datetime.datetime) -> Measure:
    model, rows = _base(check)
    columns = list(check.columns)
    for column in columns:
        resolve_path(model, column)
    grouped = rows.filter(*[Q(**{f"{c}__isnull": False}) for c in columns])
    duplicates = list(
        grouped.order_by()
        .values(*columns)
        .annotate(rows=Count("pk"))
        .filter(rows__gt=1)
        .order_by(*columns)
    )
    failed = sum(group["rows"] for group in duplicates)
    keys: list[Any] = []
    if duplicates:
        which = Q()
        for group in duplicates[:MAX_FAILING_KEYS]:
            which |= Q(**{column: group[column] for column in columns})
        keys = _keys(grouped.filter(which))
    return Measure(rows.count(), failed, keys, {"groups": len(duplicates)})


def _single(check: Check) -> tuple[type[models.Model], QuerySet[Any], str]:
    model, rows = _base(check)
    column = _one_column(list(check.columns), check.kind)
    return model, rows.filter(_filled(model, column)), column


def _measure_accepted_values(check: Check, now: datetime.datetime) -> Measure:
    _model, rows, column = _single(check)
    values = check.params.get("values")
    if not isinstance(values, list):
        raise CheckError(_('Geef de toegestane waarden: {"values": [...]}.'))
    failing = rows.exclude(**{f"{column}__in": values})
    return Measure(rows.count(), failing.count(), _keys(failing))


def _measure_pattern(check: Check, now: datetime.datetime) -> Measure:
    _model, rows, column = _single(check)
    preset = check.params.get("preset")
    if preset == "bsn":
        failed_keys = [
            pk
            for pk, value in rows.order_by("pk").values_list("pk", column).iterator()
            if not bsn_valid(str(value))
        ]
        return Measure(
            rows.count(), len(failed_keys), [_json_key(k) for k in failed_keys[:MAX_FAILING_KEYS]]
        )
    if preset:
        if preset not in PRESETS:
            raise CheckError(_("Onbekend patroon: %(preset)s.") % {"preset": preset})
        regex = PRESETS[preset]
    else:
        regex = check.params.get("regex")
        if not isinstance(regex, str) or not regex:
            raise CheckError(_('Geef een "preset" of een "regex".'))
    bad = ~Q(**{f"{column}__regex": regex})
    if preset == "postcode":
        bad |= Q(**{f"{column}__regex": UNUSED_POSTCODE})
    failing = rows.filter(bad)
    return Measure(rows.count(), failing.count(), _keys(failing), {"regex": regex})


def _measure_range(check: Check, now: datetime.datetime) -> Measure:
    _model, rows, column = _single(check)
    low, high = check.params.get("min"), check.params.get("max")
    bad = Q(pk__in=[])
    if low is not None:
        bad |= Q(**{f"{column}__lt": low})
    if high is not None:
        bad |= Q(**{f"{column}__gt": high})
    failing = rows.filter(bad)
    return Measure(rows.count(), failing.count(), _keys(failing))


def _measure_not_future(check: Check, now: datetime.datetime) -> Measure:
    model, rows, column = _single(check)
    found = resolve_path(model, column)
    if isinstance(found, models.DateTimeField):
        limit: Any = now
    elif isinstance(found, models.DateField):
        limit = timezone.localdate(now)
    else:
        raise CheckError(_("Niet in de toekomst gaat over een datum of tijdstip."))
    failing = rows.filter(**{f"{column}__gt": limit})
    return Measure(rows.count(), failing.count(), _keys(failing), {"today": str(limit)})


def _measure_foreign_key(check: Check, now: datetime.datetime) -> Measure:
    _model, rows, column = _single(check)
    to = check.params.get("to")
    if not isinstance(to, str):
        raise CheckError(_('Geef de doeltabel: {"to": "app.model"}.'))
    target = _target_model(to)
    to_column = check.params.get("to_column") or "pk"
    if to_column != "pk":
        resolve_path(target, to_column)
    match = target._base_manager.filter(**{to_column: OuterRef(column)})
    failing = rows.filter(~Exists(match))
    return Measure(rows.count(), failing.count(), _keys(failing))


def _measure_freshness(check: Check, now: datetime.datetime) -> Measure:
    model, rows = _base(check)
    column = check.params.get("column") or (check.columns[0] if check.columns else None)
    if not column:
        raise CheckError(_("Geef de tijdkolom."))
    found = resolve_path(model, column)
    max_age = check.params.get("max_age_hours")
    if not isinstance(max_age, int | float):
        raise CheckError(_('Geef "max_age_hours" als getal.'))
    newest = rows.aggregate(newest=Max(column))["newest"]
    total = rows.count()
    if newest is None:
        return Measure(
            total,
            total,
            [],
            {"age_hours": None, "newest": None, "max_age_hours": max_age},
            all_or_nothing=True,
            failed=True,
        )
    if not isinstance(found, models.DateTimeField):
        newest_moment = timezone.make_aware(
            datetime.datetime.combine(newest, datetime.time.min), timezone.get_current_timezone()
        )
    else:
        newest_moment = newest
    age = round((now - newest_moment).total_seconds() / 3600, 1)
    stale = age > max_age
    return Measure(
        total,
        total if stale else 0,
        [],
        {"age_hours": age, "newest": newest.isoformat(), "max_age_hours": max_age},
        all_or_nothing=True,
        failed=stale,
    )


def _measure_row_count_change(check: Check, now: datetime.datetime) -> Measure:
    _model, rows = _base(check)
    total = rows.count()
    max_change = check.params.get("max_change")
    if not isinstance(max_change, int | float):
        raise CheckError(_('Geef "max_change" als aandeel.'))
    previous = check.results.filter(error="", run_at__lt=now).order_by("-run_at", "-pk").first()
    if previous is None:
        return Measure(total, 0, [], {"previous": None, "change": None}, all_or_nothing=True)
    before = previous.rows_checked
    change = (abs(total - before) / before) if before else (0.0 if total == 0 else 1.0)
    failed = change > max_change
    return Measure(
        total,
        total if failed else 0,
        [],
        {"previous": before, "change": round(change, 4), "max_change": max_change},
        all_or_nothing=True,
        failed=failed,
    )


def _sql_params(sql: str, now: datetime.datetime) -> dict[str, Any] | None:
    if "%(" not in sql:
        return None
    today = timezone.localdate(now)
    return {
        "today": today,
        "now": now,
        "year": today.year,
        "year_start": year_start(today.year),
        "year_end": year_end(today.year),
    }


def _read_only_query(sql: str, now: datetime.datetime, *, limit: int | None = None) -> list[Any]:
    """Run ``sql`` read-only inside a savepoint that is rolled back, whatever it did."""
    params = _sql_params(sql, now)
    with transaction.atomic():
        sqlite = connection.vendor == "sqlite"
        with connection.cursor() as cursor:
            if sqlite:
                cursor.execute("PRAGMA query_only = ON")
            else:
                cursor.execute("SET LOCAL transaction_read_only = on")
            try:
                if params is None:
                    cursor.execute(sql)
                else:
                    cursor.execute(sql, params)
                rows = list(cursor.fetchall())
            finally:
                if sqlite:
                    cursor.execute("PRAGMA query_only = OFF")
        transaction.set_rollback(True)
    return rows


def _measure_sql(check: Check, now: datetime.datetime) -> Measure:
    sql = _sql_text(check.params.get("sql"))
    rows = _read_only_query(sql, now)
    failed = len(rows)
    keys = [_json_key(row[0]) for row in rows[:MAX_FAILING_KEYS] if row]
    if check.params.get("total_sql"):
        total_rows = _read_only_query(_sql_text(check.params["total_sql"]), now)
        total = int(total_rows[0][0]) if total_rows and total_rows[0] else 0
    elif check.dataset.model_label:
        total = model_of(check.dataset)._base_manager.count()
    else:
        total = failed
    return Measure(max(total, failed), failed, keys)


MEASURES: dict[str, Callable[[Check, datetime.datetime], Measure]] = {
    CheckKind.NOT_NULL: _measure_not_null,
    CheckKind.UNIQUE: _measure_unique,
    CheckKind.ACCEPTED_VALUES: _measure_accepted_values,
    CheckKind.PATTERN: _measure_pattern,
    CheckKind.RANGE: _measure_range,
    CheckKind.NOT_FUTURE: _measure_not_future,
    CheckKind.FOREIGN_KEY: _measure_foreign_key,
    CheckKind.FRESHNESS: _measure_freshness,
    CheckKind.ROW_COUNT_CHANGE: _measure_row_count_change,
    CheckKind.SQL: _measure_sql,
}


def measure(check: Check, now: datetime.datetime) -> Measure:
    """What ``check`` finds now; raises :class:`CheckError` (or a database error) when it
    cannot run."""
    function = MEASURES.get(check.kind)
    if function is None:
        raise CheckError(_("Onbekende soort controle: %(kind)s.") % {"kind": check.kind})
    return function(check, now)


# --- running --------------------------------------------------------------------------------


def run_check(
    check: Check, *, actor: Actor = None, now: datetime.datetime | None = None
) -> CheckResult:
    """Run one check: its result, and when it failed its incident, in one transaction."""
    if actor is not None:
        require_permission(actor, RUN_PERMISSION)
    now = now or timezone.now()
    with transaction.atomic():
        started = time.monotonic()
        error = ""
        found = Measure(0, 0)
        try:
            # A savepoint of its own: an error inside leaves the transaction usable.
            with transaction.atomic():
                found = measure(check, now)
        except (
            CheckError,
            DatabaseError,
            FieldDoesNotExist,
            ValidationError,
            ValueError,
            TypeError,
        ) as problem:
            error = str(problem) or problem.__class__.__name__
        duration = int((time.monotonic() - started) * 1000)
        if error:
            passed = False
        elif found.all_or_nothing:
            passed = not found.failed
        else:
            share = found.rows_failed / found.rows_checked if found.rows_checked else 0.0
            passed = Decimal(str(share)) <= Decimal(check.threshold)
        result = CheckResult.objects.create(
            check_rule=check,
            run_at=now,
            run_by=_user(actor),
            rows_checked=found.rows_checked,
            rows_failed=found.rows_failed,
            passed=passed,
            failing_keys=found.failing_keys[:MAX_FAILING_KEYS],
            measured=found.measured,
            error=error[:2000],
            duration_ms=duration,
        )
        if not passed:
            _record_failure(check, result, actor=actor, now=now)
    return result


def _record_failure(
    check: Check, result: CheckResult, *, actor: Actor, now: datetime.datetime
) -> Incident:
    incident = (
        Incident.objects.select_for_update()
        .filter(check_rule=check)
        .exclude(status=IncidentStatus.RESOLVED)
        .order_by("pk")
        .first()
    )
    if incident is None:
        incident = Incident.objects.create(
            check_rule=check,
            status=IncidentStatus.NEW,
            opened_by=result,
            last_failure=result,
            failures=1,
        )
        audit_create(actor=actor, instance=incident)
        IncidentEvent.objects.create(
            incident=incident,
            at=now,
            actor=_user(actor),
            from_status="",
            to_status=IncidentStatus.NEW,
            result=result,
            note=_("Geopend: de controle keurde de data af."),
        )
        return incident
    incident.failures += 1
    incident.last_failure = result
    incident.save(update_fields=["failures", "last_failure", "updated_at"])
    IncidentEvent.objects.create(
        incident=incident,
        at=now,
        actor=_user(actor),
        from_status=incident.status,
        to_status=incident.status,
        result=result,
        note=_("Opnieuw afgekeurd."),
    )
    return incident


def _user(actor: Actor) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


def run_checks(
    checks: Iterable[Check] | None = None,
    *,
    actor: Actor = None,
    now: datetime.datetime | None = None,
) -> list[CheckResult]:
    """Run each check in its own transaction; by default every active, scheduled check."""
    if checks is None:
        checks = Check.objects.filter(active=True, scheduled=True).select_related("dataset")
    return [run_check(check, actor=actor, now=now) for check in checks]


def request_run(*, actor: Actor, checks: Iterable[Check]) -> int:
    """Run checks on demand through the tasks API (inline with the immediate backend)."""
    from grip.dataplatform import quality_tasks as tasks

    require_permission(actor, RUN_PERMISSION)
    ids = [check.pk for check in checks if check.active]
    if ids:
        user = _user(actor)
        tasks.run_checks_now.enqueue(ids, user.pk if user is not None else None)
    return len(ids)


# --- incidents ------------------------------------------------------------------------------


def may_handle(actor: Actor, incident: Incident) -> bool:
    """Who may move an incident: KIS and beheerder (the permission), the check's owner, and
    the dataset's data steward today."""
    if actor is None or not actor.is_authenticated:
        return False
    if actor.has_perm(INCIDENT_PERMISSION):
        return True
    employee = Employee.objects.filter(user=actor).first()
    if employee is None:
        return False
    check = incident.check_rule
    if check.owner_employee_id == employee.pk:
        return True
    if check.owner_team_id is not None and check.owner_team_id == employee.team_id:
        return True
    from grip.dataplatform.selectors import roles_on

    return any(
        role.role == DataRole.STEWARD
        and (role.employee_id == employee.pk or (role.team_id and role.team_id == employee.team_id))
        for role in roles_on(check.dataset)
    )


def last_run_passed(incident: Incident) -> bool:
    """Whether the check's latest run, after the incident's last failure, passed (a pass does
    not close the incident: a person resolves it, with a reason)."""
    latest = incident.check_rule.results.order_by("-run_at", "-pk").first()
    return bool(latest is not None and latest.passed and latest.pk != incident.last_failure_id)


def _require_handler(actor: Actor, incident: Incident) -> None:
    if not may_handle(actor, incident):
        raise NotAllowed(
            _("U mag dit incident niet behandelen (%(codename)s).")
            % {"codename": INCIDENT_PERMISSION},
            code="permission_denied",
        )


def _move(
    *,
    actor: Actor,
    incident: Incident,
    allowed_from: tuple[str, ...],
    to: str,
    note: str,
    changes: Mapping[str, Any] | None = None,
) -> Incident:
    _require_handler(actor, incident)
    with transaction.atomic():
        locked = Incident.objects.select_for_update().order_by("pk").get(pk=incident.pk)
        if locked.status not in allowed_from:
            raise Conflict(
                _("Een incident met status %(status)s kan niet naar %(to)s.")
                % {
                    "status": locked.get_status_display().lower(),
                    "to": IncidentStatus(to).label.lower(),
                },
                field="status",
                code="illegal_transition",
            )
        before = snapshot(locked)
        previous = locked.status
        locked.status = to
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.save()
        audit_update(actor=actor, instance=locked, before=before)
        IncidentEvent.objects.create(
            incident=locked,
            at=timezone.now(),
            actor=_user(actor),
            from_status=previous,
            to_status=to,
            note=note,
        )
    return locked


OPEN_STATUSES = (IncidentStatus.NEW, IncidentStatus.ACKNOWLEDGED, IncidentStatus.ASSIGNED)
# Each move of an incident, and the statuses it may start from.
MOVES_FROM: dict[str, tuple[str, ...]] = {
    "acknowledge": (IncidentStatus.NEW,),
    "assign": (IncidentStatus.NEW, IncidentStatus.ACKNOWLEDGED),
    "resolve": OPEN_STATUSES,
}


def moves_for(actor: Actor, incident: Incident) -> set[str]:
    """The moves ``actor`` may make on ``incident`` now (the services check them again)."""
    if not may_handle(actor, incident):
        return set()
    return {move for move, statuses in MOVES_FROM.items() if incident.status in statuses}


def incident_acknowledge(*, actor: Actor, incident: Incident, note: str = "") -> Incident:
    return _move(
        actor=actor,
        incident=incident,
        allowed_from=MOVES_FROM["acknowledge"],
        to=IncidentStatus.ACKNOWLEDGED,
        note=note or _("Erkend."),
    )


def incident_assign(
    *, actor: Actor, incident: Incident, assignee: Employee, note: str = ""
) -> Incident:
    if assignee is None or (
        assignee.end_date is not None and assignee.end_date < timezone.localdate()
    ):
        raise DomainError(
            _("Kies een actieve medewerker."), field="assignee", code="assignee_inactive"
        )
    return _move(
        actor=actor,
        incident=incident,
        allowed_from=MOVES_FROM["assign"],
        to=IncidentStatus.ASSIGNED,
        note=note or _("Toegewezen aan %(name)s.") % {"name": assignee},
        changes={"assignee": assignee},
    )


def incident_resolve(*, actor: Actor, incident: Incident, reason: str) -> Incident:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Geef de reden waarom het incident is opgelost."),
            field="reason",
            code="reason_required",
        )
    return _move(
        actor=actor,
        incident=incident,
        allowed_from=MOVES_FROM["resolve"],
        to=IncidentStatus.RESOLVED,
        note=reason,
        changes={"resolution": reason, "resolved_at": timezone.now()},
    )


# --- people's writes to checks --------------------------------------------------------------

# People own these of every check; of their own (not shipped) checks also the definition.
PEOPLE_FIELDS = ("threshold", "owner_employee", "owner_team", "severity", "active", "scheduled")
DEFINITION_FIELDS = ("name", "description", "dataset", "kind", "columns", "params", "dimension")


def _require_sql_permission(actor: Actor) -> None:
    for codename in SQL_PERMISSIONS:
        require_permission(actor, codename)


def _check_owner(data: Mapping[str, Any]) -> None:
    if data.get("owner_employee") is not None and data.get("owner_team") is not None:
        raise DomainError(
            _("Kies een medewerker of een team als eigenaar, niet allebei."),
            field="owner_team",
            code="owner_person_or_team",
        )


def check_create(*, actor: Actor, data: Mapping[str, Any]) -> Check:
    require_permission(actor, "dataplatform.add_check")
    refuse_unknown_fields(data, {"code", *DEFINITION_FIELDS, *PEOPLE_FIELDS})
    kind = data.get("kind", "")
    if kind == CheckKind.SQL:
        _require_sql_permission(actor)
    dataset = data.get("dataset")
    if not isinstance(dataset, Dataset):
        raise DomainError(_("Kies een dataset."), field="dataset", code="required")
    columns, params = validate_definition(
        dataset=dataset, kind=kind, columns=data.get("columns", []), params=data.get("params", {})
    )
    _check_owner(data)
    check = Check(**{**dict(data), "columns": columns, "params": params})
    if not check.dimension:
        check.dimension = DEFAULT_DIMENSION[CheckKind(kind)]
    check.shipped = False
    with transaction.atomic():
        check.full_clean()
        check.save()
        audit_create(actor=actor, instance=check)
    return check


def check_update(*, actor: Actor, check: Check, data: Mapping[str, Any]) -> Check:
    require_permission(actor, "dataplatform.change_check")
    allowed = set(PEOPLE_FIELDS) if check.shipped else {*DEFINITION_FIELDS, *PEOPLE_FIELDS}
    for name in data:
        if name not in allowed:
            raise DomainError(
                _("Dit veld van een meegeleverde controle ligt vast in de code.")
                if check.shipped
                else f"Field '{name}' cannot be set here.",
                field=name,
                code="field_not_writable",
            )
    with transaction.atomic():
        locked = Check.objects.select_for_update().order_by("pk").get(pk=check.pk)
        if CheckKind.SQL in (locked.kind, data.get("kind")) and (
            {"kind", "params", "columns", "dataset"} & set(data)
        ):
            _require_sql_permission(actor)
        before = snapshot(locked)
        for name, value in data.items():
            setattr(locked, name, value)
        if not check.shipped and {"kind", "columns", "params", "dataset"} & set(data):
            locked.columns, locked.params = validate_definition(
                dataset=locked.dataset,
                kind=locked.kind,
                columns=locked.columns,
                params=locked.params,
            )
        _check_owner({"owner_employee": locked.owner_employee, "owner_team": locked.owner_team})
        locked.full_clean()
        locked.save()
        audit_update(actor=actor, instance=locked, before=before)
    return locked


# --- reads ----------------------------------------------------------------------------------


def check_list(*, dataset: Dataset | None = None) -> QuerySet[Check]:
    """The checks with ``latest`` (the pk of their latest result) annotated."""
    from django.db.models import Subquery

    latest = CheckResult.objects.filter(check_rule=OuterRef("pk")).order_by("-run_at", "-pk")
    checks = Check.objects.select_related("dataset", "owner_employee", "owner_team").annotate(
        latest=Subquery(latest.values("pk")[:1])
    )
    if dataset is not None:
        checks = checks.filter(dataset=dataset)
    return checks.order_by("dataset__identifier", "code")


def with_latest_results(checks: Iterable[Check]) -> list[tuple[Check, CheckResult | None]]:
    rows = list(checks)
    results = CheckResult.objects.in_bulk(
        [check.latest for check in rows if getattr(check, "latest", None)]  # type: ignore[attr-defined]
    )
    return [(check, results.get(getattr(check, "latest", None))) for check in rows]


def result_list() -> QuerySet[CheckResult]:
    return CheckResult.objects.select_related("check_rule", "check_rule__dataset", "run_by")


def incident_list(*, status: str = "") -> QuerySet[Incident]:
    incidents = Incident.objects.select_related(
        "check_rule", "check_rule__dataset", "assignee", "last_failure"
    )
    if status == "open":
        incidents = incidents.exclude(status=IncidentStatus.RESOLVED)
    elif status:
        incidents = incidents.filter(status=status)
    return incidents
