"""Demo cases: a year of VTH cases with their status history, suspensions and extensions.

What the step makes, per scale:

- ``odzob``: about CASES_PER_YEAR (36,000) cases received in the twelve months up to today (up to
  31 December when the demo year lies in the past), so that the case list always shows a full
  year: recent cases still open, older ones decided. ``small``: SMALL_CASES (a few hundred).
  ``national``: capped at MAX_CASES (not 30 times ODZOB), so that the step stays within about a
  minute; the cap is the only thing that differs.
- The mix over the reference case types (:data:`PROFILES`): meldingen most numerous, then
  environmental complaints (milieuklachten), advice requests, information, permit applications
  (regular, a few extended), maatwerk, enforcement requests, objections (bezwaarschriften
  against decisions of earlier demo cases) and a few complaints about conduct.
- Each case lies on a site of its participant drawn from the sites register, so that the cases
  spread over the participants as their sites do (applications, meldingen and enforcement
  requests on sites with an establishment); some complaints and the complaints about conduct
  name a bare location and a person instead.
- Received dates over the year with weekday peaks (Monday most, hardly any at weekends) and
  quieter summer and Christmas weeks; complaints come in every day, more in summer.
- Processing: the case is taken into handling after a few days and assigned to an employee of
  the case type's default team; about a quarter of the permit applications is suspended for
  missing documents (2-6 weeks), some of those are never completed and end "buiten
  behandeling"; about one in ten gets the one extension, decided in time; about 91 % is decided
  (or closed) within the term, the rest a few days to weeks late; some are withdrawn. The
  extended procedure puts a draft decision up for views first. Every date is planned in full
  and then cut at today: what lies after today has not happened yet, which leaves recent
  cases open (some overdue, some due soon, some suspended).
- ``due_on``/``original_due_on`` are the engine's answer (``grip.cases.deadlines``) for the
  suspensions and extension that happened, with the Atw calendar of ``atw_calendar()``, as of
  today, exactly as the services store them.
- A few old Wabo-regime cases received in the autumn of 2023 (one decided late, one still open
  and overdue: both show the permit-by-default risk) and a few notices of default on late
  Omgevingswet decisions.
- EquatedDay rows for the Friday after Ascension Day of the demo years, named EQUATED_DAY_NAME:
  demo data, not the royal decree.
- Documents: a tiny generated text per application for the MAX_APPLICATION_DOCUMENTS most
  recent permit and maatwerk applications (and the request to complete it when it was
  suspended), saved through ``default_storage``; the mandates step adds a decision letter for
  the MAX_DECISION_LETTERS most recently decided permits. Some 700 small files in all, at
  every scale; nothing else is stored on disk.

Result and archive fields (``grip.cases.archive``): a second step, ``cases-archive`` (order 59),
fills them for every closed case once the mandates step signed the decisions and the enforcement
step closed its inspection cases, as the closing services would have. Four Wabo cases of early
2023 were withdrawn or not considered, so that their destruction date (closure + one year) has
passed and the archivist's destruction proposal is not empty.

Decisions are *not* written here: a decision carries the mandate chain and the *namens* line of
the participant's mandate register, which is the mandates app's (a higher layer). This step
hands its plan (:class:`DecisionPlan`, in ``context.shared["case_decisions"]``) to the mandates
step (order 56), which writes the registers and then signs every planned decision under a valid
chain. Between the two steps the decided cases have their 'besloten' status but no decision
row yet; both run in the demo's one transaction.

Rows are written in bulk (executemany in batches), without services and without an audit
record per row; every status history is a legal path through ``TRANSITIONS`` by construction.
"""

from __future__ import annotations

import datetime
import hashlib
from bisect import bisect
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate, islice
from random import Random
from typing import Any, TypeVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from grip.cases import archive
from grip.cases.constants import (
    CLOSED,
    CaseStatus,
    DocumentType,
    LegalRegime,
    Procedure,
    RelationKind,
    SuspensionReason,
)
from grip.cases.deadlines import (
    AtwCalendar,
    Deadline,
    Term,
    compute_deadline,
    easter_sunday,
)
from grip.cases.deadlines import (
    Extension as EngineExtension,
)
from grip.cases.deadlines import (
    Suspension as EngineSuspension,
)
from grip.cases.models import (
    Case,
    CaseRelation,
    CaseStatusChange,
    CaseType,
    Decision,
    DecisionType,
    Document,
    EquatedDay,
    Extension,
    SavedCaseView,
    Suspension,
)
from grip.cases.selectors import atw_calendar, retention_rules_by_key
from grip.core.classification import Confidentiality
from grip.core.demodata import DemoContext, demo_step
from grip.organisation.models import Employee
from grip.participants.models import Participant
from grip.sites.models import Site, SiteActivity

S = CaseStatus
ONE_DAY = datetime.timedelta(days=1)
BATCH = 5000
_Row = TypeVar("_Row")

CASES_PER_YEAR = 36_000  # at odzob scale; times the scale's factor up to MAX_CASES
SMALL_CASES = 400
# Scale national: a cap, not 30 x ODZOB, to stay within about a minute (measured on SQLite:
# about 26 s for this step and 8 s for the mandates step with 120,000 cases).
MAX_CASES = 120_000
MIN_PER_TYPE = 2
WINDOW_DAYS = 365
OMGEVINGSWET_FROM = datetime.date(2024, 1, 1)
EQUATED_DAY_NAME = "voorbeeld (demo)"
MAX_APPLICATION_DOCUMENTS = 150
LATE_SHARE = 0.09
NOTICE_SHARE = 0.25  # of late decisions on applications: the applicant sends a notice of default
SANCTION_SHARE = 0.35  # of granted enforcement requests: an order subject to a penalty follows
FINE_SHARE = 0.12  # of granted enforcement requests: an administrative fine follows
PENALTY_AMOUNTS = (2_500, 5_000, 5_000, 7_500, 10_000, 10_000, 15_000, 25_000, 50_000)
FINE_AMOUNTS = (1_500, 3_000, 4_500, 4_500, 8_000, 12_000, 20_000)
WORKER_FUNCTIONS = {
    "vergunningverlening": ("vergunningverlener",),
    "toezicht-handhaving": ("toezichthouder",),
    "juridische-zaken": ("jurist",),
    "omgevingskwaliteit": ("adviseur",),
    "bouw-asbest-bodem": ("vergunningverlener", "toezichthouder"),
}
PERMIT_CODES = (
    "aanvraag-omgevingsvergunning",
    "aanvraag-omgevingsvergunning-uitgebreid",
    "aanvraag-maatwerkvoorschrift",
)
# Late decisions on these procedures can cost a penalty after a notice of default (Awb 4:17).
PENALTY_PROCEDURES = (Procedure.REGULIER, Procedure.UITGEBREID, Procedure.AWB_4_13)
# These procedures end with a decision ('besloten'), never straight in 'afgehandeld'.
DECISION_PROCEDURES = (*PENALTY_PROCEDURES, Procedure.AWB_7_10)
MAX_DECISION_LETTERS = 400  # decision letters written into the dossier: the most recent permits


