"""The demo's supervision and enforcement: realistic compliance, the ladder, recidivism, the
invariants the services keep, and the same data again for the same seed.

The demo is loaded once for the class at scale small, for the current year (the demo year then
ends today, so that planned re-inspections lie ahead); every test reads it in its own
savepoint.
"""

from __future__ import annotations

import datetime
import io
import re
from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q
from django.test import TestCase
from django.utils import timezone

from grip.cases.constants import TRANSITIONS, CaseStatus
from grip.cases.models import Case, CaseRelation, CaseStatusChange
from grip.core.demodata import Progress, load_demo, registered_steps
from grip.core.models import User
from grip.enforcement import demo, proposals, selectors
from grip.enforcement.constants import (
    FindingResult,
    InspectionCause,
    InspectionStatus,
    InspectionType,
    PositioningReason,
)
from grip.enforcement.models import Appeal, Finding, Inspection, Intention, Measure, Violation
from grip.participants.models import Participant, ParticipantKind

SEED = 5


def _load(*, reset: bool = False) -> None:
    load_demo(
        scale="small",
        seed=SEED,
        year=timezone.localdate().year,
        reset=reset,
        progress=Progress(io.StringIO()),
    )


def _staff() -> User:
    return get_user_model().objects.get(username="bestuur")


def _window() -> tuple[datetime.date, datetime.date]:
    return demo.window(timezone.localdate().year, timezone.localdate())


def _fingerprint() -> list[Any]:
    return [
        list(
            Inspection.objects.order_by("identification").values_list(
                "identification",
                "site__identification",
                "case__identification",
                "inspection_type",
                "status",
                "planned_on",
                "performed_on",
                "inspector__employee_number",
            )
        ),
        list(
            Violation.objects.order_by("identification").values_list(
                "identification",
                "consequence",
                "behaviour",
                "repaired_on",
                "recidivism_of__identification",
            )
        ),
        list(
            Measure.objects.order_by("identification").values_list(
                "identification", "instrument__code", "status", "imposed_on", "forfeited_amount"
            )
        ),
    ]


class DemoEnforcementTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        _load()

    def test_the_step_runs_after_the_mandates_and_before_the_hours(self):
        names = [step.name for step in registered_steps()]
        assert names.index("mandates") < names.index("enforcement") < names.index("hours")
        step = next(step for step in registered_steps() if step.name == "enforcement")
        assert step.order == 58
        assert step.has_data()

    def test_about_150_inspections_on_the_sites_of_every_participant(self):
        first, last = _window()
        in_year = Inspection.objects.filter(planned_on__range=(first, last))
        assert 120 <= in_year.count() <= 200
        per_participant = dict(
            Inspection.objects.exclude(inspection_type=InspectionType.HERCONTROLE)
            .values_list("participant__code")
            .annotate(count=Count("id"))
        )
        assert set(per_participant) == set(Participant.objects.values_list("code", flat=True))
        types = set(Inspection.objects.values_list("inspection_type", flat=True))
        assert {
            InspectionType.PERIODIEK,
            InspectionType.THEMACONTROLE,
            InspectionType.ADMINISTRATIEF,
            InspectionType.HERCONTROLE,
        } <= types
        inspectors = set(Inspection.objects.values_list("inspector__function__code", flat=True))
        assert inspectors == {"toezichthouder"}
        assert (
            Inspection.objects.filter(checklist=None)
            .exclude(inspection_type=InspectionType.HERCONTROLE)
            .count()
            == 0
        )

    def test_inspections_after_complaints_and_requests_follow_from_their_case(self):
        caused = Inspection.objects.exclude(cause_case=None).select_related("cause_case__case_type")
        assert caused.exists()
        for inspection in caused:
            cause = inspection.cause_case
            assert cause.case_type.code in ("milieuklacht", "handhavingsverzoek")
            assert inspection.cause in (
                InspectionCause.INCIDENT,
                InspectionCause.HANDHAVINGSVERZOEK,
            )
            assert cause.site_id == inspection.site_id
            assert inspection.planned_on >= cause.received_on
            assert CaseRelation.objects.filter(
                source=inspection.case, target=cause, kind="vervolg"
            ).exists()

    def test_about_sixty_percent_compliant_at_the_first_inspection(self):
        first, last = _window()
        figures = selectors.compliance_figures(
            user=_staff(),
            start=first,
            end=last,
            participant_ids=Participant.objects.values_list("pk", flat=True),
        )
        assert figures.first_inspections >= 80
        assert figures.first_compliance_rate is not None
        assert 0.5 <= figures.first_compliance_rate <= 0.7

    def test_more_than_half_repaired_at_the_first_re_inspection(self):
        first, last = _window()
        figures = selectors.compliance_figures(user=_staff(), start=first, end=last)
        assert figures.reinspected_violations >= 15
        assert figures.repair_rate is not None
        assert figures.repair_rate > 0.5

    def test_findings_not_met_spread_over_the_matrix(self):
        positions = list(
            Finding.objects.filter(
                result=FindingResult.NIET_AKKOORD, inspection__inspection_type__in=["periodiek"]
            ).values_list("consequence", "behaviour")
        )
        light = sum(1 for c, b in positions if c <= 2 and b in "AB")
        assert light >= 0.6 * len(positions)
        assert {c for c, _b in positions} >= {1, 2}
        assert (
            Finding.objects.filter(
                result=FindingResult.NIET_AKKOORD, consequence__isnull=True
            ).count()
            == 0
        )
        assert (
            Finding.objects.exclude(result=FindingResult.NIET_AKKOORD)
            .exclude(consequence__isnull=True)
            .count()
            == 0
        )

    def test_violations_keep_the_services_invariants(self):
        violations = Violation.objects.select_related("strategy", "inspection")
        assert violations.count() >= 20
        for violation in violations:
            assert violation.rule_key == proposals.rule_key(violation.rule)
            assert violation.strategy == selectors.strategy_in_force(on=violation.observed_on)
            assert violation.strategy_kind == violation.strategy.kind
            assert violation.observed_on == violation.inspection.performed_on
            assert violation.inspection.inspection_type != InspectionType.HERCONTROLE
            own = violation.findings.filter(inspection=violation.inspection)
            assert own.exists()
            assert not own.exclude(result=FindingResult.NIET_AKKOORD).exists()
            if not violation.positioning_reason:
                assert {f.position for f in own} == {violation.position}
            if violation.repaired_on is not None:
                assert violation.repaired_on >= violation.observed_on
        assert Violation.objects.filter(enforce=False, no_enforcement_reason="").count() == 0
        assert Violation.objects.exclude(strategy__version="grip-1").count() == 0

    def test_recidivists_are_linked_and_some_repositioned(self):
        linked = Violation.objects.exclude(recidivism_of=None).select_related("recidivism_of")
        assert linked.exists()
        for violation in linked:
            prior = violation.recidivism_of
            assert prior.site_id == violation.site_id
            assert prior.rule_key == violation.rule_key
            assert prior.observed_on < violation.observed_on
            assert prior.observed_on >= proposals.months_before(
                violation.observed_on, violation.strategy.recidivism_months
            )
        first, _last = _window()
        assert linked.filter(recidivism_of__observed_on__lt=first).exists()
        raised = Violation.objects.filter(positioning_reason=PositioningReason.RECIDIVE)
        assert raised.exists()
        for violation in raised:
            assert violation.recidivism_of_id is not None
            assert "Recidive" in violation.positioning_explanation

    def test_the_ladder_escalates_to_orders_signed_under_mandate(self):
        assert Measure.objects.filter(instrument__code="waarschuwing").count() >= 10
        assert Intention.objects.exists()
        orders = Measure.objects.exclude(decision=None).select_related(
            "decision__signer_function", "participant", "case__case_type"
        )
        assert orders.exists()
        for measure in orders:
            assert measure.case.case_type.code == "controle"
            participant = measure.participant
            named = (
                "gedeputeerde staten"
                if participant.kind == ParticipantKind.PROVINCE
                else f"burgemeester en wethouders van {participant.name}"
            )
            assert named in measure.decision.namens
            assert measure.decision.mandate is not None
        penalties = orders.filter(instrument__code="last-onder-dwangsom")
        assert penalties.filter(decision__signer_function__code="jurist").exists()
        for measure in penalties:
            assert measure.penalty_amount
            assert measure.penalty_maximum
            assert measure.penalty_unit
            assert measure.forfeited_amount <= measure.penalty_maximum
            assert measure.collected_amount <= measure.forfeited_amount

    def test_open_violations_have_their_re_inspection_planned_ahead(self):
        today = timezone.localdate()
        ahead = Inspection.objects.filter(
            inspection_type=InspectionType.HERCONTROLE,
            status=InspectionStatus.GEPLAND,
            planned_on__gt=today,
        ).select_related("cause_violation")
        assert ahead.exists()
        for inspection in ahead:
            violation = inspection.cause_violation
            assert violation is not None
            assert violation.repaired_on is None
            assert violation.repair_due_on == inspection.planned_on
        inspector = ahead.first().inspector
        worklist = selectors.worklist_for(user=inspector.user, inspector_id=inspector.pk)
        assert worklist.inspections
        assert worklist.open_violations >= 1
        open_violation = Violation.objects.filter(repaired_on=None, enforce=True).first()
        advice = selectors.violation_advice(open_violation)
        assert advice.next_step.explanation

    def test_every_inspection_has_its_own_controle_case_of_its_participant(self):
        inspections = Inspection.objects.select_related("case__case_type", "site")
        for inspection in inspections:
            case = inspection.case
            assert case.case_type.code == "controle"
            assert case.participant_id == inspection.participant_id
            assert inspection.site.participant_id == inspection.participant_id
            assert case.site_id == inspection.site_id
            if inspection.cause_violation_id is not None:
                assert case.pk == inspection.cause_violation.inspection.case_id
            if inspection.status == InspectionStatus.UITGEVOERD:
                assert inspection.performed_on is not None
                assert inspection.performed_on >= case.received_on
                assert inspection.performed_on <= timezone.localdate()
        first_inspections = Inspection.objects.exclude(inspection_type=InspectionType.HERCONTROLE)
        assert first_inspections.values("case").distinct().count() == first_inspections.count()

    def test_identifications_findings_and_case_histories(self):
        for model, prefix in ((Inspection, "C"), (Violation, "O"), (Measure, "H")):
            numbers = list(model.objects.values_list("identification", flat=True))
            assert len(numbers) == len(set(numbers))
            assert all(re.fullmatch(rf"{prefix}-\d{{4}}-\d{{6}}", n) for n in numbers)
        per_inspection = defaultdict(list)
        for inspection_id, number in Finding.objects.values_list("inspection_id", "number"):
            per_inspection[inspection_id].append(number)
        assert all(sorted(n) == list(range(1, len(n) + 1)) for n in per_inspection.values())
        assert Inspection.objects.annotate(n=Count("findings")).filter(n=0).count() == 0
        performed = Inspection.objects.filter(status=InspectionStatus.UITGEVOERD)
        assert not Finding.objects.filter(inspection__in=performed, result="").exists()
        histories = defaultdict(list)
        for case_id, before, after in (
            CaseStatusChange.objects.filter(case__case_type__code="controle")
            .order_by("case_id", "on", "id")
            .values_list("case_id", "from_status", "status")
        ):
            histories[case_id].append((before, after))
        for pk, procedure, status in Case.objects.filter(case_type__code="controle").values_list(
            "pk", "case_type__procedure", "status"
        ):
            steps = histories[pk]
            assert steps[0] == ("", CaseStatus.ONTVANGEN)
            current = CaseStatus.ONTVANGEN
            for before, after in steps[1:]:
                assert before == current
                assert after in TRANSITIONS[procedure].get(current, ())
                current = after
            assert current == status
        assert Case.objects.filter(
            case_type__code="controle", status=CaseStatus.AFGEHANDELD
        ).exists()
        assert not Case.objects.filter(
            Q(decided_on__isnull=False) & Q(decisions=None), case_type__code="controle"
        ).exists()

    def test_appeals_lie_after_the_decision(self):
        for appeal in Appeal.objects.select_related("measure"):
            assert appeal.measure.decision_id is not None
            assert appeal.lodged_on >= appeal.measure.imposed_on
            assert appeal.decided_on is None or appeal.decided_on >= appeal.lodged_on

    def test_the_same_seed_gives_the_same_data_after_a_reset(self):
        before = _fingerprint()
        _load(reset=True)
        assert _fingerprint() == before
        assert Inspection.objects.filter(case__participant=F("participant")).count() == len(
            before[0]
        )
