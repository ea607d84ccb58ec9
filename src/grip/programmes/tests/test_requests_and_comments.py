"""A participant's request taken into a programme amendment, and comments on a concept version.

``request_to_amendment`` amends the adopted programme of the request's year (or joins the
amendment already in concept); adopting that amendment settles the request as done, discarding
it hands the request back to the account manager. ``comment_add`` is for the participant's own
users and its account manager or deputy, on concept and submitted versions only.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.models import AuditRecord
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants.models import (
    Participant,
    ParticipantRequest,
    RequestKind,
    RequestStatus,
)
from grip.participants.tests.factories import participant_user
from grip.programmes import services
from grip.programmes.constants import VersionStatus
from grip.programmes.models import ProgrammeComment, ProgrammeVersion
from grip.programmes.tests.factories import YEAR, ProgrammeWorld

pytestmark = pytest.mark.django_db

D = datetime.date


def adopted_programme(world: ProgrammeWorld) -> ProgrammeVersion:
    """Eindhoven's programme of YEAR: TH-01 × 10, adopted on 2 January."""
    manager = world.account_manager
    version = services.programme_create(actor=manager, participant=world.participant, year=YEAR)
    services.line_set(actor=manager, version=version, product=world.products["TH-01"], quantity=10)
    services.version_submit(actor=manager, version=version)
    return services.version_adopt(
        actor=world.participant_user,
        version=version,
        adopted_on=D(YEAR, 1, 2),
        decision_reference="B&W 2026/001",
    )


def submitted_request(
    world: ProgrammeWorld, title: str = "Extra controles evenementen", *, year: int = YEAR
) -> ParticipantRequest:
    """Written directly: ``request_submit`` only takes this year and the next two, and the
    test world's year is fixed."""
    return ParticipantRequest.objects.create(
        participant=world.participant,
        kind=RequestKind.EXTRA_WORK,
        year=year,
        title=title,
        description="Meer evenementen dan voorzien.",
        submitted_by=world.participant_user,
    )


@pytest.fixture
def adopted(world: ProgrammeWorld) -> ProgrammeVersion:
    return adopted_programme(world)


@pytest.fixture
def deputy(world: ProgrammeWorld) -> Any:
    employee: Any = EmployeeFactory(user__role="accountmanager")
    world.participant.deputy_account_manager = employee
    world.participant.save()
    return employee.user


def reloaded(request: ParticipantRequest) -> ParticipantRequest:
    return ParticipantRequest.objects.get(pk=request.pk)


# --- request_to_amendment ------------------------------------------------------------------------


def test_a_request_opens_an_amendment_of_the_adopted_version(
    world: ProgrammeWorld, adopted: ProgrammeVersion
) -> None:
    request = submitted_request(world)

    amendment = services.request_to_amendment(actor=world.account_manager, request=request)

    assert (amendment.number, amendment.status, amendment.based_on) == (
        2,
        VersionStatus.DRAFT,
        adopted,
    )
    assert amendment.explanation == "Op verzoek van Eindhoven: Extra controles evenementen"
    assert list(amendment.requests.all()) == [request]
    assert [line.product.code for line in amendment.lines.all()] == ["TH-01"]  # a copy
    request = reloaded(request)
    assert request.status == RequestStatus.IN_AMENDMENT
    assert request.answer == "Opgenomen in conceptversie 2 van het werkprogramma 2026."
    assert request.handled_by == world.account_manager
    assert request.closed_at is None
    assert ProgrammeVersion.objects.get(pk=adopted.pk).status == VersionStatus.ADOPTED
    assert AuditRecord.objects.filter(
        content_type__model="participantrequest", object_id=str(request.pk), action="update"
    ).exists()


def test_an_explanation_given_is_the_amendments(
    world: ProgrammeWorld, adopted: ProgrammeVersion
) -> None:
    amendment = services.request_to_amendment(
        actor=world.account_manager,
        request=submitted_request(world),
        explanation="  Zomerevenementen  ",
    )
    assert amendment.explanation == "Zomerevenementen"


