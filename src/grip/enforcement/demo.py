"""Demo supervision and enforcement: a year of inspections, findings, violations, notices of
intent, measures and appeals on the demo's sites and cases.

Runs after the mandates step (order 56: sanctions are signed under the registers it writes)
and before the hours (60). The demo year is the cases step's: the twelve months up to today
(up to 31 December when the demo year lies in the past); nothing is performed, sent, imposed or
decided after its last day, and what falls later stays planned.

What the step makes, per scale:

- First inspections (FIRST_INSPECTIONS: about 95 at ``small``, 2,200 at ``odzob``; at
  ``national`` the same as ``odzob`` — the escalations go through the services, which would
  take minutes at thirty times the volume). With the re-inspections that follow that is about
  150 inspections at ``small`` and some 3,800 at ``odzob``, what an omgevingsdienst of that
  size performs in a year.
- Programme inspections (periodiek, themacontrole, administratief) of the register's
  establishments (inrichtingen) of every participant, in proportion to its sites, the risky
  IPPC and Seveso sites more often; an incident inspection after some environmental complaints
  on a site and an enforcement check after most enforcement requests, linked through
  ``cause_case`` (and a 'vervolg' relation between the cases). A request that was granted found
  a violation, one that was rejected found none. Each is carried out by a toezichthouder of the
  inspection case type's team, usually one of the few that cover the participant, with the
  checklist that fits the site (agrarisch, gevaarlijke stoffen for a theme on sites storing
  them, otherwise the general one), in a case of type "controle". Some planned inspections
  lapse, a few of the last days are still to be done, and when the demo year ends today the
  next three weeks are planned.
- Compliance: COMPLIANT_SHARE (60 %) of the first inspections performed in the year find every
  point kept (some "akkoord na aanwijzing", some not applicable); the others have one or two
  points not met, placed on the matrix mostly in 1A-2B, some in row 3, few in row 4 or column
  D. Each point not met is a violation at its finding's cell (the default), with the strategy
  in force and the rule's key; of the most recent ones a few are still to be recorded.
- The ladder of the shipped strategy, as the decision support proposes it: a warning with the
  cell's repair term and the re-inspection at its end (about 70 % repaired at the first
  re-inspection); otherwise a notice of intent with a term to respond (some answer), a
  re-inspection, then an order (last onder dwangsom, signed under mandate by a jurist, or by
  the team leader above the jurist's limit; last onder bestuursdwang where the cell asks for it,
  urgent ones on the spot by the inspector), penalties forfeited after the grace period and
  mostly collected, and for the few that never repair a penalty that runs out and bestuursdwang
  that is carried out. Cells that start with an order skip the warning. A few violations are
  not enforced, with the reason. Some orders are objected to and a few go to court; most are
  upheld. Violations still open at the end have their re-inspection planned in the future.
- Court: the court rules in the demo year on orders of the year before (a court case takes the
  best part of a year). COURT_CASES sites (3 at ``small``, 36 at ``odzob``) had a violation
  early in the year before that was warned, announced and ordered without repair (the order
  through the services, then repaired); the offender objected, the objection was rejected
  (upheld), and the appeal to the court is ruled on a day in the demo year, COURT_OUTCOMES
  apart: about 88 % upheld in full. A few upheld rulings go on to the Raad van State.
- Recidivism: RECIDIVISTS sites had a violation in the year before the demo year (recorded,
  warned and repaired then); the same point is not met again this year, which links the
  violation to the earlier one (same site and rule within the strategy's 24 months); about half
  of those are moved one step to the right on the matrix with the reason "recidive".
- Cases: every inspection has its own case of type "controle" (a re-inspection the case of the
  violation it checks); a case closes a few days after its last step when nothing is open.

How it is written. The services cost some 80 ms per order and 40 ms per re-inspection they
record (measured on SQLite), too slow for thousands of rows, so the plain part is bulk rows (no
audit record per row) and every decision goes through the services:

- In bulk, keeping what the services keep: the first inspections with their "controle" cases
  (a legal status history; a 'vervolg' relation to the cause), their findings numbered from
  the checklist, the violations as ``violation_record`` stores them (the strategy in force,
  ``proposals.rule_key``, the recidivism link it finds and, for a repositioned recidivist, the
  reason with the advice's explanation; the reason when not enforced), the warning with the
  cell's repair term, the notice of intent with its terms (and a response), the re-inspections
  planned at the terms as ``schedule_reinspection`` plans them with their results as
  ``inspection_complete`` records them, and a re-inspection after an order that finds the
  violation repaired.
- Through the services, as the demo's staff, in date order: every order (``measure_impose``,
  signed through the mandate check by the first the check allows of the jurist within the
  jurist's sub-mandate, the legal team leader, the managers and the director; an urgent one by
  the inspector), the re-inspections that find the violation still there (``finding_record``,
  ``inspection_complete``; ``violation_advice`` proposes the next step), penalties forfeited
  and collected (the collection signed likewise), the re-inspection after forfeiting
  (``inspection_create``), bestuursdwang carried out (``measure_status_change``,
  ``violation_repaired``) and appeals (``appeal_lodge``, ``appeal_decide``, the withdrawal of
  an annulled order).

Identifications continue each series (Z-/C-/O-/H-YYYY-NNNNNN) from its highest number: a bulk
row takes its number when it is made (the steps planned at a recording with it), a service its
own after the buffered rows are written. The shipped strategy is used as it is (no new
strategy version).
"""

from __future__ import annotations

import datetime
import heapq
import itertools
from bisect import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from itertools import accumulate
from random import Random
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Max, Model
from django.utils import timezone

from grip.cases.constants import CLOSED, CaseStatus, RelationKind
from grip.cases.demo import Adapt, Moments, insert_rows
from grip.cases.models import Case, CaseRelation, CaseStatusChange, CaseType, Decision
from grip.core.demodata import DemoContext, demo_step
from grip.core.models import User
from grip.enforcement import proposals, selectors, services
from grip.enforcement.constants import (
    AppealOutcome,
    AppealStage,
    FindingResult,
    InspectionCause,
    InspectionStatus,
    InspectionType,
    InstrumentTrack,
    MeasureStatus,
    PenaltyUnit,
    PositioningReason,
    Rung,
    worse_behaviour,
)
from grip.enforcement.models import (
    Appeal,
    Checklist,
    Finding,
    Inspection,
    Instrument,
    Intention,
    Measure,
    StrategyVersion,
    Violation,
)
from grip.mandates.services import MandateRefused
from grip.organisation.models import Employee
from grip.participants.models import Participant
from grip.sites.models import Site, SiteActivity

_Item = TypeVar("_Item")

ONE_DAY = datetime.timedelta(days=1)
WINDOW_DAYS = 365  # the cases step's demo year: the twelve months up to its last day
INSPECTION_CASE_TYPE = services.INSPECTION_CASE_TYPE

# First inspections in the demo year (programme and cause together), per scale. National: the
# same as odzob (see the module's docstring).
FIRST_INSPECTIONS = {"small": 95, "odzob": 2_200, "national": 2_200}
RECIDIVISTS = {"small": 4, "odzob": 70, "national": 70}  # sites with a violation the year before
# Orders of the year before that the court rules on in the demo year (see the docstring).
COURT_CASES = {"small": 3, "odzob": 36, "national": 36}
COURT_FAILURES = 2  # warning and notice of intent without repair: then the order
HIGHER_APPEAL_SHARE = 0.15  # of the court's rulings that uphold an order: hoger beroep
COMPLAINT_SHARE = 0.04  # of the environmental complaints on a site: an incident inspection
REQUEST_SHARE = 0.7  # of the enforcement requests on a site: an enforcement check
COMPLIANT_SHARE = 0.60  # of the first inspections performed: every point kept
TWO_POINTS_SHARE = 0.25  # of the inspections with points not met: two instead of one
CANCELLED_SHARE = 0.02  # of the programme inspections: lapsed
UNRECORDED_DAYS = 5  # inspections performed this recently may still await their violation
UNRECORDED_SHARE = 0.3
UPCOMING_DAYS = 21  # when the demo year ends today: programme inspections planned ahead
RAISE_SHARE = 0.5  # of the recidivists: positioned one step to the right, reason "recidive"
NO_ENFORCEMENT_SHARE = 0.04  # of the violations with consequence 1: not enforced
APPEAL_SHARE = 0.25  # of the orders that end in repair: an objection
COURT_SHARE = 0.3  # of the objections upheld: an appeal to the court
RESPONSE_SHARE = 0.35  # of the notices of intent: the offender responds
COLLECT_SHARE = 0.75  # of the forfeited penalties: a collection decision
MIN_GRACE_DAYS = 14  # an order's grace period at least
URGENT_GRACE_DAYS = 2  # urgent bestuursdwang on the spot
FLUSH_EVERY = 400  # buffered inspections written at the latest after this many

