"""The deadline engine: legal terms of cases as pure functions.

Nothing here touches the database. The functions take dates and small value objects and return
dates, value objects and Dutch one-line explanations, so that every rule can be tested on its own
and the same computation serves the case page, the case list, the API and the demo data.

Rules implemented, with the reading chosen where the law leaves room:

* **Counting.** A term of *n* days (or weeks) "after receipt" ends on ``received + n`` days: the
  day of receipt does not count, the last day does (a term of 8 weeks from Monday 2 March ends on
  Monday 27 April).
* **Algemene termijnenwet** (:func:`atw_end`): art. 1 moves an end on a Saturday, Sunday or
  general holiday to the next working day; art. 2 extends a term of at least three days so that
  it holds two working days; art. 3 lists the holidays (:func:`general_holidays`), Good Friday
  equated by art. 3(2); days equated by royal decree are data (:class:`AtwCalendar`). The Atw is
  applied once, to the end of the whole term (original term + suspended days + extension), never
  to intermediate dates, and only to terms marked ``statutory``.
* **Suspension** (Awb 4:15, :class:`Suspension`): from the day after the applicant was asked to
  complete the application up to and including the day it was completed (or the completion term
  expired unused): ``(end - start).days`` days.
* **Extension** (Ow 16.64, Wabo 3.9/3.12, Awb 9:11(2), :class:`Extension`): once, by at most the
  procedure's maximum, decided no later than the last day of the running term.
* **Penalty for late decisions** (Awb 4:17, :func:`penalty_claim`) and the **permit by default**
  of the Wabo regular procedure (:func:`permit_by_default_risk`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

ONE_DAY = dt.timedelta(days=1)

WEEKDAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTH_NAMES = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
EQUATED_DAY = "gelijkgestelde dag"


def dutch_date(day: dt.date) -> str:
    """``zaterdag 14 maart 2026``, independent of the active locale."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


