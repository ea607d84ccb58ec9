"""Choices of the execution framework and product catalogue (DOMAIN.md, Work programmes)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskKind(models.TextChoices):
    PERMITS = "vergunningverlening", _("Vergunningverlening")
    SUPERVISION = "toezicht", _("Toezicht")
    ENFORCEMENT = "handhaving", _("Handhaving")
    ADVICE = "advies", _("Advies")
    RELATED_WORK = "gerelateerd", _("Gerelateerde werkzaamheden")
    COLLECTIVE = "collectief", _("Collectieve taak")
    PROJECT = "project", _("Project")


class Unit(models.TextChoices):
    PIECE = "stuk", _("per stuk")
    HOUR = "uur", _("per uur")
    LUMPSUM = "lumpsum", _("lumpsum")


class Settlement(models.TextChoices):
    PXQ = "pxq", _("PxQ (prijs × hoeveelheid)")
    LUMPSUM = "lumpsum", _("Lumpsum")
    ACTUAL_HOURS = "nacalculatie", _("Nacalculatie")
    COLLECTIVE = "collectief", _("Collectief, via verdeelsleutel")
