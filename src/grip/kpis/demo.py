"""Demo indicators: the targets, the baseline (*nulmeting*) and the BIG-8 cycles of the demo year.

Runs after the hours (60): every fact the indicators read is there. The quarterly snapshots
and the board reports are the reporting app's (a higher layer), in its own step (80).

What the step makes, for the demo year and the demo's today:

- Targets (KIS, through ``target_set``): a few participants agreed another target than the
  province's norm (Eindhoven 95 % of its decisions within the term, ...), each with its note,
  and regional targets for indicators the province sets no norm for (programme realisation,
  inspections done, complaints within the term, related work).
- The baseline over the first quarter (1 January to 31 March), frozen by KIS through
  ``baseline_freeze`` once that quarter has ended; nothing otherwise.
- The BIG-8 cycle of the region (kept by KIS) and of every participant (kept by its account
  manager), eight steps each, with statuses by date: the strategic loop (1-4) done in the
  autumn before the year, in the run-up to the programme; step 5 done on the day the year's
  programme was first adopted (late when it was not); 6 and 7 in progress during the year;
  8, the annual report, planned for the spring after. A few participants lag on a step
  (status "achter", with the reason): two on the strategy, one on the analysis, and during the
  year the two whose hours lagged most in the baseline on the execution. Each cycle links one
  or two documents (example links on odzob.nl). The cycles are written in bulk, keeping the
  model's invariants: eight steps per cycle, and a date of completion exactly when a step is
  done.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from random import Random

from django.contrib.auth import get_user_model
from django.db.models import Min
from django.utils import timezone
from django.utils.text import slugify

from grip.core.demodata import DemoContext, demo_step
from grip.core.models import User
from grip.kpis import services
from grip.kpis.constants import BIG8_STEPS, Comparison, SnapshotKind, StepStatus
from grip.kpis.models import Cycle, CycleDocument, CycleStep, Snapshot, SnapshotValue, Target
from grip.participants.models import Participant
from grip.programmes.models import ProgrammeVersion

KIS_USERNAME = "kis"  # the organisation step's log-in for the KIS role
ONE_DAY = datetime.timedelta(days=1)
EXAMPLE_SITE = "https://www.odzob.nl/voorbeeld/big8"  # example links, not real documents

# (participant code, indicator, target, comparison, note): what a participant agreed instead of
# the province's norm.
PARTICIPANT_TARGETS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "GM0772",
        "beslissingen-binnen-termijn",
        "95",
        Comparison.AT_LEAST,
        "Afspraak in de dienstverleningsovereenkomst met Eindhoven: 95 % van de besluiten "
        "binnen de wettelijke termijn.",
    ),
    (
        "GM0794",
        "herstel-bij-hercontrole",
        "65",
        Comparison.MORE_THAN,
        "Helmond stuurt op sneller herstel: bestuurlijke afspraak uit het "
        "handhavingsuitvoeringsprogramma.",
    ),
    (
        "PV30",
        "naleving-eerste-controle",
        "50",
        Comparison.AT_LEAST,
        "De provincie controleert vooral Brzo- en IPPC-bedrijven, gekozen op risico: een "
        "lagere norm voor de naleving bij de eerste controle.",
    ),
    (
        "GM0861",
        "dwangsom-niet-tijdig",
        "0.5",
        Comparison.LESS_THAN,
        "Ambitie van het college van Veldhoven: geen dwangsom wegens niet tijdig beslissen.",
    ),
)
# (indicator, target, comparison, note): regional targets where the province sets no norm.
REGIONAL_TARGETS: tuple[tuple[str, str, str, str], ...] = (
    (
        "realisatie-uren",
        "95",
        Comparison.AT_LEAST,
        "Begroting: ten minste 95 % van de geplande uren gerealiseerd.",
    ),
    (
        "controles-uitgevoerd",
        "95",
        Comparison.AT_LEAST,
        "Uitvoeringsprogramma: ten minste 95 % van de geplande controles uitgevoerd.",
    ),
    (
        "klachten-binnen-termijn",
        "90",
        Comparison.AT_LEAST,
        "Werkafspraak: klachten en incidentmeldingen binnen de afgesproken termijn.",
    ),
    (
        "aandeel-gerelateerd-werk",
        "15",
        Comparison.AT_MOST,
        "Gerelateerde werkzaamheden hooguit 15 % van de uren op het programma.",
    ),
)

BASELINE_NOTE = "Nulmeting over het eerste kwartaal: het vertrekpunt van de trends."

# Planned completion per step, as (year offset from the cycle's year, month, day), and when
# the work on it starts (days before). The strategic loop runs in the autumn before the year;
# the programme is adopted in December; the annual report follows in the spring after.
PLANNED: dict[int, tuple[int, int, int]] = {
    1: (-1, 9, 15),
    2: (-1, 10, 1),
    3: (-1, 10, 15),
    4: (-1, 11, 1),
    5: (-1, 12, 15),
    6: (0, 12, 31),
    7: (1, 1, 31),
    8: (1, 4, 1),
}
WORK_DAYS_BEFORE: dict[int, int] = {1: 75, 2: 45, 3: 45, 4: 45, 5: 75, 6: 365, 7: 395, 8: 75}
# What a step's notes say when it is done, and while it is in progress.
DONE_NOTES: dict[int, str] = {
    1: "Probleem- en risicoanalyse geactualiseerd met de nalevingscijfers en de omgevingsanalyse.",
    2: "Doelen en prioriteiten voor {year} besproken in het bestuurlijk overleg en vastgesteld.",
    3: "De uniforme handhavingsstrategie van de regio blijft van toepassing.",
    4: "Capaciteit en kwaliteitscriteria getoetst; de formatie van de omgevingsdienst is "
    "toereikend.",
    5: "Uitvoeringsprogramma {year} vastgesteld: {reference}.",
    6: "Uitvoering van het programma {year} afgerond.",
    7: "Alle kwartalen van {year} gemeten en gerapporteerd.",
    8: "Jaarverslag {year} vastgesteld en aangeboden aan de raad.",
}
BUSY_NOTES: dict[int, str] = {
    5: "Uitvoeringsprogramma {year} in voorbereiding.",
    6: "Uitvoering volgens het programma; de voortgang staat in de kwartaalrapportages.",
    7: "Kwartaalmetingen bevroren en bestuursrapportages gepubliceerd.",
    8: "Jaarverslag {year} in voorbereiding.",
}
REGION_PROGRAMMES = "de programma's van alle deelnemers"
# Who lags on which step, and why (participant code, step, note).
LAGGING: tuple[tuple[str, int, str], ...] = (
    (
        "GM1706",
        3,
        "De geactualiseerde handhavingsstrategie ligt nog bij het college van Cranendonck; "
        "vaststelling verwacht in het eerste kwartaal.",
    ),
    (
        "GM1667",
        3,
        "Vaststelling van de handhavingsstrategie uitgesteld tot na de raadsinformatiebijeenkomst.",
    ),
    (
        "GM0858",
        1,
        "De risicoanalyse wacht op de nieuwe omgevingsvisie van Valkenswaard.",
    ),
)
BEHIND_ON_EXECUTION = 2  # participants lagging on step 6: the lowest realisation in the baseline
EXECUTION_NOTE = (
    "De uren blijven achter bij het programma: {percent} % van de geplande uren in het eerste "
    "kwartaal. Een inhaalplan is afgesproken met de gemeente."
)


def _kis() -> User:
    return get_user_model().objects.get(username=KIS_USERNAME)


def baseline_period(year: int) -> tuple[datetime.date, datetime.date]:
    """The baseline's period: the first quarter of the year."""
    return datetime.date(year, 1, 1), datetime.date(year, 3, 31)


