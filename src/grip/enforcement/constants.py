"""Value lists of supervision and enforcement, following CIM VTH FLo and DOMAIN.md.

The enumerations (Resultaat bevinding, Gevolg, Gedrag, Handhavingsstrategie, Status
Hh-maatregel) are fixed by the model and live here; the reference lists that an organisation
keeps (Controle-onderwerp, Handhavingsinstrument) are tables, loaded by migration 0002.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionType(models.TextChoices):
    """CIM *Controletype*: the nature and depth of an inspection."""

    ADMINISTRATIEF = "administratief", _("administratief")
    AUDIT = "audit", _("audit")
    DIGITAAL = "digitaal", _("digitaal")
    HANDHAVINGSCONTROLE = "handhavingscontrole", _("handhavingscontrole")
    HERCONTROLE = "hercontrole", _("hercontrole")
    INCIDENTEEL = "incidenteel", _("incidenteel")
    MEETCONTROLE = "meetcontrole", _("meetcontrole")
    OPLEVERINGSCONTROLE = "opleveringscontrole", _("opleveringscontrole")
    PERIODIEK = "periodiek", _("periodiek")
    THEMACONTROLE = "themacontrole", _("themacontrole")


class InspectionCause(models.TextChoices):
    """Why an inspection takes place (CIM: the relations of *Controle* to its cause)."""

    PROGRAMMA = "programma", _("toezichtprogramma")
    HANDHAVINGSVERZOEK = "handhavingsverzoek", _("handhavingsverzoek")
    INCIDENT = "incident", _("incident of klacht")
    MELDING = "melding", _("melding of informatie")
    OVERTREDING = "overtreding", _("hercontrole van een overtreding")
    PROJECT = "project", _("project of thema")


class InspectionStatus(models.TextChoices):
    GEPLAND = "gepland", _("gepland")
    UITGEVOERD = "uitgevoerd", _("uitgevoerd")
    VERVALLEN = "vervallen", _("vervallen")


class FindingResult(models.TextChoices):
    """CIM *Resultaat bevinding* (taken from ITP)."""

    NAGELEEFD = "nageleefd", _("voorschriften nageleefd")
    NIET_AKKOORD = "niet_akkoord", _("niet akkoord, voorschriften overtreden")
    AKKOORD_NA_AANWIJZING = "akkoord_na_aanwijzing", _("akkoord na aanwijzing")
    NADER_ONDERZOEK = "nader_onderzoek", _("nader onderzoek noodzakelijk")
    NIET_VAN_TOEPASSING = "niet_van_toepassing", _("voorschriften niet van toepassing")


# A finding with one of these results shows the rules were kept at the moment of inspection.
COMPLIANT_RESULTS = frozenset({FindingResult.NAGELEEFD, FindingResult.AKKOORD_NA_AANWIJZING})


class Consequence(models.IntegerChoices):
    """CIM *Gevolg*: the vertical axis of the LHSO matrix."""

    NIHIL = 1, _("1 vrijwel nihil")
    BEPERKT = 2, _("2 beperkt")
    VAN_BELANG = 3, _("3 van belang")
    AANZIENLIJK = 4, _("4 aanzienlijk en/of onomkeerbaar")


class Behaviour(models.TextChoices):
    """CIM *Gedrag*: the horizontal axis of the LHSO matrix."""

    GOEDWILLEND = "A", _("A goedwillend")
    ONVERSCHILLIG = "B", _("B onverschillig")
    CALCULEREND = "C", _("C calculerend")
    NOTOIR = "D", _("D notoir/crimineel")


BEHAVIOURS = tuple(Behaviour)


def worse_behaviour(behaviour: str) -> str:
    """One step to the right on the matrix; D stays D."""
    index = BEHAVIOURS.index(Behaviour(behaviour))
    return str(BEHAVIOURS[min(index + 1, len(BEHAVIOURS) - 1)].value)


class StrategyKind(models.TextChoices):
    """CIM *Handhavingsstrategie*: the strategy applied to a violation."""

    LBR = "LBR", _("LBR: Landelijke Benadering Risicobedrijven")
    LHS = "LHS", _("LHS: Landelijke Handhavingstrategie (Wabo)")
    LHSO = "LHSO", _("LHSO: Landelijke Handhavingstrategie Omgevingsrecht")
    ANDERS = "anders", _("anders")


class PositioningReason(models.TextChoices):
    """Why a violation's position differs from its finding's (aggravating or mitigating)."""

    RECIDIVE = "recidive", _("recidive")
    FINANCIEEL_VOORDEEL = "financieel_voordeel", _("financieel voordeel")
    VERZWAREND = "verzwarend", _("andere verzwarende omstandigheid")
    VERZACHTEND = "verzachtend", _("verzachtende omstandigheid")


class InstrumentTrack(models.TextChoices):
    """The route an instrument takes; the matrix lists administrative and criminal ones."""

    INFORMEEL = "informeel", _("informeel")
    HERSTEL = "herstel", _("bestuursrechtelijk, herstellend")
    BESTRAFFEND = "bestraffend", _("bestuursrechtelijk, bestraffend")
    STRAFRECHT = "strafrecht", _("strafrechtelijk")


ADMINISTRATIVE_TRACKS = frozenset(
    {InstrumentTrack.INFORMEEL, InstrumentTrack.HERSTEL, InstrumentTrack.BESTRAFFEND}
)


class MeasureStatus(models.TextChoices):
    """CIM *Status Hh-maatregel*."""

    OPGELEGD = "opgelegd", _("opgelegd")
    IN_UITVOERING = "in_uitvoering", _("in uitvoering")
    UITGEVOERD = "uitgevoerd", _("uitgevoerd")
    UITGEWERKT = "uitgewerkt", _("uitgewerkt (dwangsom volgelopen)")
    INGETROKKEN = "ingetrokken", _("ingetrokken")


# Which status may follow which; a withdrawn or executed measure is final.
MEASURE_TRANSITIONS: dict[str, frozenset[str]] = {
    MeasureStatus.OPGELEGD: frozenset(
        {
            MeasureStatus.IN_UITVOERING,
            MeasureStatus.UITGEVOERD,
            MeasureStatus.UITGEWERKT,
            MeasureStatus.INGETROKKEN,
        }
    ),
    MeasureStatus.IN_UITVOERING: frozenset(
        {MeasureStatus.UITGEVOERD, MeasureStatus.UITGEWERKT, MeasureStatus.INGETROKKEN}
    ),
    MeasureStatus.UITGEWERKT: frozenset({MeasureStatus.IN_UITVOERING, MeasureStatus.UITGEVOERD}),
    MeasureStatus.UITGEVOERD: frozenset(),
    MeasureStatus.INGETROKKEN: frozenset(),
}


class PenaltyUnit(models.TextChoices):
    """What one penalty (dwangsom) is forfeited for (Awb 5:32b lid 1)."""

    PER_DAG = "dag", _("per dag")
    PER_WEEK = "week", _("per week")
    PER_OVERTREDING = "overtreding", _("per overtreding")
    INEENS = "ineens", _("ineens")


class AppealStage(models.TextChoices):
    BEZWAAR = "bezwaar", _("bezwaar")
    BEROEP = "beroep", _("beroep bij de rechtbank")
    HOGER_BEROEP = "hoger_beroep", _("hoger beroep bij de Raad van State")
    VOORLOPIGE_VOORZIENING = "voorlopige_voorziening", _("voorlopige voorziening")


class AppealOutcome(models.TextChoices):
    LOPEND = "lopend", _("loopt nog")
    IN_STAND = "in_stand", _("besluit in stand")
    GEDEELTELIJK = "gedeeltelijk", _("gedeeltelijk in stand")
    VERNIETIGD = "vernietigd", _("besluit vernietigd of herroepen")
    INGETROKKEN = "ingetrokken", _("ingetrokken of niet-ontvankelijk")


# Court stages count for the KPI "enforcement decisions upheld in court"; objection does not.
COURT_STAGES = frozenset({AppealStage.BEROEP, AppealStage.HOGER_BEROEP})


class Rung(models.TextChoices):
    """The rungs of the usual escalation ladder (DOMAIN.md "Enforcement strategy")."""

    WAARSCHUWING = "waarschuwing", _("waarschuwing")
    VOORNEMEN = "voornemen", _("voornemen tot handhaving (zienswijze)")
    HERCONTROLE = "hercontrole", _("hercontrole")
    LAST = "last", _("last onder dwangsom of bestuursdwang met begunstigingstermijn")
    INVORDERING = "invordering", _("dwangsommen verbeurd en ingevorderd")