# --- holiday calendar (Atw art. 3) -----------------------------------------------------------


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday in the Gregorian calendar (the anonymous Meeus/Jones/Butcher algorithm)."""
    if year < 1583:
        raise ValueError(f"The Gregorian computus starts in 1583, not {year}.")
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _kings_day(year: int) -> tuple[dt.date, str]:
    """The day the monarch's birthday is celebrated (Wet viering Koningsdag).

    Since 2014 27 April, or 26 April when the 27th is a Sunday; 1980-2013 Koninginnedag on
    30 April, or 29 April when the 30th is a Sunday. Older rules are not modelled.
    """
    if year >= 2014:
        day = dt.date(year, 4, 27)
        return (day - ONE_DAY if day.weekday() == 6 else day), "Koningsdag"
    day = dt.date(year, 4, 30)
    return (day - ONE_DAY if day.weekday() == 6 else day), "Koninginnedag"


@functools.lru_cache(maxsize=512)
def _holidays(year: int) -> Mapping[dt.date, str]:
    easter = easter_sunday(year)
    kings_day, kings_day_name = _kings_day(year)
    days: dict[dt.date, str] = {}
    for day, name in (
        (dt.date(year, 1, 1), "Nieuwjaarsdag"),
        (easter - 2 * ONE_DAY, "Goede Vrijdag"),
        (easter, "Eerste Paasdag"),
        (easter + ONE_DAY, "Tweede Paasdag"),
        (kings_day, kings_day_name),
        (dt.date(year, 5, 5), "Bevrijdingsdag"),
        (easter + 39 * ONE_DAY, "Hemelvaartsdag"),
        (easter + 49 * ONE_DAY, "Eerste Pinksterdag"),
        (easter + 50 * ONE_DAY, "Tweede Pinksterdag"),
        (dt.date(year, 12, 25), "Eerste Kerstdag"),
        (dt.date(year, 12, 26), "Tweede Kerstdag"),
    ):
        # Two feasts can share a day (Ascension Day fell on 5 May in 2005 and 2016).
        days[day] = f"{days[day]} en {name}" if day in days else name
    return MappingProxyType(dict(sorted(days.items())))


def general_holidays(year: int) -> dict[dt.date, str]:
    """The generally recognised holidays of Atw art. 3 in ``year``, with their Dutch names.

    Art. 3(1): New Year's Day, Easter Monday, Ascension Day, Whit Monday, King's Day, 5 May,
    Christmas Day and Boxing Day; art. 3(2) equates Good Friday. Easter Sunday and Whit Sunday
    fall on a Sunday anyway; they are listed so that the timeline can name them. 5 May counts
    every year (the Atw does not follow the five-yearly day off of collective agreements).
    """
    return dict(_holidays(year))


@dataclass(frozen=True)
class AtwCalendar:
    """Which days a statutory term cannot end on.

    ``equated_days`` are the days a royal decree (Atw art. 3(3), published every three years)
    equates with a holiday, such as the Friday after Ascension Day; they are data, per year.
    """

    equated_days: frozenset[dt.date] = frozenset()

    def reason(self, day: dt.date) -> str | None:
        """Why ``day`` is not a working day (in Dutch), or None when it is one."""
        holiday = _holidays(day.year).get(day)
        if holiday is not None:
            return holiday
        if day in self.equated_days:
            return EQUATED_DAY
        if day.weekday() >= 5:
            return WEEKDAY_NAMES[day.weekday()]
        return None

    def is_non_working(self, day: dt.date) -> bool:
        return self.reason(day) is not None

    def is_working(self, day: dt.date) -> bool:
        return self.reason(day) is None

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while self.is_non_working(day):
            day += ONE_DAY
        return day


def _atw_explained(
    start: dt.date, nominal_end: dt.date, calendar: AtwCalendar
) -> tuple[dt.date, list[str]]:
    notes: list[str] = []
    end = calendar.next_working_day(nominal_end)
    if end != nominal_end:
        reason = calendar.reason(nominal_end)
        if reason in WEEKDAY_NAMES:
            note = _("Termijn eindigt op %(day)s; verschoven naar %(end)s (Atw art. 1).")
        else:
            note = _(
                "Termijn eindigt op %(day)s (%(reason)s); verschoven naar %(end)s (Atw art. 1)."
            )
        notes.append(
            note % {"day": dutch_date(nominal_end), "reason": reason, "end": dutch_date(end)}
        )
    if (nominal_end - start).days >= 3:
        second_working_day = calendar.next_working_day(
            calendar.next_working_day(start + ONE_DAY) + ONE_DAY
        )
        if second_working_day > end:
            end = second_working_day
            notes.append(
                _(
                    "Termijn verlengd tot %(end)s, zodat er ten minste twee werkdagen in vallen "
                    "(Atw art. 2)."
                )
                % {"end": dutch_date(end)}
            )
    return end, notes


def atw_end(start: dt.date, nominal_end: dt.date, calendar: AtwCalendar) -> dt.date:
    """The end of a statutory term under the Algemene termijnenwet.

    ``start`` is the day of the event the term counts from (receipt); it does not belong to the
    term, which runs from ``start + 1`` through its end.

    * Art. 1: an end on a Saturday, Sunday, general holiday or equated day runs on to the next
      day that is none of these.
    * Art. 2: a term of at least three days (``nominal_end - start >= 3`` days) is extended, when
      needed, to the day on which the period ``start + 1 .. end`` holds its second working day.
      Both articles apply; the later of the two ends wins, and either end is a working day.

    Terms that count back from a moment (art. 2 "niet terugrekent") are not passed here.
    """
    return _atw_explained(start, nominal_end, calendar)[0]


# --- terms, suspensions, extensions ----------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A length of time in weeks and days; ``statutory`` terms are set by law (Atw applies)."""

    weeks: int = 0
    days: int = 0
    statutory: bool = True

    def __post_init__(self) -> None:
        if self.weeks < 0 or self.days < 0:
            raise ValueError("A term cannot be negative.")

    @property
    def as_days(self) -> int:
        return 7 * self.weeks + self.days

    @property
    def label(self) -> str:
        """``8 weken``, ``1 week``, ``2 weken en 3 dagen``, ``0 dagen``."""
        weeks = ngettext("%(count)d week", "%(count)d weken", self.weeks) % {"count": self.weeks}
        days = ngettext("%(count)d dag", "%(count)d dagen", self.days) % {"count": self.days}
        if self.weeks and self.days:
            return _("%(weeks)s en %(days)s") % {"weeks": weeks, "days": days}
        return weeks if self.weeks else days


