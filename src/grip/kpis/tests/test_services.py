"""Freezing quarters and the baseline, immutability, targets and the BIG-8 cycle."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from grip.cases.tests.factories import case_type
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.models import AuditRecord
from grip.kpis import registry, selectors, services
from grip.kpis.constants import Comparison, SnapshotKind, StepStatus
from grip.kpis.models import (
    Cycle,
    CycleStep,
    FrozenError,
    Snapshot,
    SnapshotValue,
    Target,
)
from grip.kpis.selectors import Difference, Norm, TargetBook
from grip.kpis.tests import kpi_world
from grip.kpis.tests.kpi_world import D
from grip.mandates.tests.factories import CaseWorld
from grip.participants.models import Participant
from grip.programmes.tests.factories import ProgrammeWorld

pytestmark = pytest.mark.django_db

AFTER_Q1 = D(2026, 4, 1)
PARTICIPANT_SCOPED = len(registry.INDICATORS) - 1  # all but the organisation's declarable share
ALL_VALUES = PARTICIPANT_SCOPED * 23 + 1  # 22 participants and the region, + the organisation's


@pytest.fixture
def kis(make_user: Callable[..., Any]) -> Any:
    return make_user("kis")


def freeze_q1(actor: Any) -> Snapshot:
    return services.snapshot_freeze(actor=actor, year=2026, quarter=1, today=AFTER_Q1)


def value_of(snapshot: Snapshot, code: str, participant: Participant | None) -> SnapshotValue:
    return SnapshotValue.objects.get(
        snapshot=snapshot, indicator_code=code, participant=participant
    )


def counts(value: SnapshotValue) -> tuple[Any, ...]:
    return value.value, value.numerator, value.denominator


# --- quarterly snapshots -------------------------------------------------------------------------


def test_a_quarter_is_frozen_only_after_it_ended(kis: Any) -> None:
    with pytest.raises(DomainError) as running:
        services.snapshot_freeze(actor=kis, year=2026, quarter=1, today=D(2026, 3, 31))
    with pytest.raises(DomainError) as invalid:
        services.snapshot_freeze(actor=kis, year=2026, quarter=5, today=AFTER_Q1)

    assert (running.value.code, invalid.value.code) == ("quarter_not_ended", "invalid_quarter")
    assert not Snapshot.objects.exists()
    assert freeze_q1(kis).end == D(2026, 3, 31)


def test_freezing_stores_every_figure_with_its_definition(cases: CaseWorld, kis: Any) -> None:
    kpi_world.decisions(cases)

    snapshot = freeze_q1(kis)

    assert (snapshot.kind, snapshot.year, snapshot.quarter) == (SnapshotKind.QUARTER, 2026, 1)
    assert (snapshot.start, snapshot.end, snapshot.frozen_by) == (
        D(2026, 1, 1),
        D(2026, 3, 31),
        kis,
    )
    assert snapshot.label == "Q1 2026"
    assert snapshot.definitions == services.definitions_of(registry.INDICATORS)
    assert snapshot.definitions["doorlooptijd"] == {
        "version": 1,
        "name": "Gemiddelde doorlooptijd",
        "definition": str(registry.get("doorlooptijd").definition),
        "unit": "dagen",
        "direction": "lager",
        "scope": "deelnemer",
        "datasets": ["cases.Case", "cases.CaseType"],
    }
    values = SnapshotValue.objects.filter(snapshot=snapshot)
    assert values.count() == ALL_VALUES
    assert {v.definition_version for v in values} == {1}
    assert values.filter(indicator_code="declarabel-aandeel").get().participant_id is None
    code = "beslissingen-binnen-termijn"
    assert counts(value_of(snapshot, code, cases.eindhoven)) == (
        Decimal("75.0"),
        Decimal("3"),
        Decimal("4"),
    )
    assert counts(value_of(snapshot, code, cases.asten)) == (Decimal("0.0"), 0, 1)
    assert counts(value_of(snapshot, code, None)) == (Decimal("60.0"), 3, 5)
    assert counts(value_of(snapshot, code, kpi_world.helmond())) == (None, 0, 0)
    assert AuditRecord.objects.filter(
        action="create", object_id=str(snapshot.pk), content_type__model="snapshot"
    ).exists()


def test_the_details_are_frozen_as_exact_json(cases: CaseWorld, kis: Any) -> None:
    kpi_world.lead_times(cases)

    snapshot = freeze_q1(kis)

    # Decimals as exact strings, so that a frozen figure reads back as it was computed.
    assert value_of(snapshot, "doorlooptijd", cases.asten).details == {
        "case_types": [
            {
                "code": kpi_world.PERMIT,
                "name": case_type(kpi_world.PERMIT).name,
                "cases": 1,
                "average_days": "53.0",
            }
        ]
    }
    assert value_of(snapshot, "doorlooptijd", None).details["case_types"][0] == {
        "code": kpi_world.PERMIT,
        "name": case_type(kpi_world.PERMIT).name,
        "cases": 3,
        "average_days": "50.0",
    }


def test_a_quarter_is_frozen_once(kis: Any) -> None:
    freeze_q1(kis)

    with pytest.raises(Conflict) as again:
        freeze_q1(kis)

    assert again.value.code == "snapshot_exists"
    assert Snapshot.objects.count() == 1
    assert SnapshotValue.objects.count() == ALL_VALUES


@pytest.mark.parametrize("role", ["deelnemer", "medewerker", "bestuur"])
def test_only_account_managers_and_kis_freeze(
    role: str, make_user: Callable[..., Any], eindhoven: Participant, kis: Any
) -> None:
    user = make_user(participant=eindhoven) if role == "deelnemer" else make_user(role)

    with pytest.raises(NotAllowed):
        freeze_q1(user)
    with pytest.raises(NotAllowed):
        services.baseline_freeze(
            actor=user, start=D(2025, 1, 1), end=D(2025, 12, 31), today=AFTER_Q1
        )

    assert not Snapshot.objects.exists()
    assert freeze_q1(make_user("accountmanager")).quarter == 1
    assert (
        services.snapshot_freeze(actor=kis, year=2026, quarter=2, today=D(2026, 7, 1)).quarter == 2
    )


# --- immutability --------------------------------------------------------------------------------


def test_a_frozen_snapshot_and_its_values_are_never_changed_or_deleted(kis: Any) -> None:
    snapshot = freeze_q1(kis)
    value = value_of(snapshot, "beslissingen-binnen-termijn", None)

    snapshot.note = "Anders"
    with pytest.raises(FrozenError):
        snapshot.save()
    with pytest.raises(FrozenError):
        snapshot.delete()
    value.value = Decimal("99.9")
    with pytest.raises(FrozenError):
        value.save()
    with pytest.raises(FrozenError):
        value.delete()

    assert Snapshot.objects.get().note == ""
    assert value_of(snapshot, "beslissingen-binnen-termijn", None).value is None
    assert SnapshotValue.objects.count() == ALL_VALUES


def test_frozen_figures_stay_and_the_differences_show_todays_data(
    cases: CaseWorld, kis: Any
) -> None:
    # Permits received 5 January (due 2 March), decided 20 Feb, 2 Mar and 3 Mar (late):
    # 2 of 3 in time, 46 + 56 + 57 = 159 days.
    for day in (D(2026, 2, 20), D(2026, 3, 2), D(2026, 3, 3)):
        kpi_world.permit(cases, D(2026, 1, 5), day)
    snapshot = freeze_q1(kis)

    # Later another Q1 decision is recorded: late, 85 days.
    kpi_world.permit(cases, D(2026, 1, 5), D(2026, 3, 31))

    eindhoven = cases.eindhoven
    frozen = value_of(snapshot, "beslissingen-binnen-termijn", eindhoven)
    assert counts(frozen) == (Decimal("66.7"), 2, 3)
    live = registry.get("beslissingen-binnen-termijn").measure(
        kpi_world.context(eindhoven, cases.asten)
    )
    assert live[eindhoven.pk].value == Decimal("50.0")

    def two(value: str) -> Decimal:
        return Decimal(value).quantize(Decimal("0.01"))

    def difference(code: str, pk: int | None, frozen: Any, now: Any) -> Difference:
        return Difference(
            indicator_code=code,
            indicator_name=str(registry.get(code).name),
            participant_id=pk,
            participant_name="Eindhoven" if pk else "regio",
            frozen=Decimal(frozen[0]) if frozen[0] is not None else None,
            now=Decimal(now[0]) if now[0] is not None else None,
            frozen_counts=(two(frozen[1]), two(frozen[2])),
            now_counts=(two(now[1]), two(now[2])),
            definition_changed=False,
        )

    expected = []
    for code, before, after in (
        ("beslissingen-binnen-termijn", ("66.7", "2", "3"), ("50.0", "2", "4")),
        ("dwangsom-niet-tijdig", ("0.0", "0", "3"), ("0.0", "0", "4")),  # only the counts
        ("doorlooptijd", ("53.0", "159", "3"), ("61.0", "244", "4")),
    ):
        expected += [
            difference(code, eindhoven.pk, before, after),
            difference(code, None, before, after),
        ]
    assert selectors.differences(user=kis, snapshot=snapshot) == expected


# --- the baseline --------------------------------------------------------------------------------


def test_a_baseline_is_an_ended_period_within_one_year(kis: Any) -> None:
    def refusal(start: datetime.date, end: datetime.date, **kwargs: Any) -> str:
        with pytest.raises(DomainError) as refused:
            services.baseline_freeze(actor=kis, start=start, end=end, today=AFTER_Q1, **kwargs)
        return str(refused.value.code)

    assert refusal(D(2025, 12, 31), D(2025, 1, 1)) == "period_order"
    assert refusal(D(2025, 7, 1), D(2026, 3, 31)) == "period_within_year"
    assert refusal(D(2026, 1, 1), AFTER_Q1) == "period_not_ended"
    assert refusal(D(2025, 1, 1), D(2025, 12, 31), codes=["bestaat-niet"]) == "unknown_indicator"
    assert not Snapshot.objects.exists()


def test_a_second_baseline_only_adds_indicators_without_one(
    kis: Any, eindhoven: Participant
) -> None:
    first = services.baseline_freeze(
        actor=kis,
        start=D(2025, 1, 1),
        end=D(2025, 12, 31),
        codes=["doorlooptijd"],
        note="Nulmeting doorlooptijd",
        today=AFTER_Q1,
    )
    second = services.baseline_freeze(
        actor=kis, start=D(2026, 1, 1), end=D(2026, 3, 31), today=AFTER_Q1
    )

    assert (first.kind, first.year, first.quarter) == (SnapshotKind.BASELINE, 2025, None)
    assert first.label == "Nulmeting 01-01-2025 t/m 31-12-2025"
    assert set(first.definitions) == {"doorlooptijd"}
    assert SnapshotValue.objects.filter(snapshot=first).count() == 23
    assert set(second.definitions) == set(registry.BY_CODE) - {"doorlooptijd"}
    assert SnapshotValue.objects.filter(snapshot=second).count() == ALL_VALUES - 23
    for codes in (None, ["doorlooptijd"], ["doorlooptijd", "klachten-binnen-termijn"]):
        with pytest.raises(Conflict) as again:
            services.baseline_freeze(
                actor=kis, start=D(2026, 1, 1), end=D(2026, 3, 31), codes=codes, today=AFTER_Q1
            )
        assert again.value.code == "baseline_exists"
    found = selectors.baselines(participant_ids=[eindhoven.pk, None])
    assert found[("doorlooptijd", eindhoven.pk)].snapshot == first
    assert found[("klachten-binnen-termijn", None)].snapshot == second
    assert ("declarabel-aandeel", eindhoven.pk) not in found
    assert len(found) == 1 + 1 + (PARTICIPANT_SCOPED - 1) * 2 + 1


# --- targets -------------------------------------------------------------------------------------


def test_a_target_is_created_and_then_changed_with_its_audit_trail(kis: Any) -> None:
    code = "beslissingen-binnen-termijn"

    created = services.target_set(actor=kis, indicator_code=code, year=2026, value=Decimal("95"))
    changed = services.target_set(
        actor=kis,
        indicator_code=code,
        year=2026,
        value=Decimal("92.5"),
        comparison=Comparison.MORE_THAN,
        note="Strenger dan de provincie.",
    )

    assert changed.pk == created.pk
    target = Target.objects.get()
    assert (target.value, target.comparison, target.note) == (
        Decimal("92.5"),
        Comparison.MORE_THAN,
        "Strenger dan de provincie.",
    )
    assert created.comparison == Comparison.AT_LEAST  # the indicator's own by default
    trail = AuditRecord.objects.filter(object_id=str(target.pk), content_type__model="target")
    assert list(trail.order_by("pk").values_list("action", flat=True)) == ["create", "update"]
    update = trail.get(action="update")
    assert update.before is not None
    assert update.after is not None
    assert (update.before["value"], update.after["value"]) == ("95.0", "92.5")


def test_the_participants_target_beats_the_years_which_beats_the_norm(
    kis: Any, eindhoven: Participant, asten: Participant
) -> None:
    decisions = registry.get("beslissingen-binnen-termijn")
    hours = registry.get("realisatie-uren")  # no norm of the province
    services.target_set(actor=kis, indicator_code=decisions.code, year=2026, value=Decimal("95"))
    services.target_set(
        actor=kis,
        indicator_code=decisions.code,
        year=2026,
        value=Decimal("80"),
        participant=eindhoven,
    )
    services.target_set(
        actor=kis, indicator_code=hours.code, year=2026, value=Decimal("100"), participant=asten
    )

    book = TargetBook(2026)

    assert book.norm(decisions, eindhoven.pk) == Norm(Decimal("80"), "ge", "deelnemer")
    assert book.norm(decisions, asten.pk) == Norm(Decimal("95"), "ge", "regio")
    assert book.norm(decisions, None) == Norm(Decimal("95"), "ge", "regio")
    assert TargetBook(2025).norm(decisions, eindhoven.pk) == Norm(Decimal("90"), "ge", "norm")
    assert book.norm(hours, asten.pk) == Norm(Decimal("100"), "ge", "deelnemer")
    assert book.norm(hours, eindhoven.pk) is None
    assert book.norm(hours, None) is None  # a participant's target is not the region's
    own = Target.objects.get(participant=eindhoven)
    own_pk = own.pk
    services.target_delete(actor=kis, target=own)
    assert TargetBook(2026).norm(decisions, eindhoven.pk) == Norm(Decimal("95"), "ge", "regio")
    assert AuditRecord.objects.filter(action="delete", object_id=str(own_pk)).exists()


def test_invalid_targets_are_refused(kis: Any, eindhoven: Participant) -> None:
    def refusal(**kwargs: Any) -> str:
        kwargs.setdefault("indicator_code", "beslissingen-binnen-termijn")
        with pytest.raises(DomainError) as refused:
            services.target_set(actor=kis, year=2026, value=Decimal("50"), **kwargs)
        return str(refused.value.code)

    assert (
        refusal(indicator_code="declarabel-aandeel", participant=eindhoven)
        == "organisation_indicator"
    )
    assert refusal(indicator_code="bestaat-niet") == "unknown_indicator"
    assert refusal(comparison="eq") == "invalid_comparison"
    assert not Target.objects.exists()
    # The organisation's indicator takes a target for the whole service.
    services.target_set(
        actor=kis, indicator_code="declarabel-aandeel", year=2026, value=Decimal("75")
    )
    assert Target.objects.get().participant is None


@pytest.mark.parametrize("role", ["accountmanager", "bestuur", "medewerker"])
def test_only_kis_sets_targets(role: str, make_user: Callable[..., Any], kis: Any) -> None:
    with pytest.raises(NotAllowed):
        services.target_set(
            actor=make_user(role),
            indicator_code="beslissingen-binnen-termijn",
            year=2026,
            value=Decimal("95"),
        )
    target = services.target_set(
        actor=kis, indicator_code="beslissingen-binnen-termijn", year=2026, value=Decimal("95")
    )
    with pytest.raises(NotAllowed):
        services.target_delete(actor=make_user(role), target=target)
    assert Target.objects.count() == 1


@pytest.mark.parametrize(
    ("comparison", "value", "met"),
    [
        (Comparison.AT_LEAST, "90.0", True),
        (Comparison.AT_LEAST, "89.9", False),
        (Comparison.MORE_THAN, "55.0", False),
        (Comparison.MORE_THAN, "55.1", True),
        (Comparison.AT_MOST, "30.0", True),
        (Comparison.AT_MOST, "30.1", False),
        (Comparison.LESS_THAN, "1.0", False),
        (Comparison.LESS_THAN, "0.9", True),
    ],
)
def test_a_norm_is_met_by_its_comparison(comparison: str, value: str, met: bool) -> None:
    target = {"ge": "90", "gt": "55", "le": "30", "lt": "1"}[comparison]
    norm = Norm(Decimal(target), comparison, "norm")

    assert norm.met_by(Decimal(value)) is met
    assert norm.met_by(None) is None
    assert norm.label == f"{Comparison(comparison).label} {target}"


# --- the BIG-8 cycle -----------------------------------------------------------------------------


def test_a_cycle_starts_with_eight_steps_not_started(world: ProgrammeWorld) -> None:
    cycle = services.cycle_start(
        actor=world.account_manager, participant=world.participant, year=2026
    )

    steps = list(cycle.steps.order_by("number"))
    assert [s.number for s in steps] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert {(s.status, s.completed_on, s.owner) for s in steps} == {
        (StepStatus.NOT_STARTED, None, None)
    }
    assert AuditRecord.objects.filter(action="create", content_type__model="cyclestep").count() == 8
    with pytest.raises(Conflict) as again:
        services.cycle_start(actor=world.account_manager, participant=world.participant, year=2026)
    assert again.value.code == "cycle_exists"
    assert Cycle.objects.count() == 1


def test_who_keeps_which_cycle(
    world: ProgrammeWorld, asten: Participant, make_user: Callable[..., Any], kis: Any
) -> None:
    other_manager = make_user("accountmanager")
    for actor, participant in (
        (other_manager, world.participant),  # not Eindhoven's account manager
        (world.account_manager, asten),  # Eindhoven's, not Asten's
        (world.account_manager, None),  # the region is KIS's
        (world.participant_user, world.participant),  # a participant reads only
        (make_user("bestuur"), world.participant),
    ):
        with pytest.raises(NotAllowed):
            services.cycle_start(actor=actor, participant=participant, year=2026)
    assert not Cycle.objects.exists()

    services.cycle_start(actor=kis, participant=asten, year=2026)
    region = services.cycle_start(actor=kis, participant=None, year=2026)
    own = services.cycle_start(
        actor=world.account_manager, participant=world.participant, year=2026
    )

    assert region.participant is None
    with pytest.raises(Conflict):
        services.cycle_start(actor=kis, participant=None, year=2026)
    step = own.steps.get(number=1)
    with pytest.raises(NotAllowed):
        services.cycle_step_update(actor=other_manager, step=step, status=StepStatus.IN_PROGRESS)
    with pytest.raises(NotAllowed):
        services.cycle_document_add(
            actor=other_manager, step=step, title="Analyse", url="https://example.org/a.pdf"
        )
    assert (
        services.cycle_step_update(
            actor=kis, step=region.steps.get(number=1), status=StepStatus.IN_PROGRESS
        ).status
        == StepStatus.IN_PROGRESS
    )


def test_a_step_done_records_its_date_and_leaving_done_clears_it(world: ProgrammeWorld) -> None:
    manager = world.account_manager
    cycle = services.cycle_start(actor=manager, participant=world.participant, year=2026)
    step = cycle.steps.get(number=5)

    done_today = services.cycle_step_update(
        actor=manager, step=step, status=StepStatus.DONE, owner=manager, notes="Vastgesteld."
    )
    assert (done_today.status, done_today.completed_on) == (StepStatus.DONE, timezone.localdate())
    assert (done_today.owner, done_today.notes) == (manager, "Vastgesteld.")
    dated = services.cycle_step_update(actor=manager, step=step, completed_on=D(2026, 1, 2))
    assert dated.completed_on == D(2026, 1, 2)

    reopened = services.cycle_step_update(actor=manager, step=step, status=StepStatus.LATE)

    assert (reopened.status, reopened.completed_on) == (StepStatus.LATE, None)
    stored = CycleStep.objects.get(pk=step.pk)
    assert (stored.status, stored.completed_on, stored.planned_on) == (StepStatus.LATE, None, None)
    with pytest.raises(DomainError) as unknown:
        services.cycle_step_update(actor=manager, step=step, number=3)
    assert unknown.value.code == "field_not_writable"
    # A date without "done" is not kept.
    planned = services.cycle_step_update(
        actor=manager, step=step, planned_on=D(2026, 6, 1), completed_on=D(2026, 5, 1)
    )
    assert (planned.planned_on, planned.completed_on) == (D(2026, 6, 1), None)
    actions = AuditRecord.objects.filter(
        content_type__model="cyclestep", object_id=str(step.pk), action="update"
    )
    assert actions.count() == 4


def test_documents_belong_to_a_step(world: ProgrammeWorld) -> None:
    manager = world.account_manager
    cycle = services.cycle_start(actor=manager, participant=world.participant, year=2026)
    step = cycle.steps.get(number=1)

    document = services.cycle_document_add(
        actor=manager,
        step=step,
        title="  Probleemanalyse 2026 ",
        url=" https://example.org/analyse.pdf ",
    )

    assert (document.title, document.url, document.added_by) == (
        "Probleemanalyse 2026",
        "https://example.org/analyse.pdf",
        manager,
    )
    assert list(step.documents.all()) == [document]
    with pytest.raises(ValidationError):
        services.cycle_document_add(actor=manager, step=step, title="Geen link", url="geen-url")
    assert step.documents.count() == 1
