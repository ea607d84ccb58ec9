"""Choices of work programmes (DOMAIN.md, Work programmes and money)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    SUBMITTED = "ingediend", _("Ingediend")
    ADOPTED = "vastgesteld", _("Vastgesteld")
    SUPERSEDED = "vervangen", _("Vervangen door wijziging")


# The versions that can still change or be adopted; at most one per programme.
OPEN_STATUSES = (VersionStatus.DRAFT, VersionStatus.SUBMITTED)


class RelatedWorkKind(models.TextChoices):
    """The five kinds of related work (gerelateerde werkzaamheden) the seed names."""

    PLANNING = "planning", _("Planning, werkverdeling en bewaking van voortgang en kwaliteit")
    BOARD_INFORMATION = "bestuursinformatie", _("Bestuurlijke informatievoorziening")
    COORDINATION = "afstemming", _("Afstemming van het programma met deelnemer en ketenpartners")
    STRATEGY = "handhavingsstrategie", _("Interne afstemming over de handhavingsstrategie")
    INSTRUMENTS = (
        "instrumenten",
        _("Alternatieve instrumenten (communicatie, voorlichting, techniek)"),
    )


class RelatedWorkBasis(models.TextChoices):
    PERCENTAGE = "percentage", _("Percentage van de directe uren")
    HOURS = "uren", _("Vast aantal uren")


class DistributionMethod(models.TextChoices):
    INHABITANTS = "inwoners", _("Naar inwonertal")
    CONTRIBUTION = "bijdrage", _("Naar aandeel in de bijdrage")
    FIXED = "vast", _("Vaste aandelen")


class ExtraWorkStatus(models.TextChoices):
    REQUESTED = "aangevraagd", _("Aangevraagd")
    APPROVED = "goedgekeurd", _("Goedgekeurd")
    REJECTED = "afgewezen", _("Afgewezen")
