"""The per-participant case figures behind the indicators, against cases counted by hand.

Decisions are recorded through ``services.decision_record`` (the signing service of the
mandates app is above this app); every other step goes through the case services.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from grip.cases import deadlines, selectors, services
from grip.cases.constants import CaseStatus
from grip.cases.models import Case, Decision
from grip.cases.tests.factories import CaseHandlers, case_type, decision_type
from grip.organisation.models import Function
from grip.participants.models import Participant

pytestmark = pytest.mark.django_db

D = datetime.date
START, END = D(2026, 1, 1), D(2026, 3, 31)  # the first quarter of 2026

PERMIT = "aanvraag-omgevingsvergunning"  # regular procedure, 8 weeks, product VV-01


def decide(world: CaseHandlers, case: Case, on: datetime.date) -> Decision:
    """The permit officer's decision on ``case`` (the mandate check is the mandates app's)."""
    code = {
        PERMIT: "omgevingsvergunning-verlenen",
        "melding-bal": "maatwerkvoorschrift-stellen",
    }[case.case_type.code]
    with transaction.atomic():
        decision = services.decision_record(
            actor=world.officer,
            case=case,
            decision_type=decision_type(code),
            decision_date=on,
            summary="Besloten.",
            signer_function=Function.objects.get(code="vergunningverlener"),
            namens="Namens het college,",
        )
    case.refresh_from_db()
    return decision


def close(world: CaseHandlers, case: Case, on: datetime.date) -> Case:
    services.status_change(actor=world.officer, case=case, to_status=CaseStatus.AFGEHANDELD, on=on)
    case.refresh_from_db()
    return case


def permit(
    world: CaseHandlers,
    received_on: datetime.date,
    *,
    decided_on: datetime.date | None = None,
    participant: Participant | None = None,
    **kwargs: Any,
) -> Case:
    case = world.case(code=PERMIT, received_on=received_on, participant=participant, **kwargs)
    if decided_on is not None:
        decide(world, case, decided_on)
    return case


def ids(world: CaseHandlers) -> list[int]:
    return [world.eindhoven.pk, world.asten.pk]


# --- decisions within the statutory term ---------------------------------------------------------


def test_decisions_within_term_count_the_decisions_of_the_period_by_their_last_day(
    cases: CaseHandlers,
) -> None:
    # Received Monday 5 January 2026: eight weeks end on Monday 2 March.
    early = permit(cases, D(2026, 1, 5), decided_on=D(2026, 2, 20))
    on_the_day = permit(cases, D(2026, 1, 5), decided_on=D(2026, 3, 2))
    late = permit(cases, D(2026, 1, 5), decided_on=D(2026, 3, 3))
    # Received in 2025 (due 26 January 2026), decided in the period: counts.
    permit(cases, D(2025, 12, 1), decided_on=D(2026, 1, 10))
    # Suspended 14 days: due 16 March, so a decision on 10 March is in time.
    suspended = permit(cases, D(2026, 1, 5))
    services.suspend(actor=cases.officer, case=suspended, start=D(2026, 1, 12))
    services.resume(actor=cases.officer, case=suspended, end=D(2026, 1, 26))
    suspended.refresh_from_db()
    decide(cases, suspended, D(2026, 3, 10))
    # Not counted: decided after the period, still open, and a melding (no statutory term).
    permit(cases, D(2026, 3, 2), decided_on=D(2026, 4, 1))
    permit(cases, D(2026, 3, 2))
    melding = cases.case(code="melding-bal", received_on=D(2026, 2, 2))
    decide(cases, melding, D(2026, 3, 25))  # melding due 2 March: late, but not statutory
    # Asten: one decision, late.
    permit(cases, D(2026, 1, 5), decided_on=D(2026, 3, 10), participant=cases.asten)

    assert (early.due_on, on_the_day.due_on, late.due_on) == (D(2026, 3, 2),) * 3
    assert suspended.due_on == D(2026, 3, 16)
    counts = selectors.decisions_within_term(participant_ids=ids(cases), start=START, end=END)

    assert counts == {
        cases.eindhoven.pk: selectors.TermCounts(total=5, within=4),
        cases.asten.pk: selectors.TermCounts(total=1, within=0),
    }
    only_asten = selectors.decisions_within_term(
        participant_ids=[cases.asten.pk], start=START, end=END
    )
    assert only_asten == {cases.asten.pk: selectors.TermCounts(total=1, within=0)}


# --- complaints ----------------------------------------------------------------------------------


def test_complaints_within_term_count_incidents_ended_in_the_period(cases: CaseHandlers) -> None:
    # A complaint about conduct (Awb 9:11, six weeks): received 5 January, due 16 February.
    in_time = cases.case(code="klacht-gedraging", received_on=D(2026, 1, 5))
    close(cases, in_time, D(2026, 2, 16))
    late = cases.case(code="klacht-gedraging", received_on=D(2026, 1, 5))
    close(cases, late, D(2026, 2, 17))
    # An environmental complaint (work agreement, two weeks, no Atw): due 16 March.
    nuisance = cases.case(code="milieuklacht", received_on=D(2026, 3, 2))
    close(cases, nuisance, D(2026, 3, 10))
    # Not counted: ended after the period, still open, and a case that is no incident.
    close(cases, cases.case(code="milieuklacht", received_on=D(2026, 3, 2)), D(2026, 4, 2))
    cases.case(code="milieuklacht", received_on=D(2026, 3, 20))
    close(cases, cases.case(code="adviesverzoek", received_on=D(2026, 3, 2)), D(2026, 3, 4))
    # Asten: one environmental complaint, closed four days after its term.
    asten = cases.case(code="milieuklacht", received_on=D(2026, 3, 2), participant=cases.asten)
    close(cases, asten, D(2026, 3, 20))

    assert (in_time.due_on, nuisance.due_on) == (D(2026, 2, 16), D(2026, 3, 16))
    counts = selectors.complaints_within_term(participant_ids=ids(cases), start=START, end=END)

    assert counts == {
        cases.eindhoven.pk: selectors.TermCounts(total=3, within=2),
        cases.asten.pk: selectors.TermCounts(total=1, within=0),
    }


# --- penalties for late permit decisions (Awb 4:17) ----------------------------------------------


def test_permit_penalty_claims_follow_the_notice_of_default_and_the_grace_period(
    cases: CaseHandlers,
) -> None:
    def noticed(notice: datetime.date, decided: datetime.date, **kwargs: Any) -> Case:
        case = permit(cases, D(2026, 1, 5), **kwargs)  # due Monday 2 March
        services.notice_of_default_record(actor=cases.officer, case=case, received_on=notice)
        decide(cases, case, decided)
        return case

    # Notice on 4 March, after the term: the authority may decide through 19 March
    # (4 March + 15); a decision on 20 March costs a penalty, one on 19 March does not.
    noticed(D(2026, 3, 4), D(2026, 3, 20))
    noticed(D(2026, 3, 4), D(2026, 3, 19))
    # A notice on the last day of the term is premature: no penalty however late.
    noticed(D(2026, 3, 2), D(2026, 3, 30))
    # Under the Wabo the regular procedure grants the permit by default instead.
    noticed(D(2026, 3, 4), D(2026, 3, 30), regime="wabo")
    # A permit decided in time without a notice counts among the decisions.
    permit(cases, D(2026, 1, 5), decided_on=D(2026, 2, 2))
    # Not counted: a melding with a notice, and a permit with a penalty decided after the period.
    melding = cases.case(code="melding-bal", received_on=D(2026, 1, 5))
    services.notice_of_default_record(actor=cases.officer, case=melding, received_on=D(2026, 2, 3))
    decide(cases, melding, D(2026, 3, 20))
    noticed(D(2026, 3, 4), D(2026, 4, 2))
    # Asten: a penalty on its only permit decision.
    noticed(D(2026, 3, 9), D(2026, 3, 31), participant=cases.asten)

    counts = selectors.permit_penalty_claims(participant_ids=ids(cases), start=START, end=END)

    assert counts == {
        cases.eindhoven.pk: selectors.PenaltyCounts(permit_decisions=5, with_claim=1),
        cases.asten.pk: selectors.PenaltyCounts(permit_decisions=1, with_claim=1),
    }


@pytest.mark.parametrize(
    ("notice", "decided_on", "today", "days"),
    [
        pytest.param(None, None, D(2026, 7, 1), 0, id="no notice"),
        pytest.param(D(2026, 4, 20), None, D(2026, 7, 1), 0, id="notice before the term ended"),
        pytest.param(D(2026, 4, 28), None, D(2026, 7, 1), 0, id="notice on the last day"),
        pytest.param(D(2026, 5, 4), D(2026, 5, 18), D(2026, 7, 1), 0, id="decided in grace"),
        pytest.param(D(2026, 5, 4), D(2026, 5, 19), D(2026, 7, 1), 0, id="on the first day"),
        pytest.param(D(2026, 5, 4), D(2026, 5, 22), D(2026, 7, 1), 3, id="decided 3 days on"),
        pytest.param(D(2026, 5, 4), None, D(2026, 5, 18), 0, id="grace still running"),
        pytest.param(D(2026, 5, 4), None, D(2026, 5, 21), 3, id="undecided, today counts"),
        pytest.param(D(2026, 5, 4), D(2026, 12, 1), D(2026, 12, 5), 196, id="not capped"),
    ],
)
def test_penalty_running_days(
    notice: datetime.date | None,
    decided_on: datetime.date | None,
    today: datetime.date,
    days: int,
) -> None:
    # Term ended 28 April; a notice on 4 May leaves two weeks: the first penalty day is 19 May.
    assert (
        deadlines.penalty_running_days(
            due=D(2026, 4, 28),
            notice_received=notice,
            decided_on=decided_on,
            today=today,
            grace_days=14,
        )
        == days
    )


def test_penalty_running_days_follow_the_grace_days_given() -> None:
    running = deadlines.penalty_running_days(
        due=D(2026, 4, 28),
        notice_received=D(2026, 5, 4),
        decided_on=D(2026, 5, 9),
        today=D(2026, 5, 9),
        grace_days=0,
    )
    assert running == 4  # first penalty day 5 May; the decision day itself is not counted


# --- lead times, products and the flow of cases ---------------------------------------------------


@pytest.fixture
def flow(cases: CaseHandlers) -> CaseHandlers:
    """Cases around the first quarter of 2026 (due dates are eight weeks on, all Mondays):

    Eindhoven permits: a received 1 Dec 2025, decided 10 Jan (due 26 Jan, 40 days);
    b received 5 Jan, decided 3 Mar (due 2 Mar, late, 57 days); c received 2 Feb, open
    (due 30 Mar: overdue at the end); d received 2 Mar, open (due 28 Apr); e received
    3 Nov 2025, decided 15 Apr (due 29 Dec: open and overdue at the end); f received and
    decided in 2025 (outside everything). An environmental complaint g received 2 Mar,
    closed 10 Mar (8 days). Asten: permit h received 5 Jan, decided 27 Feb (53 days).
    """
    permit(cases, D(2025, 12, 1), decided_on=D(2026, 1, 10))
    permit(cases, D(2026, 1, 5), decided_on=D(2026, 3, 3))
    permit(cases, D(2026, 2, 2))
    permit(cases, D(2026, 3, 2))
    permit(cases, D(2025, 11, 3), decided_on=D(2026, 4, 15))
    permit(cases, D(2025, 10, 1), decided_on=D(2025, 12, 1))
    close(cases, cases.case(code="milieuklacht", received_on=D(2026, 3, 2)), D(2026, 3, 10))
    permit(cases, D(2026, 1, 5), decided_on=D(2026, 2, 27), participant=cases.asten)
    return cases


def test_lead_times_are_the_days_from_receipt_to_the_end(flow: CaseHandlers) -> None:
    permits, complaints = case_type(PERMIT).name, case_type("milieuklacht").name

    times = selectors.lead_times(participant_ids=ids(flow), start=START, end=END)

    assert times == {
        flow.eindhoven.pk: [
            selectors.LeadTime(PERMIT, permits, cases=2, total_days=40 + 57),
            selectors.LeadTime("milieuklacht", complaints, cases=1, total_days=8),
        ],
        flow.asten.pk: [selectors.LeadTime(PERMIT, permits, cases=1, total_days=53)],
    }
    assert times[flow.eindhoven.pk][0].average_days == Decimal("48.5")
    assert times[flow.eindhoven.pk][1].average_days == Decimal("8.0")
    assert selectors.LeadTime(PERMIT, permits, 0, 0).average_days is None


def test_products_delivered_count_ended_cases_per_product(flow: CaseHandlers) -> None:
    delivered = selectors.products_delivered(participant_ids=ids(flow), start=START, end=END)

    assert delivered == {
        flow.eindhoven.pk: {"VV-01": 2, "TH-09": 1},
        flow.asten.pk: {"VV-01": 1},
    }


def test_realising_product_codes_are_those_of_the_case_types() -> None:
    assert selectors.realising_product_codes() == frozenset(
        {"VV-01", "VV-02", "VV-03", "VV-04", "VV-05", "AD-01", "TH-01", "TH-09", "HH-01"}
    )


def test_case_flow_counts_in_out_on_time_and_open_at_the_end(flow: CaseHandlers) -> None:
    permits, complaints = case_type(PERMIT).name, case_type("milieuklacht").name

    result = selectors.case_flow(participant_ids=ids(flow), start=START, end=END)

    assert result == {
        flow.eindhoven.pk: [
            selectors.CaseFlow(
                case_type_code=PERMIT,
                case_type_name=permits,
                received=3,  # b, c, d
                ended=2,  # a, b
                decided=2,
                decided_within_term=1,  # a
                open_at_end=3,  # c, d, e
                overdue_at_end=2,  # c, e
                product_code="VV-01",
                ended_days=40 + 57,
            ),
            selectors.CaseFlow(
                case_type_code="milieuklacht",
                case_type_name=complaints,
                received=1,
                ended=1,
                decided=0,
                decided_within_term=0,
                open_at_end=0,
                overdue_at_end=0,
                product_code="TH-09",
                ended_days=8,
            ),
        ],
        flow.asten.pk: [
            selectors.CaseFlow(
                case_type_code=PERMIT,
                case_type_name=permits,
                received=1,
                ended=1,
                decided=1,
                decided_within_term=1,
                open_at_end=0,
                overdue_at_end=0,
                product_code="VV-01",
                ended_days=53,
            )
        ],
    }


def test_a_case_due_on_the_last_day_is_open_but_not_overdue(cases: CaseHandlers) -> None:
    due_at_end = permit(cases, D(2026, 2, 3))  # due Tuesday 31 March, the period's last day

    result = selectors.case_flow(participant_ids=[cases.eindhoven.pk], start=START, end=END)

    assert due_at_end.due_on == END
    (line,) = result[cases.eindhoven.pk]
    assert (line.received, line.open_at_end, line.overdue_at_end) == (1, 1, 0)


def test_the_figures_cost_the_same_queries_for_one_participant_as_for_many(
    flow: CaseHandlers,
) -> None:
    everyone = list(Participant.objects.values_list("pk", flat=True))

    def queries(participant_ids: list[int]) -> list[int]:
        counts = []
        for figures in (
            selectors.decisions_within_term,
            selectors.complaints_within_term,
            selectors.permit_penalty_claims,
            selectors.lead_times,
            selectors.products_delivered,
            selectors.case_flow,
        ):
            with CaptureQueriesContext(connection) as captured:
                figures(participant_ids=participant_ids, start=START, end=END)
            counts.append(len(captured))
        return counts

    one = queries([flow.eindhoven.pk])
    assert one == queries(everyone)
    assert max(one) <= 3
