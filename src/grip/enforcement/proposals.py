"""Decision support for enforcement, as pure functions over plain values.

- :func:`propose`: the interventions a cell of the adopted strategy allows, the first one it
  proposes, the repair term and whether the prosecutor must be consulted.
- :func:`deviation_refusal`: an intervention outside the cell needs a stated reason.
- :func:`recidivism_advice`: the same rule broken on the same object within the strategy's
  period proposes moving the behaviour one step to the right (A → B → C → D).
- :func:`next_step` and :func:`ladder`: the usual escalation (DOMAIN.md) — warning, notice of
  intent with a term and a chance to respond, re-inspection, an order with a grace period,
  penalties forfeited and collected — and where a violation stands on it.

The services and pages turn rows into these values (``selectors.cell_rule`` and
``selectors.ladder_state``); nothing here reads the database, so every rule is a table test.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from grip.enforcement.constants import (
    ADMINISTRATIVE_TRACKS,
    Behaviour,
    InstrumentTrack,
    Rung,
    worse_behaviour,
)

# The first order of a cell is preceded by a notice of intent (Awb 4:8), unless the cell asks
# for immediate repair: then the order is urgent and the notice is skipped (Awb 4:11, 5:31).
URGENT_TERM_DAYS = 0
# A notice of intent leaves this long to respond when the cell's term is shorter.
DEFAULT_RESPONSE_DAYS = 14
# Instruments on the ladder's first rung: a letter asking for repair, not a decision.
_LETTER_SEVERITY = 3


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


@dataclass(frozen=True)
class InstrumentRef:
    code: str
    name: str
    severity: int
    track: str
    is_decision: bool = False
    has_penalty: bool = False

    @property
    def administrative(self) -> bool:
        return self.track in ADMINISTRATIVE_TRACKS


@dataclass(frozen=True)
class CellRule:
    """One cell of an adopted strategy, as plain values."""

    code: str  # "3B"
    default: InstrumentRef
    allowed: tuple[InstrumentRef, ...]
    repair_term_days: int
    prosecutor_consultation: bool
    strategy_label: str = ""

    def allows(self, instrument_code: str) -> bool:
        return any(instrument.code == instrument_code for instrument in self.allowed)


@dataclass(frozen=True)
class Proposal:
    cell: str
    default: InstrumentRef
    administrative: tuple[InstrumentRef, ...]
    criminal: tuple[InstrumentRef, ...]
    repair_term_days: int
    repair_until: datetime.date | None
    prosecutor_consultation: bool
    explanation: tuple[str, ...]


def propose(cell: CellRule, *, observed_on: datetime.date) -> Proposal:
    """What the cell of a violation proposes, with the reasons in Dutch."""
    administrative = tuple(i for i in cell.allowed if i.administrative)
    criminal = tuple(i for i in cell.allowed if i.track == InstrumentTrack.STRAFRECHT)
    repair_until = (
        observed_on + datetime.timedelta(days=cell.repair_term_days)
        if cell.repair_term_days > URGENT_TERM_DAYS
        else None
    )
    explanation = [
        _("Cel %(cell)s van %(strategy)s stelt als eerste interventie voor: %(first)s.")
        % {
            "cell": cell.code,
            "strategy": cell.strategy_label or _("de strategie"),
            "first": cell.default.name,
        }
    ]
    if repair_until is not None:
        explanation.append(
            _("Hersteltermijn %(days)s dagen: herstellen uiterlijk %(day)s.")
            % {"days": cell.repair_term_days, "day": _day(repair_until)}
        )
    else:
        explanation.append(_("Direct herstellen: de cel geeft geen hersteltermijn."))
    if criminal:
        explanation.append(
            _("Daarnaast kan strafrechtelijk worden opgetreden: %(list)s.")
            % {"list": ", ".join(i.name for i in criminal)}
        )
    if cell.prosecutor_consultation:
        explanation.append(_("Stem het optreden af met het Openbaar Ministerie (Ow 18.16)."))
    return Proposal(
        cell=cell.code,
        default=cell.default,
        administrative=administrative,
        criminal=criminal,
        repair_term_days=cell.repair_term_days,
        repair_until=repair_until,
        prosecutor_consultation=cell.prosecutor_consultation,
        explanation=tuple(explanation),
    )


def deviation_refusal(cell: CellRule, *, instrument: InstrumentRef, reason: str) -> str | None:
    """Why choosing ``instrument`` is refused, or None: outside the cell needs a reason."""
    if cell.allows(instrument.code) or reason.strip():
        return None
    return _(
        "%(instrument)s valt buiten cel %(cell)s van de strategie; geef de reden van de afwijking."
    ) % {"instrument": instrument.name, "cell": cell.code}


def worst_position(positions: Sequence[tuple[int, str]]) -> tuple[int, str]:
    """Where a violation on several findings starts: the highest consequence and the worst
    behaviour among them (each axis on its own)."""
    if not positions:
        raise ValueError("A violation rests on at least one placed finding.")
    return max(c for c, _b in positions), max(b for _c, b in positions)


# --- recidivism -----------------------------------------------------------------------------


_ARTICLE = re.compile(r"\b(artikel|art\.?)\s*", re.IGNORECASE)
_NOISE = re.compile(r"[^\w.]+")


def rule_key(rule: str) -> str:
    """The rule in a form that recognises "Bal art. 2.11" and "bal artikel 2.11" as one."""
    text = _ARTICLE.sub("art ", rule.casefold())
    return _NOISE.sub(" ", text).strip()


@dataclass(frozen=True)
class PriorViolation:
    identification: str
    observed_on: datetime.date
    behaviour: str


@dataclass(frozen=True)
class RecidivismAdvice:
    prior: PriorViolation
    behaviour_from: str
    behaviour_to: str
    explanation: str

    @property
    def raises(self) -> bool:
        return self.behaviour_to != self.behaviour_from


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` earlier, or that month's last day when it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


def recidivism_advice(
    *,
    behaviour: str,
    prior: Sequence[PriorViolation],
    observed_on: datetime.date,
    months: int,
) -> RecidivismAdvice | None:
    """Advice when the same rule on the same object was broken within ``months`` before.

    ``prior`` holds the object's earlier violations of the same rule (any order); the latest
    within the period counts. The advice never lowers the behaviour.
    """
    since = months_before(observed_on, months)
    within = [p for p in prior if since <= p.observed_on < observed_on]
    if not within:
        return None
    latest = max(within, key=lambda p: (p.observed_on, p.identification))
    raised = worse_behaviour(behaviour)
    if raised == behaviour:
        explanation = _(
            "Recidive: dezelfde regel is op %(day)s op dit object overtreden (%(id)s), binnen "
            "%(months)s maanden. Het gedrag staat al op %(behaviour)s, de zwaarste typering."
        )
    else:
        explanation = _(
            "Recidive: dezelfde regel is op %(day)s op dit object overtreden (%(id)s), binnen "
            "%(months)s maanden. Voorstel: het gedrag één stap zwaarder typeren, van "
            "%(behaviour)s naar %(raised)s."
        )
    return RecidivismAdvice(
        prior=latest,
        behaviour_from=behaviour,
        behaviour_to=raised,
        explanation=explanation
        % {
            "day": _day(latest.observed_on),
            "id": latest.identification,
            "months": months,
            "behaviour": Behaviour(behaviour).label,
            "raised": Behaviour(raised).label,
        },
    )


# --- escalation ---------------------------------------------------------------------------------


def rung_of(instrument: InstrumentRef) -> Rung | None:
    """Where an imposed instrument sits on the ladder; punitive and criminal ones run beside it."""
    if instrument.track in (InstrumentTrack.BESTRAFFEND, InstrumentTrack.STRAFRECHT):
        return None
    if instrument.severity <= _LETTER_SEVERITY:
        return Rung.WAARSCHUWING
    return Rung.LAST


def start_rung(cell: CellRule) -> Rung:
    """The first rung a violation in ``cell`` takes."""
    rung = rung_of(cell.default)
    if rung is None or rung == Rung.WAARSCHUWING:
        return Rung.WAARSCHUWING
    return Rung.LAST if cell.repair_term_days <= URGENT_TERM_DAYS else Rung.VOORNEMEN


@dataclass(frozen=True)
class Step:
    """A step taken on the ladder: a letter, a notice of intent, an order, a collection."""

    rung: Rung
    on: datetime.date
    until: datetime.date | None
    label: str


@dataclass(frozen=True)
class Check:
    """A performed re-inspection and whether the violation was repaired."""

    on: datetime.date
    repaired: bool


@dataclass(frozen=True)
class LadderState:
    cell: CellRule
    observed_on: datetime.date
    steps: tuple[Step, ...]
    checks: tuple[Check, ...]
    repaired_on: datetime.date | None = None
    enforce: bool = True
    no_enforcement_reason: str = ""
    planned_check_on: datetime.date | None = None


@dataclass(frozen=True)
class NextStep:
    rung: Rung | None
    due_on: datetime.date | None
    explanation: str
    instruments: tuple[InstrumentRef, ...] = ()


_AFTER: dict[Rung, Rung] = {
    Rung.WAARSCHUWING: Rung.VOORNEMEN,
    Rung.VOORNEMEN: Rung.LAST,
    Rung.LAST: Rung.INVORDERING,
    Rung.INVORDERING: Rung.LAST,
}


def _orders(cell: CellRule) -> tuple[InstrumentRef, ...]:
    return tuple(i for i in cell.allowed if rung_of(i) == Rung.LAST)


def _instruments_for(rung: Rung, cell: CellRule) -> tuple[InstrumentRef, ...]:
    if rung == Rung.WAARSCHUWING:
        return tuple(i for i in cell.allowed if rung_of(i) == Rung.WAARSCHUWING)
    if rung in (Rung.VOORNEMEN, Rung.LAST):
        return _orders(cell)
    return ()


def next_step(state: LadderState, *, today: datetime.date) -> NextStep:
    """The next step on the ladder for a violation, with the reason in one Dutch sentence."""
    if state.repaired_on is not None:
        return NextStep(
            None,
            None,
            _("De overtreding is op %(day)s hersteld; er volgt geen stap.")
            % {"day": _day(state.repaired_on)},
        )
    if not state.enforce:
        return NextStep(
            None,
            None,
            _("Er wordt niet gehandhaafd: %(reason)s") % {"reason": state.no_enforcement_reason},
        )
    steps = sorted(state.steps, key=lambda s: s.on)
    if not steps:
        rung = start_rung(state.cell)
        return NextStep(
            rung,
            max(state.observed_on, today) if rung != Rung.LAST else state.observed_on,
            _("Eerste stap volgens cel %(cell)s: %(rung)s.")
            % {"cell": state.cell.code, "rung": rung.label},
            _instruments_for(rung, state.cell),
        )
    last = steps[-1]
    checks = sorted((c for c in state.checks if c.on >= last.on), key=lambda c: c.on)
    if not checks:
        due = state.planned_check_on or last.until or last.on
        return NextStep(
            Rung.HERCONTROLE,
            due,
            _("Hercontrole na de termijn van de stap '%(step)s', op %(day)s.")
            % {"step": last.label, "day": _day(due)},
        )
    latest = checks[-1]
    if latest.repaired:  # the services set repaired_on; this guards a state built by hand
        return NextStep(
            None,
            None,
            _("Bij de hercontrole op %(day)s was de overtreding hersteld.")
            % {"day": _day(latest.on)},
        )
    rung = _AFTER[last.rung]
    if last.rung == Rung.INVORDERING:
        explanation = _(
            "Bij de hercontrole op %(day)s duurde de overtreding voort, ook na invordering: "
            "een nieuwe last met een hogere dwangsom, of bestuursdwang."
        )
    else:
        explanation = _(
            "Bij de hercontrole op %(day)s was de overtreding niet hersteld: volgende stap is "
            "%(rung)s."
        )
    return NextStep(
        rung,
        max(latest.on, today),
        explanation % {"day": _day(latest.on), "rung": rung.label},
        _instruments_for(rung, state.cell),
    )


@dataclass(frozen=True)
class RungView:
    rung: Rung
    state: str  # "gedaan", "volgende", "overgeslagen", "open"
    on: datetime.date | None
    until: datetime.date | None


LADDER = (Rung.WAARSCHUWING, Rung.VOORNEMEN, Rung.HERCONTROLE, Rung.LAST, Rung.INVORDERING)


def ladder(state: LadderState, *, today: datetime.date) -> tuple[RungView, ...]:
    """The five rungs with what happened on each and which one comes next."""
    coming = next_step(state, today=today)
    taken: dict[Rung, Step] = {}
    for step in sorted(state.steps, key=lambda s: s.on):
        taken[step.rung] = step  # the latest step per rung
    checked = max((c.on for c in state.checks), default=None)
    highest = max((LADDER.index(r) for r in taken), default=-1)
    views = []
    for index, rung in enumerate(LADDER):
        if rung == Rung.HERCONTROLE:
            done_on, until = checked, None
        else:
            taken_step = taken.get(rung)
            done_on, until = (taken_step.on, taken_step.until) if taken_step else (None, None)
        if coming.rung == rung:
            views.append(RungView(rung, "volgende", done_on, coming.due_on))
        elif done_on is not None:
            views.append(RungView(rung, "gedaan", done_on, until))
        elif index < highest and rung != Rung.HERCONTROLE:
            views.append(RungView(rung, "overgeslagen", None, None))
        else:
            views.append(RungView(rung, "open", None, None))
    return tuple(views)
