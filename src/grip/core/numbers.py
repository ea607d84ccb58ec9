"""Money and hours: always Decimal with two places, never floats (DESIGN.md, Numbers)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
MAX_DIGITS = 14  # up to a trillion euros or hours: enough for any national total


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Exact conversion; floats are refused because they carry binary rounding errors."""
    if isinstance(value, float):
        raise TypeError("Money and hours are never floats; pass a Decimal, int or str.")
    try:
        result = Decimal(value)
    except (InvalidOperation, ValueError):
        raise ValueError(f"'{value}' is not a number.") from None
    if not result.is_finite():
        raise ValueError(f"'{value}' is not a finite number.")
    return result


def money(value: Decimal | int | str) -> Decimal:
    """Euros rounded half-up to whole cents."""
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def hours(value: Decimal | int | str) -> Decimal:
    """Hours rounded half-up to two places."""
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_euros(value: Decimal) -> str:
    """Dutch notation: € 1.234.567,89."""
    text = f"{money(value):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {text}"


class MoneyField(models.DecimalField):  # type: ignore[type-arg]
    """Euros with cents."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)


class HoursField(models.DecimalField):  # type: ignore[type-arg]
    """Hours with two decimal places."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("help_text", _("Uren, met twee decimalen."))
        super().__init__(*args, **kwargs)
