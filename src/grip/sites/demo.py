"""Demo supervised sites: the register of an omgevingsdienst with a realistic branch mix.

How many: 35,000 sites at scale ``odzob`` (the number DESIGN.md gives for one service), 1,500
at ``small``, and at ``national`` not thirty times as many but ``NATIONAL_SITES`` = 300,000,
what loads within a minute (about 40 s measured; see there). Benchmarks that need the whole
national picture scale their own instances.

The mix per participant follows its character (the weights are demo values, not statistics):
- the Peel (Asten, Deurne, Gemert-Bakel, Laarbeek, Someren): about half agriculture, mostly
  pigs, dairy and poultry;
- the Kempen and the rural south (Bergeijk, Bladel, Eersel, Oirschot, Reusel-De Mierden,
  Cranendonck, Heeze-Leende): much agriculture, dairy first;
- Eindhoven and Helmond: industry (metal, high tech, automotive), logistics, waste, and the
  retail, hospitality and services of a city; hardly any farms;
- the suburbs (Best, Geldrop-Mierlo, Nuenen, Son en Breugel, Valkenswaard, Veldhoven, Waalre):
  retail, hospitality, services and some industry and farms;
- the province: the large industrial, waste and energy sites it is competent authority for,
  many of them IPPC or Seveso, spread over the region.

Each site has an address in its municipality's postcode range (four digits roughly right,
letters invented), a BAG identification for about 85 %, and mostly its own establishment with a
KvK number, a vestigingsnummer and SBI codes (main first); chains share a KvK number over their
branches. About 3 % of the establishments have no SBI code and some sites have no establishment
at all (a data-quality issue the data platform finds later). About 4 % of the sites ended in the
last years, their activities ended with them.

The rows are demo data and are written in bulk (``executemany``), without the services and
without an audit record per row, like the hours demo; the rules hold by construction.
"""

from __future__ import annotations

import datetime
from bisect import bisect
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, islice
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from grip.core.demodata import DemoContext, demo_step
from grip.participants.models import Participant
from grip.sites.constants import IDENTIFICATION_PREFIX, ActivityStatus
from grip.sites.models import (
    BalActivity,
    Establishment,
    EstablishmentSbi,
    SbiCode,
    Site,
    SiteActivity,
    SiteImport,
    SiteType,
)

ODZOB_SITES = 35_000
SMALL_SITES = 1_500
# At scale national not thirty times ODZOB's 35,000: measured on the two-core development
# machine with SQLite, this step takes about 4 s for 35,000 sites and 40 s for 300,000, so
# 300,000 keeps it within a minute (a million would take over two).
NATIONAL_SITES = 300_000
BATCH = 5000

BAG_SHARE = 0.85
NO_SBI_SHARE = 0.03
NO_ESTABLISHMENT_SHARE = 0.02  # business sites whose establishment is not (yet) linked
ENDED_SHARE = 0.04
SECOND_SBI_SHARE = 0.2
CHAIN_SHARE = 0.45  # of the sites of a branch with chains


@dataclass(frozen=True)
class Kind:
    """A kind of site: its SBI codes (weights), activities (chances) and how it looks."""

    sbi: tuple[tuple[str, float], ...]
    activities: tuple[tuple[str, float], ...]
    names: tuple[str, ...]
    streets: str = "town"
    site_type: str = "inrichting-bedrijf"
    ippc_share: float = 0.0  # of these sites that are IPPC installations
    has_establishment: bool = True


# Activities that go with one SBI code in particular, on top of those of its kind.
SBI_ACTIVITIES: dict[str, tuple[tuple[str, float], ...]] = {
    "1812": (("grafische-activiteit", 0.9),),
    "3700": (("afvalwater-zuiveren", 0.9),),
    "3831": (("autowrakken-demonteren", 0.9),),
    "4677": (("schroot-bewerken", 0.8),),
    "3821": (("groenafval-composteren", 0.3),),
    "3900": (("milieustraat", 0.3),),
    "3521": (("mest-vergisten", 0.5),),
    "9601": (("textiel-reinigen", 0.9),),
    "9603": (("crematorium", 0.6),),
    "7120": (("laboratorium", 0.5),),
    "8610": (("laboratorium", 0.6),),
    "2561": (("metaal-oppervlaktebehandeling", 0.9),),
    "2030": (("chemische-stoffen-maken", 0.8),),
    "2016": (("chemische-stoffen-maken", 0.9),),
    "2011": (("chemische-stoffen-maken", 0.9),),
    "1610": (("hout-bewerken", 0.9),),
    "1623": (("hout-bewerken", 0.9),),
    "3101": (("hout-bewerken", 0.6),),
    "3109": (("hout-bewerken", 0.6),),
    "9311": (("zwembad", 0.25),),
    "5530": (("propaan-opslaan", 0.4),),
}