@dataclass(frozen=True)
class Suspension:
    """A suspension of the term (Awb 4:15(1)(a)).

    ``start`` is the day the applicant was asked to complete the application; ``end`` the day it
    was completed or the completion term expired unused; None while it still runs. The term stops
    from the day after ``start`` up to and including ``end``, so ``(end - start).days`` days are
    suspended: we read "tot de dag waarop de aanvraag is aangevuld" as counting the day of
    completion in the suspension (the clock runs again the next day). A suspension started and
    ended on the same day suspends nothing.
    """

    start: dt.date
    end: dt.date | None = None

    @property
    def is_open(self) -> bool:
        return self.end is None


@dataclass(frozen=True)
class Extension:
    """A decision to extend the term once (``decided_on`` is the day it was made known)."""

    decided_on: dt.date
    term: Term


class Procedure(StrEnum):
    """The procedure that sets a case's legal term."""

    REGULIER = "regulier"
    UITGEBREID = "uitgebreid"
    MELDING = "melding"
    AWB_4_13 = "awb_4_13"
    AWB_9_11 = "awb_9_11"
    GEEN = "geen"

    @property
    def label(self) -> str:
        return {
            Procedure.REGULIER: _("Reguliere procedure"),
            Procedure.UITGEBREID: _("Uitgebreide procedure"),
            Procedure.MELDING: _("Melding"),
            Procedure.AWB_4_13: _("Awb 4:13 (redelijke termijn)"),
            Procedure.AWB_9_11: _("Klacht (Awb 9:11)"),
            Procedure.GEEN: _("Geen wettelijke termijn"),
        }[self]


class Regime(StrEnum):
    """The law a case falls under: cases received before 2024 keep the Wabo regime."""

    WABO = "wabo"
    OMGEVINGSWET = "omgevingswet"

    @property
    def label(self) -> str:
        return {Regime.WABO: _("Wabo"), Regime.OMGEVINGSWET: _("Omgevingswet")}[self]


class ProcedureTerms(NamedTuple):
    term: Term
    max_extension: Term
    statutory: bool


PROCEDURE_TERMS: Mapping[Procedure, ProcedureTerms] = MappingProxyType(
    {
        # Ow 16.64 (Wabo 3.9): 8 weeks, extendable once by at most 6 weeks.
        Procedure.REGULIER: ProcedureTerms(Term(weeks=8), Term(weeks=6), statutory=True),
        # Awb 3.4 with Ow 16.65 (Wabo 3.12): six months, kept here as 26 weeks; +6 weeks once.
        Procedure.UITGEBREID: ProcedureTerms(Term(weeks=26), Term(weeks=6), statutory=True),
        # Bal: a melding is made at least four weeks before the activity starts. That term counts
        # back from the start of the activity, so the Atw does not move the earliest start date.
        Procedure.MELDING: ProcedureTerms(Term(weeks=4, statutory=False), Term(), statutory=False),
        # Awb 4:13(2): a reasonable term, at the latest 8 weeks (a later date may be announced
        # under 4:14(3); the law sets no maximum for it, so no extension by default).
        Procedure.AWB_4_13: ProcedureTerms(Term(weeks=8), Term(), statutory=True),
        # Awb 9:11: 6 weeks, deferrable once by at most 4 weeks.
        Procedure.AWB_9_11: ProcedureTerms(Term(weeks=6), Term(weeks=4), statutory=True),
        # No legal term (environmental nuisance complaints, advice): a work agreement.
        Procedure.GEEN: ProcedureTerms(Term(weeks=8, statutory=False), Term(), statutory=False),
    }
)


# --- the deadline ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    received: dt.date
    original_due: dt.date
    due: dt.date
    suspended_days: int
    extension_days: int
    suspended_now: bool
    adjustments: tuple[str, ...]


def _settle(
    received: dt.date, nominal: dt.date, term: Term, calendar: AtwCalendar
) -> tuple[dt.date, list[str]]:
    if not term.statutory:
        return nominal, []
    return _atw_explained(received, nominal, calendar)