@dataclass(frozen=True)
class Profile:
    """How cases of one case type come in and are handled."""

    share: float  # of the year's cases
    subjects: tuple[str, ...]
    decisions: tuple[tuple[str, float], ...] = ()  # the decision types that end it, weighted
    decision_share: float = 1.0  # of completed cases: how many end with a decision
    company: bool = True  # on a site with an establishment (when there is one)
    bare_location_share: float = 0.0  # a location and a person instead of a site
    start_days: tuple[int, int] = (1, 4)  # receipt to 'in behandeling'
    suspension_share: float = 0.0
    suspension_days: tuple[int, int] = (14, 42)
    not_completed_share: float = 0.0  # of the suspended: never completed, 'buiten behandeling'
    extension_share: float = 0.0
    extension_weeks: tuple[int, ...] = (6,)
    withdrawn_share: float = 0.0
    handling: tuple[float, float, float] = (0.35, 1.0, 0.85)  # when in the term, triangular
    suspension_note: str = "Aanvraag onvolledig; om aanvulling gevraagd."


PROFILES: dict[str, Profile] = {
    "melding-bal": Profile(
        0.36,
        (
            "Melding Bal: {activity}",
            "Melding wijziging {activity}",
            "Melding start {activity}",
        ),
        decisions=(("maatwerkvoorschrift-stellen", 1.0),),
        decision_share=0.04,
        start_days=(0, 3),
        suspension_share=0.08,
        suspension_days=(7, 21),
        withdrawn_share=0.01,
        handling=(0.2, 1.0, 0.7),
        suspension_note="Melding onvolledig; om aanvullende gegevens gevraagd.",
    ),
    "milieuklacht": Profile(
        0.30,
        (
            "Klacht geurhinder",
            "Klacht geluidhinder",
            "Klacht stofoverlast",
            "Klacht lichthinder",
            "Klacht trillingen",
            "Melding stankoverlast",
            "Melding rookontwikkeling",
            "Melding lekkage of incident",
        ),
        company=False,
        bare_location_share=0.3,
        start_days=(0, 1),
        handling=(0.0, 1.0, 0.3),
    ),
    "adviesverzoek": Profile(
        0.14,
        (
            "Advies omgevingsplanwijziging",
            "Advies externe veiligheid",
            "Advies bodemkwaliteit",
            "Advies geluid bij evenement",
            "Advies luchtkwaliteit",
            "Advies geur bij woningbouw",
        ),
        company=False,
        start_days=(0, 3),
        suspension_share=0.03,
        suspension_days=(7, 21),
        extension_share=0.05,
        extension_weeks=(2,),
        handling=(0.3, 1.0, 0.8),
        suspension_note="Wachten op gegevens van de deelnemer.",
    ),
    "informatie-bal": Profile(
        0.12,
        (
            "Informatie energiebesparing",
            "Informatie {activity}",
            "Informatie ongewoon voorval",
            "Informatieplicht lozing",
        ),
        start_days=(0, 3),
        handling=(0.1, 1.0, 0.5),
    ),
    "aanvraag-omgevingsvergunning": Profile(
        0.03,
        (
            "Omgevingsvergunning milieubelastende activiteit: {activity}",
            "Omgevingsvergunning uitbreiding {activity}",
            "Omgevingsvergunning wijziging {activity}",
        ),
        decisions=(("omgevingsvergunning-verlenen", 0.93), ("omgevingsvergunning-weigeren", 0.07)),
        suspension_share=0.25,
        not_completed_share=0.08,
        extension_share=0.10,
        extension_weeks=(6, 6, 4),
        withdrawn_share=0.03,
        handling=(0.4, 1.0, 0.9),
    ),
    "aanvraag-omgevingsvergunning-uitgebreid": Profile(
        0.004,
        (
            "Omgevingsvergunning (uitgebreide procedure): {activity}",
            "Omgevingsvergunning IPPC-installatie: {activity}",
        ),
        decisions=(("omgevingsvergunning-verlenen", 0.95), ("omgevingsvergunning-weigeren", 0.05)),
        start_days=(1, 6),
        suspension_share=0.25,
        not_completed_share=0.05,
        extension_share=0.10,
        withdrawn_share=0.03,
        handling=(0.3, 1.0, 0.8),
    ),
    "aanvraag-maatwerkvoorschrift": Profile(
        0.015,
        (
            "Maatwerkvoorschrift geluid",
            "Maatwerkvoorschrift geur",
            "Maatwerkvoorschrift bodem",
            "Maatwerkvoorschrift {activity}",
        ),
        decisions=(("maatwerkvoorschrift-stellen", 0.85), ("maatwerkvoorschrift-weigeren", 0.15)),
        suspension_share=0.2,
        not_completed_share=0.05,
        extension_share=0.08,
        extension_weeks=(6, 4),
        withdrawn_share=0.02,
    ),
    "handhavingsverzoek": Profile(
        0.01,
        (
            "Verzoek om handhaving: geluidoverlast",
            "Verzoek om handhaving: geuroverlast",
            "Verzoek om handhaving: opslag buiten de inrichting",
            "Verzoek om handhaving: {activity} zonder vergunning",
        ),
        decisions=(("handhavingsverzoek-toewijzen", 0.4), ("handhavingsverzoek-afwijzen", 0.6)),
        suspension_share=0.03,
        suspension_days=(14, 28),
        extension_share=0.08,
        extension_weeks=(4, 6),
        withdrawn_share=0.04,
        suspension_note="Verzoeker gevraagd het verzoek aan te vullen.",
    ),
    "bezwaarschrift": Profile(
        0.006,
        ("Bezwaar tegen besluit in zaak {contested}",),
        decisions=(("besluit-op-bezwaar", 1.0),),
        start_days=(1, 7),
        extension_share=0.15,
        withdrawn_share=0.08,
        handling=(0.5, 1.0, 0.9),
    ),
    "klacht-gedraging": Profile(
        0.002,
        (
            "Klacht over de bejegening door een toezichthouder",
            "Klacht over de behandelduur van een aanvraag",
            "Klacht over de bereikbaarheid van de omgevingsdienst",
        ),
        company=False,
        bare_location_share=1.0,
        start_days=(1, 5),
        extension_share=0.10,
        extension_weeks=(4,),
        handling=(0.5, 1.0, 0.9),
    ),
}
ACTIVITY_FALLBACK = (
    "opslag gevaarlijke stoffen",
    "stookinstallatie",
    "tankstation",
    "veehouderij",
    "metaalbewerking",
    "spuiten van verf",
    "koelinstallatie",
    "opslag van mest",
)