def set_targets(actor: User, year: int) -> int:
    participants = {p.code: p for p in Participant.objects.all()}
    count = 0
    for code, indicator, value, comparison, note in PARTICIPANT_TARGETS:
        if code not in participants:
            continue
        services.target_set(
            actor=actor,
            indicator_code=indicator,
            year=year,
            value=Decimal(value),
            comparison=comparison,
            participant=participants[code],
            note=note,
        )
        count += 1
    for indicator, value, comparison, note in REGIONAL_TARGETS:
        services.target_set(
            actor=actor,
            indicator_code=indicator,
            year=year,
            value=Decimal(value),
            comparison=comparison,
            note=note,
        )
        count += 1
    return count


def freeze_baseline(actor: User, year: int, today: datetime.date) -> Snapshot | None:
    """The baseline over the first quarter, once that has ended (the service refuses
    otherwise), frozen a little after it ended."""
    start, end = baseline_period(year)
    if end >= today:
        return None
    frozen = services.baseline_freeze(
        actor=actor, start=start, end=end, note=BASELINE_NOTE, today=today
    )
    moment = timezone.make_aware(datetime.datetime.combine(end + 9 * ONE_DAY, datetime.time(11)))
    # The snapshot is frozen data; only its time stamp is moved back, as the other demo steps
    # do with their histories (a queryset update: the model refuses a save).
    Snapshot.objects.filter(pk=frozen.pk).update(frozen_at=min(moment, timezone.now()))
    return frozen


