"""Work programmes per participant per year, their versions, lines and related work.

A programme holds versions; a version moves concept → ingediend → vastgesteld, and a change to
an adopted programme is a new version (an amendment) that replaces it only once it is adopted
itself. Hours and euros of a line are derived from the catalogue and tariff of the year by the
services and stored with the version, so an adopted version keeps its figures when the catalogue
changes later.

The regional collective programme is a programme without a participant; its cost is spread over
the participants by the year's distribution key.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.core.models import TimeStampedModel
from grip.core.numbers import HoursField, MoneyField
from grip.frameworks.models import Product
from grip.participants.models import Participant, ParticipantRequest
from grip.programmes.constants import (
    OPEN_STATUSES,
    DistributionMethod,
    ExtraWorkStatus,
    RelatedWorkBasis,
    RelatedWorkKind,
    VersionStatus,
)


class Programme(TimeStampedModel):
    """The work programme of one participant for one year, or the region's collective one."""

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("deelnemer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leeg voor het collectieve programma van de regio."),
    )
    year = models.PositiveSmallIntegerField(_("jaar"), db_index=True)

    class Meta:
        verbose_name = _("werkprogramma")
        verbose_name_plural = _("werkprogramma's")
        ordering = ["-year", "participant__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "year"],
                condition=models.Q(participant__isnull=False),
                name="programme_once_per_participant_year",
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(participant__isnull=True),
                name="collective_programme_once_per_year",
            ),
        ]
        permissions = [
            ("adopt_programme", _("Werkprogramma vaststellen namens de eigen deelnemer")),
            ("manage_collective_programme", _("Collectief programma en verdeelsleutel beheren")),
            ("comment_programme", _("Reageren op een conceptprogramma van de eigen deelnemer")),
        ]

    def __str__(self) -> str:
        if self.participant_id is None:
            return str(_("Collectief programma %(year)s") % {"year": self.year})
        return f"{self.participant} {self.year}"

    @property
    def is_collective(self) -> bool:
        return self.participant_id is None


class ProgrammeVersion(TimeStampedModel):
    """One version of a programme. Only a concept version changes; history is never rewritten."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("werkprogramma"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("versie"))
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("wijziging van"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    explanation = models.TextField(
        _("toelichting"), blank=True, help_text=_("Waarom deze versie, bij een wijziging.")
    )
    tariff = MoneyField(
        _("uurtarief"),
        null=True,
        blank=True,
        help_text=_("Het uurtarief van het jaar waarmee de bedragen zijn berekend."),
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    adopted_on = models.DateField(_("vastgesteld op"), null=True, blank=True)
    decision_reference = models.CharField(_("kenmerk besluit"), max_length=80, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requests = models.ManyToManyField(
        ParticipantRequest,
        verbose_name=_("verzoeken"),
        blank=True,
        related_name="programme_versions",
        help_text=_("De verzoeken van de deelnemer die deze wijziging beantwoordt."),
    )

    class Meta:
        verbose_name = _("versie van een werkprogramma")
        verbose_name_plural = _("versies van werkprogramma's")
        ordering = ["programme_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="programme_version_number_unique"
            ),
            # One adopted version counts at a time; at most one version is being worked on.
            models.UniqueConstraint(
                fields=["programme"],
                condition=models.Q(status=VersionStatus.ADOPTED),
                name="programme_one_adopted_version",
            ),
            models.UniqueConstraint(
                fields=["programme"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="programme_one_open_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} v{self.number} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT


class VersionTransition(models.Model):
    """Append-only history of a version's status changes: who moved it, when, and why."""

    version = models.ForeignKey(
        ProgrammeVersion, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=12, choices=VersionStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=VersionStatus.choices)
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.version}: {self.from_status or '-'} → {self.to_status}"


class ProgrammeComment(models.Model):
    """A remark on a concept version, by the participant's own user or its account manager."""

    version = models.ForeignKey(
        ProgrammeVersion,
        verbose_name=_("versie"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("reactie"))
    created_at = models.DateTimeField(_("geplaatst op"), auto_now_add=True)

    class Meta:
        verbose_name = _("reactie op een werkprogramma")
        verbose_name_plural = _("reacties op werkprogramma's")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.version}: {self.text[:40]}"