def compute_deadline(
    *,
    received: dt.date,
    term: Term,
    suspensions: Sequence[Suspension] = (),
    extension: Extension | None = None,
    calendar: AtwCalendar = AtwCalendar(),
    as_of: dt.date | None = None,
) -> Deadline:
    """The due date of a case, with a Dutch explanation of every step.

    The original term ends ``term.as_days`` after receipt. Suspensions and the extension are then
    taken in date order; each one counts only when it starts (or is decided) no later than the
    last day of the term running at that moment, because a term that has expired cannot be
    suspended or extended (such an event is listed as not counted). Their days are added to the
    term and the Atw is applied once, to the end of the whole term.

    An open suspension counts the days up to and including ``as_of``; on and after its start day
    the clock is stopped (``suspended_now``) and ``due`` is provisional. Without ``as_of`` an
    open suspension counts no days yet. Closed suspensions always count in full.
    """
    nominal = received + term.as_days * ONE_DAY
    if term.statutory:
        intro = _("Ontvangen op %(received)s; wettelijke termijn van %(term)s eindigt op %(end)s.")
    else:
        intro = _(
            "Ontvangen op %(received)s; termijn van %(term)s eindigt op %(end)s "
            "(de Algemene termijnenwet is hier niet van toepassing)."
        )
    notes = [
        intro % {"received": dutch_date(received), "term": term.label, "end": dutch_date(nominal)}
    ]
    original_due, atw_notes = _settle(received, nominal, term, calendar)
    notes += atw_notes

    events: list[tuple[dt.date, int, Suspension | Extension]] = [
        (suspension.start, index, suspension) for index, suspension in enumerate(suspensions)
    ]
    if extension is not None:
        events.append((extension.decided_on, len(events), extension))
    events.sort(key=lambda event: (event[0], event[1]))

    running_nominal, running_due = nominal, original_due
    suspended_days = extension_days = 0
    suspended_now = False
    for when, _index, event in events:
        if when > running_due:
            late = (
                _("Opschorting van %(day)s telt niet: de termijn liep af op %(due)s.")
                if isinstance(event, Suspension)
                else _("Verlenging van %(day)s telt niet: de termijn liep af op %(due)s.")
            )
            notes.append(late % {"day": dutch_date(when), "due": dutch_date(running_due)})
            continue
        if isinstance(event, Extension):
            days = event.term.as_days
            extension_days += days
            notes.append(
                _("Termijn op %(day)s verlengd met %(term)s.")
                % {"day": dutch_date(when), "term": event.term.label}
            )
        else:
            days, note, running = _suspension_days(event, as_of)
            suspended_days += days
            suspended_now = suspended_now or running
            notes.append(note)
        running_nominal += days * ONE_DAY
        running_due = _settle(received, running_nominal, term, calendar)[0]

    due = original_due
    if running_nominal != nominal:
        notes.append(_("Nieuwe einddatum: %(end)s.") % {"end": dutch_date(running_nominal)})
        due, atw_notes = _settle(received, running_nominal, term, calendar)
        notes += atw_notes
    if suspended_now:
        notes.append(
            _("De termijn staat stil zolang de opschorting loopt; de einddatum is voorlopig.")
        )
    return Deadline(
        received=received,
        original_due=original_due,
        due=due,
        suspended_days=suspended_days,
        extension_days=extension_days,
        suspended_now=suspended_now,
        adjustments=tuple(notes),
    )


def _suspension_days(suspension: Suspension, as_of: dt.date | None) -> tuple[int, str, bool]:
    """Days suspended, the note for the timeline, and whether it runs on ``as_of``."""
    start = suspension.start
    values = {"start": dutch_date(start), "from": dutch_date(start + ONE_DAY)}
    if suspension.end is not None:
        if suspension.end < start:
            raise ValueError("A suspension cannot end before it starts.")
        days = (suspension.end - start).days
        if days == 0:
            return (
                0,
                _("Opschorting van %(start)s op dezelfde dag beëindigd: 0 dagen.") % values,
                False,
            )
        note = ngettext(
            "Opgeschort van %(from)s tot en met %(end)s: %(count)d dag (Awb 4:15).",
            "Opgeschort van %(from)s tot en met %(end)s: %(count)d dagen (Awb 4:15).",
            days,
        )
        return days, note % {**values, "end": dutch_date(suspension.end), "count": days}, False
    if as_of is None:
        return 0, _("Opgeschort sinds %(start)s en nog lopend (Awb 4:15).") % values, True
    if as_of < start:
        return (
            0,
            _("Opschorting vanaf %(start)s is op %(as_of)s nog niet begonnen.")
            % {
                **values,
                "as_of": dutch_date(as_of),
            },
            False,
        )
    days = (as_of - start).days
    note = ngettext(
        "Opgeschort sinds %(start)s en nog lopend; tot en met %(as_of)s telt dat %(count)d dag "
        "(Awb 4:15).",
        "Opgeschort sinds %(start)s en nog lopend; tot en met %(as_of)s telt dat %(count)d dagen "
        "(Awb 4:15).",
        days,
    )
    return days, note % {**values, "as_of": dutch_date(as_of), "count": days}, True


