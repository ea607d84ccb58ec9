"""Writes to participants, contacts and participant users; each checked and audited."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.core.audit import Actor, audit_create, audit_delete, audit_update, snapshot
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.models import User
from grip.core.permissions import require_permission, require_user
from grip.core.services import (
    create_audited,
    delete_audited,
    refuse_unknown_fields,
    update_audited,
)
from grip.core.tenancy import forget_participant, participant_id_of
from grip.organisation.models import Employee
from grip.organisation.roles import PARTICIPANT_ROLE, role_group
from grip.participants import notifications
from grip.participants.models import (
    AccountPlan,
    ContactPerson,
    FollowUp,
    FollowUpStatus,
    Interaction,
    Participant,
    ParticipantMembership,
    ParticipantRequest,
    RequestStatus,
    SatisfactionScore,
)
from grip.participants.selectors import manages

# The code and kind come from the data migration (CBS); only these may change.
PARTICIPANT_FIELDS = ("name", "valid_from", "valid_to", "account_manager", "deputy_account_manager")
CONTACT_FIELDS = ("participant", "name", "position", "role", "email", "phone", "is_primary")


def participant_update(
    *, actor: Actor, participant: Participant, data: Mapping[str, Any]
) -> Participant:
    require_permission(actor, "participants.change_participant")
    for field in ("account_manager", "deputy_account_manager"):
        manager = data.get(field)
        if isinstance(manager, Employee) and manager.end_date is not None:
            raise DomainError(
                _("%(employee)s is uit dienst en kan geen accountmanager zijn.")
                % {"employee": manager},
                field=field,
                code="employee_inactive",
            )
    manager = data.get("account_manager", participant.account_manager)
    deputy = data.get("deputy_account_manager", participant.deputy_account_manager)
    if manager is not None and deputy is not None and manager == deputy:
        raise DomainError(
            _("De plaatsvervanger is iemand anders dan de accountmanager zelf."),
            field="deputy_account_manager",
            code="deputy_is_manager",
        )
    return update_audited(actor=actor, instance=participant, data=data, fields=PARTICIPANT_FIELDS)


def _require_contact_permission(actor: Actor, codename: str, participant: Participant) -> None:
    """Beheerders manage every participant's contacts; account managers only their own."""
    require_permission(actor, codename)
    if actor is not None and actor.has_perm("participants.change_participant"):
        return
    if actor is None or not manages(actor, participant):
        raise NotAllowed(
            _(
                "Alleen de accountmanager van %(participant)s of een beheerder wijzigt de "
                "contactpersonen."
            )
            % {"participant": participant},
            code="not_account_manager",
        )


def contact_create(*, actor: Actor, data: Mapping[str, Any]) -> ContactPerson:
    participant = data.get("participant")
    if not isinstance(participant, Participant):
        raise DomainError(_("Een contactpersoon hoort bij een deelnemer."), field="participant")
    _require_contact_permission(actor, "participants.add_contactperson", participant)
    return create_audited(actor=actor, model=ContactPerson, data=data, fields=CONTACT_FIELDS)


def contact_update(
    *, actor: Actor, contact: ContactPerson, data: Mapping[str, Any]
) -> ContactPerson:
    _require_contact_permission(actor, "participants.change_contactperson", contact.participant)
    new_participant = data.get("participant", contact.participant)
    if new_participant != contact.participant:
        _require_contact_permission(actor, "participants.change_contactperson", new_participant)
    return update_audited(actor=actor, instance=contact, data=data, fields=CONTACT_FIELDS)


def contact_delete(*, actor: Actor, contact: ContactPerson) -> None:
    _require_contact_permission(actor, "participants.delete_contactperson", contact.participant)
    delete_audited(actor=actor, instance=contact)