def test_a_second_request_joins_the_amendment_in_concept(
    world: ProgrammeWorld, adopted: ProgrammeVersion, deputy: Any
) -> None:
    first = services.request_to_amendment(
        actor=world.account_manager, request=submitted_request(world)
    )
    second_request = submitted_request(world, "Handhavingsactie recreatieparken")
    second_request.status = RequestStatus.IN_PROGRESS  # taken up first: may go in as well
    second_request.save()

    second = services.request_to_amendment(actor=deputy, request=second_request)

    assert second.pk == first.pk
    assert adopted.programme.versions.count() == 2
    assert first.requests.count() == 2
    assert reloaded(second_request).status == RequestStatus.IN_AMENDMENT


def test_a_submitted_amendment_takes_no_request(
    world: ProgrammeWorld, adopted: ProgrammeVersion
) -> None:
    amendment = services.request_to_amendment(
        actor=world.account_manager, request=submitted_request(world)
    )
    services.version_submit(actor=world.account_manager, version=amendment)
    late = submitted_request(world, "Nog een verzoek")

    with pytest.raises(Conflict) as refused:
        services.request_to_amendment(actor=world.account_manager, request=late)

    assert refused.value.code == "version_submitted"
    assert reloaded(late).status == RequestStatus.SUBMITTED
    assert adopted.programme.versions.count() == 2


def test_without_a_programme_there_is_nothing_to_amend(
    world: ProgrammeWorld, adopted: ProgrammeVersion
) -> None:
    next_year = submitted_request(world, year=YEAR + 1)

    with pytest.raises(Conflict) as refused:
        services.request_to_amendment(actor=world.account_manager, request=next_year)

    assert refused.value.code == "no_programme"
    assert reloaded(next_year).status == RequestStatus.SUBMITTED


def test_a_programme_never_adopted_is_not_amended(world: ProgrammeWorld) -> None:
    manager = world.account_manager
    version = services.programme_create(actor=manager, participant=world.participant, year=YEAR)
    services.line_set(actor=manager, version=version, product=world.products["TH-01"], quantity=1)
    services.version_submit(actor=manager, version=version)
    request = submitted_request(world)

    with pytest.raises(Conflict) as refused:
        services.request_to_amendment(actor=manager, request=request)

    assert refused.value.code == "version_submitted"
    assert reloaded(request).status == RequestStatus.SUBMITTED


@pytest.mark.parametrize(
    "status", [RequestStatus.IN_AMENDMENT, RequestStatus.REJECTED, RequestStatus.WITHDRAWN]
)
def test_a_request_taken_in_or_closed_is_not_taken_again(
    world: ProgrammeWorld, adopted: ProgrammeVersion, status: str
) -> None:
    request = submitted_request(world)
    request.status = status
    request.save()

    with pytest.raises(Conflict) as refused:
        services.request_to_amendment(actor=world.account_manager, request=request)

    assert refused.value.code == "illegal_transition"
    assert adopted.programme.versions.count() == 1


def test_only_the_participants_account_manager_or_deputy_takes_a_request_in(
    world: ProgrammeWorld, adopted: ProgrammeVersion, make_user: Any
) -> None:
    request = submitted_request(world)
    for stranger in (
        make_user("accountmanager"),  # another participant's
        make_user("beheerder"),
        make_user("programmamanager"),
        world.participant_user,  # the participant asks; it does not amend
    ):
        with pytest.raises(NotAllowed):
            services.request_to_amendment(actor=stranger, request=request)
    assert reloaded(request).status == RequestStatus.SUBMITTED
    assert adopted.programme.versions.count() == 1


def test_adopting_the_amendment_settles_the_request_naming_the_version(
    world: ProgrammeWorld, adopted: ProgrammeVersion
) -> None:
    request = submitted_request(world)
    amendment = services.request_to_amendment(actor=world.account_manager, request=request)
    services.line_set(
        actor=world.account_manager,
        version=amendment,
        product=world.products["TH-01"],
        quantity=14,
    )
    services.version_submit(actor=world.account_manager, version=amendment)

    services.version_adopt(
        actor=world.participant_user,
        version=amendment,
        adopted_on=D(YEAR, 6, 1),
        decision_reference="B&W 2026/412",
    )

    request = reloaded(request)
    assert request.status == RequestStatus.DONE
    assert request.answer == "Opgenomen in versie 2, vastgesteld op 01-06-2026 (B&W 2026/412)."
    assert request.closed_at is not None
    assert not request.is_open
    assert ProgrammeVersion.objects.get(pk=adopted.pk).status == VersionStatus.SUPERSEDED