PROGRAMME_TYPES = (
    (InspectionType.PERIODIEK, 0.70),
    (InspectionType.THEMACONTROLE, 0.18),
    (InspectionType.ADMINISTRATIEF, 0.12),
)
SITE_WEIGHTS = {
    "inrichting-seveso": 4.0,
    "inrichting-ippc": 3.0,
    "inrichting-bedrijf": 1.0,
    "inrichting-agrarisch": 1.0,
    "inrichting-voorziening": 0.6,
}
# Where a point not met lands on the matrix: mostly 1A-2B, some row 3, few row 4 or column D.
POSITIONS = (
    ("1A", 24.0),
    ("1B", 15.0),
    ("2A", 22.0),
    ("2B", 19.0),
    ("1C", 2.0),
    ("2C", 3.0),
    ("3A", 6.0),
    ("3B", 3.0),
    ("3C", 1.0),
    ("1D", 0.5),
    ("2D", 0.5),
    ("3D", 0.5),
    ("4A", 1.0),
    ("4B", 0.5),
    ("4C", 0.5),
    ("4D", 0.3),
)
# How many re-inspections find a violation not repaired before one finds it repaired; NEVER
# runs the ladder to its end (a penalty that runs out, then bestuursdwang carried out).
NEVER = 99
FAILURES = ((0, 0.70), (1, 0.23), (2, 0.04), (3, 0.02), (NEVER, 0.01))
COMPLIANT_RESULTS = (
    (FindingResult.NAGELEEFD, 0.90),
    (FindingResult.NIET_VAN_TOEPASSING, 0.06),
    (FindingResult.AKKOORD_NA_AANWIJZING, 0.04),
)
# The order's maximum (Awb 5:32b) and how it divides over the unit; up to € 10.000 the jurist
# signs under sub-mandate, above it the team leader.
PENALTY_MAXIMA = (
    (Decimal(2500), 2.0),
    (Decimal(5000), 4.0),
    (Decimal(7500), 2.0),
    (Decimal(10000), 3.0),
    (Decimal(15000), 0.8),
    (Decimal(25000), 0.8),
    (Decimal(50000), 0.4),
)
# The unit and how many of them make the maximum.
PENALTY_UNITS = (
    ((PenaltyUnit.PER_WEEK, 10), 0.5),
    ((PenaltyUnit.PER_DAG, 20), 0.2),
    ((PenaltyUnit.PER_OVERTREDING, 5), 0.3),
)
JURIST_DECISIONS = ("last-onder-dwangsom", "invordering-dwangsom")
JURIST_LIMIT = Decimal(10000)
APPEAL_OUTCOMES = (
    (AppealOutcome.IN_STAND, 0.75),
    (AppealOutcome.GEDEELTELIJK, 0.1),
    (AppealOutcome.VERNIETIGD, 0.1),
    (AppealOutcome.INGETROKKEN, 0.05),
)
COURT_OUTCOMES = (
    (AppealOutcome.IN_STAND, 0.88),
    (AppealOutcome.GEDEELTELIJK, 0.04),
    (AppealOutcome.VERNIETIGD, 0.08),
)
APPEAL_NOTES: dict[str, str] = {
    AppealOutcome.IN_STAND: "Het besluit blijft in stand.",
    AppealOutcome.GEDEELTELIJK: "Het besluit blijft in stand met een langere begunstigingstermijn.",
    AppealOutcome.VERNIETIGD: "Het besluit is onvoldoende gemotiveerd.",
    AppealOutcome.INGETROKKEN: "Het bezwaar is ingetrokken.",
}
COURT_NOTES: dict[str, str] = {
    AppealOutcome.IN_STAND: "Beroep ongegrond: het besluit blijft in stand.",
    AppealOutcome.GEDEELTELIJK: "Beroep gedeeltelijk gegrond: de begunstigingstermijn is "
    "verlengd; het besluit blijft verder in stand.",
    AppealOutcome.VERNIETIGD: "Beroep gegrond: het besluit is onvoldoende gemotiveerd en "
    "vernietigd.",
    AppealOutcome.INGETROKKEN: "Het beroep is ingetrokken.",
}

NATURES: dict[str, tuple[str, ...]] = {
    "zorgplicht": (
        "Geen maatregelen tegen verspreiding van stof naar de omgeving",
        "Lekbakken onder vaten met olie ontbreken",
    ),
    "bodem": (
        "Bodembeschermende voorziening is niet vloeistofdicht",
        "Vloeistofdichte vloer zonder geldige keuring",
    ),
    "afval": (
        "Afval niet gescheiden opgeslagen",
        "Afgiftebewijzen van gevaarlijk afval ontbreken",
    ),
    "geluid": (
        "Geluid boven de grenswaarde in de avondperiode",
        "Laden en lossen buiten de toegestane uren",
    ),
    "gevaarlijke-stoffen": (
        "Gevaarlijke stoffen opgeslagen zonder opvangvoorziening",
        "Onverenigbare stoffen niet gescheiden opgeslagen",
    ),
    "water": (
        "Afvalwater geloosd zonder werkende olieafscheider",
        "Lozing op het riool zonder controleput",
    ),
    "energie": (
        "Informatieplicht energiebesparing niet nagekomen",
        "Erkende energiebesparende maatregelen niet genomen",
    ),
    "registratie": (
        "Keuringsrapporten ontbreken of zijn verlopen",
        "Logboek niet bijgehouden",
    ),
    "externe-veiligheid": (
        "Blusmiddelen niet gekeurd",
        "Blusvoorziening ontoereikend voor de opslag",
    ),
    "lucht": (
        "Luchtwasser niet in werking",
        "Emissiearm stalsysteem werkt niet zoals vergund",
    ),
    "vergunning": (
        "Meer dieren gehouden dan vergund",
        "Voorschrift uit de vergunning niet nageleefd",
    ),
}
RESPONSES = (
    "De overtreder zegt het herstel binnen twee weken af te ronden.",
    "De overtreder betwist de overtreding en vraagt om een gesprek.",
    "De overtreder vraagt om een langere hersteltermijn vanwege levertijden.",
    "De overtreder stelt dat de voorziening inmiddels besteld is.",
)
NO_ENFORCEMENT_REASONS = (
    "Concreet zicht op legalisatie: de aanvraag om een omgevingsvergunning is in behandeling.",
    "Overtreding van geringe ernst die direct na de controle is beëindigd; handhaven is "
    "onevenredig.",
)
CANCEL_REASONS = (
    "Bedrijf tijdelijk gesloten; controle vervalt.",
    "Activiteit beëindigd; controle vervalt.",
    "Controle samengevoegd met een themacontrole.",
)
ORDER_DEVIATION = (
    "De overtreding is na waarschuwing en hercontrole niet hersteld; alleen een last dwingt "
    "herstel af."
)
COERCION_DEVIATION = (
    "De dwangsom is volgelopen zonder herstel; bestuursdwang is het middel dat het herstel "
    "afdwingt."
)
COERCION_NOTE = "Bestuursdwang toegepast: de overtreding is op kosten van de overtreder beëindigd."
DEFAULT_NATURE = "Voorschrift niet nageleefd"
NOT_REPAIRED = "Niet hersteld."
REMARK_AFTER_INSTRUCTION = "Ter plaatse hersteld na aanwijzing van de toezichthouder."
FINDING_COLUMNS = (
    "inspection",
    "number",
    "subject",
    "point",
    "rule",
    "result",
    "remarks",
    "consequence",
    "behaviour",
)
HOURS: dict[str, int] = {
    CaseStatus.ONTVANGEN: 8,
    CaseStatus.IN_BEHANDELING: 10,
    CaseStatus.AFGEHANDELD: 16,
}


# --- what the step works from -------------------------------------------------------------------


