"""Retention and archiving of closed cases, with ZGW semantics, as pure functions.

Nothing here touches the database: the functions take dates, strings and small value objects
(or model instances already in memory, read as plain attributes), so that the closing
services, the demo and the tests compute the same thing. See docs/adr/0006-data-platform.md §5.

* **Durations** (:func:`parse_duration`, :func:`add_duration`): ISO 8601 date durations as the
  Selectielijst uses them (P5Y, P6M, P1Y6M, P42D, P2W, P0D). Years and months are added first,
  clamping to the end of a shorter month (31 January + P1M = 28/29 February; 29 February +
  P1Y = 28 February), then the weeks and days.
* **Result** (:func:`case_result`): how a case ended, at closure. A withdrawn case is
  *ingetrokken*, one not considered (Awb 4:5) *afgebroken*; an inspection ends *handhaving
  uitgevoerd* when a sanction or fine was decided in it, else *toezicht uitgevoerd*; otherwise
  the result of the latest decision still standing (its type's ``result``), and without one
  *verstrekt* for an advice, *afgehandeld* for the rest.
* **Archive fields** (:func:`archive_fields`, zrc-021/zrc-022): the nomination and class come
  from the retention rule's Selectielijst result; the *brondatum* follows the rule's
  afleidingswijze (afgehandeld: the closing date; termijn: closing date + the rule's process
  term; eigenschap: the date the handler recorded; vervaldatum besluit and the others Grip does
  not know: none); the *archiefactiedatum* is brondatum + the retention term (vernietigen) or
  + the transfer term (blijvend bewaren). No brondatum, no date; the status stays *nog te
  archiveren* at closure.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from grip.cases.constants import (
    Afleidingswijze,
    ArchiveNomination,
    ArchiveStatus,
    CaseResult,
    CaseStatus,
    CimObject,
    DecisionKind,
)

_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")

# Decisions that make an inspection an enforcement: a remedial sanction or a fine.
# The case's fields this module fills at closure (services and the demo write exactly these).
ARCHIVE_FIELDS = (
    "result",
    "selection_list_result",
    "archive_nomination",
    "archive_source_date",
    "archive_action_date",
    "archive_status",
)
ENFORCEMENT_KINDS = frozenset({DecisionKind.SANCTIE, DecisionKind.BESTUURLIJKE_BOETE})


@dataclass(frozen=True)
class Duration:
    years: int = 0
    months: int = 0
    days: int = 0  # weeks included


def parse_duration(text: str) -> Duration:
    """An ISO 8601 date duration ("P1Y6M", "P42D", "P2W", "P0D"); time parts are refused."""
    match = _DURATION.match(text.strip().upper())
    if not match or text.strip().upper() == "P":
        raise ValueError(f"Not an ISO 8601 date duration: {text!r}")
    years, months, weeks, days = (int(part) if part else 0 for part in match.groups())
    return Duration(years=years, months=months, days=7 * weeks + days)


def validate_duration(value: str) -> None:
    """Model validator: blank, or an ISO 8601 date duration that :func:`parse_duration` reads
    (so that closing a case can never fail on a stored term)."""
    if not value:
        return
    try:
        parse_duration(value)
    except ValueError:
        raise ValidationError(
            _("%(value)s is geen ISO 8601-duur in jaren, maanden, weken of dagen, zoals P5Y."),
            params={"value": value},
            code="invalid_duration",
        ) from None


def add_duration(day: dt.date, duration: Duration | str) -> dt.date:
    """``day`` + ``duration``: years and months first (clamped to the month's end), then days."""
    if isinstance(duration, str):
        duration = parse_duration(duration)
    months = day.month - 1 + 12 * duration.years + duration.months
    year, month = day.year + months // 12, months % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last)) + dt.timedelta(days=duration.days)


# --- the result --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionFact:
    """What the result needs of one decision in the case."""

    result: str  # the decision type's result ("" when it gives none)
    kind: str  # DecisionKind
    decision_date: dt.date
    withdrawn: bool = False


def case_result(*, status: str, cim_object: str, decisions: Sequence[DecisionFact] = ()) -> str:
    """The case's result at closure (a :class:`CaseResult` value)."""
    if status == CaseStatus.INGETROKKEN:
        return CaseResult.INGETROKKEN
    if status == CaseStatus.BUITEN_BEHANDELING:
        return CaseResult.AFGEBROKEN
    standing = [decision for decision in decisions if not decision.withdrawn]
    if cim_object == CimObject.CONTROLE:
        if any(decision.kind in ENFORCEMENT_KINDS for decision in standing):
            return CaseResult.HANDHAVING_UITGEVOERD
        return CaseResult.TOEZICHT_UITGEVOERD
    with_result = sorted(
        (decision for decision in standing if decision.result),
        key=lambda decision: decision.decision_date,
    )
    if with_result:
        return with_result[-1].result
    if cim_object == CimObject.ADVIESVERZOEK:
        return CaseResult.VERSTREKT
    return CaseResult.AFGEHANDELD


# --- the archive fields ----------------------------------------------------------------------


class _ClosedCase(Protocol):
    @property
    def closed_on(self) -> dt.date | None: ...

    @property
    def archive_source_date(self) -> dt.date | None: ...


class _SelectionClass(Protocol):
    valuation: str
    retention_term: str


class _Rule(Protocol):
    afleidingswijze: str
    process_term: str

    @property
    def selection_list_result(self) -> Any: ...


@dataclass(frozen=True)
class ArchiveFields:
    """The values the closing service stores on the case (ZGW names in the comments)."""

    nomination: str = ""  # archiefnominatie
    selection_list_result: Any = None  # selectielijstklasse (the SelectionListResult)
    source_date: dt.date | None = None  # brondatum archiefprocedure
    action_date: dt.date | None = None  # archiefactiedatum
    status: str = ArchiveStatus.NOG_TE_ARCHIVEREN  # archiefstatus


def source_date(
    *,
    afleidingswijze: str,
    closed_on: dt.date | None,
    process_term: str = "",
    recorded: dt.date | None = None,
) -> dt.date | None:
    """The brondatum of the archive procedure, or None when Grip cannot know it (yet)."""
    if afleidingswijze == Afleidingswijze.AFGEHANDELD:
        return closed_on
    if afleidingswijze == Afleidingswijze.TERMIJN:
        if closed_on is None or not process_term:
            return None
        return add_duration(closed_on, process_term)
    if afleidingswijze == Afleidingswijze.EIGENSCHAP:
        return recorded
    # vervaldatum_besluit: a Decision has no end date yet; the other ways need data Grip lacks.
    return None


def archive_fields(case: _ClosedCase, rule: _Rule | None, transfer_term: str) -> ArchiveFields:
    """The archive fields of a closed case under ``rule`` (None: no rule, nothing filled; the
    case is listed for the archivist). ``transfer_term`` is the term until a case kept
    permanently is transferred (``settings.ARCHIVE_TRANSFER_TERM``)."""
    if rule is None:
        return ArchiveFields()
    selection: _SelectionClass = rule.selection_list_result
    nomination = selection.valuation
    brondatum = source_date(
        afleidingswijze=rule.afleidingswijze,
        closed_on=case.closed_on,
        process_term=rule.process_term,
        recorded=case.archive_source_date,
    )
    term = (
        transfer_term
        if nomination == ArchiveNomination.BLIJVEND_BEWAREN
        else selection.retention_term
    )
    action_date = add_duration(brondatum, term) if brondatum is not None and term else None
    return ArchiveFields(
        nomination=nomination,
        selection_list_result=selection,
        source_date=brondatum,
        action_date=action_date,
    )