# (case type code, participant code, received in 2023 (month, day), outcome): the old cases.
WABO_CASES: tuple[tuple[str, str, tuple[int, int], str], ...] = (
    ("aanvraag-omgevingsvergunning", "GM0772", (10, 2), "in_time"),
    ("aanvraag-omgevingsvergunning", "GM0794", (11, 6), "late"),
    ("aanvraag-omgevingsvergunning-uitgebreid", "PV30", (9, 18), "extended"),
    ("aanvraag-omgevingsvergunning", "GM0762", (12, 11), "stalled"),
    ("handhavingsverzoek", "GM0861", (11, 20), "late"),
    ("aanvraag-maatwerkvoorschrift", "GM0753", (12, 4), "in_time"),
    # Closed long ago, to be destroyed one year after closure: the archivist's first proposal.
    ("aanvraag-omgevingsvergunning", "GM0772", (3, 13), "withdrawn"),
    ("aanvraag-omgevingsvergunning", "GM0794", (5, 8), "not_completed"),
    ("aanvraag-maatwerkvoorschrift", "GM0753", (4, 17), "withdrawn"),
    ("handhavingsverzoek", "GM0861", (6, 5), "withdrawn"),
)


# --- bulk writing (also used by the mandates step) -------------------------------------------


def batched(rows: Iterable[_Row], size: int) -> Iterator[list[_Row]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def insert_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """INSERT rows (values already adapted to the database) with executemany in batches."""
    ops = connection.ops
    column_of = {f.name: f.column for f in model._meta.concrete_fields}
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
        ops.quote_name(model._meta.db_table),
        ", ".join(ops.quote_name(column_of[column]) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    count = 0
    with connection.cursor() as cursor:
        for batch in batched(rows, BATCH):
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


class Adapt:
    """Dates in the database's own format, each value adapted once."""

    def __init__(self) -> None:
        self.ops = connection.ops
        self.dates: dict[datetime.date, object] = {}

    def date(self, day: datetime.date | None) -> object:
        if day is None:
            return None
        if day not in self.dates:
            self.dates[day] = self.ops.adapt_datefield_value(day)
        return self.dates[day]


class Moments:
    """``day`` at ``hour`` o'clock (never later than ``now``), adapted to the database; each
    value computed once."""

    def __init__(self, now: datetime.datetime) -> None:
        self.now = now
        self.ops = connection.ops
        self.values: dict[tuple[datetime.date, int], object] = {}

    def __call__(self, day: datetime.date, hour: int) -> object:
        key = (day, hour)
        if key not in self.values:
            at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
            self.values[key] = self.ops.adapt_datetimefield_value(min(at, self.now))
        return self.values[key]


@contextmanager
def indexes_dropped(*models: type[Model]) -> Iterator[None]:
    """On SQLite, drop the tables' secondary indexes while rows pour in and build them again
    afterwards (inside the demo's transaction); other databases keep their indexes."""
    if connection.vendor != "sqlite":
        yield
        return
    indexes: list[tuple[str, str]] = []
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL",
                [model._meta.db_table],
            )
            indexes += cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)


