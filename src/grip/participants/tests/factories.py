from __future__ import annotations

from typing import Any

import factory

from grip.core.tenancy import forget_participant
from grip.core.tests.factories import UserFactory
from grip.participants.models import ContactPerson, Participant, ParticipantMembership


def participant(code: str) -> Participant:
    """One of the 22 participants the data migration loads."""
    return Participant.objects.get(code=code)


def participant_user(participant: Participant, **kwargs: Any) -> Any:
    """A user in the deelnemer role, bound to ``participant``."""
    user: Any = UserFactory(role="deelnemer", **kwargs)
    ParticipantMembership.objects.create(user=user, participant=participant)
    forget_participant(user)
    return user


class ContactFactory(factory.django.DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = ContactPerson

    participant = factory.LazyFunction(lambda: Participant.objects.get(code="GM0772"))
    name = factory.Faker("name", locale="nl_NL")
    position = "Beleidsadviseur VTH"
    email = factory.Sequence(lambda number: f"contact{number}@eindhoven.example")