def participant_user_bind(
    *, actor: Actor, user: User, participant: Participant
) -> ParticipantMembership:
    """Bind a user to one participant. Staff of the service cannot be participant users."""
    require_permission(actor, "participants.add_participantmembership")
    if Employee.objects.filter(user_id=user.pk).exists():
        raise DomainError(
            _("%(user)s is medewerker van de dienst en kan geen deelnemer-gebruiker zijn.")
            % {"user": user},
            field="user",
            code="staff_cannot_be_participant_user",
        )
    if ParticipantMembership.objects.filter(user_id=user.pk).exists():
        raise DomainError(
            _("%(user)s hoort al bij een deelnemer; een deelnemer-gebruiker hoort bij één.")
            % {"user": user},
            field="user",
            code="already_bound",
        )
    with transaction.atomic():
        membership = ParticipantMembership.objects.create(user=user, participant=participant)
        audit_create(actor=actor, instance=membership)
        user.groups.add(role_group(PARTICIPANT_ROLE))
    forget_participant(user)
    return membership


def participant_user_unbind(*, actor: Actor, membership: ParticipantMembership) -> None:
    require_permission(actor, "participants.delete_participantmembership")
    with transaction.atomic():
        audit_delete(actor=actor, instance=membership)
        membership.delete()
        membership.user.groups.remove(role_group(PARTICIPANT_ROLE))
    forget_participant(membership.user)


# --- account management ----------------------------------------------------------------------
# The account manager of a participant and the deputy keep its interactions, follow-ups,
# account plan and satisfaction score; every write is checked per participant and audited.


def require_account_manager(actor: Actor, codename: str, participant: Participant) -> User:
    """The permission, and being the participant's account manager or deputy."""
    user = require_user(actor, codename)
    if not manages(user, participant):
        raise NotAllowed(
            _("Alleen de accountmanager van %(participant)s of de plaatsvervanger doet dit.")
            % {"participant": participant},
            code="not_account_manager",
        )
    return user