KINDS: dict[str, Kind] = {
    "varkens": Kind(
        (("0146", 1),),
        (
            ("landbouwhuisdieren-houden", 0.98),
            ("mest-opslaan", 0.7),
            ("kuilvoer-opslaan", 0.15),
            ("propaan-opslaan", 0.3),
            ("stookinstallatie", 0.15),
        ),
        ("Varkenshouderij {surname}", "Varkensbedrijf {surname}", "{surname} Varkens"),
        "rural",
        "inrichting-agrarisch",
        ippc_share=0.12,
    ),
    "melkvee": Kind(
        (("0141", 1),),
        (
            ("landbouwhuisdieren-houden", 0.98),
            ("mest-opslaan", 0.8),
            ("kuilvoer-opslaan", 0.8),
            ("propaan-opslaan", 0.1),
        ),
        ("Melkveebedrijf {surname}", "Maatschap {surname}", "{surname} Melkvee"),
        "rural",
        "inrichting-agrarisch",
    ),
    "pluimvee": Kind(
        (("0147", 1),),
        (
            ("landbouwhuisdieren-houden", 0.98),
            ("mest-opslaan", 0.5),
            ("stookinstallatie", 0.3),
            ("propaan-opslaan", 0.2),
        ),
        ("Pluimveebedrijf {surname}", "Kippenhouderij {surname}", "{surname} Pluimvee"),
        "rural",
        "inrichting-agrarisch",
        ippc_share=0.15,
    ),
    "overig-vee": Kind(
        (("0142", 3), ("0143", 3), ("0145", 2), ("0149", 1)),
        (("landbouwhuisdieren-houden", 0.85), ("mest-opslaan", 0.4)),
        ("Veehouderij {surname}", "Manege {surname}", "Geitenhouderij {surname}"),
        "rural",
        "inrichting-agrarisch",
    ),
    "akkerbouw": Kind(
        (("0111", 4), ("0113", 3), ("0119", 2), ("0124", 1)),
        (("gewassen-telen-open-lucht", 0.9), ("gevaarlijke-stoffen-verpakking", 0.3)),
        ("Akkerbouwbedrijf {surname}", "Tuinderij {surname}", "Fruitteelt {surname}"),
        "rural",
        "inrichting-agrarisch",
    ),
    "glastuinbouw": Kind(
        (("0113", 2), ("0119", 3)),
        (
            ("gewassen-telen-kas", 0.95),
            ("stookinstallatie", 0.6),
            ("gevaarlijke-stoffen-verpakking", 0.4),
        ),
        ("Kwekerij {surname}", "Glastuinbouw {surname}"),
        "rural",
        "inrichting-agrarisch",
    ),
    "agrarische-dienst": Kind(
        (("0161", 3), ("0162", 2), ("0150", 2)),
        (
            ("motorvoertuigen-onderhouden", 0.4),
            ("gevaarlijke-stoffen-verpakking", 0.4),
            ("tankstation", 0.3),
        ),
        ("Loonbedrijf {surname}", "Agrarisch Loonwerk {surname}", "{surname} Agri"),
        "rural",
    ),
    "voeding": Kind(
        (("1011", 1), ("1012", 0.5), ("1013", 2), ("1051", 1), ("1071", 4), ("1091", 1.5)),
        (
            ("voedingsmiddelen-bereiden", 0.95),
            ("koelinstallatie", 0.6),
            ("stookinstallatie", 0.6),
        ),
        (
            "Bakkerij {surname}",
            "{surname} Vleeswaren",
            "{surname} Food B.V.",
            "Mengvoeders {surname}",
        ),
        "industry",
        ippc_share=0.05,
    ),
    "metaal": Kind(
        (("2511", 3), ("2550", 1), ("2561", 1.5), ("2562", 4), ("2822", 1), ("2451", 0.3)),
        (
            ("metaal-bewerken", 0.95),
            ("gevaarlijke-stoffen-verpakking", 0.6),
            ("stookinstallatie", 0.4),
            ("oplosmiddelen-gebruiken", 0.2),
        ),
        ("{surname} Metaal B.V.", "Constructiebedrijf {surname}", "Metaalbewerking {surname}"),
        "industry",
        ippc_share=0.04,
    ),
    "hightech": Kind(
        (("2611", 1), ("2651", 2), ("2660", 1), ("2899", 2), ("7219", 2)),
        (
            ("gevaarlijke-stoffen-verpakking", 0.7),
            ("stookinstallatie", 0.5),
            ("laboratorium", 0.4),
            ("metaal-bewerken", 0.4),
            ("koelinstallatie", 0.3),
        ),
        ("{surname} Precision", "{surname} Systems B.V.", "{surname} Technology"),
        "industry",
        ippc_share=0.03,
    ),
    "auto-industrie": Kind(
        (("2910", 0.3), ("2920", 1), ("2932", 1)),
        (
            ("metaal-bewerken", 0.9),
            ("motorvoertuigen-spuiten", 0.5),
            ("oplosmiddelen-gebruiken", 0.4),
            ("gevaarlijke-stoffen-verpakking", 0.7),
            ("stookinstallatie", 0.6),
        ),
        ("Carrosseriebouw {surname}", "{surname} Automotive", "Aanhangwagens {surname}"),
        "industry",
        ippc_share=0.08,
    ),
    "chemie-kunststof": Kind(
        (("2011", 0.3), ("2016", 0.5), ("2030", 1), ("2222", 1.5), ("2229", 2)),
        (
            ("kunststof-bewerken", 0.7),
            ("oplosmiddelen-gebruiken", 0.5),
            ("gevaarlijke-stoffen-tank", 0.5),
            ("gevaarlijke-stoffen-verpakking", 0.8),
            ("stookinstallatie", 0.5),
        ),
        ("{surname} Kunststoffen", "{surname} Coatings", "Verpakkingen {surname}"),
        "industry",
        ippc_share=0.1,
    ),
    "hout-meubel": Kind(
        (("1610", 1), ("1623", 2), ("3101", 1), ("3109", 1.5), ("1712", 0.3)),
        (("gevaarlijke-stoffen-verpakking", 0.3), ("stookinstallatie", 0.3)),
        ("Timmerfabriek {surname}", "Meubelmakerij {surname}", "Houthandel {surname}"),
        "industry",
    ),
    "drukkerij": Kind(
        (("1812", 1),),
        (("oplosmiddelen-gebruiken", 0.3), ("gevaarlijke-stoffen-verpakking", 0.3)),
        ("Drukkerij {surname}", "{surname} Print"),
        "industry",
    ),
    "bouw": Kind(
        (("4120", 4), ("4211", 1), ("4311", 1), ("4321", 2), ("4322", 3), ("4391", 1)),
        (
            ("gevaarlijke-stoffen-verpakking", 0.3),
            ("bouw-sloopafval-breken", 0.05),
            ("tankstation", 0.1),
        ),
        ("Bouwbedrijf {surname}", "Installatiebedrijf {surname}", "{surname} Bouw B.V."),
        "industry",
    ),
    "beton": Kind(
        (("2361", 1), ("2363", 1), ("0812", 0.5)),
        (("beton-maken", 0.9), ("bouw-sloopafval-breken", 0.2), ("stookinstallatie", 0.3)),
        ("Betonindustrie {surname}", "{surname} Beton", "Zandwinning {surname}"),
        "industry",
    ),
    "garage": Kind(
        (("4511", 3), ("4520", 5), ("4540", 1)),
        (
            ("motorvoertuigen-onderhouden", 0.95),
            ("gevaarlijke-stoffen-verpakking", 0.6),
            ("motorvoertuigen-wassen", 0.4),
            ("motorvoertuigen-spuiten", 0.15),
        ),
        ("Autobedrijf {surname}", "Garage {surname}", "Autoschade {surname}"),
        "town",
    ),
    "tankstation": Kind(
        (("4730", 1),),
        (("tankstation", 1.0), ("motorvoertuigen-wassen", 0.5), ("lpg-tankstation", 0.3)),
        ("Tankstation {place}", "Tankstation {surname}"),
        "town",
    ),
    "logistiek": Kind(
        (
            ("4621", 1),
            ("4631", 1),
            ("4671", 0.5),
            ("4690", 2),
            ("4941", 3),
            ("5210", 3),
            ("5229", 2),
        ),
        (
            ("gevaarlijke-stoffen-verpakking", 0.4),
            ("koelinstallatie", 0.3),
            ("tankstation", 0.25),
            ("motorvoertuigen-onderhouden", 0.2),
            ("vervoerseenheden-parkeren", 0.15),
            ("gevaarlijke-stoffen-tank", 0.1),
        ),
        ("Transportbedrijf {surname}", "{surname} Logistics", "Groothandel {surname}"),
        "industry",
    ),
    "afval": Kind(
        (
            ("3811", 2),
            ("3812", 0.5),
            ("3821", 2),
            ("3822", 0.5),
            ("3831", 1.5),
            ("3832", 1.5),
            ("3900", 1),
            ("4677", 1.5),
        ),
        (
            ("afvalstoffen-beheren", 0.9),
            ("gevaarlijke-stoffen-verpakking", 0.5),
            ("bouw-sloopafval-breken", 0.3),
        ),
        ("{surname} Recycling", "Afvalverwerking {surname}", "Autodemontage {surname}"),
        "industry",
        ippc_share=0.1,
    ),
    "energie": Kind(
        (("3511", 2), ("3513", 1), ("3521", 1), ("3530", 1)),
        (
            ("stookinstallatie", 0.6),
            ("windturbine", 0.3),
            ("bodemenergiesysteem", 0.2),
        ),
        ("Energie {place}", "{surname} Energie", "Warmtenet {place}"),
        "industry",
        ippc_share=0.1,
    ),
    "water": Kind(
        (("3600", 1), ("3700", 1)),
        (("gevaarlijke-stoffen-tank", 0.3),),
        ("Waterzuivering {place}", "Pompstation {place}"),
        "rural",
    ),
    "detailhandel": Kind(
        (("4711", 3), ("4752", 1), ("4776", 1)),
        (("koelinstallatie", 0.6), ("gevaarlijke-stoffen-verpakking", 0.3)),
        ("Supermarkt {surname}", "Bouwmarkt {place}", "Tuincentrum {surname}"),
        "town",
    ),
    "horeca": Kind(
        (("5610", 4), ("5630", 3), ("5510", 1), ("5530", 0.7), ("5621", 0.5)),
        (("koelinstallatie", 0.3), ("stookinstallatie", 0.1)),
        ("Restaurant De {noun}", "Café De {noun}", "Hotel {place}", "Camping De {noun}"),
        "town",
    ),
    "sport-recreatie": Kind(
        (("9311", 2), ("9312", 3), ("9313", 1.5), ("9321", 0.3)),
        (("sportaccommodatie", 0.5), ("stookinstallatie", 0.3), ("schietbaan", 0.03)),
        ("Sportpark {place}", "Voetbalvereniging {place}", "Sportcentrum De {noun}"),
        "town",
        "inrichting-voorziening",
    ),
    "zorg-onderwijs": Kind(
        (("8610", 0.3), ("8710", 1), ("8623", 1.5), ("8520", 3), ("8531", 1)),
        (("stookinstallatie", 0.7),),
        ("Basisschool De {noun}", "Zorgcentrum De {noun}", "Tandartspraktijk {surname}"),
        "town",
        "inrichting-voorziening",
    ),
    "diensten": Kind(
        (
            ("9601", 1),
            ("9603", 0.3),
            ("7500", 1),
            ("7120", 1),
            ("8130", 1.5),
            ("8411", 0.5),
            ("3312", 1),
        ),
        (("gevaarlijke-stoffen-verpakking", 0.3), ("stookinstallatie", 0.2)),
        ("Wasserij {surname}", "Dierenkliniek {place}", "Hoveniersbedrijf {surname}"),
        "town",
    ),
}
# Sites that are not a company's branch: event grounds, soil locations, building sites and
# stand-alone installations; they have no establishment and so no SBI code.
OTHER_SITES: tuple[tuple[str, str, str, tuple[tuple[str, float], ...], float], ...] = (
    # site type, name, street kind, activities, weight
    ("terrein-evenemententerrein", "Evenemententerrein {place}", "town", (), 2),
    ("terrein-bodemlocatie", "Bodemlocatie {street}", "industry", (), 3),
    ("bouwwerk-bouwplaats", "Bouwplaats {street}", "town", (), 2),
    ("installatie-windturbine", "Windturbine {street}", "rural", (("windturbine", 1.0),), 0.5),
    (
        "installatie-puinbreker",
        "Mobiele puinbreker {place}",
        "industry",
        (("bouw-sloopafval-breken", 1.0),),
        0.3,
    ),
    ("terrein-natuurgebied", "Natuurgebied {noun}", "rural", (), 0.5),
)
OTHER = "geen-vestiging"