def refresh_statistics(*models: type[Model]) -> None:
    """PostgreSQL plans later queries from table statistics, which a bulk load leaves empty."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def store_text(name: str, text: str) -> tuple[str, int, str]:
    """Save a small text file through the default storage: (stored name, size, sha256)."""
    data = text.encode("utf-8")
    stored = default_storage.save(name, ContentFile(data))
    return stored, len(data), hashlib.sha256(data).hexdigest()


# --- what the step hands on ----------------------------------------------------------------


@dataclass(frozen=True)
class DecisionPlan:
    """A decision the mandates step signs: on which case, what, when, by whose handling."""

    identification: str
    decision_type: str  # code
    decision_date: datetime.date
    summary: str
    handler: int | None  # employee id of the case's handler
    amount: Decimal | None = None
    contested: str = ""  # identification of the case whose decision an objection contests
    report_author: int | None = None  # employee id, for an administrative fine
    letter: bool = False  # write a decision letter into the dossier


# --- inputs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TypeInfo:
    pk: int
    code: str
    name: str
    procedure: str
    term: Term
    max_extension_weeks: int
    team_id: int | None
    team_code: str


@dataclass(frozen=True)
class SiteRow:
    pk: int
    participant_id: int
    establishment_id: int | None
    name: str
    street: str
    city: str


@dataclass(frozen=True)
class Worker:
    employee_id: int
    user_id: int | None


@dataclass
class Sites:
    """The sites register for drawing a case's site: all, those with an establishment, and
    per participant."""

    all: list[SiteRow]
    companies: list[SiteRow]
    by_participant: dict[int, list[SiteRow]]
    activities: dict[int, list[str]]

    @classmethod
    def load(cls) -> Sites:
        rows = [
            SiteRow(*values)
            for values in Site.objects.order_by("pk").values_list(
                "pk", "participant_id", "establishment_id", "name", "street", "city"
            )
        ]
        activities: dict[int, list[str]] = defaultdict(list)
        for site_id, name in SiteActivity.objects.order_by("site_id", "pk").values_list(
            "site_id", "activity__name"
        ):
            activities[site_id].append(name)
        by_participant: dict[int, list[SiteRow]] = defaultdict(list)
        for row in rows:
            by_participant[row.participant_id].append(row)
        companies = [row for row in rows if row.establishment_id is not None]
        return cls(rows, companies, dict(by_participant), dict(activities))


# --- the calendar of receipts ----------------------------------------------------------------

OFFICE_WEEKDAYS = (1.35, 1.15, 1.05, 1.0, 0.8, 0.1, 0.06)
COMPLAINT_WEEKDAYS = (1.1, 1.0, 1.0, 1.0, 1.0, 0.8, 0.9)
OFFICE_MONTHS = (1.0, 1.0, 1.1, 1.05, 1.0, 1.05, 0.8, 0.7, 1.1, 1.05, 1.05, 0.85)
COMPLAINT_MONTHS = (0.8, 0.8, 0.9, 1.0, 1.1, 1.3, 1.35, 1.3, 1.1, 0.9, 0.8, 0.75)


@dataclass(frozen=True)
class Days:
    days: list[datetime.date]
    cumulative: list[float]

    @classmethod
    def weighted(
        cls,
        first: datetime.date,
        last: datetime.date,
        calendar: AtwCalendar,
        weekdays: Sequence[float],
        months: Sequence[float],
    ) -> Days:
        days, weights = [], []
        day = first
        while day <= last:
            weight = weekdays[day.weekday()] * months[day.month - 1]
            if day.weekday() < 5 and calendar.is_non_working(day):
                weight *= 0.15  # a holiday: as quiet as a weekend
            if (day.month == 12 and day.day >= 24) or (day.month == 1 and day.day <= 2):
                weight *= 0.5
            days.append(day)
            weights.append(weight)
            day += ONE_DAY
        return cls(days, list(accumulate(weights)))

    def draw(self, rng: Random) -> datetime.date:
        return self.days[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


# --- one case ----------------------------------------------------------------------------------


@dataclass
class Planned:
    """A case as planned in full, then cut at today."""

    info: TypeInfo
    participant_id: int
    subject: str
    received: datetime.date
    regime: str
    site: SiteRow | None = None
    establishment_id: int | None = None
    person_name: str = ""
    person_contact: str = ""
    location: str = ""
    handler: Worker | None = None
    # the plan (dates may lie after today)
    events: list[tuple[datetime.date, str, str]] = field(default_factory=list)  # on, to, note
    suspension: tuple[datetime.date, datetime.date, str] | None = None  # start, end, note
    extension: tuple[datetime.date, int, str] | None = None  # decided on, weeks, reason
    decision: tuple[str, datetime.date] | None = None  # decision type code, date
    notice: datetime.date | None = None
    contested: Planned | None = None
    # filled when cut at today
    identification: str = ""
    status: str = S.ONTVANGEN
    history: list[tuple[datetime.date, str, str, str]] = field(default_factory=list)
    suspension_row: tuple[datetime.date, datetime.date | None, str] | None = None
    extension_row: tuple[datetime.date, int, str] | None = None
    deadline: Deadline | None = None
    decided_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    notice_on: datetime.date | None = None


@dataclass(frozen=True)
class Choices:
    """What happens to one case; drawn from its profile, or scripted for the old cases."""

    suspension_days: int | None = None
    not_completed: bool = False
    extension_weeks: int | None = None
    withdrawn: bool = False
    late: bool = False
    stalled: bool = False  # never decided
    decision: str | None = None  # the decision type code that ends it, if any


class Simulator:
    def __init__(
        self,
        rng: Random,
        calendar: AtwCalendar,
        today: datetime.date,
        decision_names: dict[str, str],
    ) -> None:
        self.rng = rng
        self.calendar = calendar
        self.today = today
        self.decision_names = decision_names
        self.answers: dict[tuple[object, ...], Deadline] = {}

    # dates on working days
    def working_on_or_after(self, day: datetime.date) -> datetime.date:
        return self.calendar.next_working_day(day)

    def working_on_or_before(self, day: datetime.date, floor: datetime.date) -> datetime.date:
        candidate = day
        while candidate > floor and self.calendar.is_non_working(candidate):
            candidate -= ONE_DAY
        return candidate if self.calendar.is_working(candidate) else self.working_on_or_after(day)

    def deadline(
        self,
        case: Planned,
        suspension: tuple[datetime.date, datetime.date | None] | None = None,
        extension: tuple[datetime.date, int] | None = None,
        as_of: datetime.date | None = None,
    ) -> Deadline:
        """The engine's answer; the same question is asked once (many cases share a receipt
        day and a term). ``as_of`` only matters while a suspension runs."""
        running = suspension is not None and suspension[1] is None
        key = (case.received, case.info.term, suspension, extension, as_of if running else None)
        answer = self.answers.get(key)
        if answer is None:
            answer = self.answers[key] = compute_deadline(
                received=case.received,
                term=case.info.term,
                suspensions=[EngineSuspension(*suspension)] if suspension else (),
                extension=(
                    EngineExtension(extension[0], Term(weeks=extension[1])) if extension else None
                ),
                calendar=self.calendar,
                as_of=as_of,
            )
        return answer

    def choices(self, profile: Profile, info: TypeInfo) -> Choices:
        rng = self.rng
        decision = None
        if profile.decisions and rng.random() < profile.decision_share:
            codes, weights = zip(*profile.decisions, strict=True)
            decision = rng.choices(codes, weights)[0]
        withdrawn = rng.random() < profile.withdrawn_share
        suspension = None
        not_completed = False
        if not withdrawn and rng.random() < profile.suspension_share:
            suspension = rng.randint(*profile.suspension_days)
            not_completed = rng.random() < profile.not_completed_share
        extension = None
        if info.max_extension_weeks and rng.random() < profile.extension_share:
            extension = min(rng.choice(profile.extension_weeks), info.max_extension_weeks)
        return Choices(
            suspension_days=suspension,
            not_completed=not_completed,
            extension_weeks=extension,
            withdrawn=withdrawn,
            late=rng.random() < LATE_SHARE,
            decision=decision,
        )

    def plan(self, case: Planned, profile: Profile, choices: Choices) -> None:
        """Plan the whole life of the case, whatever today is."""
        rng, received = self.rng, case.received
        procedure = case.info.procedure
        base = self.deadline(case)
        start = self.working_on_or_after(received + rng.randint(*profile.start_days) * ONE_DAY)
        events = case.events
        events.append((start, S.IN_BEHANDELING, "In behandeling genomen."))
        last = start
        final = base
        if choices.suspension_days and procedure != Procedure.AWB_9_11:
            room = (base.due - start).days - 3
            if room >= 1:
                s_start = self.working_on_or_before(
                    start + rng.randint(1, min(21, room)) * ONE_DAY, start
                )
                s_end = s_start + choices.suspension_days * ONE_DAY
                case.suspension = (s_start, s_end, profile.suspension_note)
                events.append((s_start, S.OPGESCHORT, profile.suspension_note))
                if choices.not_completed and procedure != Procedure.MELDING:
                    events.append(
                        (
                            s_end,
                            S.BUITEN_BEHANDELING,
                            "Niet aangevuld binnen de gestelde termijn (Awb 4:5).",
                        )
                    )
                    return
                events.append(
                    (s_end, S.IN_BEHANDELING, "Aanvulling ontvangen; behandeling hervat.")
                )
                last = s_end
                final = self.deadline(case, suspension=(s_start, s_end))
        if choices.extension_weeks:
            running_due = final.due
            if last + ONE_DAY <= running_due:
                latest = running_due - rng.randint(2, 15) * ONE_DAY
                decided = self.working_on_or_before(max(last + ONE_DAY, latest), last + ONE_DAY)
                if last < decided <= running_due:
                    extended = self.deadline(
                        case,
                        suspension=case.suspension[:2] if case.suspension else None,
                        extension=(decided, choices.extension_weeks),
                    )
                    if extended.extension_days == 7 * choices.extension_weeks:
                        case.extension = (
                            decided,
                            choices.extension_weeks,
                            "Zorgvuldige afweging vraagt meer tijd (advies van derden nodig).",
                        )
                        final = extended
                        last = decided
        if choices.withdrawn:
            span = max(1, (final.due - last).days)
            withdrawn_on = last + rng.randint(1, span) * ONE_DAY
            events.append((withdrawn_on, S.INGETROKKEN, "Ingetrokken door de aanvrager."))
            return
        earliest = last + ONE_DAY
        if procedure == Procedure.UITGEBREID:
            draft = self.working_on_or_after(
                last + max(7, int((final.due - last).days * rng.uniform(0.3, 0.45))) * ONE_DAY
            )
            events.append((draft, S.ONTWERPBESLUIT, "Ontwerpbesluit zes weken ter inzage gelegd."))
            earliest = draft + 43 * ONE_DAY
        if choices.stalled:
            return
        if choices.late or earliest > final.due:
            decided = self.working_on_or_after(
                max(earliest, final.due + (1 + min(89, int(rng.expovariate(1 / 9)))) * ONE_DAY)
            )
        else:
            span = (final.due - earliest).days
            low, high, mode = profile.handling
            decided = earliest + int(span * rng.triangular(low, high, mode)) * ONE_DAY
            decided = self.working_on_or_before(decided, earliest)
        if (
            choices.late
            and procedure in PENALTY_PROCEDURES
            and case.regime == LegalRegime.OMGEVINGSWET
        ) and rng.random() < NOTICE_SHARE:
            notice = final.due + rng.randint(1, 10) * ONE_DAY
            if notice < decided:
                case.notice = notice
        decision = choices.decision
        if decision is None and procedure in DECISION_PROCEDURES and profile.decisions:
            decision = profile.decisions[0][0]  # these procedures end with a decision
        if decision:
            decision_name = self.decision_names[decision]
            case.decision = (decision, decided)
            events.append((decided, S.BESLOTEN, decision_name))
            closed = self.working_on_or_after(decided + rng.randint(1, 7) * ONE_DAY)
            events.append((closed, S.AFGEHANDELD, "Besluit verzonden; zaak afgehandeld."))
        else:
            events.append((decided, S.AFGEHANDELD, "Afgehandeld."))

    def cut(self, case: Planned, intake_note: str) -> None:
        """Keep what happened up to today; compute the stored deadline as the engine does."""
        today = self.today
        case.history = [(case.received, "", S.ONTVANGEN, intake_note)]
        status: str = S.ONTVANGEN
        for on, to_status, note in case.events:
            if on > today:
                break
            case.history.append((on, status, to_status, note))
            status = to_status
            if to_status == S.BESLOTEN:
                case.decided_on = on
            if to_status in (S.AFGEHANDELD, S.INGETROKKEN, S.BUITEN_BEHANDELING):
                case.closed_on = on
        case.status = status
        suspension: tuple[datetime.date, datetime.date | None] | None = None
        if case.suspension and case.suspension[0] <= today:
            start, end, note = case.suspension
            suspension = (start, end if end <= today else None)
            case.suspension_row = (*suspension, note)
        extension: tuple[datetime.date, int] | None = None
        if case.extension and case.extension[0] <= today:
            extension = case.extension[:2]
            case.extension_row = case.extension
        if case.notice and case.notice <= today:
            case.notice_on = case.notice
        case.deadline = self.deadline(case, suspension, extension, as_of=today)


# --- the step ----------------------------------------------------------------------------------


def _has_data() -> bool:
    return (
        Case.objects.exists()
        or Document.objects.exists()
        or EquatedDay.objects.filter(name=EQUATED_DAY_NAME).exists()
    )


def _delete_all(model: type[Model]) -> None:
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - the model's own table


def _reset() -> None:
    """Decisions (if the mandates step left any), the dossier, then the cases and their rows.
    Stored files are removed once the transaction commits."""
    Decision.objects.update(contested_decision=None, supersedes=None, document=None)
    _delete_all(Decision)
    files = list(Document.objects.exclude(file="").values_list("file", flat=True))
    _delete_all(Document)
    for model in (CaseRelation, CaseStatusChange, Suspension, Extension, SavedCaseView):
        _delete_all(model)
    _delete_all(Case)
    EquatedDay.objects.filter(name=EQUATED_DAY_NAME).delete()

    def remove_files() -> None:
        for name in files:
            default_storage.delete(name)

    transaction.on_commit(remove_files)


def _case_types() -> dict[str, TypeInfo]:
    infos = {}
    for case_type in CaseType.objects.select_related("default_team").order_by("code", "version"):
        team = case_type.default_team
        infos[case_type.code] = TypeInfo(  # the latest version of each code wins
            pk=case_type.pk,
            code=case_type.code,
            name=case_type.name,
            procedure=case_type.procedure,
            term=Term(
                weeks=case_type.term_weeks, days=case_type.term_days, statutory=case_type.statutory
            ),
            max_extension_weeks=case_type.max_extension_weeks,
            team_id=team.pk if team else None,
            team_code=team.code if team else "",
        )
    return infos


def _workers() -> dict[str, list[Worker]]:
    """Per team code the employees who handle its cases (not the team leaders)."""
    by_team: dict[str, list[Worker]] = defaultdict(list)
    leaders: dict[str, list[Worker]] = defaultdict(list)
    for pk, user_id, team, function in Employee.objects.order_by("employee_number").values_list(
        "pk", "user_id", "team__code", "function__code"
    ):
        functions = WORKER_FUNCTIONS.get(team)
        if functions is not None and function in functions:
            by_team[team].append(Worker(pk, user_id))
        else:
            leaders[team].append(Worker(pk, user_id))
    for team, others in leaders.items():
        if team not in by_team:
            by_team[team] = others
    return dict(by_team)


def case_count(context: DemoContext) -> int:
    if context.scale.factor == 0:
        return SMALL_CASES
    return min(CASES_PER_YEAR * context.scale.factor, MAX_CASES)


def ensure_equated_days(years: Iterable[int]) -> None:
    """The Friday after Ascension Day of each year, as demo data (not the royal decree)."""
    wanted = {easter_sunday(year) + datetime.timedelta(days=40) for year in years}
    existing = set(EquatedDay.objects.filter(date__in=wanted).values_list("date", flat=True))
    EquatedDay.objects.bulk_create(
        [
            EquatedDay(
                date=day,
                name=EQUATED_DAY_NAME,
                decree_reference="Demogegeven; geen koninklijk besluit.",
            )
            for day in sorted(wanted - existing)
        ]
    )


def _activity(sites: Sites, site: SiteRow | None, rng: Random) -> str:
    names = sites.activities.get(site.pk) if site else None
    return (rng.choice(names) if names else rng.choice(ACTIVITY_FALLBACK)).lower()


class Planner:
    def __init__(self, context: DemoContext, today: datetime.date) -> None:
        self.context = context
        self.rng = context.random
        self.today = today
        self.types = _case_types()
        self.sites = Sites.load()
        self.workers = _workers()
        self.participants = dict(Participant.objects.order_by("code").values_list("code", "pk"))
        self.calendar = atw_calendar()
        self.simulator = Simulator(
            self.rng,
            self.calendar,
            today,
            dict(DecisionType.objects.values_list("code", "name")),
        )


def _pick_site(planner: Planner, profile: Profile) -> SiteRow | None:
    sites, rng = planner.sites, planner.rng
    pool = sites.companies if profile.company and sites.companies else sites.all
    return rng.choice(pool) if pool else None


def _new_case(
    planner: Planner, code: str, received: datetime.date, site: SiteRow | None
) -> Planned:
    rng, fake = planner.rng, planner.context.faker
    profile, info = PROFILES[code], planner.types[code]
    participant_id = (
        site.participant_id if site else rng.choice(list(planner.participants.values()))
    )
    activity = _activity(planner.sites, site, rng)
    subject = rng.choice(profile.subjects).format(activity=activity, contested="")
    regime = LegalRegime.WABO if received < OMGEVINGSWET_FROM else LegalRegime.OMGEVINGSWET
    case = Planned(info, participant_id, subject, received, regime)
    if site is not None and rng.random() >= profile.bare_location_share:
        case.site = site
        case.establishment_id = site.establishment_id
        case.subject = f"{subject}, {site.name}"[:240]
    else:
        street = site.street if site and site.street else fake.street_name()
        city = site.city if site else fake.city()
        case.location = f"Omgeving {street}, {city}"[:240]
        case.person_name = fake.name()
        case.person_contact = fake.email()
    workers = planner.workers.get(info.team_code) or []
    case.handler = rng.choice(workers) if workers else None
    return case


def _intake_note(case: Planned) -> str:
    if case.info.code in ("milieuklacht", "klacht-gedraging"):
        return "Ontvangen via het klachtenformulier of de telefoon."
    if case.info.code == "adviesverzoek":
        return "Adviesvraag van de deelnemer ontvangen."
    if case.info.code == "bezwaarschrift":
        return "Bezwaarschrift ontvangen."
    return "Ontvangen via het Omgevingsloket."


def plan_cases(
    planner: Planner, first: datetime.date, last: datetime.date, total: int
) -> list[Planned]:
    """The year's cases except the objections, planned in full and cut at today."""
    rng = planner.rng
    weight_sum = sum(profile.share for profile in PROFILES.values())
    office = Days.weighted(first, last, planner.calendar, OFFICE_WEEKDAYS, OFFICE_MONTHS)
    complaints = Days.weighted(first, last, planner.calendar, COMPLAINT_WEEKDAYS, COMPLAINT_MONTHS)
    codes = [
        code
        for code, profile in PROFILES.items()
        if code != "bezwaarschrift" and code in planner.types
        for _ in range(max(MIN_PER_TYPE, round(total * profile.share / weight_sum)))
    ]
    cases = []
    progress = planner.context.progress
    for code in progress.track(codes, label="Zaken", total=len(codes)):
        profile = PROFILES[code]
        received = (complaints if code == "milieuklacht" else office).draw(rng)
        case = _new_case(planner, code, received, _pick_site(planner, profile))
        planner.simulator.plan(case, profile, planner.simulator.choices(profile, case.info))
        planner.simulator.cut(case, _intake_note(case))
        cases.append(case)
    return cases


