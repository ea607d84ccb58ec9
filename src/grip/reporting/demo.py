"""Demo board reports: the frozen quarters of the demo year and a few published half-year reports.

Runs after the kpis step (70), which set the targets and froze the baseline. For the demo year
and the demo's today:

- Every quarter that has ended is frozen (``quarter_freeze``, by KIS) except the latest one:
  that one is left for the account manager to freeze in the walkthrough (with today in the
  fourth quarter, Q1 and Q2 are frozen and Q3 is not). See :func:`quarters_to_freeze`.
- When Q2 is frozen: the half-year reports (*halfjaarrapportage*) of Eindhoven and Asten,
  each drafted and published by the participant's own account manager with notable items in
  Dutch that follow the frozen figures, and the regional one published by KIS. A publication
  renders the PDF (seconds) and the workbook, so there are only these three; scale small, for
  tests and quick looks, publishes Eindhoven's only (HALF_YEAR_REPORTS).

The freezes and the publications go through the services (audited, as in production); only
their time stamps are moved back afterwards to plausible moments (a few weeks after a quarter,
the board's meeting for the half-year), never later than the run.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from grip.core.demodata import DemoContext, demo_step
from grip.core.models import User
from grip.core.periods import Quarter
from grip.kpis.models import Snapshot, SnapshotValue, Target
from grip.participants.models import Participant
from grip.programmes.models import ProgrammeVersion
from grip.reporting import services
from grip.reporting.constants import ReportKind
from grip.reporting.models import FrozenSection, PackRun, Report, ReportFile

KIS_USERNAME = "kis"  # the organisation step's log-in for the KIS role
ONE_DAY = datetime.timedelta(days=1)
HALF_YEAR_QUARTER = 2
REGION = ""  # the regional report among the participants' codes
# Whose half-year report is published, per scale: Eindhoven, Asten (whose account manager is the
# demo's "accountmanager" log-in at scale odzob) and the region. A publication renders a PDF
# (seconds), so scale small, for tests and quick looks, has Eindhoven's only.
HALF_YEAR_REPORTS: dict[str, tuple[str, ...]] = {
    "small": ("GM0772",),
    "odzob": ("GM0772", "GM0743", REGION),
    "national": ("GM0772", "GM0743", REGION),
}
FROZEN_DAYS_AFTER = 18  # a quarter is frozen some two and a half weeks after it ended
PUBLISHED_ON = (9, 2)  # the half-year reports go to the boards early in September
MONTHS = (
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

# A paragraph of local colour per participant, as its account manager would write it.
LOCAL_NOTES: dict[str, str] = {
    "GM0772": (
        "Op bedrijventerrein De Hurk loopt de themacontrole opslag van gevaarlijke stoffen door "
        "in het derde kwartaal; de eerste bevindingen zijn met de wethouder besproken. Door de "
        "woningbouw rond de bedrijventerreinen blijven klachten over geur en geluid het "
        "aandachtspunt."
    ),
    "GM0743": (
        "Het accent lag dit halfjaar op de veehouderijen: bij de controles van luchtwassers en "
        "emissiearme stalsystemen zijn overtredingen vastgesteld. De hercontroles bij de "
        "bedrijven die nog niet hebben hersteld, volgen in het derde kwartaal."
    ),
}


def quarters_to_freeze(year: int, today: datetime.date) -> list[int]:
    """Every quarter of ``year`` that has ended by ``today`` (its last day lies before today,
    as ``snapshot_freeze`` requires), except the latest of them: that one is the
    walkthrough's to freeze."""
    ended = [number for number in range(1, 5) if Quarter(year, number).end < today]
    return ended[:-1]


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return min(moment, timezone.now())


def freeze_quarters(actor: User, year: int, today: datetime.date) -> Iterator[Snapshot]:
    """Freeze :func:`quarters_to_freeze` through the service; yields each snapshot."""
    for number in quarters_to_freeze(year, today):
        snapshot = services.quarter_freeze(actor=actor, year=year, quarter=number, today=today)
        # Frozen data stays as it is; only the time stamp moves back (the model refuses a save).
        day = Quarter(year, number).end + FROZEN_DAYS_AFTER * ONE_DAY
        Snapshot.objects.filter(pk=snapshot.pk).update(frozen_at=_moment(day, 10))
        yield Snapshot.objects.get(pk=snapshot.pk)


