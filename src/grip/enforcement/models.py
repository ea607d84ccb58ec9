"""Supervision and enforcement on CIM VTH FLo: inspections (Controle) with their findings
(Bevinding), violations (Overtreding), the versioned enforcement strategy (the LHSO matrix as
data), notices of intent, enforcement measures (Handhavingsmaatregel) and their appeals.

The matrix cell a violation falls in, the interventions it proposes, recidivism and the next
escalation step are computed by :mod:`grip.enforcement.proposals` (pure functions); these
models hold only what was recorded.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.core.models import TimeStampedModel, ValidityQuerySet, validate_period
from grip.core.numbers import MoneyField
from grip.enforcement.constants import (
    AppealOutcome,
    AppealStage,
    Behaviour,
    Consequence,
    FindingResult,
    InspectionCause,
    InspectionStatus,
    InspectionType,
    InstrumentTrack,
    MeasureStatus,
    PenaltyUnit,
    PositioningReason,
    StrategyKind,
)

_NOT_NEGATIVE = [MinValueValidator(Decimal(0))]


# --- reference lists ----------------------------------------------------------------------------


class Instrument(models.Model):
    """CIM reference list *Handhavingsinstrument*, with its severity (*zwaarte*)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    explanation = models.TextField(_("toelichting"), blank=True)
    severity = models.PositiveSmallIntegerField(
        _("zwaarte"),
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("1 is het lichtst; hoger is zwaarder voor wie de maatregel krijgt."),
    )
    track = models.CharField(_("spoor"), max_length=12, choices=InstrumentTrack.choices)
    decision_type = models.ForeignKey(
        "cases.DecisionType",
        verbose_name=_("besluittype"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Als het opleggen een besluit is: dit besluit wordt onder mandaat getekend."),
    )
    has_penalty = models.BooleanField(
        _("met dwangsom"), default=False, help_text=_("Een last onder dwangsom.")
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("handhavingsinstrument")
        verbose_name_plural = _("handhavingsinstrumenten")
        ordering = ["severity", "name"]

    def __str__(self) -> str:
        return self.name


class InspectionSubject(models.Model):
    """CIM reference list *Controle-onderwerp*: an aspect of activities that is inspected."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    explanation = models.TextField(_("toelichting"), blank=True)
    established = models.BooleanField(
        _("landelijk vastgesteld"),
        default=False,
        help_text=_("Een landelijke standaardwaarde (CIM: indicatie vastgesteld)."),
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("controle-onderwerp")
        verbose_name_plural = _("controle-onderwerpen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Checklist(models.Model):
    """A list of inspection points that an inspection of a kind of site starts from."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=160)
    description = models.TextField(_("omschrijving"), blank=True)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ChecklistPoint(models.Model):
    """One *controle-aandachtspunt* of a checklist, under its subject, with the rule it checks."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="points")
    position = models.PositiveSmallIntegerField(_("volgorde"))
    subject = models.ForeignKey(
        InspectionSubject,
        verbose_name=_("controle-onderwerp"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    point = models.CharField(_("controle-aandachtspunt"), max_length=240)
    rule = models.CharField(
        _("regel"), max_length=160, help_text=_("Het voorschrift of artikel, zoals Bal 4.105.")
    )

    class Meta:
        verbose_name = _("checklistpunt")
        verbose_name_plural = _("checklistpunten")
        ordering = ["checklist", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "position"], name="checklist_point_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {self.point}"


# --- the strategy -------------------------------------------------------------------------------


class StrategyVersion(TimeStampedModel):
    """A version of the uniform enforcement strategy: the matrix a framework version adopts.

    A draft's cells may be edited; once adopted a version is frozen, and a change is a new
    version that applies to violations established from its ``valid_from``.
    """

    name = models.CharField(_("naam"), max_length=160)
    version = models.CharField(_("versie"), max_length=20, unique=True)
    kind = models.CharField(
        _("soort strategie"), max_length=8, choices=StrategyKind.choices, default=StrategyKind.LHSO
    )
    framework_version = models.ForeignKey(
        "frameworks.FrameworkVersion",
        verbose_name=_("uitvoeringskader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Het uitvoeringskader waarin deze strategie is vastgesteld."),
    )
    adopted_on = models.DateField(_("vastgesteld op"), null=True, blank=True)
    decision_reference = models.CharField(_("kenmerk besluit"), max_length=80, blank=True)
    valid_from = models.DateField(_("geldt voor overtredingen vanaf"), null=True, blank=True)
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)
    recidivism_months = models.PositiveSmallIntegerField(
        _("recidivetermijn (maanden)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "Dezelfde regel op hetzelfde object overtreden binnen deze termijn is recidive."
        ),
    )
    source = models.TextField(
        _("bron en toelichting"), blank=True, help_text=_("Waar de indeling van de cellen op rust.")
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("handhavingsstrategie")
        verbose_name_plural = _("handhavingsstrategieën")
        ordering = ["-valid_from", "-id"]
        permissions = [("adopt_strategyversion", _("Mag een handhavingsstrategie vaststellen"))]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"

    @property
    def is_draft(self) -> bool:
        return self.adopted_on is None

    def clean(self) -> None:
        validate_period(self.valid_from, self.valid_to, end_field="valid_to")


class StrategyCell(models.Model):
    """One of the sixteen cells: consequence × behaviour → allowed interventions."""

    strategy = models.ForeignKey(StrategyVersion, on_delete=models.CASCADE, related_name="cells")
    consequence = models.PositiveSmallIntegerField(_("gevolg"), choices=Consequence.choices)
    behaviour = models.CharField(_("gedrag"), max_length=1, choices=Behaviour.choices)
    instruments = models.ManyToManyField(
        Instrument, verbose_name=_("toegestane interventies"), related_name="+"
    )
    default_instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("eerste interventie"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De interventie die bij deze cel als eerste wordt voorgesteld."),
    )
    repair_term_days = models.PositiveSmallIntegerField(
        _("hersteltermijn (dagen)"), help_text=_("0 is: direct herstellen.")
    )
    prosecutor_consultation = models.BooleanField(
        _("afstemming met het OM"),
        default=False,
        help_text=_("Overleg met het Openbaar Ministerie is vereist (Ow 18.16)."),
    )
    guidance = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("cel van de interventiematrix")
        verbose_name_plural = _("cellen van de interventiematrix")
        ordering = ["strategy", "-consequence", "behaviour"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "consequence", "behaviour"], name="strategy_cell_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consequence}{self.behaviour}"

    @property
    def code(self) -> str:
        return f"{self.consequence}{self.behaviour}"


# --- inspections --------------------------------------------------------------------------------


class Inspection(TimeStampedModel):
    """CIM *Controle*: one assessment of a supervised site, planned and then performed.

    It is carried out in a case (CIM: "Een Controle wordt uitgevoerd in een Zaak"); a
    re-inspection is carried out in the case of the violation it verifies.
    """

    identification = models.CharField(_("controlenummer"), max_length=30, unique=True)
    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("bevoegd gezag"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    site = models.ForeignKey(
        "sites.Site",
        verbose_name=_("toezichtobject"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("zaak"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    inspection_type = models.CharField(
        _("controletype"), max_length=20, choices=InspectionType.choices
    )
    cause = models.CharField(
        _("aanleiding"),
        max_length=20,
        choices=InspectionCause.choices,
        default=InspectionCause.PROGRAMMA,
    )
    cause_case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("aanleiding: zaak"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="caused_inspections",
        help_text=_("Het handhavingsverzoek, incident of de melding die aanleiding was."),
    )
    cause_violation = models.ForeignKey(
        "Violation",
        verbose_name=_("hercontrole van"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reinspections",
    )
    inspector = models.ForeignKey(
        "organisation.Employee",
        verbose_name=_("toezichthouder"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    checklist = models.ForeignKey(
        Checklist,
        verbose_name=_("checklist"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InspectionStatus.choices,
        default=InspectionStatus.GEPLAND,
    )
    planned_on = models.DateField(_("gepland op"))
    performed_on = models.DateField(_("controledatum"), null=True, blank=True)
    notes = models.TextField(_("aantekeningen"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("controle")
        verbose_name_plural = _("controles")
        ordering = ["-planned_on", "-id"]
        indexes = [
            models.Index(fields=["inspector", "status", "planned_on"]),
            models.Index(fields=["participant", "performed_on"]),
            models.Index(fields=["site", "performed_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=InspectionStatus.UITGEVOERD)
                | models.Q(performed_on__isnull=False),
                name="inspection_performed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identification} {self.get_inspection_type_display()}"


class Finding(models.Model):
    """CIM *Bevinding*: the result for one inspection point, with its position when not met."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveSmallIntegerField(_("volgnummer"))
    subject = models.ForeignKey(
        InspectionSubject,
        verbose_name=_("controle-onderwerp"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    point = models.CharField(_("controle-aandachtspunt"), max_length=240, blank=True)
    rule = models.CharField(_("regel"), max_length=160, blank=True)
    result = models.CharField(
        _("resultaat"), max_length=24, choices=FindingResult.choices, blank=True
    )
    remarks = models.TextField(_("bijzonderheden"), blank=True)
    # Bevindingoordeel: only for a finding whose result is "niet akkoord".
    consequence = models.PositiveSmallIntegerField(
        _("gevolg"), choices=Consequence.choices, null=True, blank=True
    )
    behaviour = models.CharField(_("gedrag"), max_length=1, choices=Behaviour.choices, blank=True)

    class Meta:
        verbose_name = _("bevinding")
        verbose_name_plural = _("bevindingen")
        ordering = ["inspection", "number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="finding_number_unique"),
            # The position is both axes or neither, and only on a finding that is not met.
            models.CheckConstraint(
                condition=(models.Q(consequence__isnull=True) & models.Q(behaviour=""))
                | (
                    models.Q(consequence__isnull=False)
                    & ~models.Q(behaviour="")
                    & models.Q(result=FindingResult.NIET_AKKOORD)
                ),
                name="finding_position_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.subject}"

    @property
    def position(self) -> str:
        return f"{self.consequence}{self.behaviour}" if self.consequence else ""


class Violation(TimeStampedModel):
    """CIM *Overtreding*: established by an inspector from one or more findings.

    The position on the matrix (*interventiepositionering*) starts as the finding's and may
    differ, with a reason. The strategy version is the one in force on the day the violation
    was established and never changes afterwards.
    """

    identification = models.CharField(_("overtredingsnummer"), max_length=30, unique=True)
    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("bevoegd gezag"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    site = models.ForeignKey(
        "sites.Site",
        verbose_name=_("toezichtobject"),
        on_delete=models.PROTECT,
        related_name="violations",
    )
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("vastgesteld bij controle"),
        on_delete=models.PROTECT,
        related_name="violations",
    )
    findings = models.ManyToManyField(
        Finding, verbose_name=_("bevindingen"), related_name="violations"
    )
    observed_on = models.DateField(_("overtredingsdatum"))
    nature = models.CharField(_("aard van de overtreding"), max_length=240)
    rule = models.CharField(_("overtreden regel"), max_length=160)
    rule_key = models.CharField(
        _("regelsleutel"),
        max_length=160,
        editable=False,
        help_text=_("De regel genormaliseerd, om recidive te herkennen."),
    )
    strategy_kind = models.CharField(
        _("toegepaste strategie"), max_length=8, choices=StrategyKind.choices
    )
    strategy = models.ForeignKey(
        StrategyVersion,
        verbose_name=_("strategieversie"),
        on_delete=models.PROTECT,
        related_name="violations",
    )
    consequence = models.PositiveSmallIntegerField(_("gevolg"), choices=Consequence.choices)
    behaviour = models.CharField(_("gedrag"), max_length=1, choices=Behaviour.choices)
    positioning_reason = models.CharField(
        _("reden afwijkende positionering"),
        max_length=20,
        choices=PositioningReason.choices,
        blank=True,
    )
    positioning_explanation = models.TextField(_("toelichting positionering"), blank=True)
    recidivism_of = models.ForeignKey(
        "self",
        verbose_name=_("herhaling van"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    enforce = models.BooleanField(_("handhaving"), default=True)
    no_enforcement_reason = models.TextField(_("reden geen handhaving"), blank=True)
    repair_due_on = models.DateField(_("herstellen uiterlijk"), null=True, blank=True)
    repaired_on = models.DateField(_("hersteldatum"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("overtreding")
        verbose_name_plural = _("overtredingen")
        ordering = ["-observed_on", "-id"]
        indexes = [
            models.Index(fields=["site", "rule_key", "observed_on"]),
            models.Index(fields=["participant", "observed_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(enforce=True) | ~models.Q(no_enforcement_reason=""),
                name="violation_no_enforcement_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identification} {self.nature}"

    @property
    def position(self) -> str:
        return f"{self.consequence}{self.behaviour}"


class Intention(models.Model):
    """A notice of intent to enforce (*voornemen*): a term to repair and a chance to respond
    (Awb 4:8) before an order is imposed."""

    violation = models.ForeignKey(Violation, on_delete=models.PROTECT, related_name="intentions")
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("voorgenomen interventie"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_on = models.DateField(_("verzonden op"))
    response_until = models.DateField(_("zienswijze tot en met"))
    repair_until = models.DateField(_("herstellen uiterlijk"))
    response_received_on = models.DateField(_("zienswijze ontvangen op"), null=True, blank=True)
    response_summary = models.TextField(_("samenvatting zienswijze"), blank=True)
    deviation_reason = models.TextField(_("reden afwijking van de strategie"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("voornemen tot handhaving")
        verbose_name_plural = _("voornemens tot handhaving")
        ordering = ["violation", "sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.instrument} ({self.sent_on:%d-%m-%Y})"

    def clean(self) -> None:
        if self.response_until and self.sent_on and self.response_until < self.sent_on:
            raise ValidationError(
                {"response_until": _("De zienswijzetermijn eindigt vóór de verzenddatum.")}
            )


class Measure(TimeStampedModel):
    """CIM *Handhavingsmaatregel*: an intervention against one or more violations.

    When the instrument is a decision (an order, a fine), the measure holds the decision that
    was signed under the participant's mandate. Measures are never deleted; they are
    withdrawn.
    """

    identification = models.CharField(_("maatregelnummer"), max_length=30, unique=True)
    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("bevoegd gezag"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    violations = models.ManyToManyField(
        Violation, verbose_name=_("overtredingen"), related_name="measures"
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("handhavingsinstrument"), on_delete=models.PROTECT
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MeasureStatus.choices, default=MeasureStatus.OPGELEGD
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("zaak"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.OneToOneField(
        "cases.Decision",
        verbose_name=_("besluit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measure",
    )
    imposed_on = models.DateField(_("datum opleggen"))
    repair_until = models.DateField(
        _("begunstigingstermijn tot en met"),
        null=True,
        blank=True,
        help_text=_("De termijn om te herstellen voordat dwangsommen verbeuren of bestuursdwang."),
    )
    completed_on = models.DateField(_("datum afronding"), null=True, blank=True)
    within_cell = models.BooleanField(_("volgens de strategie"), default=True)
    deviation_reason = models.TextField(_("reden afwijking van de strategie"), blank=True)
    penalty_amount = MoneyField(
        _("dwangsom per eenheid"), null=True, blank=True, validators=_NOT_NEGATIVE
    )
    penalty_unit = models.CharField(
        _("eenheid dwangsom"), max_length=12, choices=PenaltyUnit.choices, blank=True
    )
    penalty_maximum = MoneyField(
        _("maximum dwangsom"), null=True, blank=True, validators=_NOT_NEGATIVE
    )
    forfeited_amount = MoneyField(_("verbeurd"), default=Decimal("0.00"), validators=_NOT_NEGATIVE)
    forfeited_on = models.DateField(_("verbeurd vastgesteld op"), null=True, blank=True)
    collected_amount = MoneyField(
        _("ingevorderd"), default=Decimal("0.00"), validators=_NOT_NEGATIVE
    )
    collection_decision = models.OneToOneField(
        "cases.Decision",
        verbose_name=_("invorderingsbesluit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collected_measure",
    )
    withdrawal_reason = models.TextField(_("reden intrekking"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("handhavingsmaatregel")
        verbose_name_plural = _("handhavingsmaatregelen")
        ordering = ["-imposed_on", "-id"]
        indexes = [models.Index(fields=["participant", "imposed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(within_cell=True) | ~models.Q(deviation_reason=""),
                name="measure_deviation_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(penalty_maximum__isnull=True)
                | models.Q(forfeited_amount__lte=models.F("penalty_maximum")),
                name="measure_forfeited_within_maximum",
            ),
            models.CheckConstraint(
                condition=models.Q(collected_amount__lte=models.F("forfeited_amount")),
                name="measure_collected_within_forfeited",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identification} {self.instrument}"

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValidationError(_("Een handhavingsmaatregel wordt niet verwijderd maar ingetrokken."))


class Appeal(models.Model):
    """An objection or appeal against a measure's decision, and how it ended."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="appeals")
    stage = models.CharField(_("fase"), max_length=24, choices=AppealStage.choices)
    lodged_on = models.DateField(_("ingediend op"))
    decided_on = models.DateField(_("uitspraak op"), null=True, blank=True)
    outcome = models.CharField(
        _("uitkomst"), max_length=16, choices=AppealOutcome.choices, default=AppealOutcome.LOPEND
    )
    reference = models.CharField(_("kenmerk"), max_length=80, blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bezwaar of beroep")
        verbose_name_plural = _("bezwaren en beroepen")
        ordering = ["measure", "lodged_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome=AppealOutcome.LOPEND, decided_on__isnull=True)
                | (~models.Q(outcome=AppealOutcome.LOPEND) & models.Q(decided_on__isnull=False)),
                name="appeal_decided_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} ({self.lodged_on:%d-%m-%Y})"
