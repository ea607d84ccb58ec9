"""Demo hours: the booking targets and a year of hour entries, consistent with the programmes.

The targets come from ``services.targets_sync`` for both programme years (run as the demo's
beheerder, so they are audited like in production), plus a few internal projects. The entries
are demo data and are written in bulk, without the services and without an audit record per
row: a year at ``odzob`` scale is some 300,000 entries, and the booking rules hold by
construction (quarter hours, working days, within employment, at most 24 hours a day).

How the hours come about, per employee and working day (Monday to Friday, no public holidays):
- a working pattern from the contract hours (40 = five days of 8, 36 = four of 9, …);
- leave (about 25 days a year for a full week, peaks in the summer, the school holidays and
  Christmas), sickness (about 4-5 % of the working days, more in winter, a few long spells)
  and a few training days; these are whole-day entries on the non-declarable targets;
- other days are cut into chunks of a quarter up to an hour and a half, each booked on a
  target chosen by the team's work: toezicht, vergunningverlening and handhaving teams book
  products of their task kind, advisers advice, the programme and account managers related
  work and projects; what is left of the day goes to internal work, projects and training.
  Chunks on the same target on the same day are one entry.

The declarable hours per task kind are the sum over the participants of the adopted plan,
pro rata to the last day booked, times a per-participant factor between 85 % and 110 %; each
team's chance to book a task kind is scaled so that the staff's available hours deliver that.
Should the staff be too small for the programmes (scale ``small``: the programmes do not shrink
with the scale), every team books on every task kind and the working days grow longer, still
at most 24 hours.

At scale ``national`` only an even sample of at most MAX_BOOKING_STAFF employees books hours,
so that the demo stays within a minute.

Weeks until two weeks ago are approved by the team leader, the week before last is mostly
submitted (a few rejected), the current week open; months before last month are closed.
The year before the demo year gets entries too (all approved and closed), so that the forecast
has a seasonal profile of an earlier year.
"""

from __future__ import annotations

import datetime
from bisect import bisect
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate, islice
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Model, Sum
from django.utils import timezone

from grip.core.demodata import DemoContext, demo_step
from grip.hours import services
from grip.hours.constants import EntrySource, NonDeclarable, TargetKind, WeekStatus
from grip.hours.models import BookingTarget, HourEntry, HourImport, MonthClosing, WeekSheet
from grip.organisation.models import Employee
from grip.programmes.constants import VersionStatus
from grip.programmes.models import ProgrammeLine, RelatedWorkLine

BEHEERDER_USERNAME = "beheerder"
BATCH = 5000
_Row = TypeVar("_Row")
RELATED = "gerelateerd"  # the group of the related-work targets
PROJECT = "project"  # the task kind of project products (PR-01)
INTERNAL_PROJECT = "intern-project"  # the group of the internal project targets

# The team's declarable share of its time and how that divides over the task kinds it books.
TEAM_WORK: dict[str, tuple[float, dict[str, float]]] = {
    "toezicht-handhaving": (0.75, {"toezicht": 0.8, "handhaving": 0.15, RELATED: 0.05}),
    "vergunningverlening": (0.75, {"vergunningverlening": 0.95, RELATED: 0.05}),
    "bouw-asbest-bodem": (0.75, {"toezicht": 0.5, "vergunningverlening": 0.45, RELATED: 0.05}),
    "juridische-zaken": (0.7, {"handhaving": 0.9, RELATED: 0.1}),
    "omgevingskwaliteit": (0.75, {"advies": 0.9, RELATED: 0.1}),
    "programmamanagement": (0.6, {RELATED: 0.6, PROJECT: 0.4}),
    "accountmanagement": (0.6, {RELATED: 1.0}),
    "kis": (0.4, {RELATED: 1.0}),
    "directie": (0.2, {RELATED: 1.0}),
    "bedrijfsvoering": (0.05, {RELATED: 1.0}),
}
OTHER_TEAM = (0.3, {RELATED: 1.0})
# What the rest of a working day goes to.
NON_DECLARABLE_SPLIT = {NonDeclarable.INTERNAL: 0.55, INTERNAL_PROJECT: 0.35}
TRAINING_SHARE = 0.04  # of the rest of the day; training days come on top

