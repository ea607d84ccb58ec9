"""Retention and archiving: durations, the loaded Selectielijst, and the result and archive
fields a case gets at closure through the real closing services (ADR 0006 §5).

Decisions are recorded through ``services.decision_record`` (the mandates app's signing
service is above this app). Every expected date is computed by hand in the test.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from grip.cases import archive, selectors, services
from grip.cases.checks import check_archive_transfer_term
from grip.cases.constants import (
    Afleidingswijze,
    ArchiveNomination,
    ArchiveStatus,
    CaseResult,
    CaseStatus,
    CimObject,
    DecisionKind,
)
from grip.cases.models import (
    Case,
    CaseType,
    DecisionType,
    RetentionRule,
    SelectionListProcessType,
    SelectionListResult,
)
from grip.cases.tests.factories import CaseHandlers, decision_type
from grip.core.errors import Conflict
from grip.core.models import AuditRecord
from grip.organisation.models import Function

D = datetime.date
RECEIVED = D(2026, 3, 2)


# --- durations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P5Y", archive.Duration(years=5)),
        ("P1Y6M", archive.Duration(years=1, months=6)),
        ("P6M", archive.Duration(months=6)),
        ("P42D", archive.Duration(days=42)),
        ("P2W", archive.Duration(days=14)),
        ("P0D", archive.Duration()),
        ("p110y", archive.Duration(years=110)),
    ],
)
def test_iso_durations_are_parsed(text: str, expected: archive.Duration) -> None:
    assert archive.parse_duration(text) == expected


@pytest.mark.parametrize("text", ["P", "5Y", "PT5H", "P1YT2H", "P-1Y", "", "P1.5Y"])
def test_anything_but_a_date_duration_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="ISO 8601"):
        archive.parse_duration(text)


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (D(2024, 1, 31), "P1M", D(2024, 2, 29)),  # leap year: clamped to the 29th
        (D(2023, 1, 31), "P1M", D(2023, 2, 28)),
        (D(2024, 2, 29), "P1Y", D(2025, 2, 28)),
        (D(2024, 2, 29), "P4Y", D(2028, 2, 29)),
        (D(2024, 8, 31), "P6M", D(2025, 2, 28)),
        (D(2024, 5, 31), "P1Y6M", D(2025, 11, 30)),
        (D(2024, 11, 15), "P2M", D(2025, 1, 15)),  # over the year's end
        (D(2024, 1, 1), "P42D", D(2024, 2, 12)),
        (D(2024, 1, 1), "P2W", D(2024, 1, 15)),
        (D(2024, 3, 1), "P0D", D(2024, 3, 1)),
        (D(2026, 4, 8), "P20Y", D(2046, 4, 8)),
        (D(2024, 1, 31), "P1M1D", D(2024, 3, 1)),  # months first, then the day
    ],
)
def test_durations_are_added_with_end_of_month_clamping(
    start: datetime.date, duration: str, expected: datetime.date
) -> None:
    assert archive.add_duration(start, duration) == expected


@given(
    st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31)),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=23),
)
def test_adding_months_lands_in_the_right_month_never_past_the_day(
    start: datetime.date, years: int, months: int
) -> None:
    end = archive.add_duration(start, archive.Duration(years=years, months=months))
    assert (end.year - start.year) * 12 + end.month - start.month == 12 * years + months
    assert end.day == start.day or (end.day < start.day and (end + datetime.timedelta(1)).day == 1)


# --- the result --------------------------------------------------------------------------------


def fact(result: str, kind: str = DecisionKind.BESCHIKKING, **kwargs: Any) -> archive.DecisionFact:
    kwargs.setdefault("decision_date", D(2026, 4, 1))
    return archive.DecisionFact(result=result, kind=kind, **kwargs)


def test_the_result_follows_status_decisions_and_the_cim_object() -> None:
    result = archive.case_result
    verzoek, controle = CimObject.VERZOEK, CimObject.CONTROLE
    granted = fact(CaseResult.VERLEEND)
    assert result(status=CaseStatus.INGETROKKEN, cim_object=verzoek, decisions=[granted]) == (
        CaseResult.INGETROKKEN
    )
    assert result(status=CaseStatus.BUITEN_BEHANDELING, cim_object=verzoek) == (
        CaseResult.AFGEBROKEN
    )
    assert result(status=CaseStatus.AFGEHANDELD, cim_object=verzoek, decisions=[granted]) == (
        CaseResult.VERLEEND
    )
    # A withdrawn permit replaced by a refusal: the standing decision counts.
    replaced = [
        fact(CaseResult.VERLEEND, withdrawn=True),
        fact(CaseResult.GEWEIGERD, decision_date=D(2026, 5, 1)),
    ]
    assert result(status=CaseStatus.AFGEHANDELD, cim_object=verzoek, decisions=replaced) == (
        CaseResult.GEWEIGERD
    )
    assert result(status=CaseStatus.AFGEHANDELD, cim_object=verzoek) == CaseResult.AFGEHANDELD
    assert result(status=CaseStatus.AFGEHANDELD, cim_object=CimObject.ADVIESVERZOEK) == (
        CaseResult.VERSTREKT
    )
    assert result(status=CaseStatus.AFGEHANDELD, cim_object=controle) == (
        CaseResult.TOEZICHT_UITGEVOERD
    )
    sanction = fact(CaseResult.HANDHAVING_UITGEVOERD, DecisionKind.SANCTIE)
    fine = fact(CaseResult.HANDHAVING_UITGEVOERD, DecisionKind.BESTUURLIJKE_BOETE)
    for decision in (sanction, fine):
        assert result(status=CaseStatus.AFGEHANDELD, cim_object=controle, decisions=[decision]) == (
            CaseResult.HANDHAVING_UITGEVOERD
        )
    withdrawn = fact(CaseResult.HANDHAVING_UITGEVOERD, DecisionKind.SANCTIE, withdrawn=True)
    assert result(status=CaseStatus.AFGEHANDELD, cim_object=controle, decisions=[withdrawn]) == (
        CaseResult.TOEZICHT_UITGEVOERD
    )


# --- the loaded list ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "P5Y", "P1Y6M"])
def test_a_stored_term_may_be_blank_or_a_duration(value: str) -> None:
    archive.validate_duration(value)


@pytest.mark.django_db
def test_a_stored_term_that_closing_could_not_read_is_refused() -> None:
    # A rule with such a term would otherwise fail every closure of its cases.
    rule = RetentionRule.objects.first()
    assert rule is not None
    rule.process_term = "5 jaar"
    with pytest.raises(ValidationError) as refused:
        rule.full_clean()
    assert refused.value.error_dict["process_term"][0].code == "invalid_duration"

    selection = SelectionListResult.objects.get(number="11.2")
    selection.retention_term = "PT5H"
    with pytest.raises(ValidationError) as refused:
        selection.full_clean()
    assert "PT5H is geen ISO 8601-duur" in refused.value.messages[0]


@override_settings(ARCHIVE_TRANSFER_TERM="twintig jaar")
def test_a_bad_transfer_term_setting_fails_the_system_check() -> None:
    errors = check_archive_transfer_term()
    assert [error.id for error in errors] == ["grip.cases.E001"]
    assert "'twintig jaar'" in errors[0].msg


def test_the_default_transfer_term_passes_the_system_check() -> None:
    assert check_archive_transfer_term() == []


@pytest.mark.django_db
def test_the_selection_list_is_loaded_without_the_two_lapsed_rows() -> None:
    assert SelectionListProcessType.objects.filter(year=2017).count() == 29
    assert SelectionListProcessType.objects.filter(year=2020).count() == 29
    results = SelectionListResult.objects.all()
    assert results.count() == 346 - 2
    assert results.filter(generic__isnull=True).count() == 94
    assert not results.filter(number__in=["7.1.20", "19.1.13"]).exists()
    assert set(results.values_list("process_type__year", flat=True)) == {2017}
    assert results.values("number").distinct().count() == 344

    permit = results.get(number="11.1.6")
    assert permit.valuation == ArchiveNomination.BLIJVEND_BEWAREN
    assert permit.retention_term == ""
    # the uuid is the key a ZGW selectielijstklasse URL ends with (fixture pk 166)
    assert str(permit.uuid) == "de0cade3-a070-4ae0-9ba6-41256c4bc0f8"
    assert permit.generic is not None
    assert permit.generic.number == "11.1"
    assert permit.process_type.number == 11
    assert permit.process_type.name == "Toestemming verlenen"

    refused = results.get(number="11.2")
    assert (refused.valuation, refused.process_term, refused.retention_term) == (
        ArchiveNomination.VERNIETIGEN,
        "nihil",
        "P5Y",
    )
    assert refused.name == "Geweigerd"
    assert refused.generic is None
    assert str(refused.uuid) == "bcd33d3a-4a34-4143-9569-4d161ea6da6b"
    destruction = results.get(number="19.1.18")
    assert destruction.valuation == ArchiveNomination.BLIJVEND_BEWAREN
    assert str(destruction.uuid) == "886e8b38-cf3e-4de5-8aae-ff2be7cd30dc"
    assert results.get(number="12.1.4").process_term == ""  # pk 188 lacks one
    assert results.get(number="12.1.11").retention_term == "P20Y"
    assert results.get(number="12.2.5").retention_term == "P7Y"
    assert results.get(number="11.1").process_term == "bestaansduur_procesobject"


@pytest.mark.django_db
def test_the_proposed_rules_and_the_decision_types_results_are_loaded() -> None:
    codes = set(RetentionRule.objects.values_list("case_type_code", flat=True))
    assert codes == set(CaseType.objects.values_list("code", flat=True))
    rule = RetentionRule.objects.get(
        case_type_code="aanvraag-omgevingsvergunning", result="verleend"
    )
    assert (rule.selection_list_result.number, rule.valid_from) == ("11.1.6", D(2020, 1, 1))
    maatwerk = RetentionRule.objects.get(
        case_type_code="aanvraag-maatwerkvoorschrift", result="verleend"
    )
    assert maatwerk.afleidingswijze == Afleidingswijze.VERVALDATUM_BESLUIT
    assert dict(DecisionType.objects.values_list("code", "result")) == {
        "omgevingsvergunning-verlenen": "verleend",
        "omgevingsvergunning-weigeren": "geweigerd",
        "maatwerkvoorschrift-stellen": "verleend",
        "maatwerkvoorschrift-weigeren": "geweigerd",
        "handhavingsverzoek-toewijzen": "handhaving_uitgevoerd",
        "handhavingsverzoek-afwijzen": "afgewezen",
        "last-onder-dwangsom": "handhaving_uitgevoerd",
        "last-onder-bestuursdwang": "handhaving_uitgevoerd",
        "invordering-dwangsom": "handhaving_uitgevoerd",
        "bestuurlijke-boete": "handhaving_uitgevoerd",
        "besluit-op-bezwaar": "afgehandeld",
    }


# --- closure through the services ------------------------------------------------------------


def decide(world: CaseHandlers, case: Case, code: str, on: datetime.date) -> None:
    with transaction.atomic():
        services.decision_record(
            actor=world.officer,
            case=case,
            decision_type=decision_type(code),
            decision_date=on,
            summary="Besloten.",
            signer_function=Function.objects.get(code="vergunningverlener"),
            namens="Namens het college,",
        )


def close(
    world: CaseHandlers, case: Case, on: datetime.date, status: str = CaseStatus.AFGEHANDELD
) -> Case:
    services.status_change(actor=world.officer, case=case, to_status=status, on=on)
    case.refresh_from_db()
    return case


def archived(case: Case) -> tuple[Any, ...]:
    return (
        case.result,
        case.selection_list_result.number if case.selection_list_result else None,
        case.archive_nomination,
        case.archive_source_date,
        case.archive_action_date,
        case.archive_status,
    )


NOG = ArchiveStatus.NOG_TE_ARCHIVEREN
BLIJVEND, VERNIETIGEN = ArchiveNomination.BLIJVEND_BEWAREN, ArchiveNomination.VERNIETIGEN


@pytest.mark.django_db
def test_a_granted_permit_is_kept_and_transferred_twenty_years_after_closure(
    cases: CaseHandlers,
) -> None:
    case = cases.case()
    decide(cases, case, "omgevingsvergunning-verlenen", D(2026, 4, 1))
    case.refresh_from_db()
    assert case.result == ""
    assert case.archive_action_date is None
    case = close(cases, case, D(2026, 4, 8))
    assert archived(case) == (
        "verleend",
        "11.1.6",
        BLIJVEND,
        D(2026, 4, 8),
        D(2046, 4, 8),
        NOG,
    )
    record = AuditRecord.objects.filter(object_id=str(case.pk), action="update").first()
    assert record is not None
    assert record.after is not None
    assert record.after["archive_action_date"] == "2046-04-08"
    assert record.after["result"] == "verleend"


@pytest.mark.django_db
@override_settings(ARCHIVE_TRANSFER_TERM="P10Y")
def test_the_transfer_term_is_a_setting(cases: CaseHandlers) -> None:
    case = cases.case(code="aanvraag-omgevingsvergunning-uitgebreid")
    services.status_change(actor=cases.officer, case=case, to_status=CaseStatus.ONTWERPBESLUIT)
    decide(cases, case, "omgevingsvergunning-verlenen", D(2026, 4, 1))
    case = close(cases, case, D(2026, 4, 8))
    assert archived(case)[1:5] == ("11.1.6", BLIJVEND, D(2026, 4, 8), D(2036, 4, 8))


@pytest.mark.django_db
def test_a_refused_permit_is_destroyed_five_years_after_closure(cases: CaseHandlers) -> None:
    case = cases.case()
    decide(cases, case, "omgevingsvergunning-weigeren", D(2026, 4, 1))
    case = close(cases, case, D(2026, 4, 10))
    assert archived(case) == (
        "geweigerd",
        "11.2",
        VERNIETIGEN,
        D(2026, 4, 10),
        D(2031, 4, 10),
        NOG,
    )


@pytest.mark.django_db
def test_withdrawn_and_not_considered_applications_are_destroyed_after_a_year(
    cases: CaseHandlers,
) -> None:
    withdrawn = close(cases, cases.case(), D(2026, 3, 20), CaseStatus.INGETROKKEN)
    assert archived(withdrawn) == (
        "ingetrokken",
        "11.4",
        VERNIETIGEN,
        D(2026, 3, 20),
        D(2027, 3, 20),
        NOG,
    )
    # Withdrawn before it was taken into handling: the same closing path.
    early = cases.case(in_progress=False)
    early = close(cases, early, D(2026, 3, 3), CaseStatus.INGETROKKEN)
    assert archived(early)[:1] + archived(early)[4:5] == ("ingetrokken", D(2027, 3, 3))

    incomplete = cases.case()
    services.suspend(actor=cases.officer, case=incomplete, start=D(2026, 3, 10))
    incomplete = close(cases, incomplete, D(2026, 4, 10), CaseStatus.BUITEN_BEHANDELING)
    assert archived(incomplete) == (
        "afgebroken",
        "11.4",
        VERNIETIGEN,
        D(2026, 4, 10),
        D(2027, 4, 10),
        NOG,
    )


@pytest.mark.django_db
def test_an_inspection_without_sanction_is_supervision_kept_twenty_years(
    cases: CaseHandlers,
) -> None:
    case = cases.case(code="controle", received_on=D(2026, 1, 12))
    case = close(cases, case, D(2026, 1, 30))
    assert archived(case) == (
        "toezicht_uitgevoerd",
        "12.1.11",
        VERNIETIGEN,
        D(2026, 1, 30),
        D(2046, 1, 30),
        NOG,
    )


@pytest.mark.django_db
def test_an_inspection_with_a_sanction_is_enforcement_kept_ten_years(cases: CaseHandlers) -> None:
    case = cases.case(code="controle", received_on=D(2026, 1, 12))
    decide(cases, case, "last-onder-dwangsom", D(2026, 2, 2))
    case = close(cases, case, D(2026, 2, 27))
    assert archived(case) == (
        "handhaving_uitgevoerd",
        "12.2",
        VERNIETIGEN,
        D(2026, 2, 27),
        D(2036, 2, 27),
        NOG,
    )


@pytest.mark.django_db
def test_enforcement_requests_granted_and_refused(cases: CaseHandlers) -> None:
    granted = cases.case(code="handhavingsverzoek")
    decide(cases, granted, "handhavingsverzoek-toewijzen", D(2026, 4, 1))
    granted = close(cases, granted, D(2026, 4, 3))
    assert archived(granted)[:5] == (
        "handhaving_uitgevoerd",
        "12.2",
        VERNIETIGEN,
        D(2026, 4, 3),
        D(2036, 4, 3),
    )
    refused = cases.case(code="handhavingsverzoek")
    decide(cases, refused, "handhavingsverzoek-afwijzen", D(2026, 4, 1))
    refused = close(cases, refused, D(2026, 4, 3))
    assert archived(refused)[:5] == ("afgewezen", "12.1", VERNIETIGEN, D(2026, 4, 3), D(2031, 4, 3))


@pytest.mark.django_db
def test_advice_and_complaints(cases: CaseHandlers) -> None:
    advice = close(cases, cases.case(code="adviesverzoek"), D(2026, 3, 16))
    assert archived(advice)[:5] == (
        "verstrekt",
        "21.1",
        VERNIETIGEN,
        D(2026, 3, 16),
        D(2031, 3, 16),
    )
    complaint = close(cases, cases.case(code="milieuklacht"), D(2026, 3, 4))
    assert archived(complaint)[:5] == (
        "afgehandeld",
        "6.1",
        VERNIETIGEN,
        D(2026, 3, 4),
        D(2031, 3, 4),
    )


@pytest.mark.django_db
def test_a_maatwerkvoorschrift_waits_for_the_end_of_the_decision(cases: CaseHandlers) -> None:
    case = cases.case(code="aanvraag-maatwerkvoorschrift")
    decide(cases, case, "maatwerkvoorschrift-stellen", D(2026, 4, 1))
    case = close(cases, case, D(2026, 4, 8))
    assert archived(case) == ("verleend", "11.1", VERNIETIGEN, None, None, NOG)
    assert list(selectors.cases_without_archive_action_date()) == [case]
    assert not selectors.cases_without_retention_rule().exists()
    with pytest.raises(Conflict) as refusal:  # its brondatum is not entered by hand
        services.archive_source_date_set(actor=cases.officer, case=case, source_date=D(2030, 1, 1))
    assert refusal.value.code == "source_date_derived"


def _rule(code: str, result: str, number: str, afleidingswijze: str, term: str = "") -> None:
    RetentionRule.objects.create(
        case_type_code=code,
        result=result,
        selection_list_result=SelectionListResult.objects.get(number=number),
        afleidingswijze=afleidingswijze,
        process_term=term,
        valid_from=D(2026, 1, 1),  # later than the proposed rules: takes over
    )


@pytest.mark.django_db
def test_eigenschap_uses_the_date_the_handler_records(cases: CaseHandlers) -> None:
    _rule("milieuklacht", "afgehandeld", "6.1.6", Afleidingswijze.EIGENSCHAP)  # P5Y
    case = close(cases, cases.case(code="milieuklacht"), D(2026, 3, 4))
    assert archived(case) == ("afgehandeld", "6.1.6", VERNIETIGEN, None, None, NOG)
    assert list(selectors.cases_without_archive_action_date()) == [case]

    case = services.archive_source_date_set(
        actor=cases.officer, case=case, source_date=D(2027, 8, 31)
    )
    case.refresh_from_db()
    assert (case.archive_source_date, case.archive_action_date) == (D(2027, 8, 31), D(2032, 8, 31))
    assert not selectors.cases_without_archive_action_date().exists()
    # A date recorded before closure is kept at closure.
    early = cases.case(code="milieuklacht")
    services.archive_source_date_set(actor=cases.officer, case=early, source_date=D(2026, 6, 30))
    early = close(cases, early, D(2026, 3, 5))
    assert (early.archive_source_date, early.archive_action_date) == (
        D(2026, 6, 30),
        D(2031, 6, 30),
    )


@pytest.mark.django_db
def test_termijn_adds_the_process_term_to_the_closing_date(cases: CaseHandlers) -> None:
    _rule("adviesverzoek", "verstrekt", "21.1.2", Afleidingswijze.TERMIJN, "P1Y6M")  # P10Y
    case = close(cases, cases.case(code="adviesverzoek"), D(2026, 3, 31))
    # brondatum 31 March 2026 + 18 months = 30 September 2027 (clamped); + 10 years
    assert archived(case)[1:5] == ("21.1.2", VERNIETIGEN, D(2027, 9, 30), D(2037, 9, 30))


@pytest.mark.django_db
def test_without_a_rule_the_fields_stay_empty_and_the_case_is_listed(cases: CaseHandlers) -> None:
    RetentionRule.objects.filter(case_type_code="klacht-gedraging").delete()
    case = close(cases, cases.case(code="klacht-gedraging"), D(2026, 3, 20))
    assert archived(case) == ("afgehandeld", None, "", None, None, NOG)
    assert list(selectors.cases_without_retention_rule()) == [case]

    _rule("klacht-gedraging", "afgehandeld", "13.1", Afleidingswijze.AFGEHANDELD)
    case = services.archive_fields_refresh(actor=cases.officer, case=case)
    assert archived(case) == (
        "afgehandeld",
        "13.1",
        VERNIETIGEN,
        D(2026, 3, 20),
        D(2031, 3, 20),
        NOG,
    )
    assert not selectors.cases_without_retention_rule().exists()


@pytest.mark.django_db
def test_a_rule_applies_from_its_date(cases: CaseHandlers) -> None:
    _rule("milieuklacht", "afgehandeld", "6.1.1", Afleidingswijze.AFGEHANDELD)  # P7Y from 2026
    rule = selectors.retention_rule_for(
        case_type_code="milieuklacht", result="afgehandeld", on=D(2025, 12, 31)
    )
    assert rule is not None
    assert rule.selection_list_result.number == "6.1"
    rule = selectors.retention_rule_for(
        case_type_code="milieuklacht", result="afgehandeld", on=D(2026, 1, 1)
    )
    assert rule is not None
    assert rule.selection_list_result.number == "6.1.1"


@pytest.mark.django_db
def test_an_archived_case_keeps_its_source_date(cases: CaseHandlers) -> None:
    case = close(cases, cases.case(code="milieuklacht"), D(2026, 3, 4))
    Case.objects.filter(pk=case.pk).update(archive_status=ArchiveStatus.GEARCHIVEERD)
    with pytest.raises(Conflict) as refusal:
        services.archive_source_date_set(actor=cases.officer, case=case, source_date=D(2026, 5, 1))
    assert refusal.value.code == "archived"