@dataclass(frozen=True)
class Keeper:
    """Who keeps a cycle, and the first adoption of its year's programme."""

    participant: Participant | None
    owner: User
    adopted_on: datetime.date | None
    reference: str


def _keepers(year: int, kis: User) -> list[Keeper]:
    """The region's cycle (KIS; its programme is complete when every participant's is) and
    every participant's (its account manager, else KIS)."""
    versions = ProgrammeVersion.objects.filter(
        programme__year=year, programme__participant__isnull=False, adopted_on__isnull=False
    )
    first = dict(
        versions.values("programme__participant_id")
        .annotate(first=Min("adopted_on"))
        .values_list("programme__participant_id", "first")
    )
    references = {
        (participant_id, adopted): reference
        for participant_id, adopted, reference in versions.values_list(
            "programme__participant_id", "adopted_on", "decision_reference"
        )
    }
    participants = list(
        Participant.objects.select_related("account_manager__user").order_by("kind", "name")
    )
    complete = all(participant.pk in first for participant in participants)
    keepers = [
        Keeper(None, kis, max(first.values()) if complete and first else None, REGION_PROGRAMMES)
    ]
    for participant in participants:
        manager = participant.account_manager
        owner = manager.user if manager is not None and manager.user is not None else kis
        adopted = first.get(participant.pk)
        keepers.append(
            Keeper(participant, owner, adopted, references.get((participant.pk, adopted), ""))
        )
    return keepers


def planned_on(year: int, number: int) -> datetime.date:
    offset, month, day = PLANNED[number]
    return datetime.date(year + offset, month, day)


def step_state(
    *,
    planned: datetime.date,
    completed: datetime.date | None,
    today: datetime.date,
    work_days: int,
    lagging: bool = False,
) -> tuple[str, datetime.date | None]:
    """The status of a step on ``today`` and its date of completion (only when done): done when
    it was completed by today; lagging ("achter") when so decided or its planned day passed;
    in progress once the work started; not started before."""
    if lagging:
        return StepStatus.LATE, None
    if completed is not None and completed <= today:
        return StepStatus.DONE, completed
    if today > planned:
        return StepStatus.LATE, None
    if today >= planned - work_days * ONE_DAY:
        return StepStatus.IN_PROGRESS, None
    return StepStatus.NOT_STARTED, None


def completions(rng: Random, keeper: Keeper, year: int) -> dict[int, datetime.date | None]:
    """When each step is (or will be) done, whatever today is: the strategic loop in order and
    before the programme's adoption (step 5), execution on the year's last day, monitoring and
    the annual report around their planned days."""
    days: dict[int, datetime.date | None] = {}
    previous: datetime.date | None = None
    for number in range(1, 9):
        planned = planned_on(year, number)
        day: datetime.date | None
        if number <= 4:
            day = planned + rng.randint(-10, 20) * ONE_DAY
            if keeper.adopted_on is not None:
                day = min(day, keeper.adopted_on - (5 - number) * 7 * ONE_DAY)
            if previous is not None:
                day = max(day, previous + ONE_DAY)
            previous = day
        elif number == 5:
            day = keeper.adopted_on
        elif number == 6:
            day = datetime.date(year, 12, 31)
        else:
            day = planned + rng.randint(-14, 7) * ONE_DAY
        days[number] = day
    return days


def _notes(
    number: int,
    status: str,
    late_note: str | None,
    planned: datetime.date,
    year: int,
    reference: str,
) -> str:
    if status == StepStatus.LATE:
        return late_note or f"Nog niet gereed; gepland op {planned:%d-%m-%Y}."
    if status == StepStatus.DONE:
        return DONE_NOTES[number].format(year=year, reference=reference or "besluit")
    if status == StepStatus.IN_PROGRESS:
        return BUSY_NOTES.get(number, "In voorbereiding.").format(year=year)
    return ""


def _documents(keeper: Keeper, year: int) -> dict[int, list[tuple[str, str]]]:
    if keeper.participant is None:
        return {
            1: [
                (
                    f"Regionale probleem- en risicoanalyse VTH {year}",
                    f"{EXAMPLE_SITE}/{year}/regionale-risicoanalyse.pdf",
                )
            ],
            3: [
                (
                    "Uniforme handhavingsstrategie Zuidoost-Brabant",
                    f"{EXAMPLE_SITE}/uniforme-handhavingsstrategie.pdf",
                )
            ],
        }
    slug = slugify(keeper.participant.name)
    return {
        5: [
            (
                f"Uitvoeringsprogramma VTH {year} {keeper.participant.name}",
                f"{EXAMPLE_SITE}/{year}/uitvoeringsprogramma-{slug}.pdf",
            )
        ]
    }