def extension_refusal(
    *,
    received: dt.date,
    term: Term,
    suspensions: Sequence[Suspension],
    extension: Extension,
    max_extension: Term,
    calendar: AtwCalendar = AtwCalendar(),
    existing: Extension | None = None,
) -> str | None:
    """None when ``extension`` may be decided; otherwise one Dutch sentence saying why not.

    The term may be extended once, by at most ``max_extension``, by a decision made after receipt
    and no later than the last day of the running term (the original term with the suspensions
    that had started by the day of the decision, Atw applied). A decision on that last day is in
    time; the day after is too late.
    """
    if max_extension.as_days == 0:
        return _("Deze termijn kan niet worden verlengd.")
    if existing is not None:
        return _("De termijn is al verlengd op %(day)s; verlengen kan maar één keer.") % {
            "day": dutch_date(existing.decided_on)
        }
    if extension.decided_on < received:
        return _("Het verlengingsbesluit van %(day)s ligt vóór de ontvangst op %(received)s.") % {
            "day": dutch_date(extension.decided_on),
            "received": dutch_date(received),
        }
    if extension.term.as_days == 0:
        return _("Een verlenging moet ten minste één dag zijn.")
    if extension.term.as_days > max_extension.as_days:
        return _("Een verlenging van %(asked)s is langer dan het maximum van %(maximum)s.") % {
            "asked": extension.term.label,
            "maximum": max_extension.label,
        }
    running = compute_deadline(
        received=received,
        term=term,
        suspensions=[s for s in suspensions if s.start <= extension.decided_on],
        calendar=calendar,
        as_of=extension.decided_on,
    )
    if extension.decided_on > running.due:
        return _("De termijn liep af op %(due)s; een verlenging op %(day)s is te laat.") % {
            "due": dutch_date(running.due),
            "day": dutch_date(extension.decided_on),
        }
    return None


def _covered(suspension: Suspension) -> tuple[dt.date, dt.date]:
    """The first and last suspended day (the last is ``date.max`` while it runs)."""
    return suspension.start + ONE_DAY, suspension.end or dt.date.max


def suspension_refusal(
    *,
    received: dt.date,
    suspensions_existing: Sequence[Suspension],
    new: Suspension,
    decided_on: dt.date | None = None,
    due: dt.date | None = None,
) -> str | None:
    """None when ``new`` may be recorded; otherwise one Dutch sentence saying why not.

    ``decided_on`` is the day the case was decided, if it was: a suspension must start no later
    and end by then. ``due`` is the last day of the term running on ``new.start``; a term that has
    expired cannot be suspended. Suspensions may not overlap (compared on the days they suspend,
    ``start + 1 .. end``) and only one may be open at a time.
    """
    if new.start < received:
        return _("Een opschorting kan niet beginnen vóór de ontvangst op %(received)s.") % {
            "received": dutch_date(received)
        }
    if new.end is not None and new.end < new.start:
        return _("De opschorting eindigt op %(end)s, vóór ze begint op %(start)s.") % {
            "end": dutch_date(new.end),
            "start": dutch_date(new.start),
        }
    if decided_on is not None:
        if new.start > decided_on:
            return _("Na het besluit van %(day)s kan de termijn niet meer worden opgeschort.") % {
                "day": dutch_date(decided_on)
            }
        if new.end is None or new.end > decided_on:
            return _("De opschorting moet uiterlijk eindigen op de besluitdatum %(day)s.") % {
                "day": dutch_date(decided_on)
            }
    if due is not None and new.start > due:
        return _("De termijn liep af op %(due)s; opschorten kan dan niet meer.") % {
            "due": dutch_date(due)
        }
    if new.end is None:
        for other in suspensions_existing:
            if other.end is None:
                return _("Er loopt al een opschorting sinds %(start)s; sluit die eerst af.") % {
                    "start": dutch_date(other.start)
                }
    first, last = _covered(new)
    for other in suspensions_existing:
        other_first, other_last = _covered(other)
        if max(first, other_first) <= min(last, other_last):
            if other.end is None:
                return _("De opschorting overlapt met de lopende opschorting sinds %(start)s.") % {
                    "start": dutch_date(other.start)
                }
            return _(
                "De opschorting overlapt met de opschorting van %(start)s tot en met %(end)s."
            ) % {"start": dutch_date(other.start), "end": dutch_date(other.end)}
    return None