def plan_objections(planner: Planner, decided: list[Planned], total: int) -> list[Planned]:
    """Objections against decisions of the demo's permit, maatwerk and enforcement cases,
    received within the six weeks of Awb 6:7."""
    if "bezwaarschrift" not in planner.types:
        return []
    rng, today = planner.rng, planner.today
    weight_sum = sum(profile.share for profile in PROFILES.values())
    wanted = max(MIN_PER_TYPE, round(total * PROFILES["bezwaarschrift"].share / weight_sum))
    candidates = [
        case
        for case in decided
        if case.decided_on is not None and case.decided_on + 7 * ONE_DAY <= today
    ]
    chosen = rng.sample(candidates, min(wanted, len(candidates)))
    profile = PROFILES["bezwaarschrift"]
    objections = []
    for contested in chosen:
        decided_on = contested.decided_on or today  # every candidate was decided
        latest = min(today, decided_on + 42 * ONE_DAY)
        received = decided_on + rng.randint(5, (latest - decided_on).days) * ONE_DAY
        case = _new_case(planner, "bezwaarschrift", received, contested.site)
        case.participant_id = contested.participant_id
        by_neighbour = rng.random() < 0.5 or contested.site is None
        if by_neighbour:
            case.site, case.establishment_id = None, None
            where = contested.site.street if contested.site else contested.location
            city = contested.site.city if contested.site else ""
            case.location = f"Omgeving {where}, {city}".rstrip(", ")[:240]
            case.person_name = planner.context.faker.name()
            case.person_contact = planner.context.faker.email()
        else:
            case.site, case.establishment_id = contested.site, contested.establishment_id
            case.person_name = case.person_contact = case.location = ""
        case.contested = contested
        planner.simulator.plan(case, profile, planner.simulator.choices(profile, case.info))
        planner.simulator.cut(case, _intake_note(case))
        objections.append(case)
    return objections


