"""Writes to participants, contacts and participant users; each checked and audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from grip.core.audit import Actor, audit_create, audit_delete
from grip.core.errors import DomainError, NotAllowed
from grip.core.models import User
from grip.core.permissions import require_permission
from grip.core.services import create_audited, delete_audited, update_audited
from grip.core.tenancy import forget_participant
from grip.organisation.models import Employee
from grip.organisation.roles import PARTICIPANT_ROLE, role_group
from grip.participants.models import ContactPerson, Participant, ParticipantMembership

# The code and kind come from the data migration (CBS); only these may change.
PARTICIPANT_FIELDS = ("name", "valid_from", "valid_to", "account_manager")
CONTACT_FIELDS = ("participant", "name", "position", "email", "phone", "is_primary")


def participant_update(
    *, actor: Actor, participant: Participant, data: Mapping[str, Any]
) -> Participant:
    require_permission(actor, "participants.change_participant")
    manager = data.get("account_manager")
    if isinstance(manager, Employee) and manager.end_date is not None:
        raise DomainError(
            _("%(employee)s is uit dienst en kan geen accountmanager zijn.")
            % {"employee": manager},
            field="account_manager",
            code="employee_inactive",
        )
    return update_audited(actor=actor, instance=participant, data=data, fields=PARTICIPANT_FIELDS)


def _require_contact_permission(actor: Actor, codename: str, participant: Participant) -> None:
    """Beheerders manage every participant's contacts; account managers only their own."""
    require_permission(actor, codename)
    if actor is not None and actor.has_perm("participants.change_participant"):
        return
    if participant.account_manager is None or participant.account_manager.user_id != getattr(
        actor, "pk", None
    ):
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