INTERNAL_PROJECTS = {
    "PROJECT-VTH-SYSTEEM": "Invoering nieuw VTH-systeem",
    "PROJECT-DATAKWALITEIT": "Verbetering datakwaliteit",
    "PROJECT-OMGEVINGSWET": "Doorontwikkeling werken onder de Omgevingswet",
}
# Chunk lengths in quarters: in the demo year a quarter to 1.5 hours, mean 0.7 hours; the
# year before (there for the forecast's seasonal profile) in coarser chunks, about 4.5 hours.
CHUNKS = (1, 1, 2, 2, 2, 3, 3, 4, 4, 6)
COARSE_CHUNKS = (8, 12, 16, 16, 24, 32)
MAX_QUARTERS = 96  # 24 hours
GOLDEN = 0.6180339887498949
# Who books: everybody up to this many employees, else an even sample of the staff (scale
# national: 6,000 people would be some 9 million entries; 1,000 keep the demo within a minute).
MAX_BOOKING_STAFF = 1000


# --- the calendar ----------------------------------------------------------------------------


def easter(year: int) -> datetime.date:
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def public_holidays(year: int) -> set[datetime.date]:
    sunday = easter(year)
    kings_day = datetime.date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day -= datetime.timedelta(days=1)
    return {
        datetime.date(year, 1, 1),
        sunday + datetime.timedelta(days=1),
        kings_day,
        sunday + datetime.timedelta(days=39),  # Ascension
        sunday + datetime.timedelta(days=50),  # Whit Monday
        datetime.date(year, 12, 25),
        datetime.date(year, 12, 26),
    }


def working_days(year: int, last: datetime.date) -> list[datetime.date]:
    """Mondays to Fridays of the year up to ``last``, public holidays left out."""
    holidays = public_holidays(year)
    day, end = datetime.date(year, 1, 1), min(last, datetime.date(year, 12, 31))
    days = []
    while day <= end:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _quarters(hours: Decimal) -> int:
    return int(hours * 4)


def work_pattern(contract_hours: Decimal, day_off: int) -> dict[int, int]:
    """Quarters per weekday: five days from 38 hours, four from 28, otherwise three."""
    quarters = _quarters(contract_hours)
    days = 5 if contract_hours >= 38 else 4 if contract_hours >= 28 else 3
    weekdays = [weekday for weekday in range(5) if days == 5 or weekday != day_off]
    if days == 3:
        weekdays = [weekday for weekday in weekdays if weekday != (day_off + 2) % 5]
    base = quarters // days
    pattern = dict.fromkeys(weekdays, base)
    pattern[weekdays[-1]] += quarters - base * days
    return pattern


# --- absence ---------------------------------------------------------------------------------


def _block(days: Sequence[datetime.date], start: datetime.date, count: int) -> list[datetime.date]:
    index = bisect(days, start - datetime.timedelta(days=1))
    return list(days[index : index + count])


def absence(
    context: DemoContext, year: int, days: Sequence[datetime.date]
) -> tuple[set[datetime.date], set[datetime.date], set[datetime.date]]:
    """Leave, sick and training days among one employee's working days of a year (all of
    the year's working days, so that the pattern does not depend on when the data stops)."""
    rng = context.random
    leave: set[datetime.date] = set()
    share = len(days) / 255  # part-timers get leave in proportion to their days
    summer = datetime.date(year, 7, 6) + datetime.timedelta(days=7 * rng.randint(0, 5))
    leave.update(_block(days, summer, round(rng.randint(8, 15) * share)))
    if rng.random() < 0.75:  # Christmas week
        leave.update(_block(days, datetime.date(year, 12, 21), round(5 * share)))
    for month, day in ((2, 16), (4, 27), (10, 12)):  # spring, May and autumn school holidays
        if rng.random() < 0.4:
            start = datetime.date(year, month, day) + datetime.timedelta(days=rng.randint(0, 6))
            leave.update(_block(days, start, round(rng.randint(2, 5) * share)))
    wanted = round(rng.randint(23, 27) * share)
    while len(leave) < wanted:
        leave.add(rng.choice(days))
    sick: set[datetime.date] = set()
    spells = rng.choice((0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6))
    for _ in range(spells):
        month = rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6, 9, 10, 11, 11, 12, 12))
        start = datetime.date(year, month, rng.randint(1, 28))
        sick.update(_block(days, start, rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 8))))
    if rng.random() < 0.05:  # a long spell
        start = datetime.date(year, rng.randint(1, 9), rng.randint(1, 28))
        sick.update(_block(days, start, rng.randint(20, 60)))
    sick -= leave
    training = {rng.choice(days) for _ in range(rng.randint(1, 4))} - leave - sick
    return leave, sick, training


