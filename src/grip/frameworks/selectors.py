"""Reads of the framework and catalogue."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import QuerySet

from grip.core.errors import DomainError
from grip.frameworks.constants import Unit
from grip.frameworks.models import FrameworkVersion, HourlyTariff, Module, Product


def catalogue(*, year: int) -> QuerySet[Product]:
    return (
        Product.objects.filter(year=year).select_related("module").order_by("module__name", "code")
    )


def product_list(*, year: int | None = None) -> QuerySet[Product]:
    products = Product.objects.select_related("module").order_by("year", "code")
    return products if year is None else products.filter(year=year)


def piece_product_codes(*, year: int) -> frozenset[str]:
    """Codes of the year's products ordered per piece (not per hour or as a lump sum)."""
    return frozenset(
        Product.objects.filter(year=year, unit=Unit.PIECE).values_list("code", flat=True)
    )


def tariff_list() -> QuerySet[HourlyTariff]:
    return HourlyTariff.objects.all()


def catalogue_years() -> list[int]:
    return list(Product.objects.order_by("-year").values_list("year", flat=True).distinct())


def tariff_for(*, year: int) -> Decimal:
    """The hourly tariff of ``year``; a year without one is an error, never zero."""
    amount = HourlyTariff.objects.filter(year=year).values_list("amount", flat=True).first()
    if amount is None:
        raise DomainError(f"No hourly tariff has been set for {year}.", code="no_tariff")
    return amount


def tariff_record(*, year: int) -> HourlyTariff | None:
    return HourlyTariff.objects.filter(year=year).first()


def framework_on(*, day: datetime.date) -> FrameworkVersion | None:
    return FrameworkVersion.objects.valid_on(day).order_by("-valid_from").first()


def module_list() -> QuerySet[Module]:
    return Module.objects.all()
