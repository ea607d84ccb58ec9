"""Demo framework: one adopted framework version, two years of catalogue and tariffs."""

from __future__ import annotations

import datetime
from decimal import Decimal

from grip.core.demodata import DemoContext, demo_step
from grip.core.numbers import money
from grip.frameworks.models import FrameworkVersion, HourlyTariff, Module, ModulePlacement, Product
from grip.participants.models import Participant, ParticipantKind

# code, name, module, task kind, unit, settlement, norm hours per unit
CATALOGUE: list[tuple[str, str, str, str, str, str, str]] = [
    (
        "VV-01",
        "Omgevingsvergunning milieu, reguliere procedure",
        "milieu-basistaken",
        "vergunningverlening",
        "stuk",
        "pxq",
        "40",
    ),
    (
        "VV-02",
        "Omgevingsvergunning milieu, uitgebreide procedure",
        "milieu-basistaken",
        "vergunningverlening",
        "stuk",
        "pxq",
        "120",
    ),
    (
        "VV-03",
        "Maatwerkvoorschrift",
        "milieu-basistaken",
        "vergunningverlening",
        "stuk",
        "pxq",
        "16",
    ),
    (
        "VV-04",
        "Beoordelen melding Bal",
        "milieu-basistaken",
        "vergunningverlening",
        "stuk",
        "pxq",
        "4",
    ),
    (
        "VV-05",
        "Beoordelen informatieplicht",
        "milieu-basistaken",
        "vergunningverlening",
        "stuk",
        "pxq",
        "3",
    ),
    (
        "VV-06",
        "Ambtshalve actualisatie vergunning",
        "milieu-basistaken",
        "vergunningverlening",
        "stuk",
        "pxq",
        "60",
    ),
    (
        "VV-07",
        "Vooroverleg en omgevingstafel",
        "milieu-plustaken",
        "vergunningverlening",
        "uur",
        "nacalculatie",
        "1",
    ),
    (
        "VV-08",
        "Advies omgevingsplanactiviteit milieu",
        "milieu-plustaken",
        "advies",
        "stuk",
        "pxq",
        "12",
    ),
    (
        "VV-09",
        "Omgevingsvergunning bouwactiviteit (technisch)",
        "bouw-wabo",
        "vergunningverlening",
        "stuk",
        "pxq",
        "14",
    ),
    ("VV-10", "Beoordelen sloopmelding", "asbest", "vergunningverlening", "stuk", "pxq", "3"),
    (
        "TH-01",
        "Periodieke controle milieubelastende activiteit, categorie 1",
        "milieu-basistaken",
        "toezicht",
        "stuk",
        "pxq",
        "6",
    ),
    (
        "TH-02",
        "Periodieke controle milieubelastende activiteit, categorie 2",
        "milieu-basistaken",
        "toezicht",
        "stuk",
        "pxq",
        "10",
    ),
    (
        "TH-03",
        "Periodieke controle milieubelastende activiteit, categorie 3",
        "milieu-basistaken",
        "toezicht",
        "stuk",
        "pxq",
        "16",
    ),
    (
        "TH-04",
        "Controle Brzo-/IPPC-installatie",
        "milieu-basistaken",
        "toezicht",
        "stuk",
        "pxq",
        "40",
    ),
    ("TH-05", "Hercontrole", "milieu-basistaken", "toezicht", "stuk", "pxq", "4"),
    ("TH-06", "Themacontrole", "milieu-plustaken", "toezicht", "stuk", "pxq", "5"),
    ("TH-07", "Administratieve controle", "milieu-basistaken", "toezicht", "stuk", "pxq", "2"),
    ("TH-08", "Opleveringscontrole", "milieu-basistaken", "toezicht", "stuk", "pxq", "5"),
    ("TH-09", "Afhandelen klacht milieu", "milieu-basistaken", "toezicht", "stuk", "pxq", "3"),
    (
        "TH-10",
        "Afhandelen incident of ongewoon voorval",
        "milieu-basistaken",
        "toezicht",
        "stuk",
        "pxq",
        "6",
    ),
    ("TH-11", "Controle asbestsanering", "asbest", "toezicht", "stuk", "pxq", "4"),
    ("TH-12", "Toezicht bodemsanering en grondverzet", "bodem", "toezicht", "stuk", "pxq", "5"),
    ("TH-13", "Toezicht bouwen en slopen", "bouw-wabo", "toezicht", "stuk", "pxq", "6"),
    ("TH-14", "Meetcontrole geluid", "milieu-plustaken", "toezicht", "stuk", "pxq", "12"),
    (
        "TH-15",
        "Piket milieu (buiten kantoortijd)",
        "milieu-basistaken",
        "toezicht",
        "lumpsum",
        "lumpsum",
        "120",
    ),
    (
        "HH-01",
        "Voornemen last onder dwangsom",
        "milieu-basistaken",
        "handhaving",
        "stuk",
        "pxq",
        "8",
    ),
    (
        "HH-02",
        "Besluit last onder dwangsom",
        "milieu-basistaken",
        "handhaving",
        "stuk",
        "pxq",
        "12",
    ),
    (
        "HH-03",
        "Invorderingsbeschikking dwangsom",
        "milieu-basistaken",
        "handhaving",
        "stuk",
        "pxq",
        "8",
    ),
    ("HH-04", "Last onder bestuursdwang", "milieu-basistaken", "handhaving", "stuk", "pxq", "20"),
    (
        "HH-05",
        "Bestuurlijke strafbeschikking milieu",
        "milieu-basistaken",
        "handhaving",
        "stuk",
        "pxq",
        "4",
    ),
    (
        "HH-06",
        "Afhandelen handhavingsverzoek",
        "milieu-basistaken",
        "handhaving",
        "stuk",
        "pxq",
        "16",
    ),
    (
        "HH-07",
        "Bezwaar en beroep handhaving",
        "milieu-basistaken",
        "handhaving",
        "stuk",
        "pxq",
        "24",
    ),
    ("AD-01", "Advies geluid", "milieu-plustaken", "advies", "uur", "nacalculatie", "1"),
    (
        "AD-02",
        "Advies luchtkwaliteit en geur",
        "milieu-plustaken",
        "advies",
        "uur",
        "nacalculatie",
        "1",
    ),
    (
        "AD-03",
        "Advies externe veiligheid",
        "externe-veiligheid",
        "advies",
        "uur",
        "nacalculatie",
        "1",
    ),
    ("AD-04", "Advies bodemkwaliteit", "bodem", "advies", "uur", "nacalculatie", "1"),
    (
        "AD-05",
        "Advies duurzaamheid en energiebesparing",
        "milieu-plustaken",
        "advies",
        "uur",
        "nacalculatie",
        "1",
    ),
    ("AD-06", "Advies omgevingsplan", "milieu-plustaken", "advies", "uur", "nacalculatie", "1"),
    (
        "GW-01",
        "Planning, werkverdeling en monitoring voortgang en kwaliteit",
        "milieu-basistaken",
        "gerelateerd",
        "uur",
        "pxq",
        "1",
    ),
    (
        "GW-02",
        "Bestuurlijke informatievoorziening",
        "milieu-basistaken",
        "gerelateerd",
        "uur",
        "pxq",
        "1",
    ),
    (
        "GW-03",
        "Afstemming programma met deelnemer en ketenpartners",
        "milieu-basistaken",
        "gerelateerd",
        "uur",
        "pxq",
        "1",
    ),
    (
        "GW-04",
        "Interne afstemming handhavingsstrategie",
        "milieu-basistaken",
        "gerelateerd",
        "uur",
        "pxq",
        "1",
    ),
    (
        "GW-05",
        "Alternatieve instrumenten: communicatie, voorlichting, techniek",
        "milieu-basistaken",
        "gerelateerd",
        "uur",
        "pxq",
        "1",
    ),
    (
        "CT-01",
        "Harmonisatie uitvoeringskader",
        "collectief",
        "collectief",
        "lumpsum",
        "collectief",
        "1600",
    ),
    (
        "CT-02",
        "Informatiegestuurd werken en dataplatform",
        "collectief",
        "collectief",
        "lumpsum",
        "collectief",
        "2400",
    ),
    (
        "CT-03",
        "Kwaliteitscriteria en nulmeting",
        "collectief",
        "collectief",
        "lumpsum",
        "collectief",
        "800",
    ),
    (
        "PR-01",
        "Projectleiding op verzoek (declarabel)",
        "milieu-plustaken",
        "project",
        "uur",
        "nacalculatie",
        "1",
    ),
]
TARIFF_BASE = Decimal("98.50")  # the integral hourly tariff of the year before the demo year
INDEXATION = Decimal("3.2")