# --- what is booked on -----------------------------------------------------------------------


@dataclass
class Pool:
    """Targets of one group with their weights; picks one in proportion to the weight."""

    targets: list[int] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    cumulative: list[float] = field(default_factory=list)
    position: float = 0.0

    def add(self, target: int, weight: float) -> None:
        if weight > 0:
            self.targets.append(target)
            self.weights.append(weight)

    def freeze(self) -> None:
        self.cumulative = list(accumulate(self.weights))

    @property
    def total(self) -> float:
        return sum(self.weights)

    def pick(self, draw: float) -> int:
        return self.targets[bisect(self.cumulative, draw * self.cumulative[-1])]

    def next(self) -> int:
        """Picks in a low-discrepancy sequence (golden-ratio steps): every target gets its
        share of the picks closely, also a small participant over a few hundred chunks."""
        self.position = (self.position + GOLDEN) % 1.0
        return self.pick(self.position)


def plan_pools(
    context: DemoContext, year: int, fraction: float
) -> tuple[dict[str, Pool], dict[str, float]]:
    """Per group the declarable targets weighted by plan hours × the participant's factor ×
    ``fraction``; also the factor per participant code (for the report and the tests)."""
    targets = dict(BookingTarget.objects.filter(year=year).values_list("code", "pk"))
    factors: dict[str, float] = {}

    def factor(code: str) -> float:
        if code not in factors:
            factors[code] = context.random.randint(85, 110) / 100
        return factors[code]

    pools: dict[str, Pool] = defaultdict(Pool)
    adopted = {
        "version__status": VersionStatus.ADOPTED,
        "version__programme__year": year,
        "version__programme__participant__isnull": False,
    }
    lines = (
        ProgrammeLine.objects.filter(**adopted)
        .order_by("version__programme__participant__code", "product__code")
        .values_list(
            "version__programme__participant__code", "product__code", "product__task_kind", "hours"
        )
    )
    for participant, product, task_kind, hours in lines:
        target = targets.get(f"{participant}-{year}-{product}")
        if target is not None:
            pools[task_kind].add(target, float(hours) * factor(participant) * fraction)
    related = (
        RelatedWorkLine.objects.filter(**adopted)
        .order_by("version__programme__participant__code", "kind")
        .values_list("version__programme__participant__code", "kind", "hours")
    )
    for participant, kind, hours in related:
        target = targets.get(f"{participant}-{year}-GW-{kind}")
        if target is not None:
            pools[RELATED].add(target, float(hours) * factor(participant) * fraction)
    for pool in pools.values():
        pool.freeze()
    return dict(pools), factors


# --- generation --------------------------------------------------------------------------------


@dataclass
class Worker:
    pk: int
    team: str
    start: datetime.date
    end: datetime.date | None
    pattern: dict[int, int]
    days: list[tuple[datetime.date, str, int]] = field(default_factory=list)  # day, kind, q


WORK, LEAVE, SICK, TRAINING = "work", NonDeclarable.LEAVE, NonDeclarable.SICKNESS, "training"


