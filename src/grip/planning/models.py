"""The risk model (versioned reference data), the risk scores of the sites, the inspectors'
capacity, and the inspection programmes the optimiser makes from them.

The formula the rows feed is in :mod:`grip.planning.risk`; the optimiser in
:mod:`grip.planning.optimiser`. ADR 0005 explains the choices.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from grip.core.models import TimeStampedModel, validate_period
from grip.core.numbers import HoursField
from grip.enforcement.constants import InspectionType
from grip.organisation.models import Employee
from grip.participants.models import Participant
from grip.planning.constants import (
    ItemKind,
    ModelStatus,
    PlanStatus,
    Reason,
    RuleKind,
)
from grip.sites.models import Site

_SCORE = [MinValueValidator(0), MaxValueValidator(5)]
_SHARE = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]
_FACTOR = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10"))]


def _factor(label: Any, default: str, help_text: Any) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        default=Decimal(default),
        validators=_FACTOR,
        help_text=help_text,
    )


def _weight(label: Any) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(
        label, max_digits=4, decimal_places=2, default=Decimal("1"), validators=_FACTOR
    )


def _effect(label: Any) -> models.PositiveSmallIntegerField:  # type: ignore[type-arg]
    return models.PositiveSmallIntegerField(label, default=0, validators=_SCORE)


def split_codes(text: str) -> list[str]:
    """'A, B C' -> ['A', 'B', 'C']: the class and site-type lists of a method."""
    return [part for part in text.replace(",", " ").split() if part]


class Expertise(models.Model):
    """An area of expertise an inspection asks for and an inspector has (agrarisch, Brzo, ...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    description = models.TextField(_("omschrijving"), blank=True)

    class Meta:
        verbose_name = _("deskundigheid")
        verbose_name_plural = _("deskundigheden")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RiskModel(TimeStampedModel):
    """One version of the risk model: effect scores and base probabilities per branch and
    activity, how the compliance history adjusts the probability, the risk classes with their
    target frequencies, and the inspection methods the programme chooses from."""

    version = models.CharField(_("versie"), max_length=20, unique=True)
    name = models.CharField(_("naam"), max_length=160)
    status = models.CharField(
        _("status"), max_length=12, choices=ModelStatus.choices, default=ModelStatus.CONCEPT
    )
    explanation = models.TextField(_("toelichting"), blank=True)
    adopted_on = models.DateField(_("vastgesteld op"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgesteld door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)
    # Sites no rule matches.
    default_effect = models.DecimalField(
        _("effect zonder regel"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("2"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Het effect van een locatie waarop geen regel van toepassing is."),
    )
    default_probability = models.DecimalField(
        _("basiskans zonder regel"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.1"),
        validators=_SHARE,
    )
    default_expertise = models.ForeignKey(
        Expertise,
        verbose_name=_("standaarddeskundigheid"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Voor locaties waarvan geen regel de deskundigheid noemt."),
    )
    weight_air = _weight(_("gewicht lucht"))
    weight_soil = _weight(_("gewicht bodem"))
    weight_water = _weight(_("gewicht water"))
    weight_noise = _weight(_("gewicht geluid"))
    weight_safety = _weight(_("gewicht externe veiligheid"))
    # The compliance history (DOMAIN.md: companies that comply poorly earn more inspections).
    lookback_years = models.PositiveSmallIntegerField(
        _("terugkijken (jaren)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Hoe ver de naleefhistorie terug telt."),
    )
    last_inspections = models.PositiveSmallIntegerField(
        _("aantal laatste controles"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    factor_compliant = _factor(
        _("factor alles in orde"), "0.6", _("Als alle laatste controles in orde waren.")
    )
    factor_noncompliant = _factor(
        _("factor niets in orde"), "1.8", _("Als geen van de laatste controles in orde was.")
    )
    factor_unknown = _factor(
        _("factor onbekend"), "1.2", _("Als er in de terugkijkperiode geen controle was.")
    )
    open_violation_step = _factor(
        _("toeslag per open overtreding"), "0.25", _("1 + toeslag × aantal (tot het maximum).")
    )
    open_violation_cap = models.PositiveSmallIntegerField(
        _("maximum open overtredingen"), default=3, validators=[MaxValueValidator(20)]
    )
    factor_recidivism = _factor(
        _("factor recidive"), "1.5", _("Bij een herhaalde overtreding in de terugkijkperiode.")
    )
    probability_cap = models.DecimalField(
        _("hoogste kans"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.95"),
        validators=_SHARE,
    )
    overdue_factor = models.DecimalField(
        _("achterstallig na (× interval)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("2"),
        validators=[MinValueValidator(Decimal("1"))],
        help_text=_(
            "Een gecontroleerde locatie is achterstallig als haar laatste controle langer "
            "geleden is dan dit veelvoud van het interval van haar klasse."
        ),
    )
    reinspection_product_code = models.CharField(
        _("product hercontrole"), max_length=20, default="TH-05"
    )

    class Meta:
        verbose_name = _("risicomodel")
        verbose_name_plural = _("risicomodellen")
        ordering = ["-valid_from", "-version"]
        permissions = [("adopt_riskmodel", _("Mag een risicomodel vaststellen"))]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"

    @property
    def is_editable(self) -> bool:
        return self.status == ModelStatus.CONCEPT

    def clean(self) -> None:
        validate_period(self.valid_from, self.valid_to, end_field="valid_to")
        if self.factor_compliant > self.factor_noncompliant:
            raise ValidationError(
                {
                    "factor_compliant": _(
                        "De factor voor 'alles in orde' mag niet hoger zijn dan die voor "
                        "'niets in orde'."
                    )
                }
            )


class RiskRule(models.Model):
    """Effect scores (0-5 per aspect) and a base probability of non-compliance for the sites
    with an SBI code (or the start of one), a Bal activity or an activity group."""

    model = models.ForeignKey(RiskModel, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("soort"), max_length=20, choices=RuleKind.choices)
    key = models.CharField(
        _("sleutel"),
        max_length=60,
        help_text=_("SBI-code of het begin ervan (01, 0146), activiteitcode of groepcode."),
    )
    effect_air = _effect(_("effect lucht"))
    effect_soil = _effect(_("effect bodem"))
    effect_water = _effect(_("effect water"))
    effect_noise = _effect(_("effect geluid"))
    effect_safety = _effect(_("effect externe veiligheid"))
    base_probability = models.DecimalField(
        _("basiskans niet-naleving"), max_digits=4, decimal_places=3, validators=_SHARE
    )
    expertise = models.ForeignKey(
        Expertise,
        verbose_name=_("deskundigheid"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("toelichting"), max_length=240, blank=True)

    class Meta:
        verbose_name = _("risicoregel")
        verbose_name_plural = _("risicoregels")
        ordering = ["model", "kind", "key"]
        constraints = [
            models.UniqueConstraint(fields=["model", "kind", "key"], name="risk_rule_once"),
            models.CheckConstraint(
                condition=models.Q(base_probability__gte=0, base_probability__lte=1),
                name="risk_rule_probability_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key}"


class RiskClass(models.Model):
    """A band of risk scores with the inspection frequency it asks for."""

    model = models.ForeignKey(RiskModel, on_delete=models.CASCADE, related_name="classes")
    code = models.CharField(_("code"), max_length=4)
    name = models.CharField(_("naam"), max_length=60)
    min_risk = models.DecimalField(
        _("vanaf risico"),
        max_digits=7,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("De laagste risicoscore in deze klasse."),
    )
    target_frequency = models.DecimalField(
        _("controles per jaar"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("12"))],
        help_text=_("1 = jaarlijks, 0,5 = eens per twee jaar, 0 = alleen op signaal."),
    )
    mandatory = models.BooleanField(
        _("minimumfrequentie verplicht"),
        default=False,
        help_text=_("Een locatie die aan de beurt is, moet in het programma."),
    )

    class Meta:
        verbose_name = _("risicoklasse")
        verbose_name_plural = _("risicoklassen")
        ordering = ["model", "-min_risk"]
        constraints = [
            models.UniqueConstraint(fields=["model", "code"], name="risk_class_code_once"),
            models.UniqueConstraint(fields=["model", "min_risk"], name="risk_class_bound_once"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class InspectionMethod(models.Model):
    """A way to inspect a site: the CIM inspection type, the catalogue product whose norm hours
    it takes, the share of the site's risk it covers, and where it applies."""

    model = models.ForeignKey(RiskModel, on_delete=models.CASCADE, related_name="methods")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=120)
    inspection_type = models.CharField(
        _("controletype"), max_length=20, choices=InspectionType.choices
    )
    product_code = models.CharField(_("product"), max_length=20)
    coverage = models.DecimalField(
        _("dekking"),
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1"))],
        help_text=_("Het deel van het risico van de locatie dat deze controle afdekt."),
    )
    classes = models.CharField(
        _("risicoklassen"), max_length=60, help_text=_("Codes, bijvoorbeeld: A B C.")
    )
    site_types = models.CharField(
        _("typen VTH-object"),
        max_length=300,
        blank=True,
        help_text=_("Leeg: alle typen. Anders de codes; die methode gaat dan voor."),
    )
    expertise = models.ForeignKey(
        Expertise,
        verbose_name=_("deskundigheid"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leeg: de deskundigheid die de locatie vraagt."),
    )

    class Meta:
        verbose_name = _("controlemethode")
        verbose_name_plural = _("controlemethoden")
        ordering = ["model", "-coverage", "code"]
        constraints = [
            models.UniqueConstraint(fields=["model", "code"], name="inspection_method_once"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def class_codes(self) -> list[str]:
        return split_codes(self.classes)

    @property
    def site_type_codes(self) -> list[str]:
        return split_codes(self.site_types)


class Assessment(models.Model):
    """The risk scores of all current sites by one model, as of one day."""

    model = models.ForeignKey(RiskModel, on_delete=models.PROTECT, related_name="assessments")
    as_of = models.DateField(_("peildatum"))
    created_at = models.DateTimeField(_("berekend op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    site_count = models.PositiveIntegerField(_("locaties"), default=0)

    class Meta:
        verbose_name = _("risicobeoordeling")
        verbose_name_plural = _("risicobeoordelingen")
        ordering = ["-as_of", "-id"]

    def __str__(self) -> str:
        return f"{self.model.version} per {self.as_of:%d-%m-%Y}"


class SiteRisk(models.Model):
    """One site's score: effect, probability, risk and class, and the factors behind them."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    effect = models.FloatField(_("effect"))
    base_probability = models.FloatField(_("basiskans"))
    probability = models.FloatField(_("kans op niet-naleving"))
    risk = models.FloatField(_("risico"))
    risk_class = models.CharField(_("risicoklasse"), max_length=4)
    expertise = models.CharField(_("deskundigheid"), max_length=40)
    site_type = models.CharField(_("type VTH-object"), max_length=60)
    sbi_code = models.CharField(_("SBI-code"), max_length=5, blank=True)
    category = models.CharField(_("activiteitengroep"), max_length=20, blank=True)
    last_inspection_on = models.DateField(_("laatste controle"), null=True, blank=True)
    open_violations = models.PositiveSmallIntegerField(_("open overtredingen"), default=0)
    repair_due_on = models.DateField(
        _("herstellen uiterlijk"),
        null=True,
        blank=True,
        help_text=_("De vroegste hersteldatum van de open overtredingen."),
    )
    reinspection_planned = models.BooleanField(_("hercontrole gepland"), default=False)
    reinspection_due_on = models.DateField(
        _("hercontrole nodig per"),
        null=True,
        blank=True,
        help_text=_(
            "De vroegste hersteldatum van de open overtredingen waarvoor nog geen hercontrole "
            "is gepland."
        ),
    )
    explanation = models.JSONField(_("uitleg"), default=dict)

    class Meta:
        verbose_name = _("risicoscore")
        verbose_name_plural = _("risicoscores")
        ordering = ["-risk", "site_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "site"], name="site_risk_once"),
        ]
        indexes = [
            models.Index(fields=["assessment", "participant", "risk"], name="planning_risk_part"),
            models.Index(fields=["assessment", "risk_class"], name="planning_risk_class"),
            models.Index(fields=["assessment", "-risk"], name="planning_risk_order"),
        ]

    def __str__(self) -> str:
        return f"{self.site_id}: {self.risk:.2f} ({self.risk_class})"


class InspectorCapacity(TimeStampedModel):
    """An inspector's hours for programmed inspections in a year, their expertise and the
    participants (area) they work for; no area means the whole region."""

    year = models.PositiveSmallIntegerField(_("jaar"))
    employee = models.ForeignKey(
        Employee, verbose_name=_("toezichthouder"), on_delete=models.PROTECT, related_name="+"
    )
    hours = HoursField(_("uren voor programmatoezicht"))
    expertises = models.ManyToManyField(
        Expertise, verbose_name=_("deskundigheden"), related_name="+"
    )
    areas = models.ManyToManyField(
        Participant, verbose_name=_("werkgebied"), blank=True, related_name="+"
    )
    note = models.CharField(_("toelichting"), max_length=240, blank=True)

    class Meta:
        verbose_name = _("capaciteit toezichthouder")
        verbose_name_plural = _("capaciteit toezichthouders")
        ordering = ["year", "employee__last_name", "employee__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "employee"], name="inspector_capacity_once"),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0), name="inspector_capacity_hours_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.year}: {self.hours} u"


class InspectionPlan(models.Model):
    """A risk-based inspection programme for all participants and one year, or a scenario on
    one (``based_on``): the solver's answer, its quality and the greedy comparison."""

    year = models.PositiveSmallIntegerField(_("jaar"))
    title = models.CharField(_("titel"), max_length=160)
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("risicobeoordeling"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=14, choices=PlanStatus.choices, default=PlanStatus.QUEUED
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("scenario op"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scenarios",
    )
    scenario_participant = models.ForeignKey(
        Participant,
        verbose_name=_("deelnemer van het scenario"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scenario_hours = HoursField(_("uren erbij of eraf"), null=True, blank=True)
    time_limit = models.FloatField(_("tijdslimiet (s)"), default=10.0)
    gap_target = models.FloatField(_("gevraagde marge"), default=0.001)
    # The answer.
    objective = models.FloatField(_("afgedekt risico"), null=True, blank=True)
    bound = models.FloatField(_("bovengrens"), null=True, blank=True)
    gap = models.FloatField(_("optimaliteitsmarge"), null=True, blank=True)
    greedy_objective = models.FloatField(_("afgedekt risico gretig"), null=True, blank=True)
    total_risk = models.FloatField(_("risico van alle locaties"), null=True, blank=True)
    solve_seconds = models.FloatField(_("rekentijd (s)"), null=True, blank=True)
    statistics = models.JSONField(_("rekengegevens"), default=dict, blank=True)
    problems = models.JSONField(
        _("wat niet past"), default=list, blank=True, help_text=_("Bij een onuitvoerbaar plan.")
    )
    error = models.TextField(_("fout"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemaakt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("toezichtprogramma")
        verbose_name_plural = _("toezichtprogramma's")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("run_scenario", _("Mag een scenario op een toezichtprogramma doorrekenen")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(based_on__isnull=True)
                    & models.Q(scenario_participant__isnull=True)
                    & models.Q(scenario_hours__isnull=True)
                )
                | (
                    models.Q(based_on__isnull=False)
                    & models.Q(scenario_participant__isnull=False)
                    & models.Q(scenario_hours__isnull=False)
                ),
                name="plan_scenario_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_scenario(self) -> bool:
        return self.based_on_id is not None


class PlanTheme(models.Model):
    """A minimum number of sites of one theme (activity, group or branch) to inspect."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="themes")
    kind = models.CharField(_("soort"), max_length=20, choices=RuleKind.choices)
    key = models.CharField(_("sleutel"), max_length=60)
    minimum = models.PositiveIntegerField(_("minimaal aantal locaties"))

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["plan", "kind", "key"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "key"], name="plan_theme_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key} ≥ {self.minimum}"


class PlanParticipant(models.Model):
    """A participant's totals in a programme: the hours it ordered and how they were used."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="totals")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    capacity_hours = HoursField(_("uren in het programma"))
    capacity_year = models.PositiveSmallIntegerField(
        _("programma van"), help_text=_("Het jaar van het vastgestelde programma.")
    )
    mandatory_hours = HoursField(_("verplichte uren"))
    selected_hours = HoursField(_("geplande uren"))
    mandatory_count = models.PositiveIntegerField(_("verplichte controles"))
    selected_count = models.PositiveIntegerField(_("geplande controles"))
    candidate_count = models.PositiveIntegerField(_("locaties aan de beurt"))
    risk_covered = models.FloatField(_("afgedekt risico"))
    risk_due = models.FloatField(_("risico van de locaties aan de beurt"))
    greedy_hours = HoursField(_("geplande uren gretig"))
    greedy_risk = models.FloatField(_("afgedekt risico gretig"))
    hour_price = models.FloatField(
        _("prijs van een uur"),
        null=True,
        blank=True,
        help_text=_("Wat een uur extra van deze deelnemer aan afgedekt risico zou opleveren."),
    )

    class Meta:
        verbose_name = _("toezichtprogramma van een deelnemer")
        verbose_name_plural = _("toezichtprogramma's van deelnemers")
        ordering = ["plan", "participant__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "participant"], name="plan_participant_once"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.participant_id}"


class PlanItem(models.Model):
    """One site in a programme: the inspection chosen (or the best one not chosen) and why."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="items")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("soort"), max_length=12, choices=ItemKind.choices)
    method = models.CharField(_("methode"), max_length=40, blank=True)
    inspection_type = models.CharField(
        _("controletype"), max_length=20, choices=InspectionType.choices, blank=True
    )
    product_code = models.CharField(_("product"), max_length=20, blank=True)
    expertise = models.CharField(_("deskundigheid"), max_length=40, blank=True)
    hours = HoursField(_("uren"))
    risk = models.FloatField(_("risico"))
    risk_class = models.CharField(_("risicoklasse"), max_length=4)
    covered = models.FloatField(_("afgedekt risico"))
    selected = models.BooleanField(_("in het programma"))
    greedy_selected = models.BooleanField(_("gretig gekozen"))
    reason = models.CharField(_("reden"), max_length=20, choices=Reason.choices)
    explanation = models.CharField(_("uitleg"), max_length=400)
    inspector = models.ForeignKey(
        Employee,
        verbose_name=_("toezichthouder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("regel van een toezichtprogramma")
        verbose_name_plural = _("regels van toezichtprogramma's")
        ordering = ["plan", "-risk", "id"]
        indexes = [
            models.Index(fields=["plan", "participant", "selected"], name="planning_item_part"),
            models.Index(fields=["plan", "-selected", "-risk"], name="planning_item_order"),
            models.Index(fields=["plan", "site"], name="planning_item_site"),
            models.Index(fields=["plan", "inspector"], name="planning_item_inspector"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.site_id} {self.reason}"
