"""Choices of hour registration (DOMAIN.md: declarable and non-declarable hours)."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

QUARTER = Decimal("0.25")  # hours are booked in quarter-hour steps
MAX_HOURS_PER_DAY = Decimal("24")


class TargetKind(models.TextChoices):
    """What an hour is booked on."""

    PRODUCT = "product", _("Product van een werkprogramma")
    RELATED_WORK = "gerelateerd", _("Gerelateerde werkzaamheden")
    PROJECT = "project", _("Project")
    NON_DECLARABLE = "indirect", _("Niet-declarabel")
    # One target per case and year: hours on a case count for the product its case type
    # realises, in the catalogue of the year they are booked in.
    CASE = "zaak", _("Zaak")


class NonDeclarable(models.TextChoices):
    LEAVE = "verlof", _("Verlof")
    SICKNESS = "ziekte", _("Ziekte")
    TRAINING = "opleiding", _("Opleiding")
    INTERNAL = "intern", _("Intern / overhead")


class WeekStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SUBMITTED = "ingediend", _("Ingediend")
    APPROVED = "goedgekeurd", _("Goedgekeurd")
    REJECTED = "afgekeurd", _("Afgekeurd")


# A week in these states can still be changed by its employee.
EDITABLE_WEEK = (WeekStatus.OPEN, WeekStatus.REJECTED)


class EntrySource(models.TextChoices):
    MANUAL = "handmatig", _("Handmatig")
    IMPORT = "import", _("Geïmporteerd")
    CORRECTION = "correctie", _("Correctie")