def _workers(context: DemoContext, year: int, last: datetime.date) -> list[Worker]:
    year_days = working_days(year, datetime.date(year, 12, 31))
    workers = []
    staff = list(
        Employee.objects.order_by("employee_number").values_list(
            "pk", "team__code", "contract_hours_per_week", "start_date", "end_date"
        )
    )
    step = -(-len(staff) // MAX_BOOKING_STAFF)  # every step-th employee books, all teams kept
    for pk, team, contract, start, end in staff[::step]:
        worker = Worker(pk, team, start, end, work_pattern(contract, context.random.randrange(5)))
        own = [day for day in year_days if day.weekday() in worker.pattern]
        leave, sick, training = absence(context, year, own)
        for day in own:
            if day > last or day < start or (end is not None and day > end):
                continue
            quarters = worker.pattern[day.weekday()]
            kind = (
                LEAVE
                if day in leave
                else SICK
                if day in sick
                else TRAINING
                if day in training
                else WORK
            )
            worker.days.append((day, kind, quarters))
        workers.append(worker)
    return workers


@dataclass
class Mix:
    """Per team: the chance of a chunk per group, and how much longer its days run."""

    groups: list[str]
    cumulative: list[float]
    stretch: float


def team_mixes(workers: list[Worker], pools: dict[str, Pool]) -> dict[str, Mix]:
    demand = {group: pool.total for group, pool in pools.items()}
    hours_by_team: dict[str, float] = defaultdict(float)
    for worker in workers:
        hours_by_team[worker.team] += sum(q for _d, kind, q in worker.days if kind == WORK) / 4
    capacity: dict[str, float] = defaultdict(float)
    for team, hours in hours_by_team.items():
        share, groups = TEAM_WORK.get(team, OTHER_TEAM)
        for group, weight in groups.items():
            capacity[group] += hours * share * weight
    rest = list(NON_DECLARABLE_SPLIT.items())
    rest.append((NonDeclarable.TRAINING, TRAINING_SHARE))
    chances: dict[str, dict[str, float]] = {}
    pooled = any(capacity.get(group, 0) <= 0 for group in demand if demand[group] > 0)
    if not pooled:
        for team in hours_by_team:
            share, groups = TEAM_WORK.get(team, OTHER_TEAM)
            chances[team] = {
                group: share * weight * demand.get(group, 0) / capacity[group]
                for group, weight in groups.items()
            }
        pooled = any(sum(chance.values()) > 1 for chance in chances.values())
    mixes = {}
    total_hours = sum(hours_by_team.values())
    total_demand = sum(demand.values())
    for team in hours_by_team:
        if pooled:  # too few staff: everybody books everything, on longer days
            declarable = {group: value / total_demand for group, value in demand.items()}
            stretch = max(1.0, total_demand / total_hours)
        else:
            declarable, stretch = chances[team], 1.0
        left = max(0.0, 1 - sum(declarable.values()))
        table = dict(declarable)
        for group, weight in rest:
            table[group] = table.get(group, 0) + left * weight
        names = sorted(group for group, value in table.items() if value > 0)
        mixes[team] = Mix(names, list(accumulate(table[name] for name in names)), stretch)
    return mixes


def _split(context: DemoContext, quarters: int, chunks: Sequence[int]) -> Iterator[int]:
    rng = context.random
    while quarters > 0:
        chunk = min(quarters, rng.choice(chunks))
        quarters -= chunk
        yield chunk


def generate_entries(
    context: DemoContext,
    workers: list[Worker],
    pools: dict[str, Pool],
    others: dict[str, Pool],
    chunks: Sequence[int] = CHUNKS,
) -> dict[tuple[int, datetime.date], dict[int, int]]:
    """Quarters per (employee, day) per target; ``others`` are the non-declarable pools."""
    mixes = team_mixes(workers, pools)
    rng = context.random
    booked: dict[tuple[int, datetime.date], dict[int, int]] = {}
    for worker in workers:
        mix = mixes[worker.team]
        top = mix.cumulative[-1]
        # longer days in longer chunks: the number of entries per employee stays about that
        # of a larger scale (stretch 1: as is; scale small, stretch about 2: four times)
        factor = 1 if mix.stretch <= 1 else max(2, round(2 * mix.stretch))
        sizes = [size * factor for size in chunks]
        for day, kind, quarters in worker.days:
            if kind != WORK:
                target = others[NonDeclarable.TRAINING if kind == TRAINING else kind].targets[0]
                booked[worker.pk, day] = {target: quarters}
                continue
            if mix.stretch > 1:
                quarters = min(MAX_QUARTERS, round(quarters * mix.stretch))
            cells: dict[int, int] = {}
            for chunk in _split(context, quarters, sizes):
                group = mix.groups[bisect(mix.cumulative, rng.random() * top)]
                target = (pools.get(group) or others[group]).next()
                cells[target] = cells.get(target, 0) + chunk
            booked[worker.pk, day] = cells
    return booked


# --- writing -----------------------------------------------------------------------------------


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _leaders() -> tuple[dict[str, int], int | None]:
    """The user of a team leader per team code, and a manager's user for the rest."""
    leaders: dict[str, int] = {}
    for team, user in (
        Employee.objects.filter(function__code="teamleider", user__isnull=False)
        .order_by("employee_number")
        .values_list("team__code", "user_id")
    ):
        leaders.setdefault(team, user)
    manager = (
        Employee.objects.filter(function__code__in=("directeur", "manager"), user__isnull=False)
        .order_by("employee_number")
        .values_list("user_id", flat=True)
        .first()
    )
    return leaders, manager


def batched(rows: Iterable[_Row], size: int) -> Iterator[list[_Row]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


@contextmanager
def indexes_dropped(model: type[Model]) -> Iterator[None]:
    """On SQLite, drop the table's secondary indexes while rows pour in and build them again
    afterwards (inside the demo's transaction): about twice as fast as keeping ten B-trees up
    to date row by row. Other databases keep their indexes."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL",
            [model._meta.db_table],
        )
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)


def insert_many(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """INSERT the rows (values already adapted to the database) with executemany in batches:
    no model instances, any backend. Returns the number of rows."""
    ops = connection.ops
    column_of = {field.name: field.column for field in model._meta.concrete_fields}
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
    """Dates and times in the database's own format, each value adapted once."""

    def __init__(self) -> None:
        self.ops = connection.ops
        self.dates: dict[datetime.date, object] = {}
        self.times: dict[datetime.datetime, object] = {}

    def date(self, day: datetime.date) -> object:
        if day not in self.dates:
            self.dates[day] = self.ops.adapt_datefield_value(day)
        return self.dates[day]

    def time(self, moment: datetime.datetime | None) -> object:
        if moment is None:
            return None
        if moment not in self.times:
            self.times[moment] = self.ops.adapt_datetimefield_value(moment)
        return self.times[moment]


def write_sheets(
    context: DemoContext,
    workers: list[Worker],
    booked: dict[tuple[int, datetime.date], dict[int, int]],
    today: datetime.date,
) -> dict[tuple[int, datetime.date], int]:
    """One sheet per employee and week booked; returns their ids by (employee, Monday)."""
    leaders, manager = _leaders()
    user_of = dict(Employee.objects.values_list("pk", "user_id"))
    team_of = {worker.pk: worker.team for worker in workers}
    this_week = week_start(today)
    now = timezone.now()
    adapt = Adapt()
    weeks = sorted({(employee, week_start(day)) for employee, day in booked})
    rows = []
    for employee, start in weeks:
        friday = start + datetime.timedelta(days=4)
        leader = leaders.get(team_of[employee], manager)
        if leader == user_of.get(employee):  # a team leader's own week goes to the manager
            leader = manager
        submitted: datetime.datetime | None = min(_at(friday, 16), now)
        decided_by, decided_at, reason = None, None, ""
        if start <= this_week - datetime.timedelta(days=14):
            status = WeekStatus.APPROVED
            decided_by, decided_at = leader, min(_at(friday + datetime.timedelta(days=4), 10), now)
        elif start < this_week:
            draw = context.random.random()
            status = WeekStatus.SUBMITTED if draw < 0.8 else WeekStatus.OPEN
            if 0.8 <= draw < 0.85:
                status, decided_by, decided_at = WeekStatus.REJECTED, leader, now
                reason = "Graag de uren op de deelnemers nog eens nalopen."
            elif status == WeekStatus.OPEN:
                submitted = None
        else:
            status, submitted = WeekStatus.OPEN, None
        created = adapt.time(_at(start, 9))
        rows.append(
            (
                employee,
                adapt.date(start),
                status.value,
                adapt.time(submitted),
                decided_by,
                adapt.time(decided_at),
                reason,
                created,
                created,
            )
        )
    columns = (
        "employee",
        "week_start",
        "status",
        "submitted_at",
        "decided_by",
        "decided_at",
        "reason",
        "created_at",
        "updated_at",
    )
    insert_many(WeekSheet, columns, rows)
    return {
        (employee, start): pk
        for pk, employee, start in WeekSheet.objects.values_list("pk", "employee_id", "week_start")
    }


def entry_rows(
    booked: dict[tuple[int, datetime.date], dict[int, int]],
    sheets: dict[tuple[int, datetime.date], int],
) -> Iterator[tuple[Any, ...]]:
    ops = connection.ops
    hours = [ops.adapt_decimalfield_value(Decimal(q) / 4, 5, 2) for q in range(MAX_QUARTERS + 1)]
    adapt = Adapt()
    source = EntrySource.MANUAL.value
    for (employee, day), cells in booked.items():
        date_value, created = adapt.date(day), adapt.time(_at(day, 17))
        week = sheets[employee, week_start(day)]
        for target, quarters in cells.items():
            yield (employee, date_value, hours[quarters], target, week, "", source, created)


def write_entries(
    booked: dict[tuple[int, datetime.date], dict[int, int]],
    sheets: dict[tuple[int, datetime.date], int],
) -> int:
    columns = ("employee", "date", "hours", "target", "week", "note", "source", "created_at")
    with indexes_dropped(HourEntry):
        count = insert_many(HourEntry, columns, entry_rows(booked, sheets))
    refresh_statistics(HourEntry, WeekSheet, BookingTarget)
    return count


def refresh_statistics(*models: type[Model]) -> None:
    """PostgreSQL plans the next queries from table statistics, which a bulk load inside one
    transaction leaves empty: it then joins 50,000 entries by nested loops (seen: 26 s for one
    grouped sum in the tests). ANALYZE gives it the real sizes."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def close_months(years: Sequence[int], today: datetime.date, closed_by: int | None) -> None:
    """Months before last month are closed, on the fifth of the month after."""
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    closings = [
        MonthClosing(year=year, month=month, closed_by_id=closed_by)
        for year in years
        for month in range(1, 13)
        if datetime.date(year, month, 1) < last_month
    ]
    made = MonthClosing.objects.bulk_create(closings)
    for closing in made:
        following = datetime.date(closing.year + closing.month // 12, closing.month % 12 + 1, 5)
        closing.closed_at = min(_at(following, 9), timezone.now())
    MonthClosing.objects.bulk_update(made, ["closed_at"])


# --- the step ------------------------------------------------------------------------------------


def _has_data() -> bool:
    return (
        BookingTarget.objects.exists()
        or HourEntry.objects.exists()
        or WeekSheet.objects.exists()
        or MonthClosing.objects.exists()
        or HourImport.objects.exists()
    )


def _reset() -> None:
    """Entries first (corrections protect what they correct: unlinked, then one DELETE),
    then what they point at."""
    HourEntry.objects.filter(corrects__isnull=False).update(corrects=None)
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(HourEntry._meta.db_table)
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - the model's own table
    WeekSheet.objects.all().delete()
    HourImport.objects.all().delete()
    MonthClosing.objects.all().delete()
    BookingTarget.objects.all().delete()


def year_fraction(year: int, last: datetime.date) -> float:
    first, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if last < first:
        return 0.0
    return ((min(last, end) - first).days + 1) / ((end - first).days + 1)


def generate_year(
    context: DemoContext, year: int, today: datetime.date, others: dict[str, Pool]
) -> tuple[dict[tuple[int, datetime.date], dict[int, int]], list[Worker], dict[str, float]]:
    last = min(today, datetime.date(year, 12, 31))
    pools, factors = plan_pools(context, year, year_fraction(year, last))
    workers = _workers(context, year, last)
    if not pools or last < datetime.date(year, 1, 1):
        return {}, workers, factors
    chunks = CHUNKS if year == context.year else COARSE_CHUNKS
    return generate_entries(context, workers, pools, others, chunks), workers, factors


@demo_step(name="hours", order=60, has_data=_has_data, reset=_reset)
def generate_hours(context: DemoContext) -> None:
    beheerder = get_user_model().objects.get(username=BEHEERDER_USERNAME)
    years = [context.year - 1, context.year]
    for year in years:
        services.targets_sync(actor=beheerder, year=year)
    BookingTarget.objects.bulk_create(
        [
            BookingTarget(code=code, name=name, kind=TargetKind.PROJECT)
            for code, name in INTERNAL_PROJECTS.items()
        ]
    )
    codes = dict(BookingTarget.objects.values_list("code", "pk"))
    others: dict[str, Pool] = defaultdict(Pool)
    for category in NonDeclarable.values:
        others[category].add(codes[f"INDIRECT-{category.upper()}"], 1.0)
    for code, weight in zip(INTERNAL_PROJECTS, (0.5, 0.3, 0.2), strict=True):
        others[INTERNAL_PROJECT].add(codes[code], weight)
    for pool in others.values():
        pool.freeze()
    today = timezone.localdate()
    booked: dict[tuple[int, datetime.date], dict[int, int]] = {}
    workers: list[Worker] = []
    factors: dict[int, dict[str, float]] = {}
    for year in context.progress.track(years, label="Uren, jaren", total=len(years)):
        made, workers_of_year, factors[year] = generate_year(context, year, today, others)
        booked.update(made)
        workers = workers_of_year
    sheets = write_sheets(context, workers, booked, today)
    count = write_entries(booked, sheets)
    close_months([year for year in years if year <= today.year], today, beheerder.pk)
    context.shared["hours"] = {"entries": count, "factors": factors}


def realised_hours(year: int) -> dict[str, Decimal]:
    """Hours booked per participant code in a year (for checks and the benchmark)."""
    rows = (
        HourEntry.objects.filter(target__year=year, target__participant__isnull=False)
        .values_list("target__participant__code")
        .annotate(total=Sum("hours"))
        .order_by()
        .values_list("target__participant__code", "total")
    )
    return dict(rows)
