"""Signing a decision: the mandate verdict matrix, the namens line, nothing written on refusal."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from grip.cases.constants import CaseStatus
from grip.cases.models import Decision
from grip.cases.tests.factories import decision_type, staff
from grip.core.errors import NotAllowed
from grip.core.models import AuditRecord
from grip.mandates import services
from grip.mandates.models import DecisionMandate
from grip.mandates.services import MandateRefused
from grip.mandates.tests.factories import CaseWorld
from grip.organisation.models import Employee, Function

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 4, 1)


def _sign(world: CaseWorld, actor: Any, case: Any, code: str, **kwargs: Any) -> Decision:
    return services.decision_sign(
        actor=actor,
        case=case,
        decision_type=decision_type(code),
        decision_date=kwargs.pop("decision_date", DAY),
        summary=kwargs.pop("summary", "Vergunning verleend met voorschriften."),
        **kwargs,
    )


def _refused(world: CaseWorld, actor: Any, case: Any, code: str, **kwargs: Any) -> str:
    """Sign, expect a refusal, and check that nothing at all was written."""
    decisions, records = Decision.objects.count(), AuditRecord.objects.count()
    chains = DecisionMandate.objects.count()
    status = case.status
    with pytest.raises(MandateRefused) as refusal:
        _sign(world, actor, case, code, **kwargs)
    assert Decision.objects.count() == decisions
    assert DecisionMandate.objects.count() == chains
    assert AuditRecord.objects.count() == records
    case.refresh_from_db()
    assert case.status == status
    assert case.decided_on is None
    message = refusal.value.message
    assert message.endswith(".")
    assert "\n" not in message
    return message


@pytest.fixture
def permit(cases: CaseWorld) -> Any:
    return cases.case()


@pytest.fixture
def enforcement_request(cases: CaseWorld) -> Any:
    return cases.case(code="handhavingsverzoek", subject="Verzoek om handhaving geluid")


def test_valid_sub_mandate_signs_and_records_the_chain_and_the_namens_line(
    cases: CaseWorld, permit: Any
) -> None:
    decision = _sign(cases, cases.officer, permit, "omgevingsvergunning-verlenen")

    permit.refresh_from_db()
    assert permit.status == CaseStatus.BESLOTEN
    assert permit.decided_on == DAY
    used = decision.mandate
    assert used.mandate_line == cases.permit_line
    assert used.sub_mandate_line is not None
    assert used.sub_mandate_line.function.code == "vergunningverlener"
    assert len(used.chain) == 2
    assert "Ondermandaat" in used.chain[1]
    # With a sub-mandate the namens line names the original mandator and the director.
    assert decision.namens.startswith(
        "Namens het college van burgemeester en wethouders van Eindhoven,"
    )
    assert "de directeur van de Omgevingsdienst Zuidoost-Brabant" in decision.namens
    assert decision.namens.rstrip().endswith("vergunningverlener")
    assert decision.signer_function.code == "vergunningverlener"


def test_direct_mandate_needs_no_sub_mandate(cases: CaseWorld, permit: Any) -> None:
    decision = _sign(cases, cases.director, permit, "omgevingsvergunning-weigeren")

    assert decision.mandate.sub_mandate_line is None
    assert decision.namens.startswith("Namens het college")
    assert "directeur Omgevingsdienst Zuidoost-Brabant" in decision.namens


def test_expired_mandate_is_refused_with_the_date(cases: CaseWorld, permit: Any) -> None:
    cases.mandate.valid_to = datetime.date(2026, 3, 31)
    cases.mandate.save()

    message = _refused(cases, cases.officer, permit, "omgevingsvergunning-verlenen")

    assert "liep af op 31-03-2026" in message
    assert "Mandaatbesluit VTH Eindhoven 2024" in message


def test_revoked_mandate_is_refused(cases: CaseWorld, permit: Any) -> None:
    services.mandate_decision_revoke(
        actor=cases.beheerder,
        decision=cases.mandate,
        on=datetime.date(2026, 3, 15),
        reason="Vervangen door een nieuw mandaatbesluit.",
    )

    message = _refused(cases, cases.officer, permit, "omgevingsvergunning-verlenen")

    assert "ingetrokken per 15-03-2026" in message


def test_a_mandate_before_it_takes_effect_is_refused(cases: CaseWorld, permit: Any) -> None:
    cases.mandate.valid_from = datetime.date(2026, 5, 1)
    cases.mandate.save()

    message = _refused(cases, cases.director, permit, "omgevingsvergunning-verlenen")

    assert "geldt pas vanaf 01-05-2026" in message


def test_wrong_participant_is_refused(cases: CaseWorld) -> None:
    # Asten has mandated nothing: Eindhoven's register does not reach Asten's cases.
    case = cases.case(participant=cases.asten, location_description="Markt 1, Asten")

    message = _refused(cases, cases.officer, case, "omgevingsvergunning-verlenen")

    assert "Asten heeft het besluittype 'omgevingsvergunning verlenen' aan niemand" in message


def test_wrong_decision_type_for_the_function_is_refused(
    cases: CaseWorld, enforcement_request: Any
) -> None:
    # The vergunningverlener's sub-mandate covers permits, not enforcement requests.
    message = _refused(cases, cases.officer, enforcement_request, "handhavingsverzoek-afwijzen")

    assert "De vergunningverlener heeft geen mandaat of ondermandaat" in message
    assert "directeur" in message


def test_over_the_sub_mandate_limit_is_refused(cases: CaseWorld, enforcement_request: Any) -> None:
    message = _refused(
        cases, cases.jurist, enforcement_request, "last-onder-dwangsom", amount=Decimal("25000")
    )

    assert "€ 25.000,00" in message
    assert "€ 10.000,00" in message


def test_within_the_limit_signs(cases: CaseWorld, enforcement_request: Any) -> None:
    decision = _sign(
        cases,
        cases.jurist,
        enforcement_request,
        "last-onder-dwangsom",
        amount=Decimal("7500"),
        summary="Last onder dwangsom van € 500 per dag, maximaal € 7.500.",
    )

    assert decision.mandate.sub_mandate_line is not None
    assert decision.amount == Decimal("7500")


def test_over_the_mandate_limit_is_refused_for_a_direct_mandate(
    cases: CaseWorld, enforcement_request: Any
) -> None:
    message = _refused(
        cases,
        cases.director,
        enforcement_request,
        "last-onder-dwangsom",
        amount=Decimal("60000"),
    )

    assert "€ 50.000,00" in message


def test_sub_mandate_not_allowed_is_refused(cases: CaseWorld, enforcement_request: Any) -> None:
    # The fine line to the director does not allow sub-mandate, the jurist's sub-mandate
    # names fines: the chain breaks at the mandate.
    report_author = Employee.objects.get(user=cases.inspector)
    message = _refused(
        cases,
        cases.jurist,
        enforcement_request,
        "bestuurlijke-boete",
        amount=Decimal("1000"),
        report_author=report_author,
    )

    assert "staat geen ondermandaat toe" in message


def test_expired_sub_mandate_is_refused(cases: CaseWorld, permit: Any) -> None:
    cases.sub_mandate.valid_to = datetime.date(2025, 12, 31)
    cases.sub_mandate.save()

    message = _refused(cases, cases.officer, permit, "omgevingsvergunning-verlenen")

    assert "Het ondermandaat aan de vergunningverlener" in message
    assert "liep af op 31-12-2025" in message


def test_sub_mandate_for_another_participant_only_is_refused(cases: CaseWorld, permit: Any) -> None:
    line = cases.sub_mandate.lines.get(function__code="vergunningverlener")
    line.participants.set([cases.asten])

    message = _refused(cases, cases.officer, permit, "omgevingsvergunning-verlenen")

    assert "geen mandaat of ondermandaat" in message


def test_a_function_without_any_mandate_is_refused(cases: CaseWorld, permit: Any) -> None:
    adviser = staff("adviseur", team="omgevingskwaliteit")

    message = _refused(cases, adviser, permit, "omgevingsvergunning-verlenen")

    assert "De adviseur heeft geen mandaat" in message


def test_a_user_without_an_employee_record_is_refused(
    cases: CaseWorld, permit: Any, make_user: Any
) -> None:
    message = _refused(cases, make_user("medewerker"), permit, "omgevingsvergunning-verlenen")

    assert "niet als medewerker met een functie geregistreerd" in message


def test_awb_10_3_objection_by_the_person_who_took_the_contested_decision(
    cases: CaseWorld, permit: Any
) -> None:
    contested = _sign(cases, cases.director, permit, "omgevingsvergunning-verlenen")
    objection = cases.case(code="bezwaarschrift", subject="Bezwaar tegen de vergunning")

    message = _refused(
        cases, cases.director, objection, "besluit-op-bezwaar", contested_decision=contested
    )
    assert "Awb 10:3 lid 2" in message

    # Another holder of the mandate may decide on the objection.
    other_director = staff("directeur", role="bestuur", team="directie")
    decision = _sign(
        cases,
        other_director,
        objection,
        "besluit-op-bezwaar",
        contested_decision=contested,
        summary="Bezwaar ongegrond.",
    )
    assert decision.contested_decision == contested


def test_awb_10_3_fine_by_the_author_of_the_report(
    cases: CaseWorld, enforcement_request: Any
) -> None:
    # Give the director's line the fine (the factory's fine line is the director's).
    author = staff("directeur", role="bestuur", team="directie")
    message = _refused(
        cases,
        author,
        enforcement_request,
        "bestuurlijke-boete",
        amount=Decimal("1500"),
        report_author=Employee.objects.get(user=author),
    )
    assert "Awb 10:3 lid 4" in message


def test_a_fine_names_the_author_of_the_report(cases: CaseWorld, enforcement_request: Any) -> None:
    message = _refused(
        cases, cases.director, enforcement_request, "bestuurlijke-boete", amount=Decimal("1")
    )
    assert "wie het rapport van de overtreding opstelde" in message


def test_an_objection_decision_names_the_contested_decision(cases: CaseWorld) -> None:
    objection = cases.case(code="bezwaarschrift", subject="Bezwaar")
    message = _refused(cases, cases.director, objection, "besluit-op-bezwaar")
    assert "het besluit waartegen het bezwaar is gericht" in message


def test_a_participant_user_never_signs(cases: CaseWorld, permit: Any) -> None:
    with pytest.raises(NotAllowed):
        _sign(cases, cases.participant_user, permit, "omgevingsvergunning-verlenen")


def test_preview_shows_the_chain_and_writes_nothing(cases: CaseWorld, permit: Any) -> None:
    records = AuditRecord.objects.count()

    answer = services.signing_verdict(
        actor=cases.officer,
        case=permit,
        decision_type=decision_type("omgevingsvergunning-verlenen"),
        decision_date=DAY,
    )

    assert answer.allowed
    assert answer.chain[0].startswith("Mandaat: Mandaatbesluit VTH Eindhoven 2024")
    assert AuditRecord.objects.count() == records
    assert Decision.objects.count() == 0


def test_a_decision_is_never_deleted_only_superseded(cases: CaseWorld, permit: Any) -> None:
    from django.core.exceptions import ValidationError

    from grip.cases import services as case_services
    from grip.core.errors import Conflict

    first = _sign(cases, cases.officer, permit, "omgevingsvergunning-verlenen")
    with pytest.raises(ValidationError):
        first.delete()
    with pytest.raises(Conflict):  # a decision in force is not simply replaced
        _sign(cases, cases.officer, permit, "omgevingsvergunning-verlenen", supersedes=first)

    case_services.decision_withdraw(
        actor=cases.officer,
        decision=first,
        on=datetime.date(2026, 4, 10),
        reason="Verkeerde voorschriften.",
    )
    second = _sign(
        cases,
        cases.officer,
        permit,
        "omgevingsvergunning-verlenen",
        decision_date=datetime.date(2026, 4, 10),
        supersedes=first,
    )

    first.refresh_from_db()
    assert first.superseded_by == second
    assert Decision.objects.filter(case=permit).count() == 2
    permit.refresh_from_db()
    assert permit.decided_on == DAY  # the case was decided by the first decision


def test_mandates_are_never_deleted(cases: CaseWorld) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        cases.mandate.delete()


def test_decision_type_must_belong_to_the_case_type(cases: CaseWorld, permit: Any) -> None:
    from grip.core.errors import DomainError

    with pytest.raises(DomainError, match="hoort niet bij zaaktype"):
        _sign(cases, cases.director, permit, "last-onder-dwangsom")


def test_register_lines_need_decision_or_case_types(cases: CaseWorld) -> None:
    from grip.core.errors import DomainError

    with pytest.raises(DomainError):
        services.mandate_line_add(
            actor=cases.beheerder,
            decision=cases.mandate,
            power="Niets",
            function=Function.objects.get(code="directeur"),
        )