class ProgrammeLine(TimeStampedModel):
    """A product ordered in a version: quantity × norm hours, at the year's tariff."""

    version = models.ForeignKey(
        ProgrammeVersion, verbose_name=_("versie"), on_delete=models.CASCADE, related_name="lines"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(
        _("aantal"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.CharField(_("toelichting"), max_length=240, blank=True)
    # Derived by the services from the catalogue and tariff; never typed.
    norm_hours = HoursField(_("kental"), editable=False, default=Decimal("0"))
    hours = HoursField(_("uren"), editable=False, default=Decimal("0"))
    amount = MoneyField(_("bedrag"), editable=False, default=Decimal("0"))

    class Meta:
        verbose_name = _("programmaregel")
        verbose_name_plural = _("programmaregels")
        ordering = ["version_id", "product__code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "product"], name="line_product_once"),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="line_quantity_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product.code} × {self.quantity}"


class RelatedWorkLine(TimeStampedModel):
    """Related work of one kind: a percentage of the version's direct hours, or fixed hours."""

    version = models.ForeignKey(
        ProgrammeVersion,
        verbose_name=_("versie"),
        on_delete=models.CASCADE,
        related_name="related_work",
    )
    kind = models.CharField(_("soort"), max_length=25, choices=RelatedWorkKind.choices)
    basis = models.CharField(_("grondslag"), max_length=10, choices=RelatedWorkBasis.choices)
    percentage = models.DecimalField(
        _("percentage"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    planned_hours = HoursField(
        _("geplande uren"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    note = models.CharField(_("toelichting"), max_length=240, blank=True)
    hours = HoursField(_("uren"), editable=False, default=Decimal("0"))
    amount = MoneyField(_("bedrag"), editable=False, default=Decimal("0"))

    class Meta:
        verbose_name = _("gerelateerde werkzaamheid")
        verbose_name_plural = _("gerelateerde werkzaamheden")
        ordering = ["version_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["version", "kind"], name="related_work_kind_once"),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        basis=RelatedWorkBasis.PERCENTAGE,
                        percentage__gte=0,
                        percentage__lte=100,
                        planned_hours__isnull=True,
                    )
                    | models.Q(
                        basis=RelatedWorkBasis.HOURS,
                        planned_hours__gte=0,
                        percentage__isnull=True,
                    )
                ),
                name="related_work_basis_matches_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.hours} uur"


class DistributionKey(TimeStampedModel):
    """How a year's collective tasks are spread over the participants: data, not code."""

    year = models.PositiveSmallIntegerField(_("jaar"), unique=True)
    method = models.CharField(_("grondslag"), max_length=10, choices=DistributionMethod.choices)
    source = models.CharField(
        _("bron"), max_length=200, blank=True, help_text=_("Bijvoorbeeld CBS, 1 januari 2025.")
    )

    class Meta:
        verbose_name = _("verdeelsleutel")
        verbose_name_plural = _("verdeelsleutels")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_method_display()}"


class DistributionShare(models.Model):
    """A participant's weight in a key: inhabitants, contribution or a fixed share."""

    key = models.ForeignKey(DistributionKey, on_delete=models.CASCADE, related_name="shares")
    participant = models.ForeignKey(
        Participant, verbose_name=_("deelnemer"), on_delete=models.PROTECT, related_name="+"
    )
    weight = models.DecimalField(
        _("gewicht"),
        max_digits=14,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("aandeel in de verdeelsleutel")
        verbose_name_plural = _("aandelen in de verdeelsleutel")
        ordering = ["key", "participant__name"]
        constraints = [
            models.UniqueConstraint(fields=["key", "participant"], name="share_once_per_key"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="share_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.weight}"


class ExtraWork(TimeStampedModel):
    """Meerwerk: work beyond the adopted programme, which the participant must approve."""

    participant = models.ForeignKey(
        Participant, verbose_name=_("deelnemer"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(
        _("aantal"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    description = models.TextField(_("omschrijving"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ExtraWorkStatus.choices,
        default=ExtraWorkStatus.REQUESTED,
    )
    hours = HoursField(_("uren"), editable=False, default=Decimal("0"))
    amount = MoneyField(_("bedrag"), editable=False, default=Decimal("0"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decision_note = models.TextField(_("toelichting op het besluit"), blank=True)

    class Meta:
        verbose_name = _("meerwerk")
        verbose_name_plural = _("meerwerk")
        ordering = ["-year", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="extra_work_quantity_positive"
            )
        ]
        permissions = [("decide_extrawork", _("Meerwerk goedkeuren namens de eigen deelnemer"))]

    def __str__(self) -> str:
        return f"{self.participant} {self.year}: {self.product.code} × {self.quantity}"