def behind_on_execution(year: int) -> dict[str, str]:
    """The participants whose hours lag most in the year's baseline (the lowest realisation in
    hours), with the note of their step 6; none without a baseline."""
    values = (
        SnapshotValue.objects.filter(
            snapshot__kind=SnapshotKind.BASELINE,
            snapshot__year=year,
            indicator_code="realisatie-uren",
            participant__isnull=False,
            value__isnull=False,
        )
        .order_by("value", "participant__code")
        .values_list("participant__code", "value")[:BEHIND_ON_EXECUTION]
    )
    return {
        code: EXECUTION_NOTE.format(percent=f"{value:.1f}".replace(".", ","))
        for code, value in values
    }


def write_cycles(rng: Random, year: int, today: datetime.date, kis: User) -> list[Cycle]:
    keepers = _keepers(year, kis)
    lagging = {(code, number): note for code, number, note in LAGGING}
    lagging |= {(code, 6): note for code, note in behind_on_execution(year).items()}
    cycles = Cycle.objects.bulk_create(
        [Cycle(participant=keeper.participant, year=year) for keeper in keepers]
    )
    steps: list[CycleStep] = []
    documents: list[tuple[CycleStep, str, str, User]] = []
    for cycle, keeper in zip(cycles, keepers, strict=True):
        code = keeper.participant.code if keeper.participant else ""
        shown = _documents(keeper, year)
        done_on = completions(rng, keeper, year)
        for number, _loop, _name in BIG8_STEPS:
            planned = planned_on(year, number)
            late_note = lagging.get((code, number))
            # A lagging step lags only once its work has started (step 6: during the year).
            lags = late_note is not None and today >= planned - WORK_DAYS_BEFORE[number] * ONE_DAY
            status, completed = step_state(
                planned=planned,
                completed=done_on[number],
                today=today,
                work_days=WORK_DAYS_BEFORE[number],
                lagging=lags and (number != 6 or today <= planned),
            )
            notes = _notes(number, status, late_note, planned, year, keeper.reference)
            step = CycleStep(
                cycle=cycle,
                number=number,
                status=status,
                owner=keeper.owner,
                planned_on=planned,
                completed_on=completed,
                notes=notes,
            )
            steps.append(step)
            for title, url in shown.get(number, []):
                documents.append((step, title, url, keeper.owner))
    CycleStep.objects.bulk_create(steps)
    CycleDocument.objects.bulk_create(
        CycleDocument(step=step, title=title, url=url, added_by=owner)
        for step, title, url, owner in documents
    )
    return cycles


# --- the step -----------------------------------------------------------------------------------


def _has_data() -> bool:
    return Target.objects.exists() or Snapshot.objects.exists() or Cycle.objects.exists()


def _reset() -> None:
    """Queryset deletes (the frozen models refuse ``delete()`` one by one); the reporting step
    has removed what refers to the snapshots before this runs."""
    CycleDocument.objects.all().delete()
    CycleStep.objects.all().delete()
    Cycle.objects.all().delete()
    SnapshotValue.objects.all().delete()
    Snapshot.objects.all().delete()
    Target.objects.all().delete()


def _work(
    context: DemoContext, kis: User, today: datetime.date, made: dict[str, int]
) -> Iterator[None]:
    """The step's work; yields after the baseline and after each cycle (the progress)."""
    year = context.year
    made["targets"] = set_targets(kis, year)
    made["baseline"] = int(freeze_baseline(kis, year, today) is not None)
    yield None
    rng = Random(context.seed * 7_919 + 70)  # noqa: S311 - demo data, not security
    cycles = write_cycles(rng, year, today, kis)
    made["cycles"] = len(cycles)
    for _cycle in cycles:
        yield None


@demo_step(name="kpis", order=70, has_data=_has_data, reset=_reset)
def generate_kpis(context: DemoContext) -> None:
    made: dict[str, int] = {}
    work = _work(context, _kis(), timezone.localdate(), made)
    total = 1 + Participant.objects.count() + 1  # the baseline, the cycles and the region's
    for _item in context.progress.track(work, label="Nulmeting en BIG-8-cycli", total=total):
        pass
    context.shared["kpis"] = made