def test_discarding_the_amendment_hands_the_request_back(
    world: ProgrammeWorld, adopted: ProgrammeVersion
) -> None:
    request = submitted_request(world)
    amendment = services.request_to_amendment(actor=world.account_manager, request=request)
    services.comment_add(actor=world.participant_user, version=amendment, text="Graag snel.")

    services.version_discard(actor=world.account_manager, version=amendment)

    request = reloaded(request)
    assert request.status == RequestStatus.IN_PROGRESS
    assert request.answer == "De programmawijziging 2 is ingetrokken."
    assert request.closed_at is None
    assert request.is_open
    assert not ProgrammeVersion.objects.filter(pk=amendment.pk).exists()
    assert not ProgrammeComment.objects.exists()
    # taken up anew, it can go into a new amendment
    again = services.request_to_amendment(actor=world.account_manager, request=request)
    assert again.number == 2
    assert reloaded(request).status == RequestStatus.IN_AMENDMENT


# --- comment_add ---------------------------------------------------------------------------------


@pytest.fixture
def concept(world: ProgrammeWorld, adopted: ProgrammeVersion) -> ProgrammeVersion:
    return services.version_amend(
        actor=world.account_manager, programme=adopted.programme, explanation="Bijstelling"
    )


def test_the_participants_user_and_its_account_managers_comment(
    world: ProgrammeWorld, deputy: Any, concept: ProgrammeVersion
) -> None:
    colleague = participant_user(world.participant)
    for author, text in (
        (world.participant_user, "  Kunnen de extra controles in het voorjaar?  "),
        (world.account_manager, "Ja, dat past in de planning."),
        (deputy, "Ik neem het over tijdens de vakantie."),
        (colleague, "Dank."),
    ):
        services.comment_add(actor=author, version=concept, text=text)

    comments = list(concept.comments.order_by("pk"))
    assert [comment.author for comment in comments] == [
        world.participant_user,
        world.account_manager,
        deputy,
        colleague,
    ]
    assert comments[0].text == "Kunnen de extra controles in het voorjaar?"
    assert (
        AuditRecord.objects.filter(content_type__model="programmecomment", action="create").count()
        == 4
    )


def test_a_submitted_version_takes_comments_too(
    world: ProgrammeWorld, concept: ProgrammeVersion
) -> None:
    services.version_submit(actor=world.account_manager, version=concept)
    services.comment_add(actor=world.participant_user, version=concept, text="Akkoord.")
    assert concept.comments.count() == 1


def test_others_do_not_comment(
    world: ProgrammeWorld, concept: ProgrammeVersion, asten: Participant, make_user: Any
) -> None:
    for stranger in (
        participant_user(asten),  # another participant's user
        make_user("accountmanager"),  # another participant's account manager
        make_user("beheerder"),
        make_user("bestuur"),
        make_user("programmamanager"),
    ):
        with pytest.raises(NotAllowed):
            services.comment_add(actor=stranger, version=concept, text="Mag ik ook?")
    with pytest.raises(NotAllowed):
        services.comment_add(actor=None, version=concept, text="Anoniem")
    assert not ProgrammeComment.objects.exists()


def test_no_comments_on_a_closed_version_nor_empty_ones(
    world: ProgrammeWorld, adopted: ProgrammeVersion, concept: ProgrammeVersion
) -> None:
    with pytest.raises(Conflict) as closed:
        services.comment_add(actor=world.participant_user, version=adopted, text="Te laat")
    assert closed.value.code == "version_closed"
    with pytest.raises(DomainError) as empty:
        services.comment_add(actor=world.participant_user, version=concept, text="   ")
    assert empty.value.field == "text"
    assert not ProgrammeComment.objects.exists()
