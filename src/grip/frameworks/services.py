"""Writes to the framework and catalogue: the beheerder's, each checked and audited."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from grip.core.audit import Actor, audit_create
from grip.core.errors import Conflict, DomainError
from grip.core.numbers import money, to_decimal
from grip.core.permissions import require_permission
from grip.core.services import create_audited, delete_audited, update_audited
from grip.frameworks.models import HourlyTariff, Product

PRODUCT_FIELDS = ("year", "code", "name", "module", "task_kind", "unit", "settlement", "norm_hours")
MAX_INDEXATION = Decimal("25")  # a higher yearly indexation is almost certainly a typing error


def product_create(*, actor: Actor, data: Mapping[str, Any]) -> Product:
    require_permission(actor, "frameworks.add_product")
    return create_audited(actor=actor, model=Product, data=data, fields=PRODUCT_FIELDS)


def product_update(*, actor: Actor, product: Product, data: Mapping[str, Any]) -> Product:
    require_permission(actor, "frameworks.change_product")
    return update_audited(actor=actor, instance=product, data=data, fields=PRODUCT_FIELDS)


def product_delete(*, actor: Actor, product: Product) -> None:
    require_permission(actor, "frameworks.delete_product")
    delete_audited(actor=actor, instance=product)


def tariff_set(*, actor: Actor, year: int, amount: Decimal) -> HourlyTariff:
    """Set the hourly tariff of a year, creating or changing it."""
    require_permission(actor, "frameworks.change_hourlytariff")
    existing = HourlyTariff.objects.filter(year=year).first()
    if existing is None:
        return create_audited(
            actor=actor,
            model=HourlyTariff,
            data={"year": year, "amount": money(amount)},
            fields=("year", "amount"),
        )
    return update_audited(
        actor=actor, instance=existing, data={"amount": money(amount)}, fields=("amount",)
    )


def catalogue_copy_to_next_year(
    *, actor: Actor, year: int, indexation_percent: Decimal | str | int
) -> list[Product]:
    """Copy ``year``'s catalogue and tariff to ``year + 1``, indexing the tariff.

    Norm hours are copied unchanged (they measure effort, not money). The target year must be
    empty; the whole copy is one transaction.
    """
    require_permission(actor, "frameworks.add_product")
    require_permission(actor, "frameworks.change_hourlytariff")
    indexation = to_decimal(indexation_percent)
    if not Decimal("-10") <= indexation <= MAX_INDEXATION:
        raise DomainError(
            _("Een indexering van %(value)s %% ligt buiten -10 %% tot %(max)s %%.")
            % {"value": indexation, "max": MAX_INDEXATION},
            field="indexation_percent",
            code="indexation_out_of_range",
        )
    source = list(Product.objects.filter(year=year).order_by("code"))
    tariff = HourlyTariff.objects.filter(year=year).first()
    if not source or tariff is None:
        raise DomainError(
            _("%(year)s heeft geen producten of geen uurtarief om te kopiëren.") % {"year": year},
            field="year",
            code="nothing_to_copy",
        )
    target = year + 1
    if (
        Product.objects.filter(year=target).exists()
        or HourlyTariff.objects.filter(year=target).exists()
    ):
        raise Conflict(
            _("%(year)s heeft al een catalogus of uurtarief; wijzig die daar.") % {"year": target},
            code="target_year_not_empty",
        )
    with transaction.atomic():
        copies = []
        for product in source:
            copy = Product(
                year=target,
                code=product.code,
                name=product.name,
                module_id=product.module_id,
                task_kind=product.task_kind,
                unit=product.unit,
                settlement=product.settlement,
                norm_hours=product.norm_hours,
            )
            copy.save()
            audit_create(actor=actor, instance=copy)
            copies.append(copy)
        new_tariff = HourlyTariff.objects.create(
            year=target, amount=money(tariff.amount * (1 + indexation / 100))
        )
        audit_create(actor=actor, instance=new_tariff)
    return copies