PROFILES: dict[str, dict[str, float]] = {
    "peel": {
        "varkens": 16,
        "melkvee": 11,
        "pluimvee": 7,
        "overig-vee": 6,
        "akkerbouw": 8,
        "glastuinbouw": 2,
        "agrarische-dienst": 4,
        "voeding": 2,
        "metaal": 3,
        "hightech": 0.5,
        "auto-industrie": 0.5,
        "chemie-kunststof": 0.5,
        "hout-meubel": 1.5,
        "drukkerij": 0.5,
        "bouw": 6,
        "beton": 0.7,
        "garage": 5,
        "tankstation": 1.2,
        "logistiek": 4,
        "afval": 1.3,
        "energie": 1,
        "water": 0.3,
        "detailhandel": 5,
        "horeca": 6,
        "sport-recreatie": 2.5,
        "zorg-onderwijs": 2.5,
        "diensten": 2,
        OTHER: 3,
    },
    "kempen": {
        "varkens": 8,
        "melkvee": 12,
        "pluimvee": 4,
        "overig-vee": 5,
        "akkerbouw": 7,
        "glastuinbouw": 1.5,
        "agrarische-dienst": 3.5,
        "voeding": 2,
        "metaal": 4,
        "hightech": 0.8,
        "auto-industrie": 0.7,
        "chemie-kunststof": 0.8,
        "hout-meubel": 1.5,
        "drukkerij": 0.5,
        "bouw": 7,
        "beton": 0.8,
        "garage": 5.5,
        "tankstation": 1.2,
        "logistiek": 4.5,
        "afval": 1.4,
        "energie": 1,
        "water": 0.3,
        "detailhandel": 6,
        "horeca": 7.5,
        "sport-recreatie": 3,
        "zorg-onderwijs": 3,
        "diensten": 2.5,
        OTHER: 3,
    },
    "city": {
        "melkvee": 0.2,
        "overig-vee": 0.3,
        "akkerbouw": 0.4,
        "agrarische-dienst": 0.2,
        "voeding": 3,
        "metaal": 7,
        "hightech": 6,
        "auto-industrie": 2,
        "chemie-kunststof": 2,
        "hout-meubel": 2,
        "drukkerij": 2,
        "bouw": 9,
        "beton": 0.5,
        "garage": 8,
        "tankstation": 1.5,
        "logistiek": 9,
        "afval": 2.5,
        "energie": 1,
        "water": 0.3,
        "detailhandel": 12,
        "horeca": 16,
        "sport-recreatie": 4,
        "zorg-onderwijs": 6,
        "diensten": 4,
        OTHER: 4,
    },
    "helmond": {
        "varkens": 0.5,
        "melkvee": 1,
        "overig-vee": 1,
        "akkerbouw": 1.5,
        "agrarische-dienst": 0.5,
        "voeding": 3,
        "metaal": 10,
        "hightech": 3,
        "auto-industrie": 4,
        "chemie-kunststof": 2,
        "hout-meubel": 2,
        "drukkerij": 1.5,
        "bouw": 9,
        "beton": 0.7,
        "garage": 8,
        "tankstation": 1.5,
        "logistiek": 10,
        "afval": 3,
        "energie": 1,
        "water": 0.3,
        "detailhandel": 10,
        "horeca": 11,
        "sport-recreatie": 3,
        "zorg-onderwijs": 5,
        "diensten": 3,
        OTHER: 4,
    },
    "suburb": {
        "varkens": 2,
        "melkvee": 4,
        "pluimvee": 1,
        "overig-vee": 2.5,
        "akkerbouw": 3,
        "glastuinbouw": 0.5,
        "agrarische-dienst": 1,
        "voeding": 2,
        "metaal": 5,
        "hightech": 3,
        "auto-industrie": 1,
        "chemie-kunststof": 1,
        "hout-meubel": 2,
        "drukkerij": 1,
        "bouw": 8,
        "beton": 0.5,
        "garage": 7,
        "tankstation": 1.3,
        "logistiek": 6,
        "afval": 1.5,
        "energie": 0.8,
        "water": 0.3,
        "detailhandel": 10,
        "horeca": 12,
        "sport-recreatie": 4,
        "zorg-onderwijs": 5,
        "diensten": 3.5,
        OTHER: 3.5,
    },
    "province": {
        "voeding": 12,
        "metaal": 12,
        "hightech": 6,
        "auto-industrie": 5,
        "chemie-kunststof": 20,
        "afval": 22,
        "energie": 15,
        "beton": 5,
        "varkens": 0,
    },
}
# The province's sites are large: most are IPPC installations, some Seveso establishments.
PROVINCE_IPPC_SHARE = 0.6
PROVINCE_SEVESO_SHARE = 0.15