# --- status ------------------------------------------------------------------------------------


class DeadlineState(StrEnum):
    OP_TIJD = "op_tijd"
    BIJNA = "bijna"
    VERLOPEN = "verlopen"
    OPGESCHORT = "opgeschort"
    AFGEROND = "afgerond"

    @property
    def label(self) -> str:
        return {
            DeadlineState.OP_TIJD: _("Op tijd"),
            DeadlineState.BIJNA: _("Bijna verlopen"),
            DeadlineState.VERLOPEN: _("Verlopen"),
            DeadlineState.OPGESCHORT: _("Opgeschort"),
            DeadlineState.AFGEROND: _("Afgerond"),
        }[self]


@dataclass(frozen=True)
class DeadlineStatus:
    state: DeadlineState
    days_left: int | None
    label: str


def deadline_status(
    deadline: Deadline,
    *,
    today: dt.date,
    decided_on: dt.date | None = None,
    due_soon_days: int = 10,
) -> DeadlineStatus:
    """The traffic light of a case on ``today``.

    Decided: AFGEROND, ``days_left`` None, on time when decided no later than the due date.
    Otherwise ``days_left = (due - today).days``: OPGESCHORT while a suspension runs (``due`` is
    then provisional), VERLOPEN below zero, BIJNA from 0 up to ``due_soon_days``, else OP_TIJD.
    Compute ``deadline`` with ``as_of=today`` so that a running suspension counts up to today.
    """
    if decided_on is not None:
        label = _("op tijd afgerond") if decided_on <= deadline.due else _("te laat afgerond")
        return DeadlineStatus(DeadlineState.AFGEROND, None, label)
    days_left = (deadline.due - today).days
    if deadline.suspended_now:
        return DeadlineStatus(DeadlineState.OPGESCHORT, days_left, _("opgeschort"))
    if days_left < 0:
        overdue = -days_left
        label = ngettext(
            "%(count)d dag over de termijn", "%(count)d dagen over de termijn", overdue
        ) % {"count": overdue}
        return DeadlineStatus(DeadlineState.VERLOPEN, days_left, label)
    if days_left == 0:
        label = _("laatste dag")
    else:
        label = ngettext("nog %(count)d dag", "nog %(count)d dagen", days_left) % {
            "count": days_left
        }
    state = DeadlineState.BIJNA if days_left <= due_soon_days else DeadlineState.OP_TIJD
    return DeadlineStatus(state, days_left, label)


# --- risks: permit by default (Wabo) and penalty for late decisions (Awb 4:17) ----------------


def _late(deadline: Deadline, today: dt.date, decided_on: dt.date | None) -> bool:
    return decided_on > deadline.due if decided_on is not None else today > deadline.due


def permit_by_default_risk(
    *,
    regime: str,
    procedure: str,
    deadline: Deadline,
    today: dt.date,
    decided_on: dt.date | None,
) -> bool:
    """A Wabo regular-procedure permit not decided in time is granted by default (Wabo 3.9(3)).

    True when such a case is undecided after its due date, or was decided after it. The
    Omgevingswet abolished this; its cases run the penalty risk instead (:func:`penalty_claim`).
    """
    if regime != Regime.WABO or procedure != Procedure.REGULIER:
        return False
    return _late(deadline, today, decided_on)


