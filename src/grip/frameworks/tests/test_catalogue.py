"""The catalogue per year: who keeps it, copying with indexation, tariffs."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grip.core.audit import history_of
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.frameworks import selectors, services
from grip.frameworks.models import FrameworkVersion, HourlyTariff, Module, Product

pytestmark = pytest.mark.django_db


def _product(year: int, code: str, hours: str = "10") -> Product:
    return Product.objects.create(
        year=year,
        code=code,
        name=f"Product {code}",
        module=Module.objects.get(code="milieu-basistaken"),
        task_kind="toezicht",
        unit="stuk",
        settlement="pxq",
        norm_hours=Decimal(hours),
    )


def test_the_modules_are_loaded_as_data():
    assert set(Module.objects.values_list("code", flat=True)) == {
        "milieu-basistaken",
        "milieu-plustaken",
        "bouw-wabo",
        "asbest",
        "bodem",
        "externe-veiligheid",
        "collectief",
    }


def test_copying_a_year_indexes_the_tariff_and_keeps_norm_hours(make_user):
    beheerder = make_user("beheerder")
    _product(2025, "TH-01", "6")
    _product(2025, "VV-01", "40.5")
    HourlyTariff.objects.create(year=2025, amount=Decimal("98.50"))

    copies = services.catalogue_copy_to_next_year(
        actor=beheerder, year=2025, indexation_percent="3.2"
    )

    assert [(p.year, p.code, p.norm_hours) for p in copies] == [
        (2026, "TH-01", Decimal("6.00")),
        (2026, "VV-01", Decimal("40.50")),
    ]
    assert selectors.tariff_for(year=2026) == Decimal("101.65")  # 98.50 x 1.032 = 101.652
    assert history_of(copies[0]).get().actor == beheerder
    assert Product.objects.filter(year=2025).count() == 2


def test_copying_into_a_year_that_has_a_catalogue_is_refused_and_changes_nothing(make_user):
    beheerder = make_user("beheerder")
    _product(2025, "TH-01")
    HourlyTariff.objects.create(year=2025, amount=Decimal("98.50"))
    _product(2026, "XX-01")

    with pytest.raises(Conflict, match="2026 heeft al een catalogus"):
        services.catalogue_copy_to_next_year(actor=beheerder, year=2025, indexation_percent=3)
    assert list(Product.objects.filter(year=2026).values_list("code", flat=True)) == ["XX-01"]
    assert not HourlyTariff.objects.filter(year=2026).exists()


@pytest.mark.parametrize(
    ("year", "percent", "message"), [(2024, 3, "geen producten"), (2025, 40, "buiten")]
)
def test_copy_refuses_bad_input(make_user, year, percent, message):
    _product(2025, "TH-01")
    HourlyTariff.objects.create(year=2025, amount=Decimal("98.50"))
    with pytest.raises(DomainError, match=message):
        services.catalogue_copy_to_next_year(
            actor=make_user("beheerder"), year=year, indexation_percent=percent
        )
    assert Product.objects.count() == 1


@pytest.mark.parametrize("role", ["accountmanager", "bestuur", "deelnemer"])
def test_only_a_beheerder_keeps_the_catalogue(make_user, role):
    _product(2025, "TH-01")
    with pytest.raises(NotAllowed):
        services.catalogue_copy_to_next_year(actor=make_user(role), year=2025, indexation_percent=2)
    with pytest.raises(NotAllowed):
        services.tariff_set(actor=make_user(role), year=2025, amount=Decimal("99"))
    assert not HourlyTariff.objects.exists()


def test_tariff_set_creates_then_changes(make_user):
    beheerder = make_user("beheerder")
    services.tariff_set(actor=beheerder, year=2026, amount=Decimal("100.005"))
    assert selectors.tariff_for(year=2026) == Decimal("100.01")
    tariff = services.tariff_set(actor=beheerder, year=2026, amount=Decimal("101"))
    assert history_of(tariff).count() == 2


def test_a_year_without_tariff_is_an_error_never_zero():
    with pytest.raises(DomainError, match="No hourly tariff"):
        selectors.tariff_for(year=2031)


def test_product_codes_are_unique_per_year(make_user):
    beheerder = make_user("beheerder")
    data = {
        "year": 2026,
        "code": "TH-01",
        "name": "Controle",
        "module": Module.objects.get(code="asbest"),
        "task_kind": "toezicht",
        "unit": "stuk",
        "settlement": "pxq",
        "norm_hours": Decimal("4"),
    }
    services.product_create(actor=beheerder, data=data)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="bestaat al"):
        services.product_create(actor=beheerder, data=data)
    with pytest.raises(ValidationError):
        services.product_create(
            actor=beheerder, data={**data, "code": "TH-02", "norm_hours": Decimal("-1")}
        )


def test_framework_valid_on_a_date():
    FrameworkVersion.objects.create(
        name="Kader",
        version="2025.1",
        adopted_on=datetime.date(2024, 7, 1),
        decision_reference="AB 2024-07",
        valid_from=datetime.date(2025, 1, 1),
        valid_to=datetime.date(2025, 12, 31),
        enforcement_strategy="LHSO 2022",
    )
    assert selectors.framework_on(day=datetime.date(2025, 6, 1)).version == "2025.1"
    assert selectors.framework_on(day=datetime.date(2026, 6, 1)) is None


@settings(max_examples=30, deadline=None)
@given(
    tariff=st.decimals(min_value=Decimal("50"), max_value=Decimal("200"), places=2),
    percent=st.decimals(min_value=Decimal("-10"), max_value=Decimal("25"), places=1),
)
def test_indexed_tariff_is_the_rounded_product(tariff, percent):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    # Each example runs in the test's one transaction, so it starts by clearing the year.

    Product.objects.all().delete()
    HourlyTariff.objects.all().delete()
    beheerder, _ = get_user_model().objects.get_or_create(username="beheerder-hyp")
    beheerder.groups.add(Group.objects.get(name="beheerder"))
    _product(2025, "TH-01")
    HourlyTariff.objects.create(year=2025, amount=tariff)
    services.catalogue_copy_to_next_year(actor=beheerder, year=2025, indexation_percent=percent)
    expected = (tariff * (1 + percent / 100)).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert selectors.tariff_for(year=2026) == expected
