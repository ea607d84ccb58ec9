"""The archive pages: lists, proposal, review by the archivist, carrying out, the record."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grip.cases.constants import ArchiveNomination, ArchiveStatus, CaseResult, CaseStatus
from grip.cases.models import Case
from grip.dataplatform import retention
from grip.dataplatform.models import DestructionList, DestructionListStatus, ListKind
from grip.mandates.tests.factories import CaseWorld

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _closed(world: CaseWorld, subject: str = "Opslag") -> Case:
    case = world.case(subject=subject)
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.AFGEHANDELD,
        closed_on=datetime.date(2026, 4, 20),
        result=CaseResult.GEWEIGERD,
        archive_nomination=ArchiveNomination.VERNIETIGEN,
        archive_action_date=TODAY - datetime.timedelta(days=3),
        archive_status=ArchiveStatus.GEARCHIVEERD,
    )
    case.refresh_from_db()
    return case


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def archivist(make_user: Any) -> Any:
    return make_user("archivaris")


@pytest.fixture
def submitted(cases: CaseWorld) -> DestructionList:
    _closed(cases)
    destruction_list = retention.destruction_list_propose(
        actor=cases.beheerder, kind=ListKind.DESTROY, reference_date=TODAY, name="Lijst november"
    )
    return retention.destruction_list_submit(
        actor=cases.beheerder, destruction_list=destruction_list
    )


def test_the_pages_render_for_the_beheerder_and_the_archivist(
    cases: CaseWorld, archivist: Any, submitted: DestructionList
) -> None:
    for user in (cases.beheerder, archivist):
        client = _client(user)
        index = client.get(reverse("web:destruction-list-index"))
        assert index.status_code == 200
        assert "Lijst november" in index.content.decode()
        assert 'href="/archief/vernietigingslijsten/"' in index.content.decode()  # the menu
        detail = client.get(reverse("web:destruction-list-detail", args=[submitted.pk]))
        assert detail.status_code == 200
        body = detail.content.decode()
        assert submitted.items.get().identification in body
        assert "geweigerd" in body
        unresolved = client.get(reverse("web:archive-unresolved"))
        assert unresolved.status_code == 200
    # Only the beheerder proposes; only the archivist sees the review form.
    assert (
        "lijst-voorstellen"
        in _client(cases.beheerder).get(reverse("web:destruction-list-index")).content.decode()
    )
    assert (
        "lijst-voorstellen"
        not in _client(archivist).get(reverse("web:destruction-list-index")).content.decode()
    )
    detail_url = reverse("web:destruction-list-detail", args=[submitted.pk])
    assert 'id="beoordelen"' in _client(archivist).get(detail_url).content.decode()
    assert 'id="beoordelen"' not in _client(cases.beheerder).get(detail_url).content.decode()


def test_staff_without_the_archive_permissions_and_participant_users_get_403(
    cases: CaseWorld, submitted: DestructionList
) -> None:
    item = submitted.items.get()
    for user in (cases.officer, cases.participant_user):
        client = _client(user)
        for name, args in (
            ("web:destruction-list-index", []),
            ("web:archive-unresolved", []),
            ("web:destruction-list-detail", [submitted.pk]),
        ):
            assert client.get(reverse(name, args=args)).status_code == 403, (user, name)
        for name, args in (
            ("web:destruction-list-propose", []),
            ("web:destruction-list-decide", [submitted.pk]),
            ("web:destruction-list-carry-out", [submitted.pk]),
            ("web:destruction-item-exclude", [item.pk]),
        ):
            assert client.post(reverse(name, args=args), {}).status_code == 403, (user, name)
    submitted.refresh_from_db()
    assert submitted.status == DestructionListStatus.SUBMITTED


def test_the_beheerder_proposes_through_the_page(cases: CaseWorld) -> None:
    case = _closed(cases)

    response = _client(cases.beheerder).post(
        reverse("web:destruction-list-propose"),
        {"kind": ListKind.DESTROY, "reference_date": TODAY.isoformat(), "name": "Lijst Q4"},
    )

    destruction_list = DestructionList.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "web:destruction-list-detail", args=[destruction_list.pk]
    )
    assert destruction_list.name == "Lijst Q4"
    assert list(destruction_list.items.values_list("identification", flat=True)) == [
        case.identification
    ]


def test_a_proposal_without_candidates_is_refused_at_the_field(cases: CaseWorld) -> None:
    response = _client(cases.beheerder).post(
        reverse("web:destruction-list-propose"),
        {"kind": ListKind.DESTROY, "reference_date": TODAY.isoformat(), "name": "Leeg"},
    )

    assert response.status_code == 422
    assert "geen zaken" in response.content.decode()
    assert not DestructionList.objects.exists()


def test_the_archivist_excludes_a_case_and_approves_through_the_page(
    cases: CaseWorld, archivist: Any, submitted: DestructionList
) -> None:
    second = _closed(cases, subject="Tweede")
    # The second case came after the proposal: it is not on this list.
    assert submitted.items.count() == 1
    item = submitted.items.get()
    client = _client(archivist)

    refused = client.post(
        reverse("web:destruction-item-exclude", args=[item.pk]),
        {f"regel{item.pk}-exclusion_reason": ""},
    )
    assert refused.status_code == 422
    no_note = client.post(
        reverse("web:destruction-list-decide", args=[submitted.pk]),
        {"besluit": "afwijzen", "note": ""},
    )
    assert no_note.status_code == 422
    approved = client.post(
        reverse("web:destruction-list-decide", args=[submitted.pk]),
        {"besluit": "goedkeuren", "note": "Akkoord"},
    )

    assert approved.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == DestructionListStatus.APPROVED
    assert submitted.decided_by == archivist
    assert Case.objects.filter(pk=second.pk).exists()
    assert Case.objects.filter(identification=item.identification).exists()  # none deleted


def test_carrying_out_through_the_page_shows_the_record(
    cases: CaseWorld, archivist: Any, submitted: DestructionList
) -> None:
    retention.destruction_list_decide(
        actor=archivist, destruction_list=submitted, approve=True, note=""
    )
    item = submitted.items.get()
    client = _client(cases.beheerder)

    response = client.post(reverse("web:destruction-list-carry-out", args=[submitted.pk]))

    assert response.status_code == 302
    assert not Case.objects.filter(identification=item.identification).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Verklaring van vernietiging" in page
    assert item.identification in page
    assert "cases.Case" in page


def test_a_decision_that_is_neither_approve_nor_reject_changes_nothing(
    archivist: Any, submitted: DestructionList
) -> None:
    response = _client(archivist).post(
        reverse("web:destruction-list-decide", args=[submitted.pk]),
        {"besluit": "misschien", "note": "?"},
    )

    assert response.status_code == 400
    assert "Kies goedkeuren of afwijzen." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == DestructionListStatus.SUBMITTED
    assert submitted.decided_by is None
