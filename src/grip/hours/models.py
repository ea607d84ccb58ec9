"""Hour entries, what they are booked on, weekly approval and month closing.

An entry is booked on exactly one ``BookingTarget``: a product of a participant's programme, a
kind of related work of a participant, a project, or a non-declarable category. The target is a
row of its own, so a new kind of target (a case) is a new kind and a new nullable reference on
the target, not another foreign key on every entry. Declarable means booked on a participant.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.cases.models import Case
from grip.core.models import TimeStampedModel
from grip.core.numbers import HoursField
from grip.frameworks.models import Product
from grip.hours.constants import EntrySource, NonDeclarable, TargetKind, WeekStatus
from grip.organisation.models import Employee
from grip.participants.models import Participant
from grip.programmes.constants import RelatedWorkKind


class BookingTarget(TimeStampedModel):
    """Something hours are booked on, with the booking code time systems use for it."""

    code = models.CharField(
        _("boekingscode"),
        max_length=60,
        unique=True,
        help_text=_("De code waaronder tijdschrijfsystemen op dit doel boeken."),
    )
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=12, choices=TargetKind.choices)
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("deelnemer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("jaar"), null=True, blank=True)
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    related_work_kind = models.CharField(
        _("soort gerelateerd werk"), max_length=25, choices=RelatedWorkKind.choices, blank=True
    )
    category = models.CharField(
        _("categorie"), max_length=10, choices=NonDeclarable.choices, blank=True
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("zaak"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="booking_targets",
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("boekingsdoel")
        verbose_name_plural = _("boekingsdoelen")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind=TargetKind.PRODUCT,
                        participant__isnull=False,
                        product__isnull=False,
                        year__isnull=False,
                    )
                    | models.Q(
                        kind=TargetKind.RELATED_WORK,
                        participant__isnull=False,
                        year__isnull=False,
                        product__isnull=True,
                    )
                    & ~models.Q(related_work_kind="")
                    | models.Q(kind=TargetKind.PROJECT, product__isnull=True)
                    | models.Q(
                        kind=TargetKind.NON_DECLARABLE,
                        participant__isnull=True,
                        product__isnull=True,
                    )
                    & ~models.Q(category="")
                    | models.Q(
                        kind=TargetKind.CASE,
                        case__isnull=False,
                        participant__isnull=False,
                        year__isnull=False,
                    )
                ),
                name="booking_target_kind_has_its_references",
            ),
            models.UniqueConstraint(
                fields=["participant", "product"],
                condition=models.Q(kind=TargetKind.PRODUCT),
                name="one_target_per_participant_product",
            ),
            models.UniqueConstraint(
                fields=["participant", "year", "related_work_kind"],
                condition=models.Q(kind=TargetKind.RELATED_WORK),
                name="one_target_per_participant_related_work_kind",
            ),
            models.UniqueConstraint(
                fields=["case", "year"],
                condition=models.Q(kind=TargetKind.CASE),
                name="one_target_per_case_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_declarable(self) -> bool:
        return self.participant_id is not None


class WeekSheet(TimeStampedModel):
    """One employee's week: submitted as a whole, approved or rejected by the team leader."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("medewerker"), on_delete=models.PROTECT, related_name="+"
    )
    week_start = models.DateField(_("week van"), help_text=_("De maandag van de week."))
    status = models.CharField(
        _("status"), max_length=12, choices=WeekStatus.choices, default=WeekStatus.OPEN
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    reason = models.TextField(_("reden van afkeuring"), blank=True)

    class Meta:
        verbose_name = _("weekstaat")
        verbose_name_plural = _("weekstaten")
        ordering = ["-week_start", "employee_id"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "week_start"], name="one_sheet_per_week"),
        ]
        permissions = [("approve_weeksheet", _("Weekstaten van het eigen team beoordelen"))]

    def __str__(self) -> str:
        return f"{self.employee} {self.week_start:%G-W%V}"