# Per participant: the profile, a weight for its number of sites, and its places with their
# four-digit postcode ranges.
PARTICIPANTS: dict[str, tuple[str, float, tuple[tuple[str, int, int], ...]]] = {
    "GM0743": (
        "peel",
        1400,
        (("Asten", 5721, 5723), ("Heusden", 5725, 5725), ("Ommel", 5724, 5724)),
    ),
    "GM1724": (
        "kempen",
        1000,
        (
            ("Bergeijk", 5571, 5572),
            ("Westerhoven", 5563, 5563),
            ("Riethoven", 5561, 5561),
            ("Luyksgestel", 5575, 5575),
        ),
    ),
    "GM0753": ("suburb", 1200, (("Best", 5681, 5684),)),
    "GM1728": (
        "kempen",
        1100,
        (
            ("Bladel", 5531, 5531),
            ("Hapert", 5527, 5527),
            ("Hoogeloon", 5528, 5528),
            ("Netersel", 5534, 5534),
        ),
    ),
    "GM1706": (
        "kempen",
        1000,
        (
            ("Budel", 6021, 6021),
            ("Maarheeze", 6026, 6026),
            ("Soerendonk", 6027, 6027),
            ("Gastel", 6023, 6023),
        ),
    ),
    "GM0762": (
        "peel",
        2100,
        (
            ("Deurne", 5751, 5754),
            ("Vlierden", 5756, 5756),
            ("Liessel", 5757, 5757),
            ("Neerkant", 5758, 5758),
            ("Helenaveen", 5759, 5759),
        ),
    ),
    "GM0770": (
        "kempen",
        1100,
        (
            ("Eersel", 5521, 5521),
            ("Duizel", 5525, 5525),
            ("Steensel", 5524, 5524),
            ("Vessem", 5512, 5512),
            ("Wintelre", 5513, 5513),
        ),
    ),
    "GM0772": ("city", 6500, (("Eindhoven", 5611, 5658),)),
    "GM1771": ("suburb", 1300, (("Geldrop", 5661, 5667), ("Mierlo", 5731, 5731))),
    "GM1652": (
        "peel",
        2100,
        (
            ("Gemert", 5421, 5422),
            ("Bakel", 5761, 5761),
            ("Milheeze", 5763, 5763),
            ("De Rips", 5765, 5765),
            ("Handel", 5423, 5423),
            ("Elsendorp", 5424, 5424),
        ),
    ),
    "GM1658": (
        "kempen",
        800,
        (("Heeze", 5591, 5591), ("Leende", 5595, 5595), ("Sterksel", 5593, 5593)),
    ),
    "GM0794": ("helmond", 2800, (("Helmond", 5701, 5709),)),
    "GM1659": (
        "peel",
        1300,
        (
            ("Beek en Donk", 5741, 5741),
            ("Aarle-Rixtel", 5735, 5735),
            ("Lieshout", 5737, 5737),
            ("Mariahout", 5738, 5738),
        ),
    ),
    "GM0820": ("suburb", 800, (("Nuenen", 5671, 5674),)),
    "GM0823": ("kempen", 1200, (("Oirschot", 5688, 5688), ("Middelbeers", 5091, 5091))),
    "GM1667": (
        "kempen",
        900,
        (("Reusel", 5541, 5541), ("Hooge Mierde", 5095, 5095), ("Lage Mierde", 5094, 5094)),
    ),
    "GM0847": ("peel", 1500, (("Someren", 5711, 5712), ("Lierop", 5715, 5715))),
    "GM0848": ("suburb", 800, (("Son", 5691, 5692), ("Breugel", 5694, 5694))),
    "GM0858": ("suburb", 1100, (("Valkenswaard", 5551, 5556),)),
    "GM0861": ("suburb", 1400, (("Veldhoven", 5501, 5509),)),
    "GM0866": ("suburb", 500, (("Waalre", 5581, 5583),)),
    "PV30": ("province", 400, ()),
}
# Where the province's sites lie: the municipalities with the large industrial estates.
PROVINCE_SITES_IN = ("GM0772", "GM0794", "GM0861", "GM0753", "GM0848", "GM1706", "GM0762", "GM1652")

