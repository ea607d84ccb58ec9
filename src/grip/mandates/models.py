"""The mandate register (Awb 10:1 to 10:12).

A participant mandates powers to functions of the omgevingsdienst by a mandate decision with
register lines; the director passes powers on to other functions by sub-mandate decisions
(*ondermandaat*). Mandates are never deleted: they expire (``valid_to``) or are revoked
(``revoked_on``), and the chain each signed decision used is kept in :class:`DecisionMandate`.
"""

from __future__ import annotations

import datetime
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.core.models import TimeStampedModel, validate_period


class _Validity(models.Model):
    """Valid from-to, and revoked from a date (a revocation ends the power that day)."""

    valid_from = models.DateField(_("geldig vanaf"))
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)
    revoked_on = models.DateField(_("ingetrokken per"), null=True, blank=True)
    revocation_reason = models.TextField(_("reden van intrekking"), blank=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        validate_period(self.valid_from, self.valid_to, end_field="valid_to")
        if self.revoked_on and not self.revocation_reason:
            raise ValidationError({"revocation_reason": _("Een intrekking heeft een reden.")})

    def in_force_on(self, day: datetime.date) -> bool:
        return (
            self.valid_from <= day
            and (self.valid_to is None or day <= self.valid_to)
            and (self.revoked_on is None or day < self.revoked_on)
        )

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValidationError(_("Mandaten worden niet verwijderd, alleen ingetrokken."))


class MandateDecision(TimeStampedModel, _Validity):
    """A participant's mandate decision: the register of powers it mandates to the service."""

    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("deelnemer"),
        on_delete=models.PROTECT,
        related_name="mandate_decisions",
    )
    mandator = models.CharField(
        _("mandaatgever"),
        max_length=200,
        help_text=_(
            "Het bestuursorgaan, zoals het in de namens-regel staat: 'het college van "
            "burgemeester en wethouders van Eindhoven'."
        ),
    )
    title = models.CharField(_("titel"), max_length=240)
    decision_date = models.DateField(_("besluitdatum"))
    publication_reference = models.CharField(_("vindplaats publicatie"), max_length=240, blank=True)

    class Meta:
        verbose_name = _("mandaatbesluit")
        verbose_name_plural = _("mandaatbesluiten")
        ordering = ["participant__name", "-valid_from"]
        permissions = [("revoke_mandatedecision", _("Mag mandaatbesluiten intrekken"))]

    def __str__(self) -> str:
        return self.title


class MandateLine(TimeStampedModel):
    """One power in a mandate register: which decisions, to which function, with what limits.

    The decisions covered: the listed decision types, or (when none are listed) every decision
    type of the listed case types; ``excluded_decision_types`` are taken out again. Listed case
    types restrict the line to cases of those types (by code, so every version counts).
    """

    decision = models.ForeignKey(MandateDecision, on_delete=models.PROTECT, related_name="lines")
    power = models.CharField(_("bevoegdheid"), max_length=240)
    legal_basis = models.CharField(_("wettelijke grondslag"), max_length=240, blank=True)
    decision_types = models.ManyToManyField(
        "cases.DecisionType", verbose_name=_("besluittypen"), blank=True, related_name="+"
    )
    case_types = models.ManyToManyField(
        "cases.CaseType", verbose_name=_("zaaktypen"), blank=True, related_name="+"
    )
    excluded_decision_types = models.ManyToManyField(
        "cases.DecisionType",
        verbose_name=_("uitgezonderde besluittypen"),
        blank=True,
        related_name="+",
    )
    function = models.ForeignKey(
        "organisation.Function",
        verbose_name=_("gemandateerde functie"),
        on_delete=models.PROTECT,
        related_name="mandate_lines",
    )
    sub_mandate_allowed = models.BooleanField(_("ondermandaat toegestaan"), default=False)
    max_amount = models.DecimalField(
        _("maximumbedrag"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    conditions = models.TextField(_("voorwaarden"), blank=True)

    class Meta:
        verbose_name = _("mandaatregel")
        verbose_name_plural = _("mandaatregels")
        ordering = ["decision", "id"]

    def __str__(self) -> str:
        return f"{self.power} → {self.function}"


class SubMandateDecision(TimeStampedModel, _Validity):
    """The director's decision passing mandated powers on to functions (ondermandaat)."""

    title = models.CharField(_("titel"), max_length=240)
    decision_date = models.DateField(_("besluitdatum"))
    reference = models.CharField(_("kenmerk"), max_length=120, blank=True)
    mandator_function = models.ForeignKey(
        "organisation.Function",
        verbose_name=_("ondermandaatgever"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De functie die het mandaat van de deelnemers heeft: de directeur."),
    )

    class Meta:
        verbose_name = _("ondermandaatbesluit")
        verbose_name_plural = _("ondermandaatbesluiten")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return self.title


class SubMandateLine(TimeStampedModel):
    """One power passed on by sub-mandate, for every participant or only the listed ones."""

    decision = models.ForeignKey(SubMandateDecision, on_delete=models.PROTECT, related_name="lines")
    power = models.CharField(_("bevoegdheid"), max_length=240)
    decision_types = models.ManyToManyField(
        "cases.DecisionType", verbose_name=_("besluittypen"), related_name="+"
    )
    participants = models.ManyToManyField(
        "participants.Participant",
        verbose_name=_("alleen voor deelnemers"),
        blank=True,
        related_name="+",
    )
    function = models.ForeignKey(
        "organisation.Function",
        verbose_name=_("ondergemandateerde functie"),
        on_delete=models.PROTECT,
        related_name="sub_mandate_lines",
    )
    max_amount = models.DecimalField(
        _("maximumbedrag"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    conditions = models.TextField(_("voorwaarden"), blank=True)

    class Meta:
        verbose_name = _("ondermandaatregel")
        verbose_name_plural = _("ondermandaatregels")
        ordering = ["decision", "id"]

    def __str__(self) -> str:
        return f"{self.power} → {self.function}"


class DecisionMandate(models.Model):
    """The mandate chain a signed decision used, kept with it for ever."""

    decision = models.OneToOneField(
        "cases.Decision", on_delete=models.PROTECT, related_name="mandate"
    )
    mandate_line = models.ForeignKey(MandateLine, on_delete=models.PROTECT, related_name="+")
    sub_mandate_line = models.ForeignKey(
        SubMandateLine, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chain = models.JSONField(_("mandaatketen"))

    class Meta:
        verbose_name = _("gebruikt mandaat")
        verbose_name_plural = _("gebruikte mandaten")

    def __str__(self) -> str:
        return " → ".join(self.chain)