def _has_data() -> bool:
    return Product.objects.exists() or FrameworkVersion.objects.exists()


def _reset() -> None:
    ModulePlacement.objects.all().delete()
    Product.objects.all().delete()
    HourlyTariff.objects.all().delete()
    FrameworkVersion.objects.all().delete()


@demo_step(name="frameworks", order=40, has_data=_has_data, reset=_reset)
def generate_framework(context: DemoContext) -> None:
    first_year = context.year - 1
    FrameworkVersion.objects.create(
        name="Geharmoniseerd uitvoeringskader ODZOB",
        version=f"{first_year}.1",
        adopted_on=datetime.date(first_year - 1, 7, 6),
        decision_reference=f"AB {first_year - 1}-07",
        valid_from=datetime.date(first_year, 1, 1),
        enforcement_strategy="LHSO 2022",
    )
    modules = {module.code: module for module in Module.objects.all()}
    for year, tariff in (
        (first_year, TARIFF_BASE),
        (context.year, money(TARIFF_BASE * (1 + INDEXATION / 100))),
    ):
        HourlyTariff.objects.create(year=year, amount=tariff)
        Product.objects.bulk_create(
            [
                Product(
                    year=year,
                    code=code,
                    name=name,
                    module=modules[module],
                    task_kind=kind,
                    unit=unit,
                    settlement=settlement,
                    norm_hours=Decimal(hours),
                )
                for code, name, module, kind, unit, settlement, hours in CATALOGUE
            ]
        )
    placements = []
    rng = context.random
    for participant in Participant.objects.order_by("code"):
        if participant.kind == ParticipantKind.PROVINCE:
            codes = [
                "milieu-basistaken",
                "milieu-plustaken",
                "externe-veiligheid",
                "bodem",
                "collectief",
            ]
        else:
            codes = ["milieu-basistaken", "collectief"]
            codes += [
                code
                for code in ("milieu-plustaken", "asbest", "bouw-wabo", "bodem")
                if rng.random() < 0.6
            ]
        for year in (first_year, context.year):
            placements += [
                ModulePlacement(participant=participant, year=year, module=modules[code])
                for code in codes
            ]
    ModulePlacement.objects.bulk_create(placements)
