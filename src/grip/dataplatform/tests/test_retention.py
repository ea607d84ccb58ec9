"""Destruction and transfer lists: which cases are proposed, the life cycle with four eyes, and
carrying out a list (everything of the case deleted, or nothing at all)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from grip.cases import services as case_services
from grip.cases.constants import (
    ArchiveNomination,
    ArchiveStatus,
    CaseResult,
    CaseStatus,
    DocumentType,
    RelationKind,
)
from grip.cases.models import (
    Case,
    CaseRelation,
    CaseStatusChange,
    Decision,
    Document,
    Suspension,
)
from grip.cases.tests.factories import decision_type
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.models import AuditRecord, User
from grip.dataplatform import retention
from grip.dataplatform.models import (
    DestructionList,
    DestructionListItem,
    DestructionListStatus,
    DestructionRecord,
    ListKind,
)
from grip.hours import services as hour_services
from grip.mandates import services as mandate_services
from grip.mandates.models import DecisionMandate
from grip.mandates.tests.factories import CaseWorld
from grip.organisation.roles import role_group

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAST = TODAY - datetime.timedelta(days=10)
FUTURE = TODAY + datetime.timedelta(days=10)
CLOSED_ON = datetime.date(2026, 4, 20)


def close(
    case: Case,
    *,
    nomination: str = ArchiveNomination.VERNIETIGEN,
    action_date: datetime.date = PAST,
) -> Case:
    """What the closure writes (another part of Grip computes it): set directly."""
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.AFGEHANDELD,
        closed_on=CLOSED_ON,
        result=CaseResult.GEWEIGERD,
        archive_nomination=nomination,
        archive_action_date=action_date,
        archive_status=ArchiveStatus.GEARCHIVEERD,
    )
    case.refresh_from_db()
    return case


def closed_case(world: CaseWorld, **kwargs: Any) -> Case:
    subject = kwargs.pop("subject", "Uitbreiding opslag")
    return close(world.case(subject=subject), **kwargs)


@pytest.fixture
def archivist(make_user: Any) -> Any:
    return make_user("archivaris")


def _identifications(cases: list[Case]) -> list[str]:
    return [case.identification for case in cases]


# -- Candidates --------------------------------------------------------------------------------


def test_a_case_past_its_action_date_is_proposed_and_one_due_later_is_not(
    cases: CaseWorld,
) -> None:
    due = closed_case(cases, action_date=PAST)
    on_the_day = closed_case(cases, action_date=TODAY)
    closed_case(cases, action_date=FUTURE)
    cases.case()  # running: never proposed

    candidates = retention.proposal_candidates(ListKind.DESTROY, TODAY)

    assert _identifications(candidates) == [due.identification, on_the_day.identification]
    assert _identifications(retention.proposal_candidates(ListKind.DESTROY, PAST)) == [
        due.identification
    ]


def test_a_case_kept_permanently_goes_on_a_transfer_list_never_on_a_destruction_list(
    cases: CaseWorld,
) -> None:
    permanent = closed_case(cases, nomination=ArchiveNomination.BLIJVEND_BEWAREN)
    destroy = closed_case(cases)

    assert _identifications(retention.proposal_candidates(ListKind.DESTROY, TODAY)) == [
        destroy.identification
    ]
    assert _identifications(retention.proposal_candidates(ListKind.TRANSFER, TODAY)) == [
        permanent.identification
    ]
    Case.objects.filter(pk=permanent.pk).update(archive_status=ArchiveStatus.OVERGEDRAGEN)
    assert retention.proposal_candidates(ListKind.TRANSFER, TODAY) == []


def test_a_case_with_a_running_related_case_is_left_out_until_that_one_closes(
    cases: CaseWorld,
) -> None:
    decided = closed_case(cases)
    objection = cases.case(code="bezwaarschrift", subject="Bezwaar tegen de weigering")
    case_services.relate(
        actor=cases.officer, case=objection, other=decided, kind=RelationKind.BEZWAAR
    )

    assert retention.proposal_candidates(ListKind.DESTROY, TODAY) == []
    blocked = retention.blocked_cases(ListKind.DESTROY, TODAY)
    assert [(case.identification, len(reasons)) for case, reasons in blocked] == [
        (decided.identification, 1)
    ]
    assert "gerelateerde zaak" in blocked[0][1][0]

    close(objection, action_date=FUTURE)
    assert _identifications(retention.proposal_candidates(ListKind.DESTROY, TODAY)) == [
        decided.identification
    ]


def test_a_case_with_hours_booked_on_it_is_left_out(cases: CaseWorld) -> None:
    booked = closed_case(cases)
    hour_services.case_target(actor=cases.officer, case=booked, year=2026)

    assert retention.proposal_candidates(ListKind.DESTROY, TODAY) == []
    (case, reasons), *rest = retention.blocked_cases(ListKind.DESTROY, TODAY)
    assert (case, rest) == (booked, [])
    assert reasons == ["1 × boekingsdoel buiten de zaak verwijst ernaar (zaak)."]


def test_a_case_already_on_a_list_is_not_proposed_again_unless_excluded_there(
    cases: CaseWorld,
) -> None:
    first = closed_case(cases)
    destruction_list = retention.destruction_list_propose(
        actor=cases.beheerder, kind=ListKind.DESTROY, reference_date=TODAY, name="Lijst 1"
    )
    assert retention.proposal_candidates(ListKind.DESTROY, TODAY) == []
    with pytest.raises(DomainError) as refusal:
        retention.destruction_list_propose(
            actor=cases.beheerder, kind=ListKind.DESTROY, reference_date=TODAY, name="Lijst 2"
        )
    assert refusal.value.code == "no_candidates"

    item = destruction_list.items.get()
    retention.item_exclude(actor=cases.beheerder, item=item, reason="Nog in procedure bij RvS")
    assert retention.proposal_candidates(ListKind.DESTROY, TODAY) == [first]


def test_an_excluded_case_is_taken_back_unless_another_list_took_it(cases: CaseWorld) -> None:
    closed_case(cases)
    destruction_list = retention.destruction_list_propose(
        actor=cases.beheerder, kind=ListKind.DESTROY, reference_date=TODAY, name="Lijst 1"
    )
    item = destruction_list.items.get()
    with pytest.raises(DomainError) as no_reason:
        retention.item_exclude(actor=cases.beheerder, item=item, reason=" ")
    assert (no_reason.value.field, no_reason.value.code) == ("exclusion_reason", "required")

    excluded = retention.item_exclude(actor=cases.beheerder, item=item, reason=" Bezwaar ")
    assert (excluded.excluded, excluded.exclusion_reason) == (True, "Bezwaar")
    included = retention.item_include(actor=cases.beheerder, item=item)
    assert (included.excluded, included.exclusion_reason) == (False, "")
    updates = AuditRecord.objects.filter(
        content_type__model="destructionlistitem", object_id=str(item.pk), action="update"
    )
    assert updates.count() == 2

    retention.item_exclude(actor=cases.beheerder, item=item, reason="Bezwaar")
    retention.destruction_list_propose(
        actor=cases.beheerder, kind=ListKind.DESTROY, reference_date=TODAY, name="Lijst 2"
    )
    with pytest.raises(Conflict) as taken:
        retention.item_include(actor=cases.beheerder, item=item)
    assert taken.value.code == "on_other_list"
    assert destruction_list.items.get().excluded


def test_a_proposal_copies_what_identifies_each_case(cases: CaseWorld) -> None:
    case = closed_case(cases)

    destruction_list = retention.destruction_list_propose(
        actor=cases.beheerder, kind=ListKind.DESTROY, reference_date=TODAY, name="Lijst"
    )

    item = destruction_list.items.get()
    assert (item.identification, item.participant, item.result) == (
        case.identification,
        "Eindhoven",
        "geweigerd",
    )
    assert item.case_type == case.case_type.name
    assert (item.closed_on, item.archive_action_date) == (CLOSED_ON, PAST)
    assert destruction_list.status == DestructionListStatus.CONCEPT
    assert destruction_list.proposed_by == cases.beheerder


# -- Life cycle --------------------------------------------------------------------------------


def test_the_life_cycle_needs_an_archivist_who_did_not_propose(
    cases: CaseWorld, archivist: Any
) -> None:
    case = closed_case(cases)
    cases.beheerder.groups.add(role_group("archivaris"))  # may approve, not their own list
    proposer = User.objects.get(pk=cases.beheerder.pk)  # without the cached permissions
    destruction_list = retention.destruction_list_propose(
        actor=proposer, kind=ListKind.DESTROY, reference_date=TODAY, name="Lijst"
    )
    with pytest.raises(Conflict):  # a concept is not decided
        retention.destruction_list_decide(
            actor=archivist, destruction_list=destruction_list, approve=True
        )
    with pytest.raises(NotAllowed):  # the archivist does not submit
        retention.destruction_list_submit(actor=archivist, destruction_list=destruction_list)
    retention.destruction_list_submit(actor=proposer, destruction_list=destruction_list)

    with pytest.raises(NotAllowed) as own:
        retention.destruction_list_decide(
            actor=proposer, destruction_list=destruction_list, approve=True
        )
    assert own.value.code == "four_eyes"
    with pytest.raises(DomainError) as no_note:
        retention.destruction_list_decide(
            actor=archivist, destruction_list=destruction_list, approve=False, note=" "
        )
    assert no_note.value.field == "note"
    with pytest.raises(Conflict):  # not before approval
        retention.destruction_list_carry_out(actor=proposer, destruction_list=destruction_list)
    assert Case.objects.filter(pk=case.pk).exists()

    decided = retention.destruction_list_decide(
        actor=archivist, destruction_list=destruction_list, approve=True, note="Akkoord."
    )

    assert decided.status == DestructionListStatus.APPROVED
    assert decided.decided_by == archivist
    assert Case.objects.filter(pk=case.pk).exists()  # approval deletes nothing
    item = destruction_list.items.get()
    with pytest.raises(Conflict):  # an approved list no longer changes
        retention.item_exclude(actor=archivist, item=item, reason="Te laat")
    with pytest.raises(NotAllowed):  # the archivist does not carry out
        retention.destruction_list_carry_out(actor=archivist, destruction_list=destruction_list)
    actions = AuditRecord.objects.filter(
        content_type__model="destructionlist", object_id=str(destruction_list.pk)
    ).values_list("action", flat=True)
    assert sorted(actions) == ["create", "update", "update"]


def test_a_rejected_list_keeps_its_note_and_its_cases(cases: CaseWorld, archivist: Any) -> None:
    case = closed_case(cases)
    destruction_list = retention.destruction_list_propose(
        actor=cases.beheerder, kind=ListKind.DESTROY, reference_date=TODAY, name="Lijst"
    )
    retention.destruction_list_submit(actor=cases.beheerder, destruction_list=destruction_list)

    rejected = retention.destruction_list_decide(
        actor=archivist,
        destruction_list=destruction_list,
        approve=False,
        note="Zaak valt onder een lopende Woo-procedure.",
    )

    assert rejected.status == DestructionListStatus.REJECTED
    assert rejected.decision_note == "Zaak valt onder een lopende Woo-procedure."
    with pytest.raises(Conflict):
        retention.destruction_list_carry_out(actor=cases.beheerder, destruction_list=rejected)
    assert Case.objects.filter(pk=case.pk).exists()
    # A rejected list no longer holds the case: the next list may propose it again.
    assert retention.proposal_candidates(ListKind.DESTROY, TODAY) == [case]


# -- Carrying out ------------------------------------------------------------------------------


def _full_case(world: CaseWorld) -> tuple[Case, Case]:
    """A permit case with a document, a suspension, a signed decision (with its mandate
    chain), its status history and a relation to a case that is kept."""
    case = world.case()
    kept = close(world.case(subject="Andere zaak"), action_date=FUTURE)
    case_services.document_add(
        actor=world.officer,
        case=case,
        title="Aanvraag",
        document_type=DocumentType.AANVRAAG,
        upload=SimpleUploadedFile("aanvraag.pdf", b"%PDF-1.4 aanvraag"),
    )
    case_services.suspend(actor=world.officer, case=case, start=datetime.date(2026, 3, 5))
    case_services.resume(actor=world.officer, case=case, end=datetime.date(2026, 3, 9))
    mandate_services.decision_sign(
        actor=world.officer,
        case=Case.objects.get(pk=case.pk),
        decision_type=decision_type("omgevingsvergunning-weigeren"),
        decision_date=datetime.date(2026, 4, 1),
        summary="Vergunning geweigerd.",
    )
    case_services.relate(actor=world.officer, case=case, other=kept)
    return close(case), kept


def _approved(world: CaseWorld, archivist: Any, kind: str = ListKind.DESTROY) -> DestructionList:
    destruction_list = retention.destruction_list_propose(
        actor=world.beheerder, kind=kind, reference_date=TODAY, name="Lijst"
    )
    retention.destruction_list_submit(actor=world.beheerder, destruction_list=destruction_list)
    return retention.destruction_list_decide(
        actor=archivist, destruction_list=destruction_list, approve=True
    )


def test_carrying_out_deletes_the_case_and_everything_of_it_and_keeps_list_and_record(
    cases: CaseWorld, archivist: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case, kept = _full_case(cases)
    document = Document.objects.get(case=case)
    storage, file_name = document.file.storage, document.file.name
    assert storage.exists(file_name)
    history = CaseStatusChange.objects.filter(case=case).count()
    # ontvangen, in behandeling, opgeschort, in behandeling, besloten
    assert history == 5
    destruction_list = _approved(cases, archivist)

    with django_capture_on_commit_callbacks(execute=True):
        record = retention.destruction_list_carry_out(
            actor=cases.beheerder, destruction_list=destruction_list
        )

    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not Decision.objects.filter(case_id=case.pk).exists()
    assert not CaseStatusChange.objects.filter(case_id=case.pk).exists()
    assert not Suspension.objects.filter(case_id=case.pk).exists()
    assert not CaseRelation.objects.filter(target=kept).exists()
    assert DecisionMandate.objects.count() == 0
    assert not storage.exists(file_name)
    assert Case.objects.filter(pk=kept.pk).exists()
    assert record.cases_destroyed == 1
    assert record.identifications == [case.identification]
    assert record.rows_deleted == {
        "cases.Case": 1,
        "cases.CaseRelation": 1,
        "cases.CaseStatusChange": 5,
        "cases.Decision": 1,
        "cases.Document": 1,
        "cases.Suspension": 1,
        "mandates.DecisionMandate": 1,
    }
    assert record.approved_by == (archivist.get_full_name() or archivist.username)
    destruction_list.refresh_from_db()
    assert destruction_list.status == DestructionListStatus.CARRIED_OUT
    item = DestructionListItem.objects.get(destruction_list=destruction_list)
    assert (item.case_id, item.identification) == (None, case.identification)
    audit = AuditRecord.objects.get(
        content_type__model="case", object_id=str(case.pk), action="delete"
    )
    assert audit.before == {
        "identification": case.identification,
        "destruction_list": destruction_list.pk,
    }
    with pytest.raises(Conflict):  # carried out once
        retention.destruction_list_carry_out(
            actor=cases.beheerder, destruction_list=destruction_list
        )


def test_a_failure_while_carrying_out_deletes_nothing(
    cases: CaseWorld, archivist: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, _kept = _full_case(cases)
    document = Document.objects.get(case=case)
    destruction_list = _approved(cases, archivist)

    def fail(**kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(DestructionRecord.objects, "create", fail)
    with pytest.raises(RuntimeError):
        retention.destruction_list_carry_out(
            actor=cases.beheerder, destruction_list=destruction_list
        )

    assert Case.objects.filter(pk=case.pk).exists()
    assert Document.objects.filter(pk=document.pk).exists()
    assert document.file.storage.exists(document.file.name)
    assert Decision.objects.filter(case=case).count() == 1
    assert DecisionMandate.objects.count() == 1
    assert CaseStatusChange.objects.filter(case=case).count() == 5
    destruction_list.refresh_from_db()
    assert destruction_list.status == DestructionListStatus.APPROVED
    assert destruction_list.items.get().case_id == case.pk


def test_a_case_blocked_after_the_approval_is_excluded_not_destroyed(
    cases: CaseWorld, archivist: Any
) -> None:
    case = closed_case(cases)
    other = closed_case(cases)
    destruction_list = _approved(cases, archivist)
    follow_up = cases.case(subject="Vervolg")
    case_services.relate(actor=cases.officer, case=follow_up, other=case)

    record = retention.destruction_list_carry_out(
        actor=cases.beheerder, destruction_list=destruction_list
    )

    assert record.identifications == [other.identification]
    assert Case.objects.filter(pk=case.pk).exists()
    assert not Case.objects.filter(pk=other.pk).exists()
    item = destruction_list.items.get(identification=case.identification)
    assert item.excluded
    assert item.exclusion_reason.startswith("Bij uitvoering uitgezonderd")


def test_carrying_out_a_transfer_list_marks_the_cases_transferred(
    cases: CaseWorld, archivist: Any
) -> None:
    case = closed_case(cases, nomination=ArchiveNomination.BLIJVEND_BEWAREN)
    destruction_list = _approved(cases, archivist, kind=ListKind.TRANSFER)

    record = retention.destruction_list_carry_out(
        actor=cases.beheerder, destruction_list=destruction_list
    )

    case.refresh_from_db()
    assert case.archive_status == ArchiveStatus.OVERGEDRAGEN
    assert record.rows_deleted == {"cases.Case": 1}
    assert record.identifications == [case.identification]
    assert retention.proposal_candidates(ListKind.TRANSFER, TODAY) == []


def test_the_deletion_plan_orders_children_before_parents(cases: CaseWorld) -> None:
    case, _kept = _full_case(cases)

    plan = retention.deletion_plan([case.pk])
    order = [model._meta.label for model in plan.order()]

    assert plan.blockers == []
    assert order.index("mandates.DecisionMandate") < order.index("cases.Decision")
    assert order.index("cases.Decision") < order.index("cases.Case")
    assert order.index("cases.Document") < order.index("cases.Case")
    assert order[-1] == "cases.Case"


def test_the_actions_a_page_offers_follow_status_permission_and_four_eyes(
    cases: CaseWorld, archivist: Any, make_user: Any
) -> None:
    closed_case(cases)
    beheerder = cases.beheerder
    concept = retention.destruction_list_propose(
        actor=beheerder, kind=ListKind.DESTROY, reference_date=TODAY, name="Lijst"
    )
    assert retention.actions_for(beheerder, concept) == retention.ListActions(
        edit=True, submit=True, decide=False, carry_out=False, own_list_waiting=False
    )
    submitted = retention.destruction_list_submit(actor=beheerder, destruction_list=concept)
    assert retention.actions_for(archivist, submitted).decide is True
    assert retention.actions_for(beheerder, submitted).decide is False  # no approve permission
    # An archivist whose own list it is may not decide on it (four eyes).
    other_archivist = make_user("archivaris")
    DestructionList.objects.filter(pk=submitted.pk).update(proposed_by=other_archivist)
    submitted.refresh_from_db()
    own = retention.actions_for(other_archivist, submitted)
    assert (own.decide, own.own_list_waiting, own.edit) == (False, True, True)
