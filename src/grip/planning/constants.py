"""Choices of the risk model and the inspection programme."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ModelStatus(models.TextChoices):
    """A risk model is drafted, then adopted; an adopted model never changes again."""

    CONCEPT = "concept", _("Concept")
    VASTGESTELD = "vastgesteld", _("Vastgesteld")


class RuleKind(models.TextChoices):
    """What a rule of the risk model matches a site on."""

    SBI = "sbi", _("SBI-code (of het begin ervan)")
    ACTIVITY = "activiteit", _("Bal-activiteit")
    CATEGORY = "activiteitengroep", _("Activiteitengroep")


class Aspect(models.TextChoices):
    """The environmental aspects an effect score is given for."""

    AIR = "lucht", _("Lucht")
    SOIL = "bodem", _("Bodem")
    WATER = "water", _("Water")
    NOISE = "geluid", _("Geluid")
    SAFETY = "veiligheid", _("Externe veiligheid")


# The model fields with each aspect's weight.
WEIGHT_FIELDS = {
    Aspect.AIR: "weight_air",
    Aspect.SOIL: "weight_soil",
    Aspect.WATER: "weight_water",
    Aspect.NOISE: "weight_noise",
    Aspect.SAFETY: "weight_safety",
}


class PlanStatus(models.TextChoices):
    QUEUED = "wachtrij", _("In de wachtrij")
    RUNNING = "bezig", _("Wordt berekend")
    OPTIMAL = "optimaal", _("Optimaal (binnen de gevraagde marge)")
    TIME_LIMIT = "tijdslimiet", _("Tijdslimiet bereikt")
    INFEASIBLE = "onuitvoerbaar", _("Past niet")
    FAILED = "mislukt", _("Mislukt")


FINISHED_STATUSES = frozenset(
    {PlanStatus.OPTIMAL, PlanStatus.TIME_LIMIT, PlanStatus.INFEASIBLE, PlanStatus.FAILED}
)
# A plan with one of these statuses has a programme (items chosen).
SOLVED_STATUSES = frozenset({PlanStatus.OPTIMAL, PlanStatus.TIME_LIMIT})


class ItemKind(models.TextChoices):
    """What an item of a programme is: an inspection chosen by risk, or a re-inspection."""

    INSPECTION = "controle", _("Controle")
    REINSPECTION = "hercontrole", _("Hercontrole")


class Reason(models.TextChoices):
    """Why a site is in the programme or not. The first four put it in."""

    REINSPECTION_DUE = "hercontrole", _("Verplicht: hercontrole van een overtreding")
    MINIMUM_FREQUENCY = "minimumfrequentie", _("Verplicht: minimumfrequentie van de risicoklasse")
    OVERDUE = "achterstallig", _("Verplicht: achterstallig")
    SELECTED = "gekozen", _("Gekozen op risico per uur")
    BELOW_THRESHOLD = "onder-grens", _("Niet gekozen: risico per uur onder de grens")
    DOES_NOT_FIT = "past-niet", _("Niet gekozen: past niet meer in de uren")
    NOT_DUE = "niet-aan-de-beurt", _("Niet aan de beurt")
    NO_FREQUENCY = "geen-frequentie", _("Geen periodieke controle in deze risicoklasse")
    NO_METHOD = "geen-methode", _("Geen controlemethode van toepassing")
