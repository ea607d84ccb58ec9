"""Filters of the board report's templates: figures the Dutch way, and raw for comparison.

A figure is printed rounded and in Dutch notation ("20.442", "89,0 %"); beside it the exact
value goes into ``data-value`` (``raw``), so the page, the PDF and the workbook can be compared.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from grip.kpis.constants import Direction, Scope, Unit

register = template.Library()

DASH = "—"
# How many decimals a figure of each unit shows in the report.
_PLACES = {"%": 1, Unit.PERCENT: 1, Unit.DAYS: 1, "dagen": 1, "uren": 0, "€": 0, "aantal": 0}


def _format(value: Decimal | int, places: int) -> str:
    # Rounded here: Django's number_format cuts a Decimal's digits off (20.442,75 → "20.442").
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return formats.number_format(rounded, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def number(value: Decimal | int | None, places: int | str = 0) -> str:
    """A number in Dutch notation with ``places`` decimals ("auto": none for a whole number,
    else one); a dash for no value."""
    if value is None or value == "":
        return DASH
    if places == "auto":
        whole = Decimal(value) == Decimal(value).to_integral_value()
        return _format(value, 0 if whole else 1)
    return _format(value, int(places))


@register.filter
def with_unit(value: Decimal | int | None, unit: str) -> str:
    """A figure with its unit as a reader expects it: "89,0 %", "20.442 uur", "€ 2.077.929",
    "18,6 dagen"; a dash for no value."""
    if value is None:
        return DASH
    places = _PLACES.get(unit, 1)
    text = _format(value, places)
    if unit in ("%", Unit.PERCENT):
        return f"{text}\u00a0%"
    if unit == "€":
        return f"€\u00a0{text}"
    if unit == "uren":
        return f"{text}\u00a0{_('uur')}"
    if unit == "dagen":
        return f"{text}\u00a0{_('dagen')}"
    return text


@register.filter
def target(value: Decimal | None, unit: str) -> str:
    """A target as the province writes it: whole numbers without decimals ("90 %")."""
    if value is None:
        return DASH
    text = number(value, "auto")
    if unit in ("%", Unit.PERCENT):
        return f"{text}\u00a0%"
    if unit in ("dagen", Unit.DAYS):
        return f"{text}\u00a0{_('dagen')}"
    return text


@register.filter
def raw(value: Any) -> str:
    """The exact value for ``data-value``: a Decimal as written, empty for no value."""
    if value is None:
        return ""
    return str(value)


@register.filter
def direction_label(value: str) -> str:
    return str(Direction(value).label) if value in Direction.values else value


@register.filter
def scope_label(value: str) -> str:
    return str(Scope(value).label) if value in Scope.values else value


@register.filter
def source_label(value: str) -> str:
    """Where a target comes from."""
    return {
        "deelnemer": _("afspraak met de deelnemer"),
        "regio": _("afspraak voor de regio"),
        "norm": _("provinciale norm"),
    }.get(value, value)


@register.filter
def item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)
