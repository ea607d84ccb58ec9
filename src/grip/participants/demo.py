"""Demo contacts, account managers and one participant user per participant."""

from __future__ import annotations

import unicodedata

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from grip.core.demodata import DEMO_PASSWORD, DemoContext, DemoLogin, demo_step
from grip.organisation.roles import PARTICIPANT_ROLE, role_group
from grip.participants.models import (
    ContactPerson,
    Participant,
    ParticipantKind,
    ParticipantMembership,
)

CONTACT_POSITIONS = (
    "Wethouder omgeving",
    "Beleidsadviseur VTH",
    "Teamleider vergunningen",
    "Coördinator handhaving",
    "Opdrachtgever ODZOB",
    "Controller",
)
PRINTED_PARTICIPANT_LOGIN = "deelnemer-eindhoven"


def _ascii_slug(text: str) -> str:
    """'Nuenen, Gerwen en Nederwetten' -> 'nuenen-gerwen-en-nederwetten'; 'Jumiège' -> 'jumiege'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(ascii_text.lower().replace(",", " ").replace("-", " ").split())


def participant_username(participant: Participant) -> str:
    """deelnemer-<name>, ascii and without spaces: deelnemer-nuenen-gerwen-en-nederwetten."""
    return "deelnemer-" + _ascii_slug(participant.name)


def _has_data() -> bool:
    return ContactPerson.objects.exists() or ParticipantMembership.objects.exists()


def _reset() -> None:
    ContactPerson.objects.all().delete()
    ParticipantMembership.objects.all().delete()
    Participant.objects.update(account_manager=None)


def _logins() -> list[DemoLogin]:
    if not get_user_model().objects.filter(username=PRINTED_PARTICIPANT_LOGIN).exists():
        return []
    return [
        DemoLogin(
            PARTICIPANT_ROLE,
            PRINTED_PARTICIPANT_LOGIN,
            "Gemeente Eindhoven; elke deelnemer heeft zo'n log-in (deelnemer-<naam>)",
        )
    ]


@demo_step(name="participants", order=30, has_data=_has_data, reset=_reset, logins=_logins)
def generate_participant_data(context: DemoContext) -> None:
    fake, rng = context.faker, context.random
    participants = list(Participant.objects.order_by("code"))
    managers = context.shared.get("account_managers", [])
    contacts = []
    for index, participant in enumerate(participants):
        if managers:
            participant.account_manager = managers[index % len(managers)]
        domain = participant_username(participant).removeprefix("deelnemer-") + ".example"
        count = 4 if participant.kind == ParticipantKind.PROVINCE else rng.randint(2, 4)
        for position_index, position in enumerate(rng.sample(CONTACT_POSITIONS, count)):
            name = fake.name()
            contacts.append(
                ContactPerson(
                    participant=participant,
                    name=name,
                    position=position,
                    email=f"{_ascii_slug(name.split()[-1])}.{position_index}@{domain}",
                    phone=fake.phone_number(),
                    is_primary=position_index == 0,
                )
            )
    Participant.objects.bulk_update(participants, ["account_manager"])
    ContactPerson.objects.bulk_create(contacts)

    user_model = get_user_model()
    demo_hash = make_password(DEMO_PASSWORD)
    users = user_model.objects.bulk_create(
        [
            user_model(username=participant_username(participant), password=demo_hash)
            for participant in participants
        ]
    )
    users = list(user_model.objects.filter(username__in=[user.username for user in users]))
    by_name = {user.username: user for user in users}
    ParticipantMembership.objects.bulk_create(
        [
            ParticipantMembership(
                user=by_name[participant_username(participant)], participant=participant
            )
            for participant in participants
        ]
    )
    role_group(PARTICIPANT_ROLE).user_set.add(*users)