def window(year: int, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The demo year as the cases step takes it: the twelve months up to 31 December of
    ``year``, or up to today when that lies earlier."""
    last = min(today, datetime.date(year, 12, 31))
    return last - (WINDOW_DAYS - 1) * ONE_DAY, last


def workday(day: datetime.date) -> datetime.date:
    """The day itself, or the Monday after a weekend."""
    return day + (7 - day.weekday()) * ONE_DAY if day.weekday() >= 5 else day


def _weighted(rng: Random, options: Sequence[tuple[_Item, float]]) -> _Item:
    return rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]


def _deck(rng: Random, options: Sequence[tuple[_Item, float]], size: int) -> list[_Item]:
    """``size`` items in the options' proportions (largest remainders), shuffled."""
    total = sum(weight for _option, weight in options)
    exact = [size * weight / total for _option, weight in options]
    counts = [int(value) for value in exact]
    by_remainder = sorted(range(len(options)), key=lambda i: exact[i] - counts[i], reverse=True)
    for index in by_remainder[: size - sum(counts)]:
        counts[index] += 1
    deck = [
        option for (option, _w), count in zip(options, counts, strict=True) for _ in [0] * count
    ]
    rng.shuffle(deck)
    return deck


@dataclass(frozen=True)
class SiteRow:
    pk: int
    participant_id: int
    name: str
    establishment_id: int | None
    kind: str
    agrarian: bool
    hazardous: bool


@dataclass(frozen=True)
class Staff:
    employee_id: int
    user: User
    team_id: int
    function: str


@dataclass(frozen=True)
class Point:
    subject_id: int
    subject: str
    point: str
    rule: str


@dataclass
class Fate:
    """What becomes of one point not met."""

    failures: int = 0  # re-inspections that find it not repaired before one finds it repaired
    raise_behaviour: bool = False  # a recidivist moved one step to the right
    enforce: bool = True
    court: bool = False  # the order goes to objection and to court (COURT_CASES)


@dataclass
class NotMet:
    index: int  # of the checklist point
    consequence: int
    behaviour: str
    fate: Fate = field(default_factory=Fate)


@dataclass
class Visit:
    """A first inspection as planned: where, what, when, by whom, and what it finds."""

    site: SiteRow
    inspection_type: str
    cause: str
    planned_on: datetime.date
    inspector: Staff
    checklist: str
    cause_case_id: int | None = None
    performed: bool = True
    cancelled: bool = False
    compliant: bool | None = None  # None: decided with the others to reach COMPLIANT_SHARE
    forced_point: int | None = None  # a recidivist's point, not met again
    prior: bool = False  # in the year before the demo year
    not_met: list[NotMet] = field(default_factory=list)
    unrecorded: bool = False


@dataclass
class Track:
    """A violation on its way through the services."""

    violation: Violation
    failures_left: int
    instrument: Instrument | None = None  # the order announced or imposed last
    measure: Measure | None = None
    court: bool = False  # objected to and taken to court (COURT_CASES)


@dataclass
class Rows:
    """Bulk rows of one batch, written in dependency order."""

    cases: list[Case] = field(default_factory=list)
    history: list[tuple[Case, str, str, datetime.date, int | None, str]] = field(
        default_factory=list
    )
    relations: list[tuple[Case, int]] = field(default_factory=list)
    inspections: list[Inspection] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    finding_rows: list[tuple[Any, ...]] = field(default_factory=list)  # (inspection, number, …)
    violations: list[Violation] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    measure_violations: list[tuple[Measure, Violation]] = field(default_factory=list)
    reinspections: list[Inspection] = field(default_factory=list)
    reinspection_findings: list[Finding] = field(default_factory=list)
    intentions: list[Intention] = field(default_factory=list)
    violation_findings: list[tuple[Violation, Finding]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.inspections) + len(self.reinspections) + len(self.violations)

    def write(self, moments: Moments, adapt: Adapt) -> None:
        Case.objects.bulk_create(self.cases)
        insert_rows(
            CaseStatusChange,
            ("case", "from_status", "status", "on", "at", "actor", "note"),
            (
                (case.pk, before, after, adapt.date(on), moments(on, HOURS[after]), actor, note)
                for case, before, after, on, actor, note in self.history
            ),
        )
        CaseRelation.objects.bulk_create(
            CaseRelation(source=case, target_id=target, kind=RelationKind.VERVOLG)
            for case, target in self.relations
        )
        Inspection.objects.bulk_create(self.inspections)
        Finding.objects.bulk_create(self.findings)
        insert_rows(
            Finding,
            FINDING_COLUMNS,
            ((row[0].pk, *row[1:]) for row in self.finding_rows),
        )
        waiting = self.violations
        while waiting:  # a recidivist's earlier violation may be in the same batch: it goes first
            ready = [v for v in waiting if v.recidivism_of is None or v.recidivism_of.pk]
            if not ready:  # pragma: no cover - an earlier violation is always written first
                raise RuntimeError("A recidivist's earlier violation was never written.")
            Violation.objects.bulk_create(ready)
            waiting = [v for v in waiting if v.pk is None]
        Measure.objects.bulk_create(self.measures)
        through = Measure.violations.through
        through.objects.bulk_create(
            through(measure_id=measure.pk, violation_id=violation.pk)
            for measure, violation in self.measure_violations
        )
        Intention.objects.bulk_create(self.intentions)
        Inspection.objects.bulk_create(self.reinspections)
        Finding.objects.bulk_create(self.reinspection_findings)
        links = Violation.findings.through
        links.objects.bulk_create(
            links(violation_id=violation.pk, finding_id=finding.pk)
            for violation, finding in self.violation_findings
        )


class Numbers:
    """The next number of each identification series; bulk rows take theirs from here, and
    after a service numbered rows of its own the series are read again."""

    def __init__(self) -> None:
        self.last: dict[str, int] = {}

    def next(self, model: type[Model], prefix: str) -> str:
        if prefix not in self.last:
            top = model._default_manager.filter(identification__startswith=prefix).aggregate(
                top=Max("identification")
            )["top"]
            self.last[prefix] = int(top.removeprefix(prefix)) if top else 0
        self.last[prefix] += 1
        return f"{prefix}{self.last[prefix]:06d}"

    def forget(self) -> None:
        self.last = {p: n for p, n in self.last.items() if p[0] not in "CH"}


# --- the generator ------------------------------------------------------------------------------


class Generator:
    def __init__(self, context: DemoContext, today: datetime.date) -> None:
        self.context = context
        self.rng = Random(context.seed * 7_919 + 58)  # noqa: S311 - demo data, not security
        self.today = today
        self.first, self.last = window(context.year, today)
        if self.last < self.first:  # pragma: no cover - the window always has a year
            self.first = self.last
        self.adapt = Adapt()
        self.moments = Moments(timezone.now())
        self.numbers = Numbers()
        self.pending = Rows()
        self.heap: list[tuple[datetime.date, int, bool, Callable[[], None]]] = []
        self.current = self.first
        self.sequence = itertools.count()
        self.counts: dict[str, int] = defaultdict(int)
        self._load_reference()
        self._load_staff()
        self.rank = {
            pk: index
            for index, pk in enumerate(
                Participant.objects.order_by("code").values_list("pk", flat=True)
            )
        }
        self.priors: dict[tuple[int, str], list[proposals.PriorViolation]] = defaultdict(list)
        self.by_identification: dict[str, Violation] = {}
        self.court_outcomes: list[str] = []  # the rulings of COURT_CASES, dealt from a deck

    # reference data ------------------------------------------------------------------------

    def _load_reference(self) -> None:
        self.case_types = list(
            CaseType.objects.filter(code=INSPECTION_CASE_TYPE).order_by("-version")
        )
        self.checklists = {c.code: c for c in Checklist.objects.filter(active=True)}
        self.points: dict[str, list[Point]] = {
            code: [
                Point(p.subject_id, p.subject.code, p.point, p.rule)
                for p in checklist.points.select_related("subject").order_by("position")
            ]
            for code, checklist in self.checklists.items()
        }
        self.instruments = {i.code: i for i in Instrument.objects.select_related("decision_type")}
        self.strategies: dict[datetime.date, StrategyVersion | None] = {}
        self.cells: dict[tuple[int, int, str], proposals.CellRule] = {}

    def case_type_on(self, day: datetime.date) -> CaseType | None:
        for case_type in self.case_types:
            if case_type.valid_from <= day and (
                case_type.valid_to is None or day <= case_type.valid_to
            ):
                return case_type
        return None

    def strategy_on(self, day: datetime.date) -> StrategyVersion | None:
        if day not in self.strategies:
            self.strategies[day] = selectors.strategy_in_force(on=day)
        return self.strategies[day]

    def cell(
        self, strategy: StrategyVersion, consequence: int, behaviour: str
    ) -> proposals.CellRule:
        key = (strategy.pk, consequence, behaviour)
        if key not in self.cells:
            self.cells[key] = selectors.cell_rule(
                selectors.cell_for(strategy=strategy, consequence=consequence, behaviour=behaviour)
            )
        return self.cells[key]

    def _load_staff(self) -> None:
        employees = (
            # in service since before the year before (the recidivists' first inspection)
            Employee.objects.filter(
                user__isnull=False, start_date__lte=self.first - WINDOW_DAYS * ONE_DAY
            )
            .exclude(end_date__lt=self.last + UPCOMING_DAYS * ONE_DAY)
            .select_related("user", "function")
            .order_by("employee_number")
        )
        by_function: dict[str, list[Staff]] = defaultdict(list)
        self.staff: dict[int, Staff] = {}
        for employee in employees:
            if employee.user is None:  # pragma: no cover - filtered above
                continue
            staff = Staff(employee.pk, employee.user, employee.team_id, employee.function.code)
            self.staff[employee.pk] = staff
            by_function[staff.function].append(staff)
        team = self.case_types[0].default_team_id if self.case_types else None
        inspectors = by_function["toezichthouder"]
        self.inspectors = [s for s in inspectors if s.team_id == team] or inspectors
        self.jurists = by_function["jurist"]
        legal_teams = {s.team_id for s in self.jurists}
        self.legal_leaders = [s for s in by_function["teamleider"] if s.team_id in legal_teams]
        self.managers = by_function["manager"] + by_function["directeur"]

    def _load_sites(self) -> list[SiteRow]:
        activities: dict[int, set[str]] = defaultdict(set)
        for site_id, code in SiteActivity.objects.filter(
            activity__code__in=("landbouwhuisdieren-houden", "gevaarlijke-stoffen-verpakking"),
            site__site_type__code__in=list(SITE_WEIGHTS),
        ).values_list("site_id", "activity__code"):
            activities[site_id].add(code)
        rows = (
            Site.objects.filter(site_type__code__in=list(SITE_WEIGHTS))
            .exclude(end_date__lte=self.last)
            .exclude(start_date__gt=self.first - 400 * ONE_DAY)
            .order_by("pk")
            .values_list("pk", "participant_id", "name", "establishment_id", "site_type__code")
        )
        return [
            SiteRow(
                pk,
                participant,
                name,
                establishment,
                kind,
                kind == "inrichting-agrarisch"
                or "landbouwhuisdieren-houden" in activities.get(pk, set()),
                "gevaarlijke-stoffen-verpakking" in activities.get(pk, set()),
            )
            for pk, participant, name, establishment, kind in rows
        ]

    # planning ------------------------------------------------------------------------------

    def checklist_for(self, site: SiteRow, inspection_type: str) -> str:
        if site.agrarian and "agrarisch" in self.points:
            return "agrarisch"
        if (
            inspection_type == InspectionType.THEMACONTROLE
            and site.hazardous
            and "gevaarlijke-stoffen" in self.points
        ):
            return "gevaarlijke-stoffen"
        return "milieu-algemeen" if "milieu-algemeen" in self.points else next(iter(self.points))

    def inspector_for(self, participant_id: int) -> Staff:
        """One of the three inspectors who cover the participant, now and then another."""
        count = len(self.inspectors)
        if self.rng.random() < 0.1:
            return self.inspectors[self.rng.randrange(count)]
        return self.inspectors[
            (self.rank.get(participant_id, 0) * 3 + self.rng.randrange(3)) % count
        ]

    def day_in(self, start: datetime.date, end: datetime.date) -> datetime.date:
        """A working day in [start, end], fewer in the summer holidays and at Christmas."""
        span = max((end - start).days, 0)
        for _attempt in range(4):
            day = workday(start + self.rng.randint(0, span) * ONE_DAY)
            quiet = (day.month == 7 and day.day > 10) or (day.month == 8 and day.day < 20)
            quiet = quiet or (day.month == 12 and day.day > 20)
            if day <= end and not (quiet and self.rng.random() < 0.5):
                return day
        return min(workday(start), end) if start <= end else start

    def plan(self, sites: list[SiteRow]) -> list[Visit]:
        scale = self.context.scale.name
        total = FIRST_INSPECTIONS.get(scale, FIRST_INSPECTIONS["odzob"])
        by_participant: dict[int, list[SiteRow]] = defaultdict(list)
        for site in sites:
            by_participant[site.participant_id].append(site)
        by_pk = {site.pk: site for site in sites}
        visits = self.plan_recidivists(sites, RECIDIVISTS.get(scale, RECIDIVISTS["odzob"]))
        visits += self.plan_court_cases(sites, COURT_CASES.get(scale, COURT_CASES["odzob"]))
        visits += self.plan_causes(by_pk)
        programme = max(total - sum(not v.prior for v in visits), len(by_participant))
        visits += self.plan_programme(by_participant, programme)
        if self.last == self.today:
            upcoming = round(programme * UPCOMING_DAYS / WINDOW_DAYS)
            for visit in self.plan_programme(by_participant, upcoming, ahead=True):
                visit.performed = False
                visits.append(visit)
        return visits

    def plan_recidivists(self, sites: list[SiteRow], count: int) -> list[Visit]:
        """A violation in the year before, and the same point not met again this year."""
        visits = []
        for site in self.rng.sample(sites, min(count, len(sites))):
            inspector = self.inspector_for(site.participant_id)
            checklist = self.checklist_for(site, InspectionType.PERIODIEK)
            index = self.rng.randrange(len(self.points[checklist]))
            earlier = self.day_in(self.first - 330 * ONE_DAY, self.first - 60 * ONE_DAY)
            position = _weighted(self.rng, POSITIONS[:4])
            prior = Visit(
                site,
                InspectionType.PERIODIEK,
                InspectionCause.PROGRAMMA,
                earlier,
                inspector,
                checklist,
                compliant=False,
                forced_point=index,
                prior=True,
            )
            prior.not_met = [NotMet(index, int(position[0]), position[1])]
            again = Visit(
                site,
                InspectionType.PERIODIEK,
                InspectionCause.PROGRAMMA,
                self.day_in(self.first + 14 * ONE_DAY, self.last - 30 * ONE_DAY),
                inspector,
                checklist,
                compliant=False,
                forced_point=index,
            )
            visits += [prior, again]
        return visits

    def plan_court_cases(self, sites: list[SiteRow], count: int) -> list[Visit]:
        """Early in the year before: a point not met that stays unrepaired after the warning
        and the notice of intent, so that an order follows; its appeal reaches the court."""
        visits = []
        for site in self.rng.sample(sites, min(count, len(sites))):
            checklist = self.checklist_for(site, InspectionType.PERIODIEK)
            index = self.rng.randrange(len(self.points[checklist]))
            position = _weighted(self.rng, POSITIONS[:4])  # cells that start with a warning
            visit = Visit(
                site,
                InspectionType.PERIODIEK,
                InspectionCause.PROGRAMMA,
                self.day_in(self.first - 330 * ONE_DAY, self.first - 240 * ONE_DAY),
                self.inspector_for(site.participant_id),
                checklist,
                compliant=False,
                prior=True,
            )
            fate = Fate(failures=COURT_FAILURES, court=True)
            visit.not_met = [NotMet(index, int(position[0]), position[1], fate)]
            visits.append(visit)
        self.court_outcomes = _deck(self.rng, COURT_OUTCOMES, len(visits))
        return visits

    def plan_causes(self, sites: dict[int, SiteRow]) -> list[Visit]:
        """An incident inspection after some complaints, an enforcement check after most
        enforcement requests on a site: granted requests found a violation, rejected ones
        none."""
        decisions = dict(
            Decision.objects.filter(
                case__case_type__code="handhavingsverzoek",
                decision_type__code__startswith="handhavingsverzoek-",
            ).values_list("case_id", "decision_type__code")
        )
        rows = (
            Case.objects.filter(
                case_type__code__in=("milieuklacht", "handhavingsverzoek"),
                site__isnull=False,
                received_on__gte=self.first,
                received_on__lte=self.last - 3 * ONE_DAY,
            )
            .order_by("received_on", "identification")
            .values_list("pk", "case_type__code", "site_id", "received_on", "decided_on")
        )
        visits = []
        for pk, code, site_id, received, decided in rows:
            site = sites.get(site_id)
            if site is None:
                continue
            request = code == "handhavingsverzoek"
            if self.rng.random() >= (REQUEST_SHARE if request else COMPLAINT_SHARE):
                continue
            latest = received + (15 if request else 5) * ONE_DAY
            if decided is not None:
                latest = min(latest, decided - ONE_DAY)
            day = workday(received + self.rng.randint(1 if request else 0, 5) * ONE_DAY)
            day = min(day, max(latest, received), self.last)
            outcome = decisions.get(pk)
            visits.append(
                Visit(
                    site,
                    InspectionType.HANDHAVINGSCONTROLE if request else InspectionType.INCIDENTEEL,
                    InspectionCause.HANDHAVINGSVERZOEK if request else InspectionCause.INCIDENT,
                    day,
                    self.inspector_for(site.participant_id),
                    self.checklist_for(site, InspectionType.PERIODIEK),
                    cause_case_id=pk,
                    compliant=(
                        None if outcome is None else outcome == "handhavingsverzoek-afwijzen"
                    ),
                )
            )
        return visits

    def plan_programme(
        self, by_participant: dict[int, list[SiteRow]], count: int, *, ahead: bool = False
    ) -> list[Visit]:
        participants = sorted(by_participant)
        weights = {
            p: sum(SITE_WEIGHTS.get(s.kind, 1.0) for s in by_participant[p]) for p in participants
        }
        total_weight = sum(weights.values()) or 1.0
        visits = []
        for participant in participants:
            share = count * weights[participant] / total_weight
            number = int(share) + (self.rng.random() < share - int(share))
            if not ahead:
                number = max(number, 2)  # every participant's sites are inspected
            candidates = by_participant[participant]
            cumulative = list(accumulate(SITE_WEIGHTS.get(s.kind, 1.0) for s in candidates))
            for _index in range(number):
                site = candidates[bisect(cumulative, self.rng.random() * cumulative[-1])]
                inspection_type = _weighted(self.rng, PROGRAMME_TYPES)
                if ahead:
                    day = self.day_in(self.today + ONE_DAY, self.today + UPCOMING_DAYS * ONE_DAY)
                else:
                    day = self.day_in(self.first, self.last)
                visits.append(
                    Visit(
                        site,
                        inspection_type,
                        InspectionCause.PROGRAMMA,
                        day,
                        self.inspector_for(participant),
                        self.checklist_for(site, inspection_type),
                        cancelled=not ahead and self.rng.random() < CANCELLED_SHARE,
                    )
                )
        return visits

    def decide(self, visits: list[Visit]) -> None:
        """Which first inspections find points not met, where on the matrix, and what becomes
        of each: exactly COMPLIANT_SHARE of those performed in the year are compliant."""
        for visit in visits:
            if visit.cancelled:
                visit.performed = False
            elif visit.planned_on >= self.last - 2 * ONE_DAY and not visit.prior:
                visit.performed = visit.performed and self.rng.random() < 0.6
        counted = [v for v in visits if v.performed and not v.prior]
        target = round(COMPLIANT_SHARE * len(counted))
        free = [v for v in counted if v.compliant is None]
        fixed = sum(1 for v in counted if v.compliant)
        self.rng.shuffle(free)
        for index, visit in enumerate(free):
            visit.compliant = index < target - fixed
        for visit in visits:
            if not visit.performed or visit.compliant or visit.not_met:
                continue
            points = len(self.points[visit.checklist])
            indexes = {visit.forced_point} if visit.forced_point is not None else set()
            wanted = 2 if self.rng.random() < TWO_POINTS_SHARE else 1
            while len(indexes) < min(wanted, points):
                indexes.add(self.rng.randrange(points))
            for index in sorted(i for i in indexes if i is not None):
                position = _weighted(self.rng, POSITIONS)
                visit.not_met.append(NotMet(index, int(position[0]), position[1]))
        current = [n for v in visits if not v.prior for n in v.not_met]
        for not_met, failures in zip(current, _deck(self.rng, FAILURES, len(current)), strict=True):
            not_met.fate.failures = failures
            if not_met.consequence == 1 and self.rng.random() < NO_ENFORCEMENT_SHARE:
                not_met.fate.enforce = False
        for visit in visits:
            if visit.forced_point is not None and not visit.prior:
                for not_met in visit.not_met:
                    if not_met.index == visit.forced_point:
                        not_met.fate.raise_behaviour = self.rng.random() < RAISE_SHARE
                        not_met.fate.enforce = True
            if (
                visit.not_met
                and not visit.prior
                and visit.forced_point is None
                and visit.cause == InspectionCause.PROGRAMMA
                and visit.planned_on > self.last - UNRECORDED_DAYS * ONE_DAY
            ):
                visit.unrecorded = self.rng.random() < UNRECORDED_SHARE

    # the event loop ------------------------------------------------------------------------

    def at(self, day: datetime.date, action: Callable[[], None], *, visit: bool = False) -> None:
        """Handle ``action`` on ``day``, in date order; nothing happens after the last day."""
        if day <= self.last:
            heapq.heappush(self.heap, (day, next(self.sequence), visit, action))

    def run(self) -> None:
        if not self.inspectors or not self.case_types or not self.checklists:
            return
        sites = self._load_sites()
        if not sites:
            return
        visits = self.plan(sites)
        self.decide(visits)
        for visit in sorted(visits, key=lambda v: v.planned_on):
            day = min(visit.planned_on, self.last)
            self.at(day, partial(self.visit, visit), visit=True)
        progress = self.context.progress
        for _item in progress.track(self._events(), label="Controles", total=len(visits)):
            pass
        self.flush()
        self.close_cases()

    def _events(self) -> Iterable[None]:
        """Every event in date order; yields after each first inspection (the progress)."""
        while self.heap:
            self.current, _sequence, visit, action = heapq.heappop(self.heap)
            action()
            if visit:
                yield None

    def flush(self) -> None:
        if len(self.pending) or self.pending.cases:
            self.pending.write(self.moments, self.adapt)
            self.pending = Rows()

    def numbered_service(self) -> None:
        """Before a service numbers rows of its own, the buffered rows go in first."""
        self.flush()
        self.numbers.forget()

    # the first inspection ------------------------------------------------------------------

    def visit(self, visit: Visit) -> None:
        received = min(visit.planned_on, self.today)
        case_type = self.case_type_on(received)
        strategy = self.strategy_on(visit.planned_on)
        records = visit.performed and bool(visit.not_met) and not visit.unrecorded
        if case_type is None or (records and strategy is None):
            return
        inspector = visit.inspector
        actor = inspector.user.pk
        site = visit.site
        rows = self.pending
        case = Case(
            identification=self.numbers.next(Case, f"Z-{received.year}-"),
            participant_id=site.participant_id,
            case_type=case_type,
            subject=f"Controle {site.name}"[:240],
            site_id=site.pk,
            establishment_id=site.establishment_id,
            received_on=received,
            status=CaseStatus.ONTVANGEN,
            assigned_to_id=inspector.employee_id,
            team_id=inspector.team_id,
        )
        rows.cases.append(case)
        rows.history.append((case, "", CaseStatus.ONTVANGEN, received, actor, "Zaak aangemaakt."))
        if visit.cause_case_id is not None:
            rows.relations.append((case, visit.cause_case_id))
        day = visit.planned_on
        status = InspectionStatus.GEPLAND
        notes = ""
        if visit.cancelled:
            status, notes = InspectionStatus.VERVALLEN, self.rng.choice(CANCEL_REASONS)
            self._close(rows, case, day, actor, notes, via=True)
        elif visit.performed:
            status = InspectionStatus.UITGEVOERD
            case.status = CaseStatus.IN_BEHANDELING
            rows.history.append(
                (case, CaseStatus.ONTVANGEN, CaseStatus.IN_BEHANDELING, day, actor, "")
            )
            if visit.compliant:
                closing = workday(day + self.rng.randint(1, 10) * ONE_DAY)
                if closing <= self.last:
                    self._close(
                        rows, case, closing, actor, "Controle afgerond: geen overtredingen."
                    )
        inspection = Inspection(
            identification=self.numbers.next(Inspection, f"C-{day.year}-"),
            participant_id=site.participant_id,
            site_id=site.pk,
            case=case,
            inspection_type=visit.inspection_type,
            cause=visit.cause,
            cause_case_id=visit.cause_case_id,
            inspector_id=inspector.employee_id,
            checklist=self.checklists[visit.checklist],
            status=status,
            planned_on=day,
            performed_on=day if status == InspectionStatus.UITGEVOERD else None,
            notes=notes,
            created_by_id=actor,
        )
        rows.inspections.append(inspection)
        not_met = {n.index: n for n in visit.not_met}
        findings: dict[int, Finding] = {}  # the points not met that become violations
        performed = status == InspectionStatus.UITGEVOERD
        for index, point in enumerate(self.points[visit.checklist]):
            missing = not_met.get(index) if performed else None
            if missing is not None:
                finding = Finding(
                    inspection=inspection,
                    number=index + 1,
                    subject_id=point.subject_id,
                    point=point.point,
                    rule=point.rule,
                    result=FindingResult.NIET_AKKOORD,
                    remarks=self.rng.choice(NATURES.get(point.subject, (DEFAULT_NATURE,))),
                    consequence=missing.consequence,
                    behaviour=missing.behaviour,
                )
                if records:
                    findings[index] = finding
                    rows.findings.append(finding)
                    continue
                position: tuple[int | None, str] = (missing.consequence, missing.behaviour)
                result, remarks = finding.result, finding.remarks
            else:  # a plain row: nothing refers to it
                position = (None, "")
                result, remarks = "", ""
                if performed:
                    result = _weighted(self.rng, COMPLIANT_RESULTS)
                    if result == FindingResult.AKKOORD_NA_AANWIJZING:
                        remarks = REMARK_AFTER_INSTRUCTION
            number = index + 1
            rows.finding_rows.append(
                (
                    inspection,
                    number,
                    point.subject_id,
                    point.point,
                    point.rule,
                    result,
                    remarks,
                    *position,
                )
            )
        self.counts["inspections"] += 1
        if records and strategy is not None:
            self.record(visit, rows, inspection, findings, strategy)
        if len(self.pending) >= FLUSH_EVERY:
            self.flush()

    def _close(
        self, rows: Rows, case: Case, on: datetime.date, actor: int, note: str, *, via: bool = False
    ) -> None:
        if via:  # a planned inspection that lapsed: taken up and closed the same day
            rows.history.append(
                (case, CaseStatus.ONTVANGEN, CaseStatus.IN_BEHANDELING, on, actor, "")
            )
        rows.history.append(
            (case, CaseStatus.IN_BEHANDELING, CaseStatus.AFGEHANDELD, on, actor, note)
        )
        case.status = CaseStatus.AFGEHANDELD
        case.closed_on = on

    # violations ------------------------------------------------------------------------------

    def record(
        self,
        visit: Visit,
        rows: Rows,
        inspection: Inspection,
        findings: dict[int, Finding],
        strategy: StrategyVersion,
    ) -> None:
        """The violations of an inspection with points not met, as ``violation_record`` stores
        them, and each one's way up to the first decision (see :meth:`plain_path`)."""
        day = visit.planned_on
        inspector = visit.inspector
        for not_met in visit.not_met:
            finding = findings[not_met.index]
            key = proposals.rule_key(finding.rule)
            advice = proposals.recidivism_advice(
                behaviour=not_met.behaviour,
                prior=self.priors[(visit.site.pk, key)],
                observed_on=day,
                months=strategy.recidivism_months,
            )
            raised = not_met.fate.raise_behaviour and advice is not None and advice.raises
            behaviour = worse_behaviour(not_met.behaviour) if raised else not_met.behaviour
            violation = Violation(
                identification=self.numbers.next(Violation, f"O-{day.year}-"),
                participant_id=visit.site.participant_id,
                site_id=visit.site.pk,
                inspection=inspection,
                observed_on=day,
                nature=finding.remarks or DEFAULT_NATURE,
                rule=finding.rule,
                rule_key=key,
                strategy_kind=strategy.kind,
                strategy=strategy,
                consequence=not_met.consequence,
                behaviour=behaviour,
                positioning_reason=PositioningReason.RECIDIVE if raised else "",
                positioning_explanation=advice.explanation if raised and advice else "",
                recidivism_of=(
                    self.by_identification.get(advice.prior.identification) if advice else None
                ),
                enforce=not_met.fate.enforce,
                no_enforcement_reason=(
                    "" if not_met.fate.enforce else self.rng.choice(NO_ENFORCEMENT_REASONS)
                ),
                created_by_id=inspector.user.pk,
            )
            rows.violations.append(violation)
            rows.violation_findings.append((violation, finding))
            self.by_identification[violation.identification] = violation
            self.priors[(visit.site.pk, key)].append(
                proposals.PriorViolation(violation.identification, day, behaviour)
            )
            self.counts["violations"] += 1
            self.counts["recidivism"] += advice is not None
            self.counts["repositioned"] += raised
            self.counts["not_enforced"] += not not_met.fate.enforce
            if not_met.fate.enforce:
                cell = self.cell(strategy, not_met.consequence, behaviour)
                self.plain_path(rows, violation, finding, not_met.fate, cell, inspector)

    def plain_path(
        self,
        rows: Rows,
        violation: Violation,
        finding: Finding,
        fate: Fate,
        cell: proposals.CellRule,
        inspector: Staff,
    ) -> None:
        """The steps before any decision, in bulk and as the services would take them: the
        cell's warning with its repair term and the re-inspection at its end; when that finds
        the violation not repaired (or the cell starts there) a notice of intent with a term
        to respond and to repair, and the re-inspection after it. The order that follows, or an
        urgent order the cell asks for at once, is an event for the services."""
        track = Track(violation, fate.failures, court=fate.court)
        rung = proposals.start_rung(cell)
        if rung == Rung.LAST:
            self.at(violation.observed_on, partial(self.order, track, urgent=True))
            return
        day = violation.observed_on
        if rung == Rung.WAARSCHUWING:
            instrument = self.instruments[cell.default.code]
            imposed = min(workday(day + self.rng.randint(0, 3) * ONE_DAY), self.last)
            corrective = instrument.track == InstrumentTrack.HERSTEL
            repair_until = (
                imposed + cell.repair_term_days * ONE_DAY
                if corrective and cell.repair_term_days
                else None
            )
            measure = Measure(
                identification=self.numbers.next(Measure, f"H-{imposed.year}-"),
                participant_id=violation.participant_id,
                instrument=instrument,
                status=MeasureStatus.OPGELEGD,
                case=violation.inspection.case,
                imposed_on=imposed,
                repair_until=repair_until,
                created_by_id=inspector.user.pk,
            )
            rows.measures.append(measure)
            rows.measure_violations.append((measure, violation))
            self.counts["warnings"] += 1
            checked = self.reinspect(
                rows, track, finding, cell, repair_until or imposed + 28 * ONE_DAY, inspector
            )
            if checked is None:
                return
            day = workday(checked + self.rng.randint(2, 8) * ONE_DAY)
        jurist = self.jurist(violation.participant_id)
        if day > self.last or jurist is None:
            return
        instrument, deviation = self.order_instrument(cell)
        response_until = day + proposals.DEFAULT_RESPONSE_DAYS * ONE_DAY
        own_term = day + cell.repair_term_days * ONE_DAY if cell.repair_term_days else None
        repair_until = max(own_term or response_until, response_until)
        intention = Intention(
            violation=violation,
            instrument=instrument,
            sent_on=day,
            response_until=response_until,
            repair_until=repair_until,
            deviation_reason=deviation,
            created_by_id=jurist.user.pk,
        )
        answered = workday(day + self.rng.randint(5, 13) * ONE_DAY)
        if self.rng.random() < RESPONSE_SHARE and answered <= min(self.last, response_until):
            intention.response_received_on = answered
            intention.response_summary = self.rng.choice(RESPONSES)
        rows.intentions.append(intention)
        self.counts["intentions"] += 1
        track.instrument = instrument
        checked = self.reinspect(
            rows, track, finding, cell, max(repair_until, response_until), inspector
        )
        if checked is not None:
            self.at(
                workday(checked + self.rng.randint(3, 10) * ONE_DAY),
                partial(self.order, track, urgent=False),
            )

    def reinspect(
        self,
        rows: Rows,
        track: Track,
        finding: Finding,
        cell: proposals.CellRule,
        planned_on: datetime.date,
        inspector: Staff,
    ) -> datetime.date | None:
        """A re-inspection planned at the term (``schedule_reinspection``), performed a few days
        later unless that is after the last day: repaired (``repaired_on``) or not (its finding
        joins the violation); returns the day it found the violation not repaired."""
        violation = track.violation
        violation.repair_due_on = planned_on
        performed = workday(planned_on + self.rng.randint(0, 3) * ONE_DAY)
        done = performed <= self.last
        reinspection = Inspection(
            identification=self.numbers.next(Inspection, f"C-{planned_on.year}-"),
            participant_id=violation.participant_id,
            site_id=violation.site_id,
            case=violation.inspection.case,
            inspection_type=InspectionType.HERCONTROLE,
            cause=InspectionCause.OVERTREDING,
            cause_violation=violation,
            inspector_id=inspector.employee_id,
            status=InspectionStatus.UITGEVOERD if done else InspectionStatus.GEPLAND,
            planned_on=planned_on,
            performed_on=performed if done else None,
            created_by_id=inspector.user.pk,
        )
        rows.reinspections.append(reinspection)
        copy = Finding(
            inspection=reinspection,
            number=1,
            subject_id=finding.subject_id,
            point=finding.point,
            rule=finding.rule,
        )
        rows.reinspection_findings.append(copy)
        if not done:
            return None
        self.counts["checks"] += 1
        if track.failures_left <= 0:
            copy.result = FindingResult.NAGELEEFD
            violation.repaired_on = performed
            return None
        track.failures_left -= 1
        copy.result = FindingResult.NIET_AKKOORD
        copy.consequence = int(cell.code[0])
        copy.behaviour = cell.code[1]
        copy.remarks = NOT_REPAIRED
        rows.violation_findings.append((violation, copy))
        return performed

    # the services ----------------------------------------------------------------------------

    def jurist(self, participant_id: int) -> Staff | None:
        if not self.jurists:
            return self.legal_leaders[0] if self.legal_leaders else None
        return self.jurists[self.rank.get(participant_id, 0) % len(self.jurists)]

    def signers(
        self,
        participant_id: int,
        decision_type: str,
        *,
        first: Staff | None = None,
        amount: Decimal | None = None,
    ) -> list[Staff]:
        """Who is asked to sign, in order: the preferred signer, the jurist (for what the
        jurist's sub-mandate covers, within its limit), the legal team leader, the managers and
        the director. The mandate check decides; a refusal asks the next."""
        chosen: list[Staff] = [first] if first is not None else []
        jurist = self.jurist(participant_id)
        if (
            jurist is not None
            and decision_type in JURIST_DECISIONS
            and (amount is None or amount <= JURIST_LIMIT)
        ):
            chosen.append(jurist)
        if self.legal_leaders:
            rank = self.rank.get(participant_id, 0)
            chosen.append(self.legal_leaders[rank % len(self.legal_leaders)])
        chosen += self.managers
        unique: list[Staff] = []
        for staff in chosen:
            if staff not in unique:
                unique.append(staff)
        return unique

    def fresh(self, track: Track) -> Violation:
        track.violation = Violation.objects.select_related("strategy", "inspection__case").get(
            pk=track.violation.pk
        )
        return track.violation

    def order_instrument(self, cell: proposals.CellRule) -> tuple[Instrument, str]:
        """The order the cell asks for (its default, else a last onder dwangsom it allows,
        else bestuursdwang), or a last onder dwangsom outside the cell with the reason."""
        if proposals.rung_of(cell.default) == Rung.LAST:
            return self.instruments[cell.default.code], ""
        for code in ("last-onder-dwangsom", "last-onder-bestuursdwang"):
            if cell.allows(code):
                return self.instruments[code], ""
        return self.instruments["last-onder-dwangsom"], ORDER_DEVIATION

    def planned_check(self, track: Track) -> None:
        """The re-inspection the services planned, performed a few days after its date: one
        that finds the violation repaired is written at once, in bulk (as
        ``inspection_complete`` would record it); one that does not is recorded through the
        services on its day, and the decision support proposes the next step."""
        planned = (
            Inspection.objects.filter(
                cause_violation_id=track.violation.pk, status=InspectionStatus.GEPLAND
            )
            .order_by("planned_on", "id")
            .first()
        )
        if planned is None:
            return
        day = workday(planned.planned_on + self.rng.randint(0, 3) * ONE_DAY)
        if day > self.last:
            return
        if track.failures_left > 0:
            self.at(day, partial(self.check, track, planned, day))
            return
        Inspection.objects.filter(pk=planned.pk).update(
            status=InspectionStatus.UITGEVOERD, performed_on=day, updated_at=timezone.now()
        )
        planned.findings.update(result=FindingResult.NAGELEEFD)
        Violation.objects.filter(pk=track.violation.pk).update(
            repaired_on=day, updated_at=timezone.now()
        )
        self.counts["checks"] += 1

    def context_day(self, floor: datetime.date) -> datetime.date:
        """The day of the event being handled (the heap's last), never before ``floor``."""
        return max(self.current, floor)

    def check(self, track: Track, inspection: Inspection, day: datetime.date) -> None:
        """A re-inspection recorded through the services; when the violation is still there,
        the next step is the one the decision support proposes."""
        inspection = Inspection.objects.get(pk=inspection.pk)
        staff = self.staff.get(inspection.inspector_id)
        if staff is None or inspection.status != InspectionStatus.GEPLAND:
            return
        repaired = track.failures_left <= 0
        violation = self.fresh(track)
        for finding in inspection.findings.order_by("number"):
            services.finding_record(
                actor=staff.user,
                finding=finding,
                result=FindingResult.NAGELEEFD if repaired else FindingResult.NIET_AKKOORD,
                remarks="" if repaired else NOT_REPAIRED,
                consequence=None if repaired else violation.consequence,
                behaviour="" if repaired else violation.behaviour,
            )
        services.inspection_complete(actor=staff.user, inspection=inspection, performed_on=day)
        self.counts["checks"] += 1
        if repaired:
            return
        track.failures_left -= 1
        violation = self.fresh(track)
        step = selectors.violation_advice(violation, today=day).next_step
        later = workday(day + self.rng.randint(3, 10) * ONE_DAY)
        if step.rung == Rung.LAST:
            self.at(later, lambda: self.order(track, urgent=False))
        elif step.rung == Rung.INVORDERING:
            measure = track.measure
            if measure is not None and measure.instrument.has_penalty:
                self.at(day, lambda: self.forfeit(track, day))
            elif measure is not None:
                self.at(later, lambda: self.execute(track))

    def order(self, track: Track, *, urgent: bool) -> None:
        """Impose the order announced (or, after a penalty ran out, bestuursdwang), signed
        under mandate by the first who may."""
        self.numbered_service()
        violation = self.fresh(track)
        if violation.repaired_on is not None or not violation.enforce:
            return
        cell = self.cell(violation.strategy, violation.consequence, violation.behaviour)
        day = self.context_day(violation.observed_on)
        deviation = ""
        previous = track.measure
        if urgent:
            instrument = self.instruments[cell.default.code]
        elif previous is not None:  # the penalty ran out without repair: bestuursdwang
            instrument = self.instruments["last-onder-bestuursdwang"]
            deviation = "" if cell.allows(instrument.code) else COERCION_DEVIATION
        elif track.instrument is not None:
            instrument = track.instrument
            deviation = "" if cell.allows(instrument.code) else ORDER_DEVIATION
        else:
            instrument, deviation = self.order_instrument(cell)
        penalty: dict[str, Any] = {}
        amount: Decimal | None = None
        if instrument.has_penalty:
            amount = _weighted(self.rng, PENALTY_MAXIMA)
            unit, parts = _weighted(self.rng, PENALTY_UNITS)
            per = max((amount / parts / 50).quantize(Decimal(1)) * 50, Decimal(50))
            penalty = {"penalty_amount": per, "penalty_unit": unit, "penalty_maximum": amount}
        grace = URGENT_GRACE_DAYS if urgent else max(cell.repair_term_days, MIN_GRACE_DAYS)
        repair_until = day + grace * ONE_DAY
        inspector = self.staff.get(violation.inspection.inspector_id)
        first = inspector if urgent else None
        measure = None
        decision_type = instrument.decision_type.code if instrument.decision_type else ""
        signers = self.signers(violation.participant_id, decision_type, first=first, amount=amount)
        for signer in signers:
            try:
                measure = services.measure_impose(
                    actor=signer.user,
                    violations=[violation],
                    instrument=instrument,
                    imposed_on=day,
                    repair_until=repair_until,
                    deviation_reason=deviation,
                    **penalty,
                )
                break
            except MandateRefused:
                continue
        self.numbers.forget()
        if measure is None:
            self.counts["orders_refused"] += 1
            return
        track.measure = measure
        track.instrument = instrument
        self.counts["orders"] += 1
        if track.court or (track.failures_left <= 0 and self.rng.random() < APPEAL_SHARE):
            lodged = workday(day + self.rng.randint(14, 42) * ONE_DAY)
            court = track.court
            self.at(lodged, lambda: self.object_to(measure, lodged, court=court))
        self.planned_check(track)

    def forfeit(self, track: Track, day: datetime.date) -> None:
        """Penalties forfeited after the grace period (all of them when the offender will not
        repair), mostly collected; then the next re-inspection."""
        measure = Measure.objects.get(pk=track.measure.pk) if track.measure else None
        if measure is None or measure.penalty_maximum is None or measure.penalty_amount is None:
            return
        jurist = self.jurist(measure.participant_id)
        if jurist is None:
            return
        on = max(day, (measure.repair_until or measure.imposed_on) + ONE_DAY)
        if on > self.last:
            return
        remaining = measure.penalty_maximum - measure.forfeited_amount
        if track.failures_left > 0:
            amount = remaining
        else:
            grace_end = measure.repair_until or measure.imposed_on
            units = {
                PenaltyUnit.PER_WEEK: (on - grace_end).days // 7 + 1,
                PenaltyUnit.PER_DAG: (on - grace_end).days,
            }.get(PenaltyUnit(measure.penalty_unit), self.rng.randint(1, 2))
            amount = min(remaining, measure.penalty_amount * max(units, 1))
        if amount <= 0:
            return
        measure = services.penalty_forfeit(actor=jurist.user, measure=measure, amount=amount, on=on)
        track.measure = measure
        self.counts["forfeited"] += 1
        if self.rng.random() < COLLECT_SHARE:
            collect_on = workday(on + self.rng.randint(14, 42) * ONE_DAY)
            self.at(collect_on, lambda: self.collect(measure, collect_on))
        again = workday(on + self.rng.randint(14, 28) * ONE_DAY)
        violation = self.fresh(track)
        staff = self.staff.get(violation.inspection.inspector_id)
        if staff is None:
            return
        self.numbered_service()
        services.inspection_create(
            actor=staff.user,
            site=violation.site,
            inspection_type=InspectionType.HERCONTROLE,
            planned_on=again,
            inspector=violation.inspection.inspector,
            cause_violation=violation,
        )
        self.numbers.forget()
        self.planned_check(track)

    def collect(self, measure: Measure, day: datetime.date) -> None:
        measure = Measure.objects.select_related("case__case_type").get(pk=measure.pk)
        amount = measure.forfeited_amount - measure.collected_amount
        if amount <= 0 or measure.collection_decision_id is not None:
            return
        for signer in self.signers(measure.participant_id, "invordering-dwangsom", amount=amount):
            try:
                services.penalty_collect(
                    actor=signer.user, measure=measure, amount=amount, decision_date=day
                )
                self.counts["collected"] += 1
                return
            except MandateRefused:
                continue

    def execute(self, track: Track) -> None:
        """Bestuursdwang carried out: the order executed, the violation ended."""
        measure = track.measure
        violation = self.fresh(track)
        if measure is None or violation.repaired_on is not None:
            return
        day = self.context_day(violation.observed_on)
        jurist = self.jurist(violation.participant_id)
        if jurist is None:
            return
        services.measure_status_change(
            actor=jurist.user, measure=measure, status=MeasureStatus.UITGEVOERD, on=day
        )
        services.violation_repaired(
            actor=jurist.user, violation=violation, on=day, note=COERCION_NOTE
        )
        self.counts["coercion"] += 1

    def object_to(self, measure: Measure, day: datetime.date, *, court: bool = False) -> None:
        """An objection; with ``court`` (COURT_CASES) it is rejected and goes to court."""
        jurist = self.jurist(measure.participant_id)
        if jurist is None or measure.decision_id is None:
            return
        appeal = services.appeal_lodge(
            actor=jurist.user,
            measure=measure,
            stage=AppealStage.BEZWAAR,
            lodged_on=day,
            reference=f"BZ-{day.year}-{self.rng.randint(100, 999)}",
        )
        self.counts["appeals"] += 1
        decided = workday(day + self.rng.randint(42, 120) * ONE_DAY)
        self.at(decided, lambda: self.decide_appeal(appeal, decided, court_case=court))

    def appeal_outcome(self, stage: str, *, court_case: bool) -> str:
        if court_case and stage == AppealStage.BEZWAAR:
            return AppealOutcome.IN_STAND  # rejected: the offender goes to court
        if court_case and stage == AppealStage.BEROEP and self.court_outcomes:
            return self.court_outcomes.pop()
        if stage in (AppealStage.BEROEP, AppealStage.HOGER_BEROEP):
            return _weighted(self.rng, COURT_OUTCOMES)
        return _weighted(self.rng, APPEAL_OUTCOMES)

    def decide_appeal(
        self, appeal: Appeal, day: datetime.date, *, court_case: bool = False
    ) -> None:
        jurist = self.jurist(appeal.measure.participant_id)
        if jurist is None:
            return
        court = appeal.stage in (AppealStage.BEROEP, AppealStage.HOGER_BEROEP)
        outcome = self.appeal_outcome(appeal.stage, court_case=court_case)
        note = (COURT_NOTES if court else APPEAL_NOTES)[outcome]
        services.appeal_decide(
            actor=jurist.user, appeal=appeal, decided_on=day, outcome=outcome, note=note
        )
        measure = Measure.objects.get(pk=appeal.measure_id)
        if outcome == AppealOutcome.VERNIETIGD and measure.status == MeasureStatus.OPGELEGD:
            services.measure_status_change(
                actor=jurist.user,
                measure=measure,
                status=MeasureStatus.INGETROKKEN,
                on=day,
                reason=note,
            )
        elif (
            outcome == AppealOutcome.IN_STAND
            and not court
            and (court_case or self.rng.random() < COURT_SHARE)
        ):
            self.take_to_court(measure, day, AppealStage.BEROEP, court_case=court_case)
        elif (
            outcome == AppealOutcome.IN_STAND
            and appeal.stage == AppealStage.BEROEP
            and self.rng.random() < HIGHER_APPEAL_SHARE
        ):
            self.take_to_court(measure, day, AppealStage.HOGER_BEROEP)

    def take_to_court(
        self, measure: Measure, day: datetime.date, stage: str, *, court_case: bool = False
    ) -> None:
        """An appeal to the court (beroep) after an objection, or to the Raad van State (hoger
        beroep) after a ruling. The court rules in three to seven months, the Raad van State in
        six to twelve; a court case of COURT_CASES on a day of the demo year."""
        jurist = self.jurist(measure.participant_id)
        if jurist is None:
            return
        lodged = workday(day + self.rng.randint(14, 42) * ONE_DAY)

        def lodge() -> None:
            higher = stage == AppealStage.HOGER_BEROEP
            further = services.appeal_lodge(
                actor=jurist.user,
                measure=measure,
                stage=stage,
                lodged_on=lodged,
                reference=(
                    f"{lodged:%Y}{self.rng.randint(10000, 99999)}/1/R{self.rng.randint(1, 4)}"
                    if higher
                    else f"SHE {lodged:%y}/{self.rng.randint(1000, 9999)}"
                ),
            )
            self.counts["appeals"] += 1
            if court_case:
                # In the demo year's calendar year, where its figures are reported.
                floor = max(lodged + 56 * ONE_DAY, self.first, self.last.replace(month=1, day=1))
                decided = self.day_in(floor, self.last)
            else:
                low, high = (180, 360) if higher else (90, 200)
                decided = workday(lodged + self.rng.randint(low, high) * ONE_DAY)
            self.at(decided, lambda: self.decide_appeal(further, decided, court_case=court_case))

        self.at(lodged, lodge)

    # closing ---------------------------------------------------------------------------------

    def close_cases(self) -> None:
        """A controle case closes a few days after its last step once nothing is open: no
        violation to enforce, no inspection planned, no appeal pending."""
        cases = dict(
            Case.objects.filter(case_type__code=INSPECTION_CASE_TYPE)
            .exclude(status__in=list(CLOSED))
            .values_list("pk", "status")
        )
        if not cases:
            return
        busy = set(
            Violation.objects.filter(repaired_on=None, enforce=True).values_list(
                "inspection__case_id", flat=True
            )
        )
        busy |= set(
            Inspection.objects.filter(status=InspectionStatus.GEPLAND).values_list(
                "case_id", flat=True
            )
        )
        busy |= set(
            Appeal.objects.filter(outcome=AppealOutcome.LOPEND).values_list(
                "measure__case_id", flat=True
            )
        )
        busy |= set(
            Finding.objects.filter(
                result=FindingResult.NIET_AKKOORD, violations__isnull=True
            ).values_list("inspection__case_id", flat=True)
        )
        latest: dict[int, datetime.date] = {}

        def later(pairs: Iterable[tuple[int | None, datetime.date | None]]) -> None:
            for case_id, day in pairs:
                if (
                    case_id is not None
                    and day is not None
                    and day > latest.get(case_id, day - ONE_DAY)
                ):
                    latest[case_id] = day

        later(Inspection.objects.values_list("case_id", "performed_on"))
        later(Violation.objects.values_list("inspection__case_id", "repaired_on"))
        later(Measure.objects.values_list("case_id", "imposed_on"))
        later(Measure.objects.values_list("case_id", "completed_on"))
        later(Measure.objects.values_list("case_id", "forfeited_on"))
        later(Intention.objects.values_list("violation__inspection__case_id", "response_until"))
        later(
            Decision.objects.filter(case__case_type__code=INSPECTION_CASE_TYPE).values_list(
                "case_id", "decision_date"
            )
        )
        later(Appeal.objects.values_list("measure__case_id", "decided_on"))
        closing: list[tuple[int, str, datetime.date]] = []
        for case_id, status in sorted(cases.items()):
            if case_id in busy or case_id not in latest:
                continue
            on = workday(latest[case_id] + self.rng.randint(2, 14) * ONE_DAY)
            if on <= self.last:
                closing.append((case_id, status, on))
        insert_rows(
            CaseStatusChange,
            ("case", "from_status", "status", "on", "at", "actor", "note"),
            (
                (
                    case_id,
                    status,
                    CaseStatus.AFGEHANDELD.value,
                    self.adapt.date(on),
                    self.moments(on, 16),
                    None,
                    "Handhavingstraject afgerond.",
                )
                for case_id, status, on in closing
            ),
        )
        table = connection.ops.quote_name(Case._meta.db_table)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        params: list[Sequence[Any]] = [
            (CaseStatus.AFGEHANDELD.value, self.adapt.date(on), now, case_id)
            for case_id, _status, on in closing
        ]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET status = %s, closed_on = %s, updated_at = %s "  # noqa: S608
                "WHERE id = %s",
                params,
            )
        self.counts["cases_closed_after_enforcement"] = len(closing)


# --- the step -----------------------------------------------------------------------------------


def _has_data() -> bool:
    return Inspection.objects.exists() or Violation.objects.exists() or Measure.objects.exists()


def _reset() -> None:
    """Children first; the links between inspections and violations are cut before either
    goes (PROTECT both ways). Measures go with a queryset delete: ``Measure.delete()`` refuses
    by design. The cases and decisions go with the cases and mandates steps."""
    Appeal.objects.all().delete()
    Intention.objects.all().delete()
    Measure.objects.all().delete()
    Inspection.objects.exclude(cause_violation=None).update(cause_violation=None)
    Violation.objects.exclude(recidivism_of=None).update(recidivism_of=None)
    Violation.objects.all().delete()
    Inspection.objects.all().delete()


@demo_step(name="enforcement", order=58, has_data=_has_data, reset=_reset)
def generate_enforcement(context: DemoContext) -> None:
    generator = Generator(context, timezone.localdate())
    generator.run()
    context.shared["enforcement"] = {
        **generator.counts,
        "window": (generator.first, generator.last),
    }
