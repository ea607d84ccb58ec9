"""Targets, frozen measurements (baseline and quarterly snapshots) and the BIG-8 cycle.

The indicators themselves are code (:mod:`grip.kpis.registry`); these tables hold what people
decide about them and what was measured. A snapshot and its values are written once and never
changed: a published figure must stay the figure that was published.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.core.models import TimeStampedModel
from grip.kpis.constants import Comparison, SnapshotKind, StepStatus


class FrozenError(Exception):
    """A frozen row (a snapshot, its values, a published report or its file) was about to be
    changed or deleted."""


class WriteOnceModel(models.Model):
    """A row that is written once and never changed or deleted through the ORM."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise FrozenError(f"A {type(self).__name__} is frozen; it is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise FrozenError(f"A {type(self).__name__} is frozen; it is never deleted.")


class Target(TimeStampedModel):
    """A target for one indicator in one year: for one participant, or for all (no participant).

    Without a row the indicator's default (the province's norm) applies.
    """

    indicator_code = models.CharField(_("indicator"), max_length=40)
    year = models.PositiveSmallIntegerField(_("jaar"))
    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("deelnemer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leeg: geldt voor alle deelnemers zonder eigen streefwaarde."),
    )
    value = models.DecimalField(_("streefwaarde"), max_digits=10, decimal_places=1)
    comparison = models.CharField(
        _("vergelijking"), max_length=2, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    note = models.CharField(_("toelichting"), max_length=240, blank=True)

    class Meta:
        verbose_name = _("streefwaarde")
        verbose_name_plural = _("streefwaarden")
        ordering = ["year", "indicator_code", "participant__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_code", "year", "participant"], name="target_unique_per_year"
            ),
            models.UniqueConstraint(
                fields=["indicator_code", "year"],
                condition=models.Q(participant__isnull=True),
                name="target_unique_regional",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code} {self.year}: {self.get_comparison_display()} {self.value}"


class Snapshot(WriteOnceModel):
    """Every indicator for every participant and the region, frozen for one period.

    A quarterly snapshot covers the year to the end of its quarter (a Q2 snapshot is the
    half-year figure, a Q4 snapshot the year's). A baseline (*nulmeting*) covers a chosen period.
    """

    kind = models.CharField(_("soort"), max_length=10, choices=SnapshotKind.choices)
    year = models.PositiveSmallIntegerField(_("jaar"))
    quarter = models.PositiveSmallIntegerField(_("kwartaal"), null=True, blank=True)
    start = models.DateField(_("van"))
    end = models.DateField(_("tot en met"))
    definitions = models.JSONField(
        _("definities"), help_text=_("Code, versie, naam, definitie en eenheid per indicator.")
    )
    note = models.CharField(_("toelichting"), max_length=240, blank=True)
    frozen_at = models.DateTimeField(_("bevroren op"), auto_now_add=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bevroren door"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["-end", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter"],
                condition=models.Q(kind=SnapshotKind.QUARTER),
                name="snapshot_one_per_quarter",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=SnapshotKind.BASELINE, quarter__isnull=True)
                | models.Q(kind=SnapshotKind.QUARTER, quarter__gte=1, quarter__lte=4),
                name="snapshot_quarter_only_for_quarters",
            ),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="snapshot_period_ordered"
            ),
        ]
        permissions = [("freeze_snapshot", _("Mag metingen en de nulmeting bevriezen"))]

    def __str__(self) -> str:
        return str(self.label)

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("Het einde ligt voor het begin.")})

    @property
    def label(self) -> str:
        if self.kind == SnapshotKind.QUARTER:
            return f"Q{self.quarter} {self.year}"
        return f"{_('Nulmeting')} {self.start:%d-%m-%Y} t/m {self.end:%d-%m-%Y}"


class SnapshotValue(WriteOnceModel):
    """One indicator's frozen figure for one participant (or the region) in a snapshot."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="values")
    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("deelnemer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    indicator_code = models.CharField(_("indicator"), max_length=40)
    definition_version = models.PositiveSmallIntegerField(_("versie definitie"))
    value = models.DecimalField(_("waarde"), max_digits=14, decimal_places=1, null=True)
    numerator = models.DecimalField(_("teller"), max_digits=16, decimal_places=2, null=True)
    denominator = models.DecimalField(_("noemer"), max_digits=16, decimal_places=2, null=True)
    details = models.JSONField(_("toelichting"), default=dict)

    class Meta:
        verbose_name = _("bevroren waarde")
        verbose_name_plural = _("bevroren waarden")
        ordering = ["snapshot", "indicator_code", "participant_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "indicator_code", "participant"],
                name="snapshot_value_unique",
            ),
            models.UniqueConstraint(
                fields=["snapshot", "indicator_code"],
                condition=models.Q(participant__isnull=True),
                name="snapshot_value_unique_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code} = {self.value}"


class Cycle(TimeStampedModel):
    """The BIG-8 cycle of one participant (or of the region) in one year."""

    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("deelnemer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leeg: de regionale cyclus."),
    )
    year = models.PositiveSmallIntegerField(_("jaar"))

    class Meta:
        verbose_name = _("beleidscyclus")
        verbose_name_plural = _("beleidscycli")
        ordering = ["year", "participant__name"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "year"], name="cycle_unique"),
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(participant__isnull=True),
                name="cycle_unique_regional",
            ),
        ]
        permissions = [
            (
                "manage_all_cycles",
                _("Mag de beleidscyclus van elke deelnemer en de regio bijhouden"),
            )
        ]

    def __str__(self) -> str:
        return f"BIG-8 {self.year} {self.participant or _('regio')}"


class CycleStep(TimeStampedModel):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("stap"))
    status = models.CharField(
        _("status"), max_length=12, choices=StepStatus.choices, default=StepStatus.NOT_STARTED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    planned_on = models.DateField(_("gepland gereed"), null=True, blank=True)
    completed_on = models.DateField(_("gereed op"), null=True, blank=True)
    notes = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("stap van de beleidscyclus")
        verbose_name_plural = _("stappen van de beleidscyclus")
        ordering = ["cycle", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="cycle_step_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=8), name="cycle_step_one_to_eight"
            ),
            models.CheckConstraint(
                condition=models.Q(status=StepStatus.DONE, completed_on__isnull=False)
                | (~models.Q(status=StepStatus.DONE) & models.Q(completed_on__isnull=True)),
                name="cycle_step_completed_when_done",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} stap {self.number}"

    def clean(self) -> None:
        if self.status == StepStatus.DONE and self.completed_on is None:
            raise ValidationError({"completed_on": _("Een gereed stap heeft een datum gereed.")})
        if self.status != StepStatus.DONE and self.completed_on is not None:
            raise ValidationError(
                {"completed_on": _("Alleen een gereed stap heeft een datum gereed.")}
            )


class CycleDocument(models.Model):
    """A document or link that belongs to a step: an analysis, a decision, a report."""

    step = models.ForeignKey(CycleStep, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titel"), max_length=200)
    url = models.URLField(_("link"), max_length=500)
    added_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("document bij een stap")
        verbose_name_plural = _("documenten bij een stap")
        ordering = ["step", "added_at", "id"]

    def __str__(self) -> str:
        return self.title
