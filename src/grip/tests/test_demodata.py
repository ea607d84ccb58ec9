"""The demo generator: deterministic, all-or-nothing, and never over existing data."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from grip.core import demodata
from grip.core.demodata import DatabaseNotEmpty, Progress, demo_logins, load_demo
from grip.core.errors import DomainError
from grip.organisation.models import Employee
from grip.participants.models import ContactPerson, Participant

pytestmark = pytest.mark.django_db


def _fingerprint() -> tuple[list[Any], ...]:
    employees = list(
        Employee.objects.order_by("employee_number").values_list(
            "employee_number", "last_name", "team__code"
        )
    )
    contacts = list(
        ContactPerson.objects.order_by("participant__code", "name").values_list(
            "participant__code", "name"
        )
    )
    managers = list(
        Participant.objects.order_by("code").values_list(
            "account_manager__employee_number", flat=True
        )
    )
    return employees, contacts, managers


def test_the_same_seed_gives_the_same_data():
    load_demo(scale="small", seed=7, year=2026, progress=Progress(io.StringIO()))
    first = _fingerprint()
    load_demo(scale="small", seed=7, year=2026, reset=True, progress=Progress(io.StringIO()))
    assert _fingerprint() == first
    load_demo(scale="small", seed=8, year=2026, reset=True, progress=Progress(io.StringIO()))
    assert _fingerprint() != first


def test_odzob_scale_is_sized_like_odzob():
    load_demo(scale="odzob", seed=1, year=2026, progress=Progress(io.StringIO()))
    assert 195 <= Employee.objects.count() <= 205
    assert Employee.objects.filter(user__isnull=True).count() == 0
    assert Participant.objects.filter(account_manager__isnull=True).count() == 0
    # every participant has a deputy, another account manager (the database refuses the same)
    assert Participant.objects.filter(deputy_account_manager__isnull=True).count() == 0
    assert not Participant.objects.exclude(deputy_account_manager__function__code="accountmanager")
    asten = Participant.objects.get(code="GM0743")
    assert asten.account_manager.user.username == "accountmanager"
    assert Participant.objects.filter(deputy_account_manager=asten.account_manager).exists()
    assert ContactPerson.objects.filter(participant__code="PV30").count() == 4
    assert get_user_model().objects.filter(participant_membership__isnull=False).count() == 22
    assert [login.username for login in demo_logins()] == [
        "beheerder",
        "accountmanager",
        "programmamanager",
        "medewerker",
        "teamleider",
        "kis",
        "bestuur",
        "archivaris",
        "toezichthouder",
        "jurist",
        "deelnemer-eindhoven",
        "privacy",
    ]


def test_demo_log_ins_work_and_other_staff_cannot_log_in():
    load_demo(scale="small", seed=1, year=2026, progress=Progress(io.StringIO()))
    user_model = get_user_model()
    assert user_model.objects.get(username="kis").check_password(demodata.DEMO_PASSWORD)
    assert user_model.objects.get(username="deelnemer-nuenen-gerwen-en-nederwetten").check_password(
        demodata.DEMO_PASSWORD
    )
    assert not user_model.objects.get(username="mw00010").has_usable_password()
    inspector = user_model.objects.get(username="toezichthouder")
    assert inspector.check_password(demodata.DEMO_PASSWORD)
    assert inspector.employee.function.code == "toezichthouder"
    assert user_model.objects.get(username="jurist").employee.function.code == "jurist"
    assert user_model.objects.get(username="kis").has_perm("core.view_auditrecord")


def test_refuses_a_database_with_data_and_changes_nothing():
    load_demo(scale="small", seed=1, year=2026, progress=Progress(io.StringIO()))
    before = _fingerprint()
    with pytest.raises(DatabaseNotEmpty, match="already holds data"):
        load_demo(scale="small", seed=2, year=2026, progress=Progress(io.StringIO()))
    assert _fingerprint() == before


def test_a_failing_step_leaves_nothing_behind(monkeypatch):
    def broken(context):
        raise RuntimeError("step breaks halfway")

    steps = dict(demodata._steps)
    monkeypatch.setattr(
        demodata,
        "_steps",
        {
            **steps,
            "zz-broken": demodata.DemoStep(
                "zz-broken", 999, broken, lambda: False, lambda: None, list
            ),
        },
    )
    with pytest.raises(RuntimeError, match="halfway"):
        load_demo(scale="small", seed=1, year=2026, progress=Progress(io.StringIO()))
    assert Employee.objects.count() == 0
    assert get_user_model().objects.count() == 0


def test_an_unknown_scale_is_refused():
    with pytest.raises(DomainError, match="Unknown scale 'huge'"):
        load_demo(scale="huge", seed=1, year=2026)


def test_the_command_prints_log_ins_and_refuses_to_overwrite():
    out = io.StringIO()
    call_command("demo", "--scale", "small", "--year", "2026", stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "Demo data (small, seed 2026, 2026) loaded" in text
    assert f"password for all: {demodata.DEMO_PASSWORD}" in text
    assert "deelnemer-eindhoven" in text

    with pytest.raises(CommandError, match="grip demo --reset"):
        call_command("demo", "--scale", "small", stdout=io.StringIO(), stderr=io.StringIO())

    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out, stderr=io.StringIO())
    assert "already has data; demo data not loaded" in out.getvalue()


@pytest.mark.parametrize(
    ("year", "message"), [("twintig", "is not a year"), ("1999", "outside 2013")]
)
def test_the_command_refuses_a_bad_year(year, message):
    with pytest.raises(CommandError, match=message):
        call_command("demo", "--year", year, stdout=io.StringIO(), stderr=io.StringIO())


def test_progress_draws_a_bar_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    assert list(Progress(stream).track(range(3), label="Stappen", total=3)) == [0, 1, 2]
    assert "[" + "#" * 30 + "] 3/3" in stream.getvalue()
    plain = io.StringIO()
    list(Progress(plain).track(range(2), label="Stappen", total=2))
    assert plain.getvalue().startswith("Stappen: 2 in ")
