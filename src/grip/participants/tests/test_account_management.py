"""Account management: interactions, follow-ups, requests, account plans, satisfaction."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.models import AuditRecord, Notification, NotificationKind
from grip.core.notifications import set_preferences
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants import notifications, selectors, services
from grip.participants.models import (
    FollowUpStatus,
    InteractionKind,
    RequestKind,
    RequestStatus,
)
from grip.participants.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(asten: Any) -> Any:
    employee = EmployeeFactory(user__role="accountmanager", user__email="am@odzob.example")
    asten.account_manager = employee
    asten.save()
    return employee


@pytest.fixture
def deputy(asten: Any) -> Any:
    employee = EmployeeFactory(user__role="accountmanager", user__email="dep@odzob.example")
    asten.deputy_account_manager = employee
    asten.save()
    return employee


def today() -> datetime.date:
    return timezone.localdate()


def test_the_account_manager_records_an_interaction_with_what_was_agreed(asten, manager):
    contact = ContactFactory(participant=asten)
    interaction = services.interaction_record(
        actor=manager.user,
        participant=asten,
        occurred_on=today(),
        kind=InteractionKind.MEETING,
        subject="Voortgang programma",
        agreements="Extra horecacontroles in het voorjaar.",
        staff=[manager],
        contacts=[contact],
    )
    assert list(interaction.contacts.all()) == [contact]
    assert AuditRecord.objects.filter(object_id=str(interaction.pk), action="create").exists()


def test_a_contact_of_another_participant_cannot_attend(asten, eindhoven, manager):
    stranger = ContactFactory(participant=eindhoven)
    with pytest.raises(DomainError) as error:
        services.interaction_record(
            actor=manager.user,
            participant=asten,
            occurred_on=today(),
            kind=InteractionKind.CALL,
            subject="Bellen",
            contacts=[stranger],
        )
    assert error.value.code == "contact_of_other_participant"


def test_only_the_participants_own_account_manager_or_deputy_records(
    asten, eindhoven, manager, deputy, make_user
):
    services.interaction_record(
        actor=deputy.user,
        participant=asten,
        occurred_on=today(),
        kind=InteractionKind.CALL,
        subject="Waarneming",
    )
    other = EmployeeFactory(user__role="accountmanager")
    with pytest.raises(NotAllowed):
        services.interaction_record(
            actor=other.user,
            participant=asten,
            occurred_on=today(),
            kind=InteractionKind.CALL,
            subject="Niet van mij",
        )


def test_follow_up_workflow_and_due_reminders(asten, manager, django_capture_on_commit_callbacks):
    owner = EmployeeFactory(user__role="medewerker", user__email="owner@odzob.example")
    follow_up = services.follow_up_add(
        actor=manager.user,
        participant=asten,
        description="Offerte extra controles sturen",
        owner=owner,
        due_on=today() + datetime.timedelta(days=2),
    )
    later = services.follow_up_add(
        actor=manager.user,
        participant=asten,
        description="Evaluatie plannen",
        owner=owner,
        due_on=today() + datetime.timedelta(days=30),
    )

    # Mail leaves when the transaction commits (a test runs inside one).
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.remind_follow_ups(today=today()) == 1
    assert [message.to for message in mail.outbox] == [["owner@odzob.example"]]
    assert "Offerte extra controles" in mail.outbox[0].body
    # A rerun the same day (or the next) mails nothing new.
    assert notifications.remind_follow_ups(today=today() + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1

    # Moving the due date earns a new reminder when it comes near again.
    follow_up = services.follow_up_reschedule(
        actor=owner.user, follow_up=follow_up, due_on=today() + datetime.timedelta(days=10)
    )
    assert notifications.remind_follow_ups(today=today() + datetime.timedelta(days=8)) == 1

    done = services.follow_up_close(actor=owner.user, follow_up=follow_up, note="Verstuurd")
    assert done.status == FollowUpStatus.DONE
    assert done.closed_on == today()
    with pytest.raises(Conflict):
        services.follow_up_close(actor=owner.user, follow_up=done)
    with pytest.raises(DomainError):
        services.follow_up_close(actor=manager.user, follow_up=later, done=False)
    assert [item.pk for item in selectors.open_follow_ups_of(user=owner.user)] == [later.pk]


def test_a_user_who_switched_reminders_off_gets_none_by_mail(
    asten, manager, django_capture_on_commit_callbacks
):
    owner = EmployeeFactory(user__role="medewerker", user__email="owner@odzob.example")
    set_preferences(user=owner.user, choices={NotificationKind.FOLLOW_UP_DUE: False})
    services.follow_up_add(
        actor=manager.user,
        participant=asten,
        description="Bellen",
        owner=owner,
        due_on=today(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.remind_follow_ups(today=today()) == 1
    assert mail.outbox == []
    assert Notification.objects.get(user=owner.user).emailed is False


def test_someone_else_cannot_close_a_follow_up(asten, manager):
    owner = EmployeeFactory(user__role="medewerker")
    follow_up = services.follow_up_add(
        actor=manager.user, participant=asten, description="X", owner=owner, due_on=today()
    )
    bystander = EmployeeFactory(user__role="medewerker")
    with pytest.raises(NotAllowed):
        services.follow_up_close(actor=bystander.user, follow_up=follow_up)


def test_a_participant_user_submits_a_request_and_may_withdraw_it(asten, manager, make_user):
    user = make_user(participant=asten)
    request = services.request_submit(
        actor=user,
        kind=RequestKind.EXTRA_WORK,
        year=today().year,
        title="Extra evenementencontroles",
        description="Voor de kermis.",
    )
    assert request.participant == asten
    assert request.status == RequestStatus.SUBMITTED
    taken = services.request_move(
        actor=manager.user, request=request, to_status=RequestStatus.IN_PROGRESS
    )
    assert taken.handled_by == manager.user
    withdrawn = services.request_move(actor=user, request=taken, to_status=RequestStatus.WITHDRAWN)
    assert withdrawn.status == RequestStatus.WITHDRAWN
    assert withdrawn.closed_at is not None
    with pytest.raises(Conflict):
        services.request_move(
            actor=manager.user, request=withdrawn, to_status=RequestStatus.DONE, answer="x"
        )


def test_staff_cannot_submit_and_a_rejection_needs_an_answer(asten, manager, make_user):
    with pytest.raises(NotAllowed):
        services.request_submit(
            actor=manager.user,
            kind=RequestKind.OTHER,
            year=today().year,
            title="x",
            description="y",
        )
    request = services.request_submit(
        actor=make_user(participant=asten),
        kind=RequestKind.OTHER,
        year=today().year,
        title="Vraag",
        description="Toelichting",
    )
    with pytest.raises(DomainError):
        services.request_move(actor=manager.user, request=request, to_status=RequestStatus.REJECTED)


def test_account_plan_is_one_per_year_and_keeps_history(asten, manager):
    plan = services.account_plan_save(
        actor=manager.user, participant=asten, year=today().year, data={"goals": "Eerste doel"}
    )
    again = services.account_plan_save(
        actor=manager.user, participant=asten, year=today().year, data={"goals": "Bijgesteld"}
    )
    assert again.pk == plan.pk
    assert again.goals == "Bijgesteld"
    records = AuditRecord.objects.filter(object_id=str(plan.pk), content_type__model="accountplan")
    assert sorted(records.values_list("action", flat=True)) == ["create", "update"]


def test_satisfaction_score_is_one_to_ten(asten, manager):
    score = services.satisfaction_record(
        actor=manager.user, participant=asten, year=today().year - 1, score="7.5"
    )
    assert score.score == Decimal("7.5")
    with pytest.raises(DomainError) as error:
        services.satisfaction_record(
            actor=manager.user, participant=asten, year=today().year - 1, score="11"
        )
    assert error.value.field == "score"


def test_participant_users_do_not_read_the_services_notes(asten, manager, make_user):
    services.interaction_record(
        actor=manager.user,
        participant=asten,
        occurred_on=today(),
        kind=InteractionKind.CALL,
        subject="Intern",
    )
    user = make_user(participant=asten)
    assert selectors.interaction_list_for(user=user).count() == 0
    assert selectors.interaction_list_for(user=manager.user).count() == 1


def test_requests_notify_the_account_managers_and_then_the_participant(
    asten, manager, deputy, make_user
):
    user = make_user(participant=asten)
    request = services.request_submit(
        actor=user,
        kind=RequestKind.NEW_TASK,
        year=today().year,
        title="Toezicht op zonneparken",
        description="Nieuwe taak.",
    )
    told = Notification.objects.filter(kind=NotificationKind.REQUEST_UPDATE)
    assert set(told.values_list("user", flat=True)) == {manager.user.pk, deputy.user.pk}

    services.request_move(
        actor=manager.user,
        request=request,
        to_status=RequestStatus.REJECTED,
        answer="Past niet in het uitvoeringskader.",
    )
    answered = told.filter(user=user).get()
    assert "afgewezen" in answered.subject
    assert "Past niet in het uitvoeringskader." in answered.body


def test_a_withdrawal_tells_nobody(asten, manager, make_user):
    user = make_user(participant=asten)
    request = services.request_submit(
        actor=user, kind=RequestKind.OTHER, year=today().year, title="Vraag", description="x"
    )
    services.request_move(actor=user, request=request, to_status=RequestStatus.WITHDRAWN)
    assert not Notification.objects.filter(user=user).exists()


def test_the_actions_offered_follow_the_status_and_the_role(asten, manager, make_user):
    user = make_user(participant=asten)
    request = services.request_submit(
        actor=user, kind=RequestKind.OTHER, year=today().year, title="Vraag", description="x"
    )
    for_manager = services.request_actions(manager.user, request)
    for_user = services.request_actions(user, request)
    assert (for_manager.take_up, for_manager.answer, for_manager.withdraw) == (True, True, False)
    assert (for_user.take_up, for_user.answer, for_user.withdraw) == (False, False, True)
    taken = services.request_move(
        actor=manager.user, request=request, to_status=RequestStatus.IN_PROGRESS
    )
    assert services.request_actions(manager.user, taken).take_up is False
    done = services.request_move(
        actor=manager.user, request=taken, to_status=RequestStatus.DONE, answer="Geregeld."
    )
    assert services.request_actions(manager.user, done) == services.RequestActions(
        withdraw=False, take_up=False, answer=False, amend=False
    )


def test_an_unknown_status_is_a_clear_error(asten, manager, make_user):
    request = services.request_submit(
        actor=make_user(participant=asten),
        kind=RequestKind.OTHER,
        year=today().year,
        title="Vraag",
        description="x",
    )
    with pytest.raises(DomainError) as error:
        services.request_move(actor=manager.user, request=request, to_status="weg")
    assert error.value.field == "to_status"
