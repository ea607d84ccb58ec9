"""Given a service change, the audit trail holds who, what and the values before and after."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from grip.core.audit import audit_create, history_of
from grip.core.models import AuditAction, AuditRecord
from grip.organisation import services
from grip.organisation.models import Function, Team
from grip.organisation.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_create_records_actor_and_values_after(make_user):
    beheerder = make_user("beheerder")

    team = services.team_create(
        actor=beheerder, data={"code": "asbest", "name": "Asbest", "kind": "vth"}
    )

    record = history_of(team).get()
    assert record.action == AuditAction.CREATE
    assert record.actor == beheerder
    assert record.before is None
    assert record.after == {
        "id": team.pk,
        "code": "asbest",
        "name": "Asbest",
        "kind": "vth",
        "parent_id": None,
        "description": "",
    }
    assert record.object_repr == "Asbest"


def test_update_records_before_and_after_and_changed_fields(make_user):
    beheerder = make_user("beheerder")
    employee = EmployeeFactory(contract_hours_per_week=Decimal("36.00"))

    services.employee_update(
        actor=beheerder,
        employee=employee,
        data={"contract_hours_per_week": Decimal("28.50"), "end_date": datetime.date(2027, 1, 31)},
    )

    record = history_of(employee).get(action=AuditAction.UPDATE)
    assert record.before["contract_hours_per_week"] == "36.00"
    assert record.after["contract_hours_per_week"] == "28.50"
    assert record.before["end_date"] is None
    assert record.after["end_date"] == "2027-01-31"
    assert record.changed_fields == ["contract_hours_per_week", "end_date"]


def test_update_without_a_change_records_nothing(make_user):
    beheerder = make_user("beheerder")
    function = Function.objects.get(code="jurist")

    services.function_update(actor=beheerder, function=function, data={"name": "Jurist"})

    assert not history_of(function).exists()


def test_delete_keeps_the_last_values(make_user):
    beheerder = make_user("beheerder")
    team = Team.objects.create(code="tijdelijk", name="Tijdelijk team", kind="vth")
    team_id = team.pk

    services.team_delete(actor=beheerder, team=team)

    assert not Team.objects.filter(pk=team_id).exists()
    record = AuditRecord.objects.get(object_id=str(team_id), action=AuditAction.DELETE)
    assert record.before["name"] == "Tijdelijk team"
    assert record.after is None
    assert record.actor == beheerder


def test_a_refused_change_writes_no_audit_record(make_user):
    beheerder = make_user("beheerder")
    before = AuditRecord.objects.count()

    with pytest.raises(Exception, match="code"):
        services.team_create(
            actor=beheerder, data={"code": "", "name": "Zonder code", "kind": "vth"}
        )

    assert AuditRecord.objects.count() == before
    assert not Team.objects.filter(name="Zonder code").exists()


def test_a_change_rolled_back_takes_its_audit_record_with_it(make_user):
    beheerder = make_user("beheerder")

    def create_then_fail() -> None:
        with transaction.atomic():
            services.team_create(
                actor=beheerder, data={"code": "weg", "name": "Weg", "kind": "vth"}
            )
            raise RuntimeError("a later step fails")

    with pytest.raises(RuntimeError, match="later step"):
        create_then_fail()

    assert not Team.objects.filter(code="weg").exists()
    assert not AuditRecord.objects.filter(object_repr="Weg").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_audit_outside_a_transaction_is_refused():
    team = Team.objects.get(code="kis")
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit_create(actor=None, instance=team)


def test_create_many_records_each_row_like_a_single_create(make_user):
    from grip.core.audit import audit_create_many

    beheerder = make_user("beheerder")
    teams = Team.objects.bulk_create(
        [Team(code=f"team-{n}", name=f"Team {n}", kind="vth") for n in range(3)]
    )
    with transaction.atomic():
        audit_create_many(actor=beheerder, instances=teams)

    for team in teams:
        record = history_of(team).get()
        assert record.action == AuditAction.CREATE
        assert record.actor == beheerder
        assert record.before is None
        assert record.after["code"] == team.code
        assert record.object_repr == team.name
        assert record.at is not None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_create_many_refuses_to_run_outside_a_transaction():
    from grip.core.audit import audit_create_many

    team = Team.objects.get(code="kis")
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit_create_many(actor=None, instances=[team])