class HourImport(models.Model):
    """One file read from a time system: the audit record of all the entries it created."""

    file_name = models.CharField(_("bestand"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("regels"))
    created = models.PositiveIntegerField(_("nieuw"))
    unchanged = models.PositiveIntegerField(_("al aanwezig"))
    imported_at = models.DateTimeField(_("ingelezen op"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingelezen door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ingelezen urenbestand")
        verbose_name_plural = _("ingelezen urenbestanden")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d})"


class HourEntry(models.Model):
    """Hours of one employee on one day on one target. Never floats; quarter-hour steps.

    A correction of an entry in a closed month is a counter-entry (negative hours) that points
    at the entry it corrects, booked in an open month with its own audit record.
    """

    # No single-column indexes on employee and target: the (employee, date) and (target, date)
    # indexes below serve those lookups, and every index slows the bulk import (measured).
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("medewerker"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    date = models.DateField(_("datum"))
    hours = HoursField(_("uren"))
    target = models.ForeignKey(
        BookingTarget,
        verbose_name=_("boekingsdoel"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    week = models.ForeignKey(
        WeekSheet, verbose_name=_("weekstaat"), on_delete=models.PROTECT, related_name="entries"
    )
    note = models.CharField(_("toelichting"), max_length=240, blank=True)
    source = models.CharField(
        _("bron"), max_length=10, choices=EntrySource.choices, default=EntrySource.MANUAL
    )
    source_key = models.CharField(
        _("bronsleutel"),
        max_length=120,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Sleutel van de regel in het bronsysteem; opnieuw inlezen verandert niets."),
    )
    import_batch = models.ForeignKey(
        HourImport,
        verbose_name=_("ingelezen bestand"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrigeert"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("urenboeking")
        verbose_name_plural = _("urenboekingen")
        ordering = ["date", "pk"]
        indexes = [
            models.Index(fields=["employee", "date"], name="hour_entry_employee_date"),
            models.Index(fields=["target", "date"], name="hour_entry_target_date"),
            models.Index(fields=["date"], name="hour_entry_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=24)
                | models.Q(corrects__isnull=False, hours__lt=0, hours__gte=-24),
                name="hour_entry_hours_in_range",
            ),
        ]
        permissions = [
            ("correct_hourentry", _("Urenboekingen in een afgesloten maand corrigeren")),
            ("import_hours", _("Uren inlezen uit een tijdschrijfsysteem")),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.date}: {self.hours} op {self.target.code}"


class MonthClosing(models.Model):
    """A closed month: its entries no longer change; corrections are counter-entries."""

    year = models.PositiveSmallIntegerField(_("jaar"))
    month = models.PositiveSmallIntegerField(_("maand"))
    closed_at = models.DateTimeField(_("afgesloten op"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgesloten door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("afgesloten maand")
        verbose_name_plural = _("afgesloten maanden")
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="month_closed_once"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="month_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


class MonthTotal(models.Model):
    """Hours per booking target and calendar month: a summary the database keeps itself.

    Triggers on HourEntry (insert, update, delete; migration 0003) add and subtract every change,
    so every way of writing hours (services, imports, the demo's bulk load) keeps it exact.
    Realisation and the board reports read whole months here instead of grouping a year of
    entries (0.5 s at odzob scale on SQLite, measured). Never written by application code.
    """

    target = models.ForeignKey(
        BookingTarget,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,  # the unique (target, month) index serves it
    )
    month = models.DateField(_("maand"), help_text=_("De eerste dag van de maand."))
    hours = HoursField(_("uren"), default=0)
    entries = models.IntegerField(_("regels"), default=0)

    class Meta:
        verbose_name = _("urentotaal per maand")
        verbose_name_plural = _("urentotalen per maand")
        constraints = [
            models.UniqueConstraint(fields=["target", "month"], name="month_total_unique")
        ]
        indexes = [models.Index(fields=["month"], name="month_total_month")]

    def __str__(self) -> str:
        return f"{self.target_id} {self.month:%Y-%m}: {self.hours}"