def plan_wabo_cases(planner: Planner) -> list[Planned]:
    """A few cases received before the Omgevingswet: they keep the Wabo regime."""
    rng, sites = planner.rng, planner.sites
    cases = []
    for code, participant_code, (month, day), outcome in WABO_CASES:
        if code not in planner.types:
            continue
        participant_id = planner.participants.get(participant_code)
        if participant_id is None:
            continue
        own = sites.by_participant.get(participant_id, [])
        companies = [site for site in own if site.establishment_id]
        site = rng.choice(companies or own) if own else None
        case = _new_case(planner, code, datetime.date(2023, month, day), site)
        case.participant_id = participant_id
        profile = PROFILES[code]
        decision = profile.decisions[0][0]
        choices = {
            "in_time": Choices(decision=decision),
            "late": Choices(decision=decision, late=True),
            "extended": Choices(decision=decision, suspension_days=35, extension_weeks=6),
            "stalled": Choices(suspension_days=21, stalled=True),
            "withdrawn": Choices(withdrawn=True),
            "not_completed": Choices(suspension_days=42, not_completed=True),
        }[outcome]
        planner.simulator.plan(case, profile, choices)
        planner.simulator.cut(case, _intake_note(case))
        cases.append(case)
    return cases


def number_cases(cases: list[Planned]) -> None:
    """Z-YYYY-NNNNNN per year of receipt, in order of receipt."""
    counters: dict[int, int] = defaultdict(int)
    for case in sorted(cases, key=lambda c: (c.received, c.info.code, c.subject, c.participant_id)):
        counters[case.received.year] += 1
        case.identification = f"Z-{case.received.year}-{counters[case.received.year]:06d}"


# --- writing -----------------------------------------------------------------------------------


def write_cases(cases: list[Planned], moments: Moments) -> dict[str, int]:
    adapt = Adapt()
    columns = (
        "identification",
        "participant",
        "case_type",
        "subject",
        "site",
        "location_description",
        "establishment",
        "person_name",
        "person_contact",
        "received_on",
        "regime",
        "status",
        "assigned_to",
        "team",
        "original_due_on",
        "due_on",
        "decided_on",
        "closed_on",
        "notice_of_default_on",
        "created_at",
        "updated_at",
    )

    def rows() -> Iterator[tuple[Any, ...]]:
        for case in cases:
            deadline = case.deadline
            assigned = (
                case.handler.employee_id if case.handler and case.status != S.ONTVANGEN else None
            )
            last_change = case.history[-1][0]
            yield (
                case.identification,
                case.participant_id,
                case.info.pk,
                case.subject,
                case.site.pk if case.site else None,
                case.location,
                case.establishment_id,
                case.person_name,
                case.person_contact,
                adapt.date(case.received),
                case.regime,
                case.status,
                assigned,
                case.info.team_id,
                adapt.date(deadline.original_due if deadline else None),
                adapt.date(deadline.due if deadline else None),
                adapt.date(case.decided_on),
                adapt.date(case.closed_on),
                adapt.date(case.notice_on),
                moments(case.received, 9),
                moments(last_change, 16),
            )

    insert_rows(Case, columns, rows())
    return dict(Case.objects.values_list("identification", "pk"))


