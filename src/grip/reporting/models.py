"""Frozen report sections, board reports, their files, and the regional pack runs.

A published report and its files are immutable documents: the content is stored as it was
published, and the PDF and workbook bytes beside it with their SHA-256.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.core.models import TimeStampedModel
from grip.kpis.models import FrozenError, WriteOnceModel
from grip.reporting.constants import FileFormat, PackStatus, ReportKind, ReportStatus


class FrozenSection(WriteOnceModel):
    """A participant's (or the region's) report figures beside the indicators, frozen together
    with the quarter's snapshot: realisation, cases, enforcement, related work."""

    snapshot = models.ForeignKey(
        "kpis.Snapshot", on_delete=models.PROTECT, related_name="report_sections"
    )
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    data = models.JSONField(_("gegevens"))

    class Meta:
        verbose_name = _("bevroren rapportagegegevens")
        verbose_name_plural = _("bevroren rapportagegegevens")
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "participant"], name="frozen_section_unique"
            ),
            models.UniqueConstraint(
                fields=["snapshot"],
                condition=models.Q(participant__isnull=True),
                name="frozen_section_unique_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot} {self.participant or 'regio'}"


class Report(TimeStampedModel):
    """A board report (*bestuursrapportage*) of one participant, or the regional one."""

    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("deelnemer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leeg: de regionale rapportage."),
    )
    kind = models.CharField(_("soort"), max_length=10, choices=ReportKind.choices)
    snapshot = models.ForeignKey(
        "kpis.Snapshot", verbose_name=_("meting"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    notable_items = models.TextField(
        _("opvallende zaken"),
        blank=True,
        help_text=_("De toelichting van de accountmanager; wordt met het rapport bewaard."),
    )
    content = models.JSONField(_("inhoud"), null=True, blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gepubliceerd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("bestuursrapportage")
        verbose_name_plural = _("bestuursrapportages")
        ordering = ["-snapshot__end", "participant__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "kind", "snapshot"], name="report_unique"
            ),
            models.UniqueConstraint(
                fields=["kind", "snapshot"],
                condition=models.Q(participant__isnull=True),
                name="report_unique_regional",
            ),
            models.CheckConstraint(
                condition=models.Q(status=ReportStatus.DRAFT)
                | models.Q(
                    content__isnull=False,
                    published_at__isnull=False,
                    published_by__isnull=False,
                ),
                name="report_published_complete",
            ),
        ]
        permissions = [
            ("publish_report", _("Mag een bestuursrapportage opstellen en publiceren")),
            (
                "publish_any_report",
                _("Mag elke rapportage, de regionale en het regionale pakket publiceren"),
            ),
        ]

    def __str__(self) -> str:
        who = self.participant.name if self.participant else _("regio")
        return f"{self.get_kind_display()} {self.snapshot} {who}"

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A published report is a document: nothing in it changes afterwards.
        if self.pk is not None and not kwargs.get("force_insert"):
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True)
            if stored and stored[0] == ReportStatus.PUBLISHED:
                raise FrozenError("A published report is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.is_published:
            raise FrozenError("A published report is never deleted.")
        return super().delete(*args, **kwargs)


class ReportFile(WriteOnceModel):
    """The PDF or workbook of a published report, stored as it was rendered."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="files")
    format = models.CharField(_("formaat"), max_length=4, choices=FileFormat.choices)
    content = models.BinaryField(_("inhoud"))
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("controlegetal (SHA-256)"), max_length=64)
    rendered_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("rapportagebestand")
        verbose_name_plural = _("rapportagebestanden")
        constraints = [
            models.UniqueConstraint(fields=["report", "format"], name="report_file_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.format})"


class PackRun(models.Model):
    """One background run that publishes the regional pack: every participant's report and
    the regional one, from one snapshot. Progress is counted here for the page to show."""

    snapshot = models.ForeignKey("kpis.Snapshot", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("soort"), max_length=10, choices=ReportKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=PackStatus.choices, default=PackStatus.QUEUED
    )
    total = models.PositiveSmallIntegerField(_("rapportages"), default=0)
    done = models.PositiveSmallIntegerField(_("gereed"), default=0)
    skipped = models.PositiveSmallIntegerField(
        _("al gepubliceerd"), default=0, help_text=_("Rapportages die al gepubliceerd waren.")
    )
    error = models.TextField(_("foutmelding"), blank=True)
    task_id = models.CharField(_("taak"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("gestart op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("regionaal pakket")
        verbose_name_plural = _("regionale pakketten")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.snapshot}: {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