# --- the notable items --------------------------------------------------------------------------


def _percent(value: Decimal | None) -> str:
    return f"{value:.1f} %".replace(".", ",") if value is not None else ""


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _amendment(participant: Participant, year: int, end: datetime.date) -> ProgrammeVersion | None:
    """The programme's amendment adopted in the period, if any (the latest)."""
    return (
        ProgrammeVersion.objects.filter(
            programme__participant=participant,
            programme__year=year,
            based_on__isnull=False,
            adopted_on__range=(datetime.date(year, 1, 1), end),
        )
        .order_by("-adopted_on")
        .first()
    )


def notable_items(
    participant: Participant | None,
    values: dict[str, SnapshotValue],
    targets: dict[str, Target],
    snapshot: Snapshot,
) -> str:
    """The account manager's narrative for one report (KIS's for the region), in Dutch, from the
    frozen figures: realisation and forecast, decisions against the agreed target, enforcement,
    and the participant's own story."""
    paragraphs: list[str] = []
    hours = values.get("realisatie-uren")
    if hours is not None and hours.value is not None:
        sentence = (
            f"In het eerste halfjaar is {_percent(hours.value)} van de tot "
            f"{_long_date(snapshot.end)} geplande uren gerealiseerd."
        )
        if hours.details.get("forecast_warning"):
            sentence += (
                " De prognose voor het hele jaar wijkt af van het programma; bijsturing staat "
                "op de agenda van het ambtelijk overleg."
            )
        else:
            sentence += " De prognose voor het hele jaar past binnen het programma."
        paragraphs.append(sentence)
    if participant is not None:
        amendment = _amendment(participant, snapshot.year, snapshot.end)
        if amendment is not None and amendment.adopted_on is not None:
            paragraphs.append(
                f"Op {_long_date(amendment.adopted_on)} is het werkprogramma gewijzigd "
                f"({amendment.decision_reference}). {amendment.explanation}"
            )
    decisions = values.get("beslissingen-binnen-termijn")
    if decisions is not None and decisions.value is not None:
        sentence = (
            f"{_percent(decisions.value)} van de besluiten is binnen de wettelijke termijn genomen"
        )
        target = targets.get("beslissingen-binnen-termijn")
        agreed = target.value if target is not None else Decimal(90)
        who = "de afspraak met de gemeente" if target is not None else "de provinciale norm"
        if decisions.value >= agreed:
            sentence += f", binnen {who} van {_percent(agreed)}."
        else:
            sentence += (
                f": onder {who} van {_percent(agreed)}. De achterstand zit vooral bij de "
                "meldingen na de piek in het voorjaar; het team vergunningverlening krijgt "
                "tijdelijk extra capaciteit."
            )
        paragraphs.append(sentence)
    compliance = values.get("naleving-eerste-controle")
    repaired = values.get("herstel-bij-hercontrole")
    if compliance is not None and compliance.value is not None:
        sentence = (
            f"Bij de eerste controle leefde {_percent(compliance.value)} van de gecontroleerde "
            "bedrijven alle voorschriften na"
        )
        if repaired is not None and repaired.value is not None:
            sentence += (
                f"; van de overtredingen was {_percent(repaired.value)} bij de hercontrole hersteld"
            )
        paragraphs.append(sentence + ".")
    court = values.get("handhaving-in-stand")
    if participant is None and court is not None and court.denominator:
        paragraphs.append(
            f"De rechter deed {court.denominator:.0f} uitspraken over handhavingsbesluiten; "
            f"{court.numerator:.0f} daarvan bleven geheel in stand."
        )
    if participant is not None and participant.code in LOCAL_NOTES:
        paragraphs.append(LOCAL_NOTES[participant.code])
    if participant is None:
        paragraphs.append(
            "De nulmeting over het eerste kwartaal is het vertrekpunt van de trends in deze "
            "rapportage."
        )
    return "\n\n".join(paragraphs)


