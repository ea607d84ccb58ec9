"""Framework versions, modules, the product catalogue per year and hourly tariffs."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.core.models import TimeStampedModel, ValidityQuerySet, validate_period
from grip.core.numbers import HoursField, MoneyField
from grip.frameworks.constants import Settlement, TaskKind, Unit
from grip.participants.models import Participant


class FrameworkVersion(TimeStampedModel):
    """A version of the harmonised execution framework (uitvoeringskader), as adopted."""

    name = models.CharField(_("naam"), max_length=160)
    version = models.CharField(_("versie"), max_length=20, unique=True)
    adopted_on = models.DateField(_("vastgesteld op"))
    decision_reference = models.CharField(
        _("kenmerk besluit"),
        max_length=80,
        help_text=_("Kenmerk van het vaststellingsbesluit van het AB."),
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)
    enforcement_strategy = models.CharField(
        _("handhavingsstrategie"),
        max_length=80,
        help_text=_("De versie van de uniforme handhavingsstrategie die dit kader vaststelt."),
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitvoeringskader")
        verbose_name_plural = _("uitvoeringskaders")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"

    def clean(self) -> None:
        validate_period(self.valid_from, self.valid_to, end_field="valid_to")


class Module(TimeStampedModel):
    """A module of the framework, such as milieu basistaken or asbest: data, not code."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ModulePlacement(TimeStampedModel):
    """A participant has placed a module with the service for a year."""

    participant = models.ForeignKey(
        Participant, verbose_name=_("deelnemer"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="placements"
    )

    class Meta:
        verbose_name = _("ingebrachte module")
        verbose_name_plural = _("ingebrachte modules")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "year", "module"], name="module_placed_once_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.year}: {self.module}"


class Product(TimeStampedModel):
    """A product of one year's catalogue, with its norm hours per unit (kental)."""

    year = models.PositiveSmallIntegerField(_("jaar"), db_index=True)
    code = models.CharField(_("productcode"), max_length=20)
    name = models.CharField(_("naam"), max_length=200)
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="products"
    )
    task_kind = models.CharField(_("taaksoort"), max_length=20, choices=TaskKind.choices)
    unit = models.CharField(_("eenheid"), max_length=10, choices=Unit.choices)
    settlement = models.CharField(_("financiering"), max_length=15, choices=Settlement.choices)
    norm_hours = HoursField(
        _("kental (uren per eenheid)"), validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("productencatalogus")
        ordering = ["year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="product_code_unique_per_year"),
            models.CheckConstraint(
                condition=models.Q(norm_hours__gte=0), name="product_norm_hours_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name} ({self.year})"


class HourlyTariff(TimeStampedModel):
    """The integral hourly tariff of a year, in euros."""

    year = models.PositiveSmallIntegerField(_("jaar"), unique=True)
    amount = MoneyField(_("uurtarief"), validators=[MinValueValidator(Decimal("0.01"))])

    class Meta:
        verbose_name = _("uurtarief")
        verbose_name_plural = _("uurtarieven")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="tariff_positive")
        ]

    def __str__(self) -> str:
        return f"{self.year}: € {self.amount}"