def penalty_claim_applies(*, regime: str, procedure: str) -> bool:
    """Whether a late decision can cost a penalty under Awb 4:17.

    It applies to decisions on an application (permits and enforcement requests), not to
    complaints, notifications or work-agreement terms, and not where the Wabo grants the permit
    by default instead (Awb 4:20b).
    """
    if procedure not in (Procedure.REGULIER, Procedure.UITGEBREID, Procedure.AWB_4_13):
        return False
    return not (regime == Regime.WABO and procedure == Procedure.REGULIER)


@dataclass(frozen=True)
class PenaltyScale:
    """The penalty of Awb 4:17, as data so that a change of the law is a change of data.

    4:17(1): at most 42 days (the Atw does not apply to that term); 4:17(2): EUR 23 a day for the
    first 14 days, EUR 35 for the next 14, EUR 45 for the remaining days (so at most
    EUR 1,442). The last tier's rate applies to every day beyond the earlier tiers.
    """

    grace_days: int = 14
    max_days: int = 42
    tiers: tuple[tuple[int, Decimal], ...] = (
        (14, Decimal("23")),
        (14, Decimal("35")),
        (14, Decimal("45")),
    )

    def __post_init__(self) -> None:
        if not self.tiers or self.grace_days < 0 or self.max_days < 1:
            raise ValueError("A penalty scale needs tiers, a grace period and a maximum.")

    def amount(self, days: int) -> Decimal:
        """The penalty for ``days`` days in default (not capped here)."""
        total, remaining = Decimal(0), days
        for position, (tier_days, rate) in enumerate(self.tiers):
            counted = remaining if position == len(self.tiers) - 1 else min(remaining, tier_days)
            total += counted * rate
            remaining -= counted
        return total


@dataclass(frozen=True)
class PenaltyClaim:
    notice_received: dt.date
    first_penalty_day: dt.date
    days: int
    amount: Decimal
    capped: bool  # the maximum number of days is reached; the penalty no longer grows


def penalty_running_days(
    *,
    due: dt.date,
    notice_received: dt.date | None,
    decided_on: dt.date | None,
    today: dt.date,
    grace_days: int,
) -> int:
    """Days a penalty has run (uncapped; 0 when none): the rule of :func:`penalty_claim`."""
    if notice_received is None or notice_received <= due:
        return 0
    first_penalty_day = notice_received + (grace_days + 1) * ONE_DAY
    end = decided_on if decided_on is not None else today + ONE_DAY
    return max((end - first_penalty_day).days, 0)


def penalty_claim(
    *,
    deadline: Deadline,
    notice_received: dt.date | None,
    today: dt.date,
    decided_on: dt.date | None,
    scale: PenaltyScale = PenaltyScale(),
) -> PenaltyClaim | None:
    """The penalty a late decision has cost so far (Awb 4:17), or None when it costs nothing.

    A notice of default counts only when the authority received it after the term expired (after
    ``deadline.due``; a notice on or before that day is premature and has no effect). 4:17(3):
    the first penalty day is "the day on which two weeks have passed after the day" the notice
    was received; we read that as the fifteenth day after receipt (notice on 1 March, the
    authority may still decide through 15 March, the penalty runs from 16 March), matching "na
    ontvangst heeft het bestuursorgaan nog twee weken". The grace period is not moved by the Atw.

    Penalty days run from the first penalty day up to the decision day (exclusive) or up to and
    including ``today``, at most ``scale.max_days``. Which cases can claim a penalty at all is
    :func:`penalty_claim_applies`; the exceptions of 4:17(6) (notice unreasonably late, applicant
    not an interested party, application manifestly inadmissible) are judged by people.
    """
    running_days = penalty_running_days(
        due=deadline.due,
        notice_received=notice_received,
        decided_on=decided_on,
        today=today,
        grace_days=scale.grace_days,
    )
    if notice_received is None or running_days <= 0:
        return None
    first_penalty_day = notice_received + (scale.grace_days + 1) * ONE_DAY
    days = min(running_days, scale.max_days)
    return PenaltyClaim(
        notice_received=notice_received,
        first_penalty_day=first_penalty_day,
        days=days,
        amount=scale.amount(days),
        capped=running_days >= scale.max_days,
    )
