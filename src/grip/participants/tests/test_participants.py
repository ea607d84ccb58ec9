"""The 22 participants, their contacts and who may change them."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from grip.core.audit import history_of
from grip.core.errors import DomainError, NotAllowed
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants import services
from grip.participants.models import ContactPerson, Participant, ParticipantMembership
from grip.participants.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

EXPECTED_CODES = {
    "GM0743",
    "GM1724",
    "GM0753",
    "GM1728",
    "GM1706",
    "GM0762",
    "GM0770",
    "GM0772",
    "GM1771",
    "GM1652",
    "GM1658",
    "GM0794",
    "GM1659",
    "GM0820",
    "GM0823",
    "GM1667",
    "GM0847",
    "GM0848",
    "GM0858",
    "GM0861",
    "GM0866",
    "PV30",
}


def test_the_data_migration_loads_exactly_the_22_participants():
    assert Participant.objects.count() == 22
    assert set(Participant.objects.values_list("code", flat=True)) == EXPECTED_CODES
    assert Participant.objects.filter(kind="gemeente").count() == 21
    assert Participant.objects.get(kind="provincie").name == "Provincie Noord-Brabant"
    assert Participant.objects.get(code="GM0820").name == "Nuenen, Gerwen en Nederwetten"
    assert Participant.objects.valid_on(__import__("datetime").date(2026, 1, 1)).count() == 22


def test_the_data_migration_is_reversible():
    from importlib import import_module

    migration = import_module("grip.participants.migrations.0002_load_participants")
    migration.unload(apps, None)
    assert Participant.objects.count() == 0
    migration.load(apps, None)
    assert set(Participant.objects.values_list("code", flat=True)) == EXPECTED_CODES


def test_a_code_must_match_the_kind():
    participant = Participant(
        code="GM9999", name="Nieuw", kind="provincie", valid_from="2026-01-01"
    )
    with pytest.raises(ValidationError, match="past niet bij de soort"):
        participant.full_clean()


def test_a_beheerder_assigns_an_account_manager_with_an_audit_record(make_user, eindhoven):
    beheerder = make_user("beheerder")
    manager = EmployeeFactory(user__username="am1")

    services.participant_update(
        actor=beheerder, participant=eindhoven, data={"account_manager": manager}
    )

    eindhoven.refresh_from_db()
    assert eindhoven.account_manager == manager
    record = history_of(eindhoven).get()
    assert record.before["account_manager_id"] is None
    assert record.after["account_manager_id"] == manager.pk


def test_an_employee_who_left_cannot_become_account_manager(make_user, eindhoven):
    import datetime

    manager = EmployeeFactory(end_date=datetime.date(2025, 12, 31))
    with pytest.raises(DomainError, match="uit dienst"):
        services.participant_update(
            actor=make_user("beheerder"), participant=eindhoven, data={"account_manager": manager}
        )
    eindhoven.refresh_from_db()
    assert eindhoven.account_manager is None


def test_an_account_manager_manages_contacts_of_their_own_participants_only(
    make_user, eindhoven, asten
):
    manager = EmployeeFactory(user__role="accountmanager")
    Participant.objects.filter(pk=eindhoven.pk).update(account_manager=manager)
    eindhoven.refresh_from_db()

    contact = services.contact_create(
        actor=manager.user,
        data={
            "participant": eindhoven,
            "name": "J. de Vries",
            "position": "Wethouder",
            "is_primary": True,
        },
    )
    assert contact.participant == eindhoven
    assert history_of(contact).get().actor == manager.user

    with pytest.raises(NotAllowed, match=r"accountmanager van .* of een beheerder"):
        services.contact_create(
            actor=manager.user, data={"participant": asten, "name": "X", "position": "Y"}
        )
    with pytest.raises(NotAllowed, match=r"accountmanager van .* of een beheerder"):
        services.contact_update(actor=manager.user, contact=contact, data={"participant": asten})
    assert ContactPerson.objects.filter(participant=asten).count() == 0

    services.contact_update(actor=manager.user, contact=contact, data={"phone": "040 123 4567"})
    services.contact_delete(actor=manager.user, contact=contact)
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()


def test_a_contact_needs_a_participant(make_user):
    with pytest.raises(DomainError, match="hoort bij een deelnemer"):
        services.contact_create(actor=make_user("beheerder"), data={"name": "X", "position": "Y"})


def test_a_beheerder_manages_any_participants_contacts(make_user, asten):
    contact = ContactFactory(participant=asten)
    services.contact_update(
        actor=make_user("beheerder"), contact=contact, data={"position": "Controller"}
    )
    contact.refresh_from_db()
    assert contact.position == "Controller"


def test_binding_a_participant_user(make_user, eindhoven, asten):
    beheerder = make_user("beheerder")
    user = make_user(None, username="ambtenaar")

    membership = services.participant_user_bind(actor=beheerder, user=user, participant=eindhoven)

    assert user.groups.filter(name="deelnemer").exists()
    assert history_of(membership).get().after["participant_id"] == eindhoven.pk
    with pytest.raises(DomainError, match="hoort al bij een deelnemer"):
        services.participant_user_bind(actor=beheerder, user=user, participant=asten)

    services.participant_user_unbind(actor=beheerder, membership=membership)
    assert not ParticipantMembership.objects.filter(user=user).exists()
    assert not user.groups.filter(name="deelnemer").exists()


def test_staff_cannot_be_a_participant_user(make_user, eindhoven):
    employee = EmployeeFactory()
    with pytest.raises(DomainError, match="medewerker van de dienst"):
        services.participant_user_bind(
            actor=make_user("beheerder"), user=employee.user, participant=eindhoven
        )
    assert not ParticipantMembership.objects.exists()
