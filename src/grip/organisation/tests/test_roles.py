"""The role → permission matrix: what each role may and may not do."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings

from grip.core.errors import NotAllowed
from grip.organisation import services
from grip.organisation.demo import _team_sizes
from grip.organisation.roles import ROLES, role_group, sync_roles
from grip.organisation.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

# (permission, roles that hold it). Every role not listed must NOT hold it.
MATRIX = [
    (
        "core.view_all_participants",
        {
            "beheerder",
            "accountmanager",
            "programmamanager",
            "medewerker",
            "teamleider",
            "kis",
            "bestuur",
            "archivaris",
            "privacy",
        },
    ),
    ("participants.view_participant", set(ROLES)),
    ("participants.view_contactperson", set(ROLES)),
    ("participants.change_participant", {"beheerder"}),
    ("participants.change_contactperson", {"beheerder", "accountmanager"}),
    (
        "organisation.view_employee",
        {
            "beheerder",
            "accountmanager",
            "programmamanager",
            "medewerker",
            "teamleider",
            "kis",
            "bestuur",
            "archivaris",
            "privacy",
        },
    ),
    ("organisation.add_employee", {"beheerder"}),
    ("organisation.change_team", {"beheerder"}),
    ("core.view_auditrecord", {"beheerder", "kis", "privacy"}),
    ("dataplatform.approve_destructionlist", {"archivaris"}),
    ("dataplatform.carry_out_destructionlist", {"beheerder"}),
    ("dataplatform.write_sql_check", {"beheerder"}),
    ("dataplatform.view_accesslogline", {"beheerder", "privacy"}),
    ("core.add_user", {"beheerder"}),
]


@pytest.mark.parametrize(("permission", "holders"), MATRIX, ids=[row[0] for row in MATRIX])
@pytest.mark.parametrize("role", sorted(ROLES))
def test_role_permission_matrix(make_user, role, permission, holders):
    user = make_user(role)
    assert user.has_perm(permission) is (role in holders)


def test_every_role_exists_as_a_group_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


def test_sync_roles_restores_a_tampered_group():
    group = role_group("bestuur")
    group.permissions.clear()
    sync_roles()
    assert group.permissions.count() == len(ROLES["bestuur"]["permissions"])


def test_unknown_roles_and_permissions_are_refused(monkeypatch):
    with pytest.raises(LookupError, match="Unknown role"):
        role_group("koning")
    monkeypatch.setitem(
        ROLES, "stuk", {"label": "", "description": "", "permissions": ("core.fly",)}
    )
    with pytest.raises(LookupError, match=r"unknown permission 'core\.fly'"):
        sync_roles()


@pytest.mark.parametrize("role", ["medewerker", "bestuur", "deelnemer", None])
def test_only_a_beheerder_may_change_the_organisation(make_user, role):
    actor = make_user(role)
    employee = EmployeeFactory(contract_hours_per_week=Decimal("36.00"))
    with pytest.raises(NotAllowed, match=r"organisation\.change_employee"):
        services.employee_update(
            actor=actor, employee=employee, data={"contract_hours_per_week": Decimal("20")}
        )
    employee.refresh_from_db()
    assert employee.contract_hours_per_week == Decimal("36.00")


@override_settings(GRIP_FULLTIME_HOURS=36)
def test_fte_follows_from_contract_hours():
    assert EmployeeFactory(contract_hours_per_week=Decimal("36")).fte == Decimal("1.00")
    assert EmployeeFactory(contract_hours_per_week=Decimal("28.8")).fte == Decimal("0.80")
    assert EmployeeFactory(contract_hours_per_week=Decimal("20")).fte == Decimal("0.56")


def test_an_employee_cannot_leave_before_starting(make_user):
    import datetime

    from django.core.exceptions import ValidationError

    beheerder = make_user("beheerder")
    employee = EmployeeFactory(start_date=datetime.date(2024, 5, 1))
    with pytest.raises(ValidationError, match="vóór de begindatum"):
        services.employee_update(
            actor=beheerder, employee=employee, data={"end_date": datetime.date(2024, 4, 30)}
        )


def test_team_sizes_add_up_to_the_staff():
    assert sum(_team_sizes(200).values()) == 200
    assert 5900 <= sum(_team_sizes(6000).values()) <= 6100
    assert min(_team_sizes(10).values()) >= 1