SURNAMES = (
    "Jansen",
    "Van den Heuvel",
    "Van de Ven",
    "Van Dijk",
    "Smits",
    "Van Lieshout",
    "Verhoeven",
    "Van der Heijden",
    "Van Gerwen",
    "Hendriks",
    "Vermeulen",
    "Van Asten",
    "Van de Laar",
    "Kuijpers",
    "Swinkels",
    "Van Bree",
    "Van Rooij",
    "Van Hout",
    "Verberne",
    "Van Kemenade",
    "De Wit",
    "Van den Bogaard",
    "Peters",
    "Coolen",
    "Rovers",
    "Van Leuken",
    "Biemans",
    "Aarts",
    "Van Eijk",
    "Van Bussel",
    "Raaijmakers",
    "Sanders",
    "Van der Linden",
    "Dekkers",
    "Claassen",
    "Van de Mortel",
    "Bekkers",
    "Van Vlerken",
    "Hurkmans",
    "Van Geffen",
    "Manders",
    "Donkers",
    "Strijbosch",
    "Van der Velden",
    "Willems",
    "Van Osch",
    "Van den Broek",
    "Thijssen",
    "Van Dommelen",
    "Schepers",
)
INITIALS = "ABCDEFGHJKLMNPRSTW"
NOUNS = (
    "Linde",
    "Eik",
    "Kastanje",
    "Molen",
    "Zwaan",
    "Ster",
    "Heuvel",
    "Peel",
    "Beemd",
    "Kempen",
    "Dommel",
    "Kievit",
    "Wilg",
    "Haven",
    "Brug",
    "Roos",
    "Klaproos",
    "Berk",
    "Vlier",
    "Smidse",
)
STREETS: dict[str, tuple[str, ...]] = {
    "rural": (
        "Peeldijk",
        "Heikant",
        "Broekstraat",
        "Kanaaldijk",
        "Zandstraat",
        "Hoogeindseweg",
        "Leensel",
        "Kranenbroek",
        "Schuttersweg",
        "Beekstraat",
        "Veldweg",
        "Molenakkers",
        "Kievitsweg",
        "Peelstraat",
        "Vossenhol",
        "Oude Baan",
        "Bosweg",
        "Heuvelsestraat",
        "Lage Dijk",
        "Hoge Akker",
        "Beemdweg",
        "Langstraat",
        "Meerweg",
        "Ruttestraat",
    ),
    "industry": (
        "Industrieweg",
        "Ambachtsweg",
        "Nijverheidsweg",
        "Vlierweg",
        "De Hurk",
        "Esp",
        "Croy",
        "Hoevenweg",
        "Ekkersrijt",
        "Zinkstraat",
        "Koperstraat",
        "IJzerweg",
        "Transportweg",
        "Handelsweg",
        "Kanaalweg",
        "Fabrieksstraat",
        "Techniekweg",
        "Energieweg",
        "Havenweg",
        "Zuid-Willemsvaart",
        "Smederijstraat",
        "Lasserstraat",
    ),
    "town": (
        "Kerkstraat",
        "Markt",
        "Hoofdstraat",
        "Stationsstraat",
        "Molenstraat",
        "Nieuwstraat",
        "Dorpsstraat",
        "Kapelstraat",
        "Schoolstraat",
        "Heuvel",
        "Wilhelminastraat",
        "Julianastraat",
        "Emmastraat",
        "Beatrixlaan",
        "Parklaan",
        "Lindenlaan",
        "Eikenlaan",
        "Hoogstraat",
        "Nieuwe Kerkstraat",
        "Mgr. Verhagenstraat",
        "Raadhuisplein",
        "Kruisstraat",
    ),
}
# Chains: several branches under one KvK number.
CHAINS: dict[str, tuple[str, ...]] = {
    "4711": ("Buurtmarkt", "Versmarkt Zuid", "Dagwinkel"),
    "4730": ("Tankpunt", "Brabant Brandstoffen", "Route Olie"),
    "4752": ("Klusplaats",),
    "8710": ("Zorggroep De Kempen", "Stichting Peelzorg"),
    "8520": ("Stichting Basisonderwijs Zuidoost",),
}
POSTCODE_LETTERS = tuple(
    first + second
    for first in "ABCDEFGHJKLMNPRSTVWXZ"
    for second in "ABCDEGHJKLMNPRSTVWXZ"
    if first + second not in {"SA", "SD", "SS"}
)


