"""Case services: intake, the state machine, suspension, extension, dossier, tenancy."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.http import Http404

from grip.cases import selectors, services
from grip.cases.constants import TRANSITIONS, CaseStatus, Procedure
from grip.cases.models import Case, CaseStatusChange, EquatedDay, Extension
from grip.cases.tests.factories import CaseHandlers, case_type
from grip.core.classification import Confidentiality
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.models import AuditRecord
from grip.participants.models import ParticipantMembership

pytestmark = pytest.mark.django_db

RECEIVED = datetime.date(2026, 3, 2)  # a Monday


def test_intake_computes_the_due_date_and_starts_the_history(cases: CaseHandlers) -> None:
    case = cases.case(in_progress=False)

    assert case.identification == "Z-2026-000001"
    assert case.status == CaseStatus.ONTVANGEN
    # + 8 weeks is Monday 27 April 2026, King's Day: the term runs on to Tuesday (Atw art. 1).
    assert case.original_due_on == case.due_on == datetime.date(2026, 4, 28)
    assert case.team is not None
    assert case.team.code == "vergunningverlening"
    assert [c.status for c in case.status_history.all()] == [CaseStatus.ONTVANGEN]
    assert AuditRecord.objects.filter(object_id=str(case.pk), action="create").exists()
    assert cases.case(in_progress=False).identification == "Z-2026-000002"


def test_intake_refuses_a_site_of_another_participant_and_no_location(
    cases: CaseHandlers,
) -> None:
    with pytest.raises(DomainError, match="toezichtobject of een locatie"):
        cases.case(location_description="")


def test_intake_refuses_a_future_receipt_and_an_invalid_case_type(cases: CaseHandlers) -> None:
    with pytest.raises(DomainError, match="toekomst"):
        cases.case(received_on=datetime.date(2099, 1, 1))
    with pytest.raises(DomainError, match="niet geldig"):
        # The Bal's melding exists since 2024; a Wabo permit application of 2023 is fine.
        cases.case(code="melding-bal", received_on=datetime.date(2023, 6, 1))
    assert cases.case(received_on=datetime.date(2023, 6, 1), regime="wabo").pk


def test_a_participant_user_does_not_take_in_cases(cases: CaseHandlers) -> None:
    with pytest.raises(NotAllowed):
        cases.case(actor=cases.participant_user)


def test_suspension_moves_the_due_date_by_its_length_and_resumption_restarts_the_clock(
    cases: CaseHandlers,
) -> None:
    case = cases.case()
    services.suspend(actor=cases.officer, case=case, start=datetime.date(2026, 3, 10))
    assert case.status == CaseStatus.OPGESCHORT

    services.resume(actor=cases.officer, case=case, end=datetime.date(2026, 3, 24))

    assert case.status == CaseStatus.IN_BEHANDELING
    assert case.original_due_on == datetime.date(2026, 4, 28)
    # 14 days suspended: 27 April + 14 = Monday 11 May 2026, no longer on King's Day.
    assert case.due_on == datetime.date(2026, 5, 11)
    assert list(case.status_history.values_list("status", flat=True)) == [
        CaseStatus.ONTVANGEN,
        CaseStatus.IN_BEHANDELING,
        CaseStatus.OPGESCHORT,
        CaseStatus.IN_BEHANDELING,
    ]


def test_resume_before_the_suspension_and_without_one_are_refused(cases: CaseHandlers) -> None:
    case = cases.case()
    with pytest.raises(Conflict, match="niet opgeschort"):
        services.resume(actor=cases.officer, case=case, end=datetime.date(2026, 3, 5))
    services.suspend(actor=cases.officer, case=case, start=datetime.date(2026, 3, 10))
    with pytest.raises(DomainError, match="vóór de opschorting"):
        services.resume(actor=cases.officer, case=case, end=datetime.date(2026, 3, 9))


def test_extension_in_time_moves_the_due_date_and_a_second_is_refused(cases: CaseHandlers) -> None:
    case = cases.case()

    services.extend(
        actor=cases.officer,
        case=case,
        decided_on=datetime.date(2026, 4, 20),
        weeks=6,
        reason="Advies van de veiligheidsregio nodig.",
    )

    assert case.due_on == datetime.date(2026, 6, 8)  # 27 April + 6 weeks
    with pytest.raises(Conflict) as refusal:
        services.extend(
            actor=cases.officer,
            case=case,
            decided_on=datetime.date(2026, 4, 21),
            weeks=1,
            reason="Nog een keer.",
        )
    assert refusal.value.code == "extension_refused"


def test_a_late_extension_is_refused_with_the_reason_and_writes_nothing(
    cases: CaseHandlers,
) -> None:
    case = cases.case()
    records = AuditRecord.objects.count()

    with pytest.raises(Conflict) as refusal:
        services.extend(
            actor=cases.officer,
            case=case,
            decided_on=datetime.date(2026, 4, 29),
            weeks=6,
            reason="Te laat.",
        )

    assert "28 april 2026" in refusal.value.message
    assert AuditRecord.objects.count() == records
    case.refresh_from_db()
    assert case.due_on == datetime.date(2026, 4, 28)
    assert not Extension.objects.filter(case=case).exists()


def test_an_extension_longer_than_the_case_type_allows_is_refused(cases: CaseHandlers) -> None:
    case = cases.case()
    with pytest.raises(Conflict, match="6 weken"):
        services.extend(
            actor=cases.officer,
            case=case,
            decided_on=datetime.date(2026, 4, 1),
            weeks=8,
            reason="Lang.",
        )


def test_equated_days_are_data_that_move_a_due_date(cases: CaseHandlers) -> None:
    # Received 20 April 2026 + 8 weeks = Monday 15 June. Equate that Monday (as a test).
    EquatedDay.objects.create(date=datetime.date(2026, 6, 15), name="test")
    case = cases.case(received_on=datetime.date(2026, 4, 20))
    assert case.due_on == datetime.date(2026, 6, 16)


@pytest.mark.parametrize(
    ("procedure", "code"),
    [
        (Procedure.REGULIER, "aanvraag-omgevingsvergunning"),
        (Procedure.UITGEBREID, "aanvraag-omgevingsvergunning-uitgebreid"),
        (Procedure.MELDING, "melding-bal"),
        (Procedure.AWB_4_13, "handhavingsverzoek"),
        (Procedure.AWB_9_11, "klacht-gedraging"),
        (Procedure.GEEN, "milieuklacht"),
    ],
)
def test_the_state_machine_refuses_every_illegal_transition(
    cases: CaseHandlers, procedure: str, code: str
) -> None:
    case = cases.case(code=code, in_progress=False)
    assert case.case_type.procedure == procedure
    allowed = TRANSITIONS[procedure][CaseStatus.ONTVANGEN]
    for status in CaseStatus.values:
        if status in allowed:
            continue
        with pytest.raises(Conflict):
            services.status_change(actor=cases.officer, case=case, to_status=status, on=RECEIVED)
    assert CaseStatusChange.objects.filter(case=case).count() == 1


def test_the_extended_procedure_puts_a_draft_decision_up_before_signing(
    cases: CaseHandlers,
) -> None:
    case = cases.case(code="aanvraag-omgevingsvergunning-uitgebreid")
    with pytest.raises(Conflict):
        services.status_change(
            actor=cases.officer, case=case, to_status=CaseStatus.AFGEHANDELD, on=RECEIVED
        )
    services.status_change(
        actor=cases.officer, case=case, to_status=CaseStatus.ONTWERPBESLUIT, on=RECEIVED
    )
    assert case.status == CaseStatus.ONTWERPBESLUIT


def test_signing_and_suspending_are_not_plain_status_changes(cases: CaseHandlers) -> None:
    case = cases.case()
    for status in (CaseStatus.BESLOTEN, CaseStatus.OPGESCHORT):
        with pytest.raises(Conflict, match="volgt uit"):
            services.status_change(actor=cases.officer, case=case, to_status=status)


def test_not_completing_in_time_ends_the_case_and_the_suspension(cases: CaseHandlers) -> None:
    case = cases.case()
    services.suspend(actor=cases.officer, case=case, start=datetime.date(2026, 3, 10))
    services.status_change(
        actor=cases.officer,
        case=case,
        to_status=CaseStatus.BUITEN_BEHANDELING,
        on=datetime.date(2026, 4, 10),
    )
    assert case.closed_on == datetime.date(2026, 4, 10)
    assert case.suspensions.get().end == datetime.date(2026, 4, 10)


def test_documents_keep_a_checksum_and_the_clearance_hides_them(cases: CaseHandlers) -> None:
    case = cases.case()
    public = services.document_add(
        actor=cases.officer,
        case=case,
        title="Aanvraagformulier",
        document_type="aanvraag",
        upload=ContentFile(b"aanvraag", name="aanvraag.pdf"),
        confidentiality=Confidentiality.OPENBAAR,
    )
    secret = services.document_add(
        actor=cases.officer,
        case=case,
        title="Politierapport",
        document_type="rapport",
        upload=ContentFile(b"rapport", name="rapport.pdf"),
        confidentiality=Confidentiality.CONFIDENTIEEL,
    )

    assert public.size == 8
    assert len(public.sha256) == 64
    assert public.file.read() == b"aanvraag"
    assert set(selectors.document_list_for(user=cases.officer, case=case)) == {public, secret}
    assert list(selectors.document_list_for(user=cases.participant_user, case=case)) == [public]
    with pytest.raises(Http404):
        selectors.document_detail_for(user=cases.participant_user, pk=secret.pk)
    ParticipantMembership.objects.filter(user=cases.participant_user).update(
        clearance=Confidentiality.GEHEIM
    )
    assert selectors.document_detail_for(user=cases.participant_user, pk=secret.pk) == secret


def test_an_empty_file_is_refused(cases: CaseHandlers) -> None:
    with pytest.raises(DomainError, match="leeg"):
        services.document_add(
            actor=cases.officer,
            case=cases.case(),
            title="Leeg",
            document_type="overig",
            upload=ContentFile(b"", name="leeg.txt"),
        )


def test_a_file_above_the_limit_is_refused_and_not_stored(
    cases: CaseHandlers, settings: Any
) -> None:
    settings.GRIP_DOCUMENT_MAX_MB = 1
    case = cases.case()
    with pytest.raises(DomainError, match="groter dan 1 MB"):
        services.document_add(
            actor=cases.officer,
            case=case,
            title="Te groot",
            document_type="overig",
            upload=ContentFile(b"x" * (1024 * 1024 + 1), name="groot.bin"),
        )
    assert not case.documents.exists()


def test_participant_users_see_only_their_own_cases(cases: CaseHandlers, make_user: Any) -> None:
    own = cases.case()
    other = cases.case(participant=cases.asten, location_description="Markt 1, Asten")
    asten_user = make_user(participant=cases.asten)

    assert list(selectors.case_list_for(user=cases.participant_user)) == [own]
    assert list(selectors.case_list_for(user=asten_user)) == [other]
    with pytest.raises(Http404):
        selectors.case_detail_for(user=asten_user, pk=own.pk)
    assert selectors.case_list_for(user=cases.officer).count() == 2


def test_relations_stay_within_one_participant(cases: CaseHandlers) -> None:
    first = cases.case()
    second = cases.case(code="handhavingsverzoek")
    services.relate(actor=cases.officer, case=first, other=second)
    assert [
        case for _kind, case in selectors.related_cases_for(user=cases.officer, case=second)
    ] == [first]
    other = cases.case(participant=cases.asten, location_description="Markt 1, Asten")
    with pytest.raises(DomainError):
        services.relate(actor=cases.officer, case=first, other=other)


def test_the_due_filters_and_counts(cases: CaseHandlers) -> None:
    today = datetime.date(2026, 4, 20)
    overdue = cases.case(received_on=datetime.date(2026, 1, 5))  # due 2 March
    soon = cases.case(received_on=datetime.date(2026, 2, 27))  # due 24 April
    suspended = cases.case(received_on=datetime.date(2026, 3, 2))
    services.suspend(actor=cases.officer, case=suspended, start=datetime.date(2026, 3, 4))

    def ids(due: str) -> set[int]:
        return {
            case.pk for case in selectors.case_list_for(user=cases.officer, due=due, today=today)
        }

    assert ids("verlopen") == {overdue.pk}
    assert ids("bijna") == {soon.pk}
    assert ids("opgeschort") == {suspended.pk}
    counts = selectors.case_counts_for(user=cases.officer, today=today)
    assert counts == {"verlopen": 1, "bijna": 1, "op_tijd": 0, "opgeschort": 1, "open": 3}


def test_the_case_deadline_flags_the_penalty_claim_after_a_notice_of_default(
    cases: CaseHandlers,
) -> None:
    case = cases.case(received_on=datetime.date(2026, 1, 5))  # due Monday 2 March
    services.notice_of_default_record(
        actor=cases.officer, case=case, received_on=datetime.date(2026, 3, 3)
    )
    case.refresh_from_db()

    info = selectors.case_deadline(case, today=datetime.date(2026, 4, 1))

    assert info.status is not None
    assert info.status.state == "verlopen"
    assert info.penalty_claim is not None
    assert info.penalty_claim.amount > Decimal(0)
    assert not info.permit_by_default_risk  # an Omgevingswet case


def test_wabo_regular_cases_flag_the_permit_by_default(cases: CaseHandlers) -> None:
    case = cases.case(received_on=datetime.date(2026, 1, 5), regime="wabo")
    info = selectors.case_deadline(case, today=datetime.date(2026, 4, 1))
    assert info.permit_by_default_risk
    assert info.penalty_claim is None


def test_saved_views_belong_to_their_user(cases: CaseHandlers) -> None:
    view = services.saved_view_set(actor=cases.officer, name="Mijn termijnen", query="due=bijna")
    again = services.saved_view_set(
        actor=cases.officer, name="Mijn termijnen", query="due=verlopen"
    )
    assert again.pk == view.pk
    assert again.query == "due=verlopen"
    assert list(selectors.saved_views_of(user=cases.jurist)) == []
    with pytest.raises(NotAllowed):
        services.saved_view_delete(actor=cases.jurist, view=view)
    services.saved_view_delete(actor=cases.officer, view=view)


def test_every_case_type_of_the_reference_data_is_valid(db: Any) -> None:
    from grip.cases.models import CaseType

    for item in CaseType.objects.all():
        item.full_clean()
    assert case_type("melding-bal").statutory is False
    assert Case.objects.count() == 0


def test_a_new_case_type_version_takes_over_and_old_cases_keep_theirs(cases: CaseHandlers) -> None:
    old_case = cases.case()
    current = case_type("aanvraag-omgevingsvergunning")

    new = services.case_type_new_version(
        actor=cases.beheerder,
        case_type=current,
        valid_from=datetime.date(2026, 4, 1),
        data={"term_weeks": 10, "name": "Aanvraag omgevingsvergunning (nieuw)"},
    )

    current.refresh_from_db()
    assert (new.version, new.term_weeks) == (2, 10)
    assert current.valid_to == datetime.date(2026, 3, 31)
    assert set(new.decision_types.all()) == set(current.decision_types.all())
    old_case.refresh_from_db()
    assert old_case.case_type == current
    assert old_case.due_on == datetime.date(2026, 4, 28)
    with pytest.raises(Conflict):  # only the latest version gets a successor
        services.case_type_new_version(
            actor=cases.beheerder, case_type=current, valid_from=datetime.date(2026, 5, 1), data={}
        )
    with pytest.raises(NotAllowed):
        services.case_type_new_version(
            actor=cases.officer, case_type=new, valid_from=datetime.date(2026, 6, 1), data={}
        )


def test_a_case_type_is_created_once_and_validated(cases: CaseHandlers) -> None:
    created = services.case_type_create(
        actor=cases.beheerder,
        code="aanvraag-ontheffing",
        valid_from=datetime.date(2026, 1, 1),
        data={
            "name": "Aanvraag ontheffing",
            "cim_object": "verzoek",
            "plichttype": "aanvraag_vergunning",
            "procedure": "regulier",
            "term_weeks": 8,
            "max_extension_weeks": 6,
        },
    )
    assert created.version == 1
    with pytest.raises(Conflict):
        services.case_type_create(
            actor=cases.beheerder, code="aanvraag-ontheffing", valid_from=RECEIVED, data={}
        )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):  # a Verzoek without plichttype
        services.case_type_create(
            actor=cases.beheerder,
            code="zonder-plichttype",
            valid_from=RECEIVED,
            data={"name": "X", "cim_object": "verzoek", "procedure": "regulier", "term_weeks": 8},
        )


def test_an_equated_day_recomputes_the_open_cases_it_touches(cases: CaseHandlers) -> None:
    case = cases.case(received_on=datetime.date(2026, 4, 20))  # due Monday 15 June
    services.equated_day_add(
        actor=cases.beheerder, day=datetime.date(2026, 6, 15), name="Gelijkgesteld (test)"
    )
    case.refresh_from_db()
    assert case.due_on == datetime.date(2026, 6, 16)
    with pytest.raises(Conflict):
        services.equated_day_add(actor=cases.beheerder, day=datetime.date(2026, 6, 15), name="x")