def _text(value: Any, *, field: str, message: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise DomainError(message, field=field, code="required")
    return text


def _own_contacts(
    participant: Participant, contacts: Iterable[ContactPerson]
) -> list[ContactPerson]:
    chosen = list(contacts)
    strangers = [contact for contact in chosen if contact.participant_id != participant.pk]
    if strangers:
        raise DomainError(
            _("%(contact)s is geen contactpersoon van %(participant)s.")
            % {"contact": strangers[0].name, "participant": participant},
            field="contacts",
            code="contact_of_other_participant",
        )
    return chosen


def interaction_record(
    *,
    actor: Actor,
    participant: Participant,
    occurred_on: datetime.date,
    kind: str,
    subject: str,
    summary: str = "",
    agreements: str = "",
    staff: Iterable[Employee] = (),
    contacts: Iterable[ContactPerson] = (),
) -> Interaction:
    """Record a meeting, call or visit with what was agreed."""
    user = require_account_manager(actor, "participants.add_interaction", participant)
    if occurred_on > timezone.localdate():
        raise DomainError(
            _("Een contactmoment ligt niet in de toekomst; plan dat als vervolgactie."),
            field="occurred_on",
            code="date_in_future",
        )
    interaction = Interaction(
        participant=participant,
        occurred_on=occurred_on,
        kind=kind,
        subject=_text(subject, field="subject", message=_("Geef het onderwerp.")),
        summary=summary.strip(),
        agreements=agreements.strip(),
        recorded_by=user,
    )
    interaction.full_clean(exclude=["recorded_by"])
    chosen_contacts = _own_contacts(participant, contacts)
    with transaction.atomic():
        interaction.save()
        interaction.staff.set(list(staff))
        interaction.contacts.set(chosen_contacts)
        audit_create(actor=user, instance=interaction)
    return interaction


def follow_up_add(
    *,
    actor: Actor,
    participant: Participant,
    description: str,
    owner: Employee,
    due_on: datetime.date,
    interaction: Interaction | None = None,
) -> FollowUp:
    """An action with one owner and a due date, from an interaction or on its own."""
    user = require_account_manager(actor, "participants.add_followup", participant)
    if interaction is not None and interaction.participant_id != participant.pk:
        raise DomainError(
            _("Dat contactmoment hoort bij een andere deelnemer."),
            field="interaction",
            code="interaction_of_other_participant",
        )
    if owner.end_date is not None and owner.end_date < due_on:
        raise DomainError(
            _("%(employee)s is dan uit dienst; kies een andere eigenaar.") % {"employee": owner},
            field="owner",
            code="employee_inactive",
        )
    follow_up = FollowUp(
        participant=participant,
        interaction=interaction,
        description=_text(description, field="description", message=_("Omschrijf de actie.")),
        owner=owner,
        due_on=due_on,
    )
    follow_up.full_clean()
    with transaction.atomic():
        follow_up.save()
        audit_create(actor=user, instance=follow_up)
    return follow_up


def _may_close(user: User, follow_up: FollowUp) -> bool:
    return follow_up.owner.user_id == user.pk or manages(user, follow_up.participant)


def follow_up_close(
    *, actor: Actor, follow_up: FollowUp, done: bool = True, note: str = ""
) -> FollowUp:
    """Mark an open follow-up done, or cancelled (which needs a reason). The owner may, and
    so may the participant's account manager or deputy."""
    user = require_user(actor, "participants.change_followup")
    if not _may_close(user, follow_up):
        raise NotAllowed(
            _("Alleen de eigenaar of de accountmanager sluit deze actie af."),
            code="not_owner",
        )
    if not done and not note.strip():
        raise DomainError(
            _("Geef aan waarom de actie vervalt."), field="note", code="reason_required"
        )
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.status != FollowUpStatus.OPEN:
            raise Conflict(
                _("Deze actie is al %(status)s.") % {"status": locked.get_status_display().lower()},
                code="follow_up_closed",
            )
        before = snapshot(locked)
        locked.status = FollowUpStatus.DONE if done else FollowUpStatus.CANCELLED
        locked.closed_on = timezone.localdate()
        locked.closing_note = note.strip()
        locked.save()
        audit_update(actor=user, instance=locked, before=before)
    return locked


def follow_up_reschedule(
    *, actor: Actor, follow_up: FollowUp, due_on: datetime.date, owner: Employee | None = None
) -> FollowUp:
    """Move an open follow-up's due date (and hand it to another owner)."""
    user = require_user(actor, "participants.change_followup")
    if not _may_close(user, follow_up):
        raise NotAllowed(
            _("Alleen de eigenaar of de accountmanager wijzigt deze actie."), code="not_owner"
        )
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.status != FollowUpStatus.OPEN:
            raise Conflict(_("Een afgesloten actie wijzigt niet meer."), code="follow_up_closed")
        before = snapshot(locked)
        locked.due_on = due_on
        if owner is not None:
            locked.owner = owner
        locked.full_clean()
        locked.save()
        audit_update(actor=user, instance=locked, before=before)
    return locked


# --- requests from the participant -------------------------------------------------------------


def request_submit(
    *, actor: Actor, kind: str, year: int, title: str, description: str
) -> ParticipantRequest:
    """A participant user asks its service for something, on behalf of its own participant."""
    user = require_user(actor, "participants.submit_request")
    participant_id = participant_id_of(user)
    if participant_id is None:
        raise NotAllowed(
            _("Alleen een gebruiker van een deelnemer dient een verzoek in."),
            code="not_participant_user",
        )
    this_year = timezone.localdate().year
    if not this_year <= year <= this_year + 2:
        raise DomainError(
            _("Een verzoek gaat over %(first)s, %(second)s of %(last)s.")
            % {"first": this_year, "second": this_year + 1, "last": this_year + 2},
            field="year",
            code="year_out_of_range",
        )
    request = ParticipantRequest(
        participant_id=participant_id,
        kind=kind,
        year=year,
        title=_text(title, field="title", message=_("Geef het onderwerp van het verzoek.")),
        description=_text(description, field="description", message=_("Licht het verzoek toe.")),
        submitted_by=user,
    )
    request.full_clean(exclude=["submitted_by"])
    with transaction.atomic():
        request.save()
        audit_create(actor=user, instance=request)
        notifications.request_submitted(request)
    return request


# Which status a request may move to, and from where.
_REQUEST_MOVES = {
    RequestStatus.IN_PROGRESS: (RequestStatus.SUBMITTED,),
    RequestStatus.REJECTED: (RequestStatus.SUBMITTED, RequestStatus.IN_PROGRESS),
    RequestStatus.DONE: (RequestStatus.SUBMITTED, RequestStatus.IN_PROGRESS),
    RequestStatus.WITHDRAWN: (RequestStatus.SUBMITTED, RequestStatus.IN_PROGRESS),
    RequestStatus.IN_AMENDMENT: (RequestStatus.SUBMITTED, RequestStatus.IN_PROGRESS),
}


def request_move(
    *, actor: Actor, request: ParticipantRequest, to_status: str, answer: str = ""
) -> ParticipantRequest:
    """Move a request on. The account manager takes it up, rejects it (saying why) or closes it
    with an answer; the participant's own user may withdraw it while it is open. Taking it into
    a programme amendment goes through ``programmes.services.request_to_amendment``."""
    user = require_user(actor, "participants.view_participantrequest")
    if to_status == RequestStatus.WITHDRAWN:
        if participant_id_of(user) != request.participant_id:
            raise NotAllowed(
                _("Alleen de deelnemer zelf trekt een verzoek in."), code="not_own_participant"
            )
    else:
        require_account_manager(user, "participants.change_participantrequest", request.participant)
    if to_status in (RequestStatus.REJECTED, RequestStatus.DONE) and not answer.strip():
        raise DomainError(
            _("Geef de deelnemer een antwoord."), field="answer", code="answer_required"
        )
    return _move_request(user, request, to_status, answer)


@dataclass(frozen=True)
class RequestActions:
    """What ``user`` may do with a request now; the moves themselves check it again."""

    withdraw: bool
    take_up: bool
    answer: bool  # reject or close with an answer
    amend: bool  # take into a programme amendment


def request_actions(user: Any, request: ParticipantRequest) -> RequestActions:
    def may(to_status: str) -> bool:
        return request.status in _REQUEST_MOVES[RequestStatus(to_status)]

    handles = bool(
        user.is_authenticated
        and user.has_perm("participants.change_participantrequest")
        and manages(user, request.participant)
    )
    return RequestActions(
        withdraw=may(RequestStatus.WITHDRAWN)
        and user.is_authenticated
        and participant_id_of(user) == request.participant_id,
        take_up=handles and may(RequestStatus.IN_PROGRESS),
        answer=handles and may(RequestStatus.DONE),
        amend=handles
        and may(RequestStatus.IN_AMENDMENT)
        and user.has_perm("programmes.change_programme"),
    )


def _move_request(
    user: User, request: ParticipantRequest, to_status: str, answer: str
) -> ParticipantRequest:
    if to_status not in RequestStatus.values:
        raise DomainError(
            _("Een verzoek kent geen status '%(status)s'.") % {"status": to_status},
            field="to_status",
            code="unknown_status",
        )
    allowed_from = _REQUEST_MOVES.get(RequestStatus(to_status), ())
    with transaction.atomic():
        locked = ParticipantRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status not in allowed_from:
            raise Conflict(
                _("Een verzoek dat %(status)s is, kan niet naar %(target)s.")
                % {
                    "status": locked.get_status_display().lower(),
                    "target": RequestStatus(to_status).label.lower(),
                },
                code="illegal_transition",
            )
        before = snapshot(locked)
        locked.status = to_status
        if answer.strip():
            locked.answer = answer.strip()
        if participant_id_of(user) is None:
            locked.handled_by = user
        if to_status not in (RequestStatus.IN_PROGRESS, RequestStatus.IN_AMENDMENT):
            locked.closed_at = timezone.now()
        locked.save()
        audit_update(actor=user, instance=locked, before=before)
        notifications.request_moved(locked)
    return locked


def request_take_into_amendment(
    *, actor: Actor, request: ParticipantRequest, answer: str
) -> ParticipantRequest:
    """Called by the programmes app inside its transaction, once the amendment exists."""
    user = require_account_manager(
        actor, "participants.change_participantrequest", request.participant
    )
    return _move_request(user, request, RequestStatus.IN_AMENDMENT, answer)


def requests_settle(
    *, actor: Actor, requests: Iterable[ParticipantRequest], to_status: str, answer: str
) -> None:
    """The programmes app settles the requests of an amendment that was adopted (done) or
    discarded (back in progress); the actor was checked there."""
    requests = list(requests)
    if not requests:
        return
    user = require_user(actor, "participants.view_participantrequest")
    for request in requests:
        with transaction.atomic():
            locked = ParticipantRequest.objects.select_for_update().get(pk=request.pk)
            if locked.status != RequestStatus.IN_AMENDMENT:
                continue
            before = snapshot(locked)
            locked.status = to_status
            locked.answer = answer
            locked.closed_at = timezone.now() if to_status == RequestStatus.DONE else None
            locked.save()
            audit_update(actor=user, instance=locked, before=before)
            notifications.request_moved(locked)


# --- account plan and satisfaction ---------------------------------------------------------------

ACCOUNT_PLAN_FIELDS = ("goals", "risks", "agreements")


def account_plan_save(
    *, actor: Actor, participant: Participant, year: int, data: Mapping[str, Any]
) -> AccountPlan:
    """Create or change the account plan of a participant for a year; history in the audit."""
    user = require_account_manager(actor, "participants.change_accountplan", participant)
    refuse_unknown_fields(data, ACCOUNT_PLAN_FIELDS)
    with transaction.atomic():
        plan = (
            AccountPlan.objects.select_for_update()
            .filter(participant=participant, year=year)
            .first()
        )
        if plan is None:
            plan = AccountPlan(participant=participant, year=year)
            for name, value in data.items():
                setattr(plan, name, str(value).strip())
            plan.full_clean()
            plan.save()
            audit_create(actor=user, instance=plan)
            return plan
        before = snapshot(plan)
        for name, value in data.items():
            setattr(plan, name, str(value).strip())
        plan.full_clean()
        plan.save()
        audit_update(actor=user, instance=plan, before=before)
    return plan


def satisfaction_record(
    *,
    actor: Actor,
    participant: Participant,
    year: int,
    score: Any,
    comments: str = "",
    respondent: ContactPerson | None = None,
) -> SatisfactionScore:
    """Record (or correct) the participant's mark for a year, as the participant gave it."""
    user = require_account_manager(actor, "participants.change_satisfactionscore", participant)
    if respondent is not None:
        _own_contacts(participant, [respondent])
    try:
        mark = Decimal(str(score).replace(",", "."))
    except InvalidOperation:
        mark = None
    if mark is None or not Decimal("1") <= mark <= Decimal("10") or mark != round(mark, 1):
        raise DomainError(
            _("Een tevredenheidscijfer is een cijfer van 1 tot en met 10, met één decimaal."),
            field="score",
            code="score_out_of_range",
        )
    if year > timezone.localdate().year:
        raise DomainError(
            _("Een tevredenheidscijfer gaat over een jaar dat begonnen is."),
            field="year",
            code="year_in_future",
        )
    with transaction.atomic():
        row = (
            SatisfactionScore.objects.select_for_update()
            .filter(participant=participant, year=year)
            .first()
        )
        before = snapshot(row) if row is not None else None
        row = row or SatisfactionScore(participant=participant, year=year)
        row.score = mark
        row.comments = comments.strip()
        row.respondent = respondent
        row.full_clean()
        row.save()
        if before is None:
            audit_create(actor=user, instance=row)
        else:
            audit_update(actor=user, instance=row, before=before)
    return row
