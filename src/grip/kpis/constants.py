"""Value lists of the kpis app."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise


class Unit(models.TextChoices):
    PERCENT = "procent", _("%")
    DAYS = "dagen", _("dagen")
    COUNT = "aantal", _("aantal")
    HOURS = "uren", _("uren")


class Direction(models.TextChoices):
    HIGHER = "hoger", _("hoger is beter")
    LOWER = "lager", _("lager is beter")


class Scope(models.TextChoices):
    """Whether an indicator has a value per participant or only for the service as a whole."""

    PARTICIPANT = "deelnemer", _("per deelnemer")
    ORGANISATION = "organisatie", _("hele omgevingsdienst")


class Comparison(models.TextChoices):
    """How a value is held against its target: the province writes "≥ 90 %" and "< 1 %"."""

    AT_LEAST = "ge", "≥"
    MORE_THAN = "gt", ">"
    AT_MOST = "le", "≤"
    LESS_THAN = "lt", "<"


class SnapshotKind(models.TextChoices):
    BASELINE = "nulmeting", _("nulmeting")
    QUARTER = "kwartaal", _("kwartaal")


class StepStatus(models.TextChoices):
    NOT_STARTED = "niet_gestart", _("niet gestart")
    IN_PROGRESS = "bezig", _("bezig")
    DONE = "gereed", _("gereed")
    LATE = "achter", _("loopt achter")


# The BIG-8 cycle of DOMAIN.md: a strategic loop (1-4) and an operational loop (5-8).
BIG8_STEPS: tuple[tuple[int, str, StrOrPromise], ...] = (
    (1, "strategisch", _("Probleem- en risicoanalyse")),
    (2, "strategisch", _("Doelen en prioriteiten")),
    (3, "strategisch", _("Strategieën (vergunningverlening, toezicht, sancties, gedogen)")),
    (4, "strategisch", _("Organisatie en middelen")),
    (5, "operationeel", _("Uitvoeringsprogramma")),
    (6, "operationeel", _("Uitvoering")),
    (7, "operationeel", _("Monitoring")),
    (8, "operationeel", _("Evaluatie en jaarverslag")),
)