def write_history(cases: list[Planned], ids: dict[str, int], moments: Moments) -> int:
    adapt = Adapt()

    def rows() -> Iterator[tuple[Any, ...]]:
        for case in cases:
            case_id = ids[case.identification]
            user = case.handler.user_id if case.handler else None
            for index, (on, from_status, to_status, note) in enumerate(case.history):
                actor = None if index == 0 else user
                yield (
                    case_id,
                    from_status,
                    to_status,
                    adapt.date(on),
                    moments(on, 9 + min(index, 7)),
                    actor,
                    note,
                )

    columns = ("case", "from_status", "status", "on", "at", "actor", "note")
    return insert_rows(CaseStatusChange, columns, rows())


def write_suspensions_and_extensions(
    cases: list[Planned], ids: dict[str, int], moments: Moments
) -> None:
    adapt = Adapt()
    suspensions, extensions = [], []
    for case in cases:
        user = case.handler.user_id if case.handler else None
        if case.suspension_row:
            start, end, note = case.suspension_row
            suspensions.append(
                (
                    ids[case.identification],
                    SuspensionReason.AANVULLING.value,
                    adapt.date(start),
                    adapt.date(end),
                    note,
                    user,
                    moments(start, 11),
                )
            )
        if case.extension_row:
            decided, weeks, reason = case.extension_row
            extensions.append(
                (
                    ids[case.identification],
                    adapt.date(decided),
                    weeks,
                    reason,
                    user,
                    moments(decided, 11),
                )
            )
    insert_rows(
        Suspension,
        ("case", "reason", "start", "end", "note", "created_by", "created_at"),
        suspensions,
    )
    insert_rows(
        Extension, ("case", "decided_on", "weeks", "reason", "created_by", "created_at"), extensions
    )


def write_relations(cases: list[Planned], ids: dict[str, int]) -> None:
    """Objections point at the case whose decision they contest; enforcement requests at an
    earlier complaint on the same site."""
    relations = []
    complaints: dict[int, list[Planned]] = defaultdict(list)
    for case in cases:
        if case.info.code == "milieuklacht" and case.site:
            complaints[case.site.pk].append(case)
    for case in cases:
        if case.contested is not None:
            relations.append(
                (
                    ids[case.identification],
                    ids[case.contested.identification],
                    RelationKind.BEZWAAR.value,
                )
            )
        elif case.info.code == "handhavingsverzoek" and case.site:
            earlier = [c for c in complaints.get(case.site.pk, []) if c.received <= case.received]
            if earlier:
                relations.append(
                    (
                        ids[case.identification],
                        ids[earlier[-1].identification],
                        RelationKind.ONDERWERP.value,
                    )
                )
    insert_rows(CaseRelation, ("source", "target", "kind"), relations)


def write_application_documents(
    cases: list[Planned], ids: dict[str, int], names: dict[int, str]
) -> int:
    """A tiny application text for the most recent permit and maatwerk applications, and the
    request to complete it for those suspended."""
    applications = sorted(
        (case for case in cases if case.info.code in PERMIT_CODES),
        key=lambda c: (c.received, c.identification),
    )[-MAX_APPLICATION_DOCUMENTS:]
    documents = []
    for case in applications:
        applicant = case.site.name if case.site else case.person_name or "Aanvrager"
        text = (
            f"Aanvraag ({case.info.name})\n\nZaak: {case.identification}\n"
            f"Ontvangen op: {case.received:%d-%m-%Y}\nAanvrager: {applicant}\n"
            f"Onderwerp: {case.subject}\n\nDemogegevens: dit document is gegenereerd en bevat "
            "geen echte aanvraag.\n"
        )
        name, size, digest = store_text(
            f"zaken/{case.identification}/aanvraag-{case.identification}.txt", text
        )
        documents.append(
            Document(
                case_id=ids[case.identification],
                title=f"Aanvraag {case.identification}",
                document_type=DocumentType.AANVRAAG,
                confidentiality=Confidentiality.ZAAKVERTROUWELIJK,
                author=applicant[:160],
                document_date=case.received,
                file=name,
                file_name=name.rsplit("/", 1)[-1],
                content_type="text/plain",
                size=size,
                sha256=digest,
            )
        )
        if case.suspension_row:
            start = case.suspension_row[0]
            handler = names.get(case.handler.employee_id, "") if case.handler else ""
            text = (
                f"Verzoek om aanvulling\n\nZaak: {case.identification}\nDatum: {start:%d-%m-%Y}\n\n"
                "Uw aanvraag is niet volledig. Wij schorten de beslistermijn op tot de dag "
                "waarop u de ontbrekende gegevens aanlevert (Awb 4:15).\n\n"
                "Demogegevens: dit document is gegenereerd.\n"
            )
            name, size, digest = store_text(
                f"zaken/{case.identification}/aanvulverzoek-{case.identification}.txt", text
            )
            documents.append(
                Document(
                    case_id=ids[case.identification],
                    title=f"Verzoek om aanvulling {case.identification}",
                    document_type=DocumentType.CORRESPONDENTIE,
                    confidentiality=Confidentiality.ZAAKVERTROUWELIJK,
                    author=handler or "Omgevingsdienst",
                    document_date=start,
                    file=name,
                    file_name=name.rsplit("/", 1)[-1],
                    content_type="text/plain",
                    size=size,
                    sha256=digest,
                )
            )
    Document.objects.bulk_create(documents, batch_size=500)
    return len(documents)


def plan_decisions(planner: Planner, cases: list[Planned]) -> list[DecisionPlan]:
    """The decisions the mandates step signs: the one that ended each decided case, sanctions
    after some granted enforcement requests, and the decisions on objections."""
    rng, today = planner.rng, planner.today
    inspectors = planner.workers.get("toezicht-handhaving", [])
    plans: list[DecisionPlan] = []
    letters = sorted(
        (
            case
            for case in cases
            if case.decided_on is not None and case.info.code in PERMIT_CODES[:2]
        ),
        key=lambda c: (c.decided_on or today, c.identification),
    )
    with_letter = {case.identification for case in letters[-MAX_DECISION_LETTERS:]}
    for case in sorted(cases, key=lambda c: (c.decided_on or today, c.identification)):
        if case.decided_on is None or case.decision is None:
            continue
        code = case.decision[0]
        handler = case.handler.employee_id if case.handler else None
        plans.append(
            DecisionPlan(
                identification=case.identification,
                decision_type=code,
                decision_date=case.decided_on,
                summary=_summary(code, case),
                handler=handler,
                contested=case.contested.identification if case.contested else "",
                letter=case.identification in with_letter,
            )
        )
        if code != "handhavingsverzoek-toewijzen":
            continue
        draw = rng.random()
        follow_up = case.decided_on + rng.randint(10, 35) * ONE_DAY
        if follow_up > today:
            continue
        if draw < SANCTION_SHARE:
            plans.append(
                DecisionPlan(
                    identification=case.identification,
                    decision_type="last-onder-dwangsom",
                    decision_date=follow_up,
                    summary="Last onder dwangsom: de overtreding beëindigen binnen de "
                    "begunstigingstermijn van zes weken.",
                    handler=handler,
                    amount=Decimal(rng.choice(PENALTY_AMOUNTS)),
                )
            )
        elif draw < SANCTION_SHARE + FINE_SHARE and inspectors:
            plans.append(
                DecisionPlan(
                    identification=case.identification,
                    decision_type="bestuurlijke-boete",
                    decision_date=follow_up,
                    summary="Bestuurlijke boete voor de vastgestelde overtreding.",
                    handler=handler,
                    amount=Decimal(rng.choice(FINE_AMOUNTS)),
                    report_author=rng.choice(inspectors).employee_id,
                )
            )
    return plans


