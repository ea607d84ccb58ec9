"""The demo's mandate registers and the decisions signed under them.

Loaded once for the class at scale small, for the current year; each test reads it in its own
savepoint (the signing tests write inside it).
"""

from __future__ import annotations

import datetime
import io
import random

import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone

from grip.cases import services as case_services
from grip.cases.constants import CaseStatus
from grip.cases.models import Case, CaseType, Decision, DecisionType
from grip.cases.selectors import case_deadline
from grip.core.demodata import Progress, load_demo, registered_steps
from grip.core.models import User
from grip.mandates import demo
from grip.mandates.models import (
    DecisionMandate,
    MandateDecision,
    MandateLine,
    SubMandateDecision,
)
from grip.mandates.selectors import register_for
from grip.mandates.services import MandateRefused, decision_sign, signing_verdict
from grip.mandates.verdict import namens_line, verdict
from grip.participants.models import Participant, ParticipantKind
from grip.sites.models import Site

SEED = 5


def _load(*, reset: bool = False) -> None:
    load_demo(
        scale="small",
        seed=SEED,
        year=timezone.localdate().year,
        reset=reset,
        progress=Progress(io.StringIO()),
    )


def _user(username: str) -> User:
    return get_user_model().objects.get(username=username)


class DemoMandatesTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        _load()

    def test_every_participant_publishes_a_register_in_force_today(self):
        today = timezone.localdate()
        reader = _user("bestuur")
        for participant in Participant.objects.all():
            register = register_for(user=reader, participant_id=participant.pk, as_of=today)
            in_force = [d for d in register.decisions if d.in_force_on(today)]
            assert len(in_force) == 1, participant.code
            decision = in_force[0]
            if participant.kind == ParticipantKind.PROVINCE:
                assert decision.mandator == "gedeputeerde staten van Noord-Brabant"
            else:
                assert decision.mandator == (
                    f"het college van burgemeester en wethouders van {participant.name}"
                )
            lines = list(decision.lines.all())
            assert {line.function.code for line in lines} >= {"directeur"}
            objection = [
                line
                for line in lines
                if "besluit-op-bezwaar" in {t.code for t in line.decision_types.all()}
            ]
            assert objection
            assert not any(line.sub_mandate_allowed for line in objection)
            assert any(sub.in_force_on(today) for sub in register.sub_mandates)

    def test_the_registers_have_history_limits_and_case_type_lines(self):
        assert MandateDecision.objects.exclude(revoked_on=None).count() >= 4
        assert MandateDecision.objects.exclude(valid_to=None).count() >= 2
        eindhoven = MandateDecision.objects.filter(
            participant__code=demo.REPLACED, valid_from__gte=demo.MANDATE_FROM
        )
        assert eindhoven.count() == 2
        assert eindhoven.exclude(revoked_on=None).count() == 1
        assert MandateLine.objects.exclude(max_amount=None).exists()
        assert MandateLine.objects.exclude(case_types=None).exists()
        assert MandateLine.objects.exclude(excluded_decision_types=None).exists()
        assert SubMandateDecision.objects.exclude(revoked_on=None).count() == 1
        current = SubMandateDecision.objects.get(revoked_on=None)
        functions = set(current.lines.values_list("function__code", flat=True))
        assert functions >= {
            "manager",
            "teamleider",
            "vergunningverlener",
            "jurist",
            "toezichthouder",
        }

    def test_every_decided_case_has_a_decision_under_a_valid_chain(self):
        decided = Case.objects.exclude(decided_on=None)
        assert decided.count() >= 10
        assert decided.filter(decisions=None).count() == 0
        assert Decision.objects.filter(mandate=None).count() == 0
        decisions = list(
            Decision.objects.select_related(
                "case__participant",
                "case__case_type",
                "decision_type",
                "signer_function",
                "mandate__mandate_line__decision",
                "mandate__mandate_line__function",
            )
        )
        for decision in random.Random(1).sample(  # noqa: S311 - a sample, not security
            decisions, min(40, len(decisions))
        ):
            used = decision.mandate
            answer = verdict(
                participant=decision.case.participant,
                case_type=decision.case.case_type,
                decision_type=decision.decision_type,
                function=decision.signer_function,
                on=decision.decision_date,
                signer_name=decision.signer_name,
                amount=decision.amount,
            )
            assert answer.allowed, (decision.case.identification, answer.refusal)
            assert answer.mandate_line == used.mandate_line
            assert answer.sub_mandate_line == used.sub_mandate_line
            assert list(answer.chain) == used.chain
            assert decision.namens == answer.namens
            line = used.mandate_line
            assert decision.namens == namens_line(
                mandator=line.decision.mandator,
                signer_name=decision.signer_name,
                signer_function=decision.signer_function,
                via_function=line.function if used.sub_mandate_line else None,
            )

    def test_the_first_decision_moved_the_case_to_besloten_on_its_date(self):
        for case in Case.objects.exclude(decided_on=None).prefetch_related("decisions"):
            first = min(case.decisions.all(), key=lambda d: (d.decision_date, d.pk))
            assert first.decision_date == case.decided_on
            assert case.status in (CaseStatus.BESLOTEN, CaseStatus.AFGEHANDELD)

    def test_sub_mandates_are_used_and_awb_10_3_holds(self):
        assert DecisionMandate.objects.exclude(sub_mandate_line=None).exists()
        assert DecisionMandate.objects.filter(sub_mandate_line=None).exists()
        for decision in Decision.objects.exclude(contested_decision=None):
            assert decision.signed_by_id != decision.contested_decision.signed_by_id
        for decision in Decision.objects.exclude(report_author=None):
            assert decision.report_author.user_id != decision.signed_by_id

    def test_the_medewerker_takes_in_suspends_extends_and_signs_under_sub_mandate(self):
        """The issue's 'done when', on the demo data with the demo's log-ins."""
        officer = _user("medewerker")
        assert officer.employee.function.code == "vergunningverlener"
        today = timezone.localdate()
        received = today - datetime.timedelta(days=30)
        eindhoven = Participant.objects.get(code="GM0772")
        site = Site.objects.filter(participant=eindhoven).exclude(establishment=None).first()
        case = case_services.case_create(
            actor=officer,
            participant=eindhoven,
            case_type=CaseType.objects.get(code="aanvraag-omgevingsvergunning", version=1),
            subject="Uitbreiding opslag gevaarlijke stoffen",
            received_on=received,
            site=site,
            location_description="" if site else "Kanaaldijk 12, Eindhoven",
        )
        original_due = case.due_on
        case_services.status_change(
            actor=officer, case=case, to_status=CaseStatus.IN_BEHANDELING, on=received
        )
        case_services.suspend(actor=officer, case=case, start=received + datetime.timedelta(days=2))
        case_services.resume(actor=officer, case=case, end=received + datetime.timedelta(days=16))
        case.refresh_from_db()
        assert case.due_on is not None
        assert original_due is not None
        assert case.due_on > original_due
        assert case_deadline(case).deadline.suspended_days == 14
        case_services.extend(
            actor=officer, case=case, decided_on=today, weeks=6, reason="Advies nodig."
        )
        granting = DecisionType.objects.get(code="omgevingsvergunning-verlenen")
        preview = signing_verdict(
            actor=officer, case=case, decision_type=granting, decision_date=today
        )
        assert preview.allowed
        assert preview.sub_mandate_line is not None
        refusing = DecisionType.objects.get(code="omgevingsvergunning-weigeren")
        with pytest.raises(MandateRefused):
            decision_sign(
                actor=officer,
                case=case,
                decision_type=refusing,
                decision_date=today,
                summary="De vergunning wordt geweigerd.",
            )
        assert not case.decisions.exists()
        decision = decision_sign(
            actor=officer,
            case=case,
            decision_type=granting,
            decision_date=today,
            summary="De vergunning wordt verleend.",
        )
        assert "namens deze" in decision.namens
        assert "burgemeester en wethouders van Eindhoven" in decision.namens
        case.refresh_from_db()
        assert case.status == CaseStatus.BESLOTEN

    def test_a_signer_without_mandate_is_refused_with_the_reason(self):
        case = Case.objects.filter(case_type__code="bezwaarschrift").first()
        assert case is not None
        objection = DecisionType.objects.get(code="besluit-op-bezwaar")
        answer = signing_verdict(
            actor=_user("medewerker"),
            case=case,
            decision_type=objection,
            decision_date=timezone.localdate(),
            contested_decision=Decision.objects.exclude(signed_by__username="medewerker").first(),
        )
        assert not answer.allowed
        assert "vergunningverlener" in answer.refusal

    def test_the_step_reports_data_and_a_reset_loads_the_same_again(self):
        step = next(step for step in registered_steps() if step.name == "mandates")
        assert step.order == 56
        assert step.has_data()

        def fingerprint() -> list[tuple[object, ...]]:
            return list(
                Decision.objects.order_by(
                    "case__identification", "decision_date", "pk"
                ).values_list(
                    "case__identification",
                    "decision_type__code",
                    "decision_date",
                    "signer_function__code",
                    "namens",
                    "mandate__chain",
                )
            )

        before = fingerprint()
        _load(reset=True)
        assert fingerprint() == before