# --- the reports --------------------------------------------------------------------------------


def _author(participant: Participant | None, kis: User) -> User:
    """The participant's account manager (who may publish its report), else KIS."""
    manager = participant.account_manager if participant is not None else None
    if manager is not None and manager.user is not None:
        return manager.user
    return kis


def publish_half_year(snapshot: Snapshot, kis: User, codes: Sequence[str]) -> Iterator[Report]:
    """The half-year reports of the participants with these codes (REGION: the regional one),
    each published by its keeper from the frozen Q2; yields each report as it is published."""
    by_code: dict[str, Participant | None] = {
        p.code: p
        for p in Participant.objects.select_related("account_manager__user").filter(code__in=codes)
    }
    by_code[REGION] = None
    chosen = [by_code[code] for code in codes if code in by_code]
    frozen: dict[int | None, dict[str, SnapshotValue]] = {}
    for value in SnapshotValue.objects.filter(snapshot=snapshot):
        frozen.setdefault(value.participant_id, {})[value.indicator_code] = value
    targets: dict[int | None, dict[str, Target]] = {}
    for target in Target.objects.filter(year=snapshot.year):
        targets.setdefault(target.participant_id, {})[target.indicator_code] = target
    published = _moment(datetime.date(snapshot.year, *PUBLISHED_ON), 15)
    drafted = _moment(datetime.date(snapshot.year, *PUBLISHED_ON) - 10 * ONE_DAY, 9)
    for participant in chosen:
        key = participant.pk if participant is not None else None
        author = _author(participant, kis)
        report = services.report_create(
            actor=author,
            snapshot=snapshot,
            kind=ReportKind.HALF_YEAR,
            participant=participant,
            notable_items=notable_items(
                participant, frozen.get(key, {}), targets.get(key, {}), snapshot
            ),
        )
        report = services.report_publish(actor=author, report=report)
        # A document stays as it is; only its time stamps move back (the models refuse a save).
        Report.objects.filter(pk=report.pk).update(
            created_at=drafted, updated_at=published, published_at=published
        )
        ReportFile.objects.filter(report=report).update(rendered_at=published)
        yield report


def _work(
    context: DemoContext,
    kis: User,
    today: datetime.date,
    made: dict[str, list[int]],
    codes: Sequence[str],
) -> Iterator[None]:
    """Freeze the quarters, then publish the half-year reports; yields after each."""
    half_year = None
    for snapshot in freeze_quarters(kis, context.year, today):
        made["quarters"].append(snapshot.quarter or 0)
        if snapshot.quarter == HALF_YEAR_QUARTER:
            half_year = snapshot
        yield None
    if half_year is None:
        return
    for report in publish_half_year(half_year, kis, codes):
        made["reports"].append(report.pk)
        yield None


# --- the step -----------------------------------------------------------------------------------


def _has_data() -> bool:
    return Report.objects.exists() or FrozenSection.objects.exists() or PackRun.objects.exists()


def _reset() -> None:
    """Queryset deletes (the frozen and published models refuse ``delete()`` one by one),
    before the kpis step removes the snapshots they refer to."""
    ReportFile.objects.all().delete()
    Report.objects.all().delete()
    PackRun.objects.all().delete()
    FrozenSection.objects.all().delete()


@demo_step(name="reporting", order=80, has_data=_has_data, reset=_reset)
def generate_reports(context: DemoContext) -> None:
    kis = get_user_model().objects.get(username=KIS_USERNAME)
    today = timezone.localdate()
    made: dict[str, list[int]] = {"quarters": [], "reports": []}
    quarters = quarters_to_freeze(context.year, today)
    codes = HALF_YEAR_REPORTS.get(context.scale.name, HALF_YEAR_REPORTS["odzob"])
    reports = len(codes) if HALF_YEAR_QUARTER in quarters else 0
    work = _work(context, kis, today, made, codes)
    total = len(quarters) + reports
    for _item in context.progress.track(work, label="Kwartalen en rapportages", total=total):
        pass
    context.shared["reporting"] = made
