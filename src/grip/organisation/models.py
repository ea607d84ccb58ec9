"""Teams, functions and employees of the omgevingsdienst."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.core.models import TimeStampedModel, validate_period
from grip.core.numbers import HoursField


class TeamKind(models.TextChoices):
    MANAGEMENT = "management", _("Directie en management")
    VTH = "vth", _("Vergunningverlening, toezicht en handhaving")
    ADVICE = "advice", _("Advies en specialismen")
    KIS = "kis", _("Kwaliteit, innovatie en strategie")
    PROGRAMMES = "programmes", _("Project- en programmamanagement")
    ACCOUNTS = "accounts", _("Accountmanagement")
    OPERATIONS = "operations", _("Bedrijfsvoering")


class Team(TimeStampedModel):
    """A team in the organogram."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=TeamKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("valt onder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Function(TimeStampedModel):
    """A function (job title); mandates are granted to functions."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("functie")
        verbose_name_plural = _("functies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Employee(TimeStampedModel):
    """A member of staff, linked to the user account they log in with."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruikersaccount"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )
    employee_number = models.CharField(_("personeelsnummer"), max_length=20, unique=True)
    first_name = models.CharField(_("voornaam"), max_length=80)
    last_name = models.CharField(_("achternaam"), max_length=120)
    email = models.EmailField(_("e-mailadres"), blank=True)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="employees"
    )
    function = models.ForeignKey(
        Function, verbose_name=_("functie"), on_delete=models.PROTECT, related_name="employees"
    )
    contract_hours_per_week = HoursField(
        _("contracturen per week"),
        help_text=_("Uren per week volgens het contract; de FTE volgt hieruit."),
    )
    start_date = models.DateField(_("in dienst sinds"))
    end_date = models.DateField(_("uit dienst per"), null=True, blank=True)

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contract_hours_per_week__gt=0)
                & models.Q(contract_hours_per_week__lte=60),
                name="employee_contract_hours_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="employee_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def fte(self) -> Decimal:
        """Full-time equivalent, from the contract hours and the full-time week (two places)."""
        fulltime = Decimal(int(settings.GRIP_FULLTIME_HOURS))
        return (Decimal(self.contract_hours_per_week) / fulltime).quantize(Decimal("0.01"))

    def clean(self) -> None:
        validate_period(self.start_date, self.end_date, end_field="end_date")
