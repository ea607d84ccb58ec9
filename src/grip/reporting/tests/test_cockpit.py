"""The account manager's cockpit against a world whose figures can be counted by hand.

The realisation world of ``grip.finance.tests.factories.book_year`` and ``asten_plan``, seen on
15 May 2026 (TODAY). No hours last year, so the working-day profile: 97 of 2026's 261 working
days (Monday to Friday) have passed, a share of 97/261.

* Eindhoven (GM0772), managed by AM: adopted plan v1 of 100 h, 26 h booked by TODAY. Planned to
  date 100 x 97/261 = 37.16 h, realised 26/37.16 = 70.0 %. Forecast 26 / (97/261) = 69.96 h,
  deviation -30.0 %: beyond the 10 % threshold, a warning. An amendment (v2) is in concept;
  2027 has a concept programme.
* Asten (GM0743), AM stands in as deputy: adopted 30 h, 12 h booked. Planned to date 11.15 h,
  realised 107.6 %; forecast 12 / (97/261) = 32.29 h, +7.6 %: within the threshold. No
  programme for 2027.
* Helmond (GM0794): another account manager's, with an overdue case, an overdue follow-up owned
  by AM, an interaction, a new request and a satisfaction score: none of it may reach AM.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from grip.cases.constants import CaseStatus
from grip.cases.models import Case, CaseType
from grip.finance.tests.factories import D, book_year
from grip.finance.tests.test_realisations import asten_plan
from grip.hours.tests.factories import HoursWorld
from grip.kpis.constants import Comparison, SnapshotKind
from grip.kpis.models import Snapshot, Target
from grip.organisation.models import Employee
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants import services as participant_services
from grip.participants.models import (
    FollowUp,
    Interaction,
    InteractionKind,
    Participant,
    ParticipantRequest,
    RequestKind,
    RequestStatus,
)
from grip.programmes import services as programme_services
from grip.programmes.tests.factories import make_catalogue
from grip.reporting.cockpit import accounts, cockpit_for
from grip.reporting.constants import ReportKind, ReportStatus
from grip.reporting.models import Report

pytestmark = pytest.mark.django_db

TODAY = D(2026, 5, 15)


@dataclass
class World:
    am: Any  # the account manager's user: Eindhoven's manager, Asten's deputy
    participant_user: Any  # Eindhoven's own user
    eindhoven: Participant
    asten: Participant
    helmond: Participant
    overdue: list[Case]  # Eindhoven's overdue cases, soonest due first
    follow_ups: dict[str, FollowUp]
    interactions: list[Interaction]  # Eindhoven's, oldest first
    requests: dict[str, ParticipantRequest]
    report: Report  # Eindhoven's latest published report


def _case(participant: Participant, number: int, due_on: datetime.date, status: str) -> Case:
    return Case.objects.create(
        identification=f"Z-2026-{number:06d}",
        participant=participant,
        case_type=CaseType.objects.get(code="aanvraag-omgevingsvergunning", version=1),
        subject=f"Aanvraag {number}",
        location_description="Kanaaldijk 12, Eindhoven",
        received_on=D(2026, 2, 1),
        status=status,
        original_due_on=due_on,
        due_on=due_on,
        closed_on=D(2026, 5, 10) if status == CaseStatus.AFGEHANDELD else None,
    )


def _request(participant: Participant, title: str, status: str) -> ParticipantRequest:
    return ParticipantRequest.objects.create(
        participant=participant,
        kind=RequestKind.EXTRA_WORK,
        year=2026,
        title=title,
        description=title,
        status=status,
        closed_at=None
        if status in (RequestStatus.SUBMITTED, RequestStatus.IN_PROGRESS)
        else timezone.now(),
    )


def _report(
    participant: Participant | None, snapshot: Snapshot, kind: str, published: Any, by: Any
) -> Report:
    return Report.objects.create(
        participant=participant,
        kind=kind,
        snapshot=snapshot,
        status=ReportStatus.PUBLISHED if published else ReportStatus.DRAFT,
        content={} if published else None,
        published_at=published,
        published_by=by if published else None,
        created_by=by,
    )


@pytest.fixture
def managed(hours: HoursWorld, asten: Participant, make_user: Any) -> World:
    booked = book_year(hours)
    asten_plan(hours, asten)
    programmes = hours.programmes
    am = programmes.account_manager
    eindhoven = programmes.participant
    me = Employee.objects.get(user=am)
    asten.deputy_account_manager = me
    asten.save()
    asten_manager = asten.account_manager
    assert asten_manager is not None
    helmond = Participant.objects.get(code="GM0794")
    other: Any = EmployeeFactory(user__role="accountmanager")
    helmond.account_manager = other
    helmond.save()

    # programmes: Eindhoven amends 2026 and drafts 2027; Asten has nothing for 2027
    programme_services.version_amend(
        actor=am, programme=booked.version.programme, explanation="Extra toezicht"
    )
    make_catalogue(2027, "104.00")
    programme_services.programme_create(actor=am, participant=eindhoven, year=2027)

    # cases: two overdue; closed, suspended, due today and due later are not
    overdue_late = _case(eindhoven, 1, D(2026, 5, 1), CaseStatus.IN_BEHANDELING)
    overdue_early = _case(eindhoven, 2, D(2026, 4, 20), CaseStatus.ONTVANGEN)
    _case(eindhoven, 3, D(2026, 4, 1), CaseStatus.AFGEHANDELD)
    _case(eindhoven, 4, D(2026, 3, 1), CaseStatus.OPGESCHORT)
    _case(eindhoven, 5, TODAY, CaseStatus.IN_BEHANDELING)
    _case(eindhoven, 6, D(2026, 6, 1), CaseStatus.IN_BEHANDELING)
    _case(helmond, 7, D(2026, 1, 10), CaseStatus.IN_BEHANDELING)

    # kpis: Eindhoven's 70.0 % misses its 90 %; its 7.7 % related work (2 of 26 h) meets
    # "at most 10"; Asten's 107.6 % meets its 90 %
    for participant, code, value, comparison in (
        (eindhoven, "realisatie-uren", "90", Comparison.AT_LEAST),
        (eindhoven, "aandeel-gerelateerd-werk", "10", Comparison.AT_MOST),
        (asten, "realisatie-uren", "90", Comparison.AT_LEAST),
    ):
        Target.objects.create(
            indicator_code=code,
            year=2026,
            participant=participant,
            value=Decimal(value),
            comparison=comparison,
        )

    # follow-ups
    def follow_up(
        participant: Participant, actor: Any, owner: Employee, due: datetime.date, text: str
    ) -> FollowUp:
        return participant_services.follow_up_add(
            actor=actor, participant=participant, description=text, owner=owner, due_on=due
        )

    follow_ups = {
        "overdue": follow_up(eindhoven, am, me, D(2026, 5, 1), "Offerte sturen"),
        "today": follow_up(eindhoven, am, me, TODAY, "Bellen over de wijziging"),
        "later": follow_up(eindhoven, am, me, D(2026, 5, 20), "Planning bespreken"),
        "done": follow_up(eindhoven, am, me, D(2026, 4, 1), "Verslag rondsturen"),
        "asten": follow_up(asten, asten_manager.user, asten_manager, D(2026, 6, 30), "Evaluatie"),
        "helmond": follow_up(helmond, other.user, me, D(2026, 1, 10), "Niet van AM"),
    }
    participant_services.follow_up_close(actor=am, follow_up=follow_ups["done"])

    # interactions: four, of which the cockpit shows the newest three
    interactions = [
        participant_services.interaction_record(
            actor=am,
            participant=eindhoven,
            occurred_on=day,
            kind=InteractionKind.MEETING,
            subject=f"Overleg {day:%d-%m}",
        )
        for day in (D(2026, 2, 3), D(2026, 3, 10), D(2026, 4, 22), D(2026, 5, 12))
    ]
    participant_services.interaction_record(
        actor=other.user,
        participant=helmond,
        occurred_on=D(2026, 5, 14),
        kind=InteractionKind.CALL,
        subject="Helmond",
    )

    requests = {
        "submitted": _request(eindhoven, "Extra controles", RequestStatus.SUBMITTED),
        "in_progress": _request(eindhoven, "Nieuwe taak", RequestStatus.IN_PROGRESS),
        "withdrawn": _request(eindhoven, "Toch niet", RequestStatus.WITHDRAWN),
        "done": _request(eindhoven, "Gedaan", RequestStatus.DONE),
        "helmond": _request(helmond, "Helmond", RequestStatus.SUBMITTED),
    }

    participant_services.satisfaction_record(
        actor=am, participant=eindhoven, year=2025, score="7.5"
    )
    participant_services.satisfaction_record(
        actor=am, participant=eindhoven, year=2026, score="8.1"
    )
    participant_services.satisfaction_record(
        actor=other.user, participant=helmond, year=2026, score="6.0"
    )

    # reports: Eindhoven's published Q1 report; a draft half-year report and a regional report
    # published later are not its latest
    kis = make_user("kis")
    q1 = Snapshot.objects.create(
        kind=SnapshotKind.QUARTER,
        year=2026,
        quarter=1,
        start=D(2026, 1, 1),
        end=D(2026, 3, 31),
        definitions={},
        frozen_by=kis,
    )
    april = datetime.datetime(2026, 4, 10, 9, tzinfo=datetime.UTC)
    report = _report(eindhoven, q1, ReportKind.QUARTER, april, kis)
    _report(eindhoven, q1, ReportKind.HALF_YEAR, None, kis)
    _report(None, q1, ReportKind.QUARTER, april + datetime.timedelta(days=5), kis)

    return World(
        am=am,
        participant_user=programmes.participant_user,
        eindhoven=eindhoven,
        asten=asten,
        helmond=helmond,
        overdue=[overdue_early, overdue_late],
        follow_ups=follow_ups,
        interactions=interactions,
        requests=requests,
        report=report,
    )


def _programmes(account: Any) -> list[tuple[int, int | None, str | None, bool]]:
    return [
        (
            status.year,
            status.adopted.number if status.adopted else None,
            status.open.status if status.open else None,
            status.needs_attention,
        )
        for status in account.programmes
    ]


def test_the_cockpit_shows_the_managed_participants_figures(managed: World) -> None:
    cockpit = cockpit_for(user=managed.am, today=TODAY)

    # Eindhoven (5 warnings) before Asten (0), though Asten comes first by name
    assert [account.participant for account in cockpit] == [managed.eindhoven, managed.asten]
    eindhoven, asten = cockpit
    assert (eindhoven.is_deputy, asten.is_deputy) == (False, True)

    assert _programmes(eindhoven) == [(2026, 1, "concept", False), (2027, None, "concept", False)]
    # Next year's programme is not missed before its drafting season (September).
    assert _programmes(asten) == [(2026, 1, None, False), (2027, None, None, False)]
    assert asten.programmes[1].programme is None

    assert eindhoven.realised_percent == Decimal("70.0")
    assert asten.realised_percent == Decimal("107.6")
    forecast = eindhoven.forecast
    assert (forecast.plan_hours, forecast.realised_hours) == (Decimal("100.00"), Decimal("26.00"))
    assert forecast.hours == Decimal("69.96")
    assert forecast.deviation_percent == Decimal("-30.0")
    assert forecast.threshold_percent == 10  # settings.GRIP_FORECAST_WARNING_PERCENT
    assert forecast.warning is True
    assert (asten.forecast.hours, asten.forecast.deviation_percent) == (
        Decimal("32.29"),
        Decimal("7.6"),
    )
    assert asten.forecast.warning is False

    assert eindhoven.overdue_cases == 2
    assert eindhoven.overdue_examples == managed.overdue
    assert (asten.overdue_cases, asten.overdue_examples) == (0, [])

    assert [figure.indicator.code for figure in eindhoven.off_target] == ["realisatie-uren"]
    missed = eindhoven.off_target[0]
    assert missed.measurement.value == Decimal("70.0")
    assert missed.norm is not None
    assert (missed.norm.value, missed.norm.source) == (Decimal("90.0"), "deelnemer")
    assert asten.off_target == []

    follow_ups = managed.follow_ups
    assert eindhoven.open_follow_ups == [
        follow_ups["overdue"],
        follow_ups["today"],
        follow_ups["later"],
    ]
    assert eindhoven.overdue_follow_ups == [follow_ups["overdue"]]
    assert asten.open_follow_ups == [follow_ups["asten"]]
    assert asten.overdue_follow_ups == []

    assert eindhoven.recent_interactions == managed.interactions[:0:-1]  # the newest three
    assert asten.recent_interactions == []

    assert eindhoven.open_requests == [
        managed.requests["in_progress"],
        managed.requests["submitted"],
    ]
    assert asten.open_requests == []

    assert eindhoven.satisfaction is not None
    assert (eindhoven.satisfaction.year, eindhoven.satisfaction.score) == (2026, Decimal("8.1"))
    assert asten.satisfaction is None
    assert eindhoven.latest_report == managed.report
    assert asten.latest_report is None

    # forecast + overdue cases + one indicator + one overdue follow-up + one new request
    assert eindhoven.warnings == 5
    assert asten.warnings == 0


@override_settings(GRIP_FORECAST_WARNING_PERCENT=5)
def test_at_a_lower_threshold_both_forecasts_warn(managed: World) -> None:
    eindhoven, asten = cockpit_for(user=managed.am, today=TODAY)
    assert asten.forecast.threshold_percent == 5
    assert (eindhoven.forecast.warning, asten.forecast.warning) == (True, True)
    assert asten.warnings == 1


def test_another_participant_never_appears(managed: World) -> None:
    cockpit = cockpit_for(user=managed.am, today=TODAY)

    helmond = managed.helmond.pk
    assert helmond not in [account.participant.pk for account in cockpit]
    for account in cockpit:
        for items in (
            account.overdue_examples,
            account.open_follow_ups,
            account.recent_interactions,
            account.open_requests,
        ):
            assert all(item.participant_id != helmond for item in items)
        assert all(figure.participant_id != helmond for figure in account.off_target)


def test_a_year_that_has_begun_without_an_adopted_programme_needs_attention(managed: World) -> None:
    """Seen from February 2027, Eindhoven's 2027 concept is late; 2028 is not yet due."""
    eindhoven = next(
        account
        for account in cockpit_for(user=managed.am, today=D(2027, 2, 1))
        if account.participant == managed.eindhoven
    )
    assert _programmes(eindhoven) == [(2027, None, "concept", True), (2028, None, None, False)]


def test_the_participants_own_user_sees_the_same_figures_without_the_services_notes(
    managed: World,
) -> None:
    staff = {
        account.participant.pk: account for account in cockpit_for(user=managed.am, today=TODAY)
    }[managed.eindhoven.pk]

    (own,) = accounts(user=managed.participant_user, participants=[managed.eindhoven], today=TODAY)

    assert own.is_deputy is False
    assert _programmes(own) == _programmes(staff)
    assert own.realised_percent == staff.realised_percent == Decimal("70.0")
    assert own.forecast == staff.forecast
    assert (own.overdue_cases, own.overdue_examples) == (2, managed.overdue)
    assert [figure.indicator.code for figure in own.off_target] == ["realisatie-uren"]
    assert own.open_requests == staff.open_requests
    assert own.latest_report == managed.report
    # the service's own notes are staff-only
    assert own.open_follow_ups == []
    assert own.overdue_follow_ups == []
    assert own.recent_interactions == []
    assert own.satisfaction is None


def test_next_years_missing_programme_counts_from_september(managed: World) -> None:
    asten = next(
        account
        for account in cockpit_for(user=managed.am, today=D(2026, 9, 1))
        if account.participant == managed.asten
    )
    assert _programmes(asten)[1] == (2027, None, None, True)
