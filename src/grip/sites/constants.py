"""Choices of the register of supervised sites, after the CIM VTH FLo value lists."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityStatus(models.TextChoices):
    """CIM VTH FLo enumeration "Status activiteituitvoering": the phase in the life cycle of an
    activity carried out at a site. A requested activity is *voorgenomen*; only once it is
    reported or found to be running is it *uitvoering*."""

    PLANNED = "voorgenomen", _("Voorgenomen")
    REALISATION = "realisatie", _("Realisatie")
    RUNNING = "uitvoering", _("Uitvoering")
    STOPPED = "gestaakt", _("Gestaakt")
    ENDED = "beeindigd", _("Beëindigd")


# The statuses in which an activity takes place (or is about to) and is supervised.
CURRENT_ACTIVITY_STATUSES = (
    ActivityStatus.PLANNED,
    ActivityStatus.REALISATION,
    ActivityStatus.RUNNING,
)


class ActivityCategory(models.TextChoices):
    """Grip's grouping of the Bal activities, close to the sector chapters of Bal chapter 3;
    the risk model may weigh a category."""

    AGRICULTURE = "agrarisch", _("Agrarisch")
    INDUSTRY = "industrie", _("Industrie")
    ENERGY = "energie", _("Energie")
    WASTE = "afval", _("Afval en afvalwater")
    MOBILITY = "mobiliteit", _("Mobiliteit")
    HAZARDOUS = "gevaarlijke-stoffen", _("Opslag van gevaarlijke stoffen")
    OTHER = "overig", _("Overig")


class SbiSection(models.TextChoices):
    """The 21 sections (A to U) of the Standaard Bedrijfsindeling 2008 of the CBS."""

    A = "A", _("Landbouw, bosbouw en visserij")
    B = "B", _("Delfstoffenwinning")
    C = "C", _("Industrie")
    D = "D", _("Energievoorziening")
    E = "E", _("Winning en distributie van water; afval- en afvalwaterbeheer en sanering")
    F = "F", _("Bouwnijverheid")
    G = "G", _("Groot- en detailhandel; reparatie van auto's")
    H = "H", _("Vervoer en opslag")
    I = "I", _("Logies-, maaltijd- en drankverstrekking")  # noqa: E741 - the section's letter
    J = "J", _("Informatie en communicatie")
    K = "K", _("Financiële instellingen")
    L = "L", _("Verhuur van en handel in onroerend goed")
    M = "M", _("Advisering, onderzoek en overige specialistische zakelijke dienstverlening")
    N = "N", _("Verhuur van roerende goederen en overige zakelijke dienstverlening")
    O = "O", _("Openbaar bestuur, overheidsdiensten en verplichte sociale verzekeringen")  # noqa: E741
    P = "P", _("Onderwijs")
    Q = "Q", _("Gezondheids- en welzijnszorg")
    R = "R", _("Cultuur, sport en recreatie")
    S = "S", _("Overige dienstverlening")
    T = "T", _("Huishoudens als werkgever")
    U = "U", _("Extraterritoriale organisaties en lichamen")


# The SBI 2008 divisions (first two digits) of each section.
_SECTION_DIVISIONS = (
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
)


def sbi_section_of(code: str) -> str | None:
    """The section letter of an SBI code ('0146' -> 'A'), or None for an unknown division."""
    if len(code) < 2 or not code[:2].isdigit():
        return None
    division = int(code[:2])
    for letter, first, last in _SECTION_DIVISIONS:
        if first <= division <= last:
            return letter
    return None


IDENTIFICATION_PREFIX = "GRIP-VO-"  # what Grip gives a site created without an identification