SUMMARIES = {
    "omgevingsvergunning-verlenen": "De omgevingsvergunning wordt verleend onder voorschriften.",
    "omgevingsvergunning-weigeren": "De omgevingsvergunning wordt geweigerd.",
    "maatwerkvoorschrift-stellen": "Er worden maatwerkvoorschriften gesteld.",
    "maatwerkvoorschrift-weigeren": "Het verzoek om maatwerkvoorschriften wordt afgewezen.",
    "handhavingsverzoek-toewijzen": "Het verzoek om handhaving wordt toegewezen; er volgt een "
    "handhavingstraject.",
    "handhavingsverzoek-afwijzen": "Het verzoek om handhaving wordt afgewezen: er is geen "
    "overtreding vastgesteld.",
    "besluit-op-bezwaar": "Het bezwaar is ongegrond; het bestreden besluit blijft in stand.",
}


def _summary(code: str, case: Planned) -> str:
    text = SUMMARIES.get(code, "Besluit genomen.")
    if code == "besluit-op-bezwaar" and case.contested is not None:
        return f"{text} (bestreden besluit in zaak {case.contested.identification})"
    return text


@demo_step(name="cases", order=54, has_data=_has_data, reset=_reset)
def generate_cases(context: DemoContext) -> None:
    today = timezone.localdate()
    last = min(today, datetime.date(context.year, 12, 31))
    first = last - (WINDOW_DAYS - 1) * ONE_DAY
    ensure_equated_days(range(2023, max(last.year, context.year) + 2))
    planner = Planner(context, today)
    total = case_count(context)

    cases = plan_cases(planner, first, last, total)
    if first > OMGEVINGSWET_FROM:
        cases += plan_wabo_cases(planner)
    decided = [
        case
        for case in cases
        if case.decided_on is not None and case.info.code in (*PERMIT_CODES, "handhavingsverzoek")
    ]
    objections = plan_objections(planner, decided, total)
    cases += objections
    number_cases(cases)
    for case in objections:
        contested = case.contested.identification if case.contested else ""
        case.subject = f"Bezwaar tegen het besluit in zaak {contested}"

    moments = Moments(timezone.now())
    with indexes_dropped(Case, CaseStatusChange):
        ids = write_cases(cases, moments)
        history = write_history(cases, ids, moments)
    write_suspensions_and_extensions(cases, ids, moments)
    write_relations(cases, ids)
    names = {
        pk: f"{first_name} {last_name}"
        for pk, first_name, last_name in Employee.objects.values_list(
            "pk", "first_name", "last_name"
        )
    }
    documents = write_application_documents(cases, ids, names)
    refresh_statistics(Case, CaseStatusChange, Suspension, Extension)
    plans = plan_decisions(planner, cases)
    context.shared["case_decisions"] = plans
    context.shared["cases"] = {
        "cases": len(cases),
        "status_changes": history,
        "documents": documents,
        "decisions_planned": len(plans),
        "window": (first, last),
    }


# --- archiving: after the decisions and the inspections ------------------------------------------


@dataclass(frozen=True)
class _Closed:
    closed_on: datetime.date | None
    archive_source_date: datetime.date | None


def fill_archive_fields() -> int:
    """The result and archive fields of every closed case that has no result yet, as the closing
    services set them (:mod:`grip.cases.archive`), written in bulk. Runs after the mandates step
    signed the decisions and the enforcement step closed its inspection cases."""
    cases = list(
        Case.objects.filter(status__in=CLOSED, result="")
        .order_by("pk")
        .values_list(
            "pk",
            "status",
            "closed_on",
            "archive_source_date",
            "case_type__code",
            "case_type__cim_object",
        )
    )
    facts: dict[int, list[archive.DecisionFact]] = defaultdict(list)
    for case_id, result, kind, decided, withdrawn in (
        Decision.objects.filter(case__status__in=CLOSED, case__result="")
        .order_by("case_id", "decision_date", "pk")
        .values_list(
            "case_id",
            "decision_type__result",
            "decision_type__kind",
            "decision_date",
            "withdrawn_on",
        )
    ):
        facts[case_id].append(archive.DecisionFact(result, kind, decided, withdrawn is not None))
    rules = retention_rules_by_key()
    transfer_term = settings.ARCHIVE_TRANSFER_TERM
    adapt = Adapt()
    params: list[tuple[Any, ...]] = []
    for pk, status, closed_on, recorded, code, cim_object in cases:
        result = archive.case_result(
            status=status, cim_object=cim_object, decisions=facts.get(pk, ())
        )
        rule = next(
            (
                rule
                for rule in rules.get((code, result), ())
                if closed_on is not None and rule.valid_from <= closed_on
            ),
            None,
        )
        fields = archive.archive_fields(_Closed(closed_on, recorded), rule, transfer_term)
        params.append(
            (
                result,
                fields.selection_list_result.pk if fields.selection_list_result else None,
                fields.nomination,
                adapt.date(fields.source_date),
                adapt.date(fields.action_date),
                fields.status,
                pk,
            )
        )
    table = connection.ops.quote_name(Case._meta.db_table)
    names = archive.ARCHIVE_FIELDS
    column_of = {field.name: field.column for field in Case._meta.concrete_fields}
    columns = ", ".join(f"{connection.ops.quote_name(column_of[name])} = %s" for name in names)
    with connection.cursor() as cursor:
        for batch in batched(params, BATCH):
            cursor.executemany(
                f"UPDATE {table} SET {columns} WHERE id = %s",  # noqa: S608 - own table, columns
                batch,
            )
    return len(params)


def _no_data() -> bool:
    return False  # the fields are the cases' own; the cases step's reset removes them


def _nothing_to_reset() -> None:
    return None


@demo_step(name="cases-archive", order=59, has_data=_no_data, reset=_nothing_to_reset)
def generate_archive_fields(context: DemoContext) -> None:
    filled = fill_archive_fields()
    context.shared.setdefault("cases", {})["archived_fields"] = filled