# --- the plan of the sites -----------------------------------------------------------------------


class Picker:
    """Weighted choice by bisection over cumulative weights (one random draw)."""

    def __init__(self, weighted: Iterable[tuple[Any, float]]) -> None:
        pairs = [(item, weight) for item, weight in weighted if weight > 0]
        self.items = [item for item, _weight in pairs]
        self.cumulative = list(accumulate(weight for _item, weight in pairs))

    def pick(self, draw: float) -> Any:
        return self.items[bisect(self.cumulative, draw * self.cumulative[-1])]


def site_count(scale_name: str) -> int:
    if scale_name == "small":
        return SMALL_SITES
    if scale_name == "national":
        return NATIONAL_SITES
    return ODZOB_SITES


def allocate(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Whole numbers in proportion to the weights, adding up to ``total`` (largest remainder)."""
    whole = sum(weights.values())
    exact = {key: total * weight / whole for key, weight in weights.items()}
    counts = {key: int(value) for key, value in exact.items()}
    short = total - sum(counts.values())
    for key in sorted(exact, key=lambda key: (counts[key] - exact[key], key))[:short]:
        counts[key] += 1
    return counts


@dataclass
class _Ids:
    """Unique numbers, drawn up front from the seeded generator."""

    kvk: list[int]
    branch: list[int]
    next_kvk: int = 0
    next_branch: int = 0
    bag_serial: int = 0
    chains: dict[str, int] = field(default_factory=dict)  # chain name -> establishment index

    def kvk_number(self) -> str:
        self.next_kvk += 1
        return f"{self.kvk[self.next_kvk - 1]:08d}"

    def branch_number(self) -> str:
        self.next_branch += 1
        return f"{self.branch[self.next_branch - 1]:012d}"

    def bag_id(self, participant_code: str) -> str:
        self.bag_serial += 1
        return f"{participant_code[2:]}01{1_000_000_000 + self.bag_serial:010d}"


@dataclass
class _Rows:
    establishments: list[tuple[Any, ...]] = field(default_factory=list)
    establishment_sbi: list[tuple[int, str, bool]] = field(default_factory=list)  # index, code
    sites: list[tuple[Any, ...]] = field(default_factory=list)
    site_establishment: list[int | None] = field(default_factory=list)
    activities: list[tuple[int, str, str]] = field(default_factory=list)  # site index, code


class _Generator:
    def __init__(self, context: DemoContext, total: int) -> None:
        self.rng = context.random
        self.year = context.year
        self.today = min(timezone.localdate(), datetime.date(context.year, 12, 31))
        self.total = total
        draws = total + 10
        self.ids = _Ids(
            kvk=self.rng.sample(range(10_000_000, 100_000_000), draws),
            branch=self.rng.sample(range(10_000_000, 100_000_000), draws),
        )
        self.rows = _Rows()
        self.kind_pickers = {name: Picker(weights.items()) for name, weights in PROFILES.items()}
        self.sbi_pickers = {name: Picker(kind.sbi) for name, kind in KINDS.items()}
        self.other_picker = Picker((item, item[4]) for item in OTHER_SITES)

    # small helpers
    def _day(self, first_year: int, last: datetime.date) -> datetime.date:
        start = datetime.date(first_year, 1, 1)
        return start + datetime.timedelta(days=self.rng.randrange(max(1, (last - start).days)))

    def _address(
        self, places: Sequence[tuple[str, int, int]], streets: str
    ) -> tuple[str, str, int, str, str]:
        rng = self.rng
        place, first, last = places[rng.randrange(len(places))]
        postcode = (
            f"{rng.randint(first, last)}{POSTCODE_LETTERS[rng.randrange(len(POSTCODE_LETTERS))]}"
        )
        street = STREETS[streets][rng.randrange(len(STREETS[streets]))]
        number = rng.randint(1, 60 if streets == "rural" else 250)
        letter = "abc"[rng.randrange(3)].upper() if rng.random() < 0.05 else ""
        return place, street, number, letter, postcode

    def _surname(self) -> str:
        """'Van den Heuvel', or with an initial 'G. van den Heuvel' (Dutch capitalisation)."""
        rng = self.rng
        surname = SURNAMES[rng.randrange(len(SURNAMES))]
        if rng.random() < 0.5:
            return surname
        if surname.startswith(("Van ", "De ")):
            surname = surname[0].lower() + surname[1:]
        return f"{INITIALS[rng.randrange(len(INITIALS))]}. {surname}"

    def _name(self, pattern: str, place: str, street: str) -> str:
        rng = self.rng
        name = pattern.format(
            surname=self._surname(),
            place=place,
            street=street,
            noun=NOUNS[rng.randrange(len(NOUNS))],
        )
        if "{surname}" in pattern and "B.V." not in name:
            draw = rng.random()
            name += " B.V." if draw < 0.2 else " V.O.F." if draw < 0.3 else ""
        return name

    def _establishment(self, trade_name: str, sbi_codes: list[str], start: datetime.date) -> int:
        index = len(self.rows.establishments)
        self.rows.establishments.append(
            (self.ids.kvk_number(), self.ids.branch_number(), trade_name, True, start)
        )
        self._sbi(index, sbi_codes)
        return index

    def _sbi(self, index: int, sbi_codes: list[str]) -> None:
        if self.rng.random() < NO_SBI_SHARE:
            return
        for position, code in enumerate(sbi_codes):
            self.rows.establishment_sbi.append((index, code, position == 0))

    def _chain_branch(self, chain: str, sbi_code: str, start: datetime.date) -> int:
        """A new branch under the chain's KvK number."""
        if chain not in self.ids.chains:
            self.ids.chains[chain] = len(self.rows.establishments)
            kvk = self.ids.kvk_number()
        else:
            kvk = self.rows.establishments[self.ids.chains[chain]][0]
        index = len(self.rows.establishments)
        is_main = self.ids.chains[chain] == index
        self.rows.establishments.append((kvk, self.ids.branch_number(), chain, is_main, start))
        self._sbi(index, [sbi_code])
        return index

    def _activities(
        self, site_index: int, chances: Iterable[tuple[str, float]], ended: bool
    ) -> None:
        rng = self.rng
        seen: set[str] = set()
        for code, chance in chances:
            if code in seen or rng.random() >= chance:
                continue
            seen.add(code)
            if ended:
                status = ActivityStatus.ENDED
            else:
                draw = rng.random()
                status = (
                    ActivityStatus.PLANNED
                    if draw < 0.03
                    else ActivityStatus.REALISATION
                    if draw < 0.04
                    else ActivityStatus.STOPPED
                    if draw < 0.06
                    else ActivityStatus.RUNNING
                )
            self.rows.activities.append((site_index, code, status))

    # the sites of one participant
    def participant_sites(self, code: str, count: int, participant_id: int) -> None:
        profile, _weight, places = PARTICIPANTS[code]
        rng = self.rng
        picker = self.kind_pickers[profile]
        for _number in range(count):
            location_code = code
            if not places:  # the province: a site in one of the industrial municipalities
                location_code = PROVINCE_SITES_IN[rng.randrange(len(PROVINCE_SITES_IN))]
            site_places = PARTICIPANTS[location_code][2]
            kind_name = picker.pick(rng.random())
            establishment: int | None = None
            number_or_none: int | None
            ended = rng.random() < ENDED_SHARE
            start = self._day(1985, self.today - datetime.timedelta(days=30))
            end = (
                min(self.today, start + datetime.timedelta(days=rng.randint(200, 8000)))
                if ended
                else None
            )
            if kind_name == OTHER:
                site_type, pattern, streets, chances, _weight_other = self.other_picker.pick(
                    rng.random()
                )
                place, street, number, letter, postcode = self._address(site_places, streets)
                name = self._name(pattern, place, street)
                if site_type in {"terrein-bodemlocatie", "terrein-natuurgebied"}:
                    number_or_none = None
                    letter = ""
                else:
                    number_or_none = number
            else:
                kind = KINDS[kind_name]
                place, street, number, letter, postcode = self._address(site_places, kind.streets)
                number_or_none = number
                main = self.sbi_pickers[kind_name].pick(rng.random())
                pattern = kind.names[rng.randrange(len(kind.names))]
                trade_name = self._name(pattern, place, street)
                chains = CHAINS.get(main)
                if chains and rng.random() < CHAIN_SHARE:
                    chain = chains[rng.randrange(len(chains))]
                    trade_name = f"{chain} {place}"
                    establishment = self._chain_branch(chain, main, start)
                elif rng.random() >= NO_ESTABLISHMENT_SHARE:
                    codes = [main]
                    if rng.random() < SECOND_SBI_SHARE:
                        second = self.sbi_pickers[kind_name].pick(rng.random())
                        if second != main:
                            codes.append(second)
                    establishment = self._establishment(trade_name, codes, start)
                name = f"{trade_name}, {place}"
                site_type = kind.site_type
                ippc = PROVINCE_IPPC_SHARE if profile == "province" else kind.ippc_share
                draw = rng.random()
                if profile == "province" and draw < PROVINCE_SEVESO_SHARE:
                    site_type = "inrichting-seveso"
                elif draw < ippc:
                    site_type = "inrichting-ippc"
                chances = kind.activities + SBI_ACTIVITIES.get(main, ())
            site_index = len(self.rows.sites)
            bag_id = (
                self.ids.bag_id(location_code)
                if number_or_none and rng.random() < BAG_SHARE
                else ""
            )
            sequence = site_index + 1
            self.rows.sites.append(
                (
                    f"{IDENTIFICATION_PREFIX}{sequence:06d}",
                    name[:200],
                    site_type,
                    participant_id,
                    street,
                    number_or_none,
                    letter,
                    postcode,
                    place,
                    bag_id,
                    "" if number_or_none else f"Nabij {street}, {place}",
                    start,
                    end,
                )
            )
            self.rows.site_establishment.append(establishment)
            self._activities(site_index, chances, ended)


# --- writing ------------------------------------------------------------------------------------


def _batched(rows: Iterable[Sequence[Any]], size: int) -> Iterator[list[Sequence[Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _insert_many(
    model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> list[int]:
    """INSERT the rows (values adapted to the database) with executemany in batches, and
    return the new rows' ids in insertion order."""
    ops = connection.ops
    column_of = {field.name: field.column for field in model._meta.concrete_fields}
    table = ops.quote_name(model._meta.db_table)
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
        table,
        ", ".join(ops.quote_name(column_of[column]) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        (before,) = cursor.fetchone()
        for batch in _batched(rows, BATCH):
            cursor.executemany(sql, batch)
        cursor.execute(f"SELECT id FROM {table} WHERE id > %s ORDER BY id", [before])  # noqa: S608
        return [pk for (pk,) in cursor.fetchall()]


def _write(rows: _Rows) -> None:
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    dates: dict[datetime.date | None, Any] = {None: None}

    def day(value: datetime.date | None) -> Any:
        if value not in dates:
            dates[value] = ops.adapt_datefield_value(value)
        return dates[value]

    establishment_ids = _insert_many(
        Establishment,
        (
            "kvk_number",
            "branch_number",
            "trade_name",
            "is_main_branch",
            "start_date",
            "created_at",
            "updated_at",
        ),
        (
            (kvk, branch, name, is_main, day(start), now, now)
            for kvk, branch, name, is_main, start in rows.establishments
        ),
    )
    sbi_ids = dict(SbiCode.objects.values_list("code", "pk"))
    _insert_many(
        EstablishmentSbi,
        ("establishment", "sbi_code", "is_main"),
        (
            (establishment_ids[index], sbi_ids[code], is_main)
            for index, code, is_main in rows.establishment_sbi
        ),
    )
    type_ids = dict(SiteType.objects.values_list("code", "pk"))
    site_ids = _insert_many(
        Site,
        (
            "identification",
            "name",
            "site_type",
            "participant",
            "street",
            "house_number",
            "house_letter",
            "postcode",
            "city",
            "bag_id",
            "location_description",
            "start_date",
            "end_date",
            "house_number_addition",
            "establishment",
            "created_at",
            "updated_at",
        ),
        (
            (
                identification,
                name,
                type_ids[site_type],
                participant_id,
                street,
                number,
                letter,
                postcode,
                place,
                bag_id,
                location,
                day(start),
                day(end),
                "",
                None if establishment is None else establishment_ids[establishment],
                now,
                now,
            )
            for (
                identification,
                name,
                site_type,
                participant_id,
                street,
                number,
                letter,
                postcode,
                place,
                bag_id,
                location,
                start,
                end,
            ), establishment in zip(rows.sites, rows.site_establishment, strict=True)
        ),
    )
    activity_ids = dict(BalActivity.objects.values_list("code", "pk"))
    _insert_many(
        SiteActivity,
        ("site", "activity", "status", "description", "created_at", "updated_at"),
        (
            (site_ids[index], activity_ids[code], status, "", now, now)
            for index, code, status in rows.activities
        ),
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Establishment, EstablishmentSbi, Site, SiteActivity):
                cursor.execute(f"ANALYZE {ops.quote_name(model._meta.db_table)}")


# --- the step -----------------------------------------------------------------------------------


def _has_data() -> bool:
    return Site.objects.exists() or Establishment.objects.exists() or SiteImport.objects.exists()


def _reset() -> None:
    """Plain DELETEs, children first: the register has tens of thousands of rows."""
    with connection.cursor() as cursor:
        for model in (SiteActivity, EstablishmentSbi, Site, Establishment, SiteImport):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608


@demo_step(name="sites", order=45, has_data=_has_data, reset=_reset)
def generate_sites(context: DemoContext) -> None:
    total = site_count(context.scale.name)
    participants = {code: pk for pk, code in Participant.objects.values_list("pk", "code")}
    counts = allocate(
        total, {code: spec[1] for code, spec in PARTICIPANTS.items() if code in participants}
    )
    generator = _Generator(context, total)
    for code in context.progress.track(
        list(counts), label="Toezichtobjecten, deelnemers", total=len(counts)
    ):
        generator.participant_sites(code, counts[code], participants[code])
    _write(generator.rows)
    context.shared["sites"] = {"count": len(generator.rows.sites), "per_participant": counts}
