"""Grip's reference data for supervision and enforcement.

- The CIM VTH FLo reference list *Handhavingsinstrument* (fourteen instruments), each with
  its severity, its track and, for the instruments imposed by a decision, the decision type
  that is signed under mandate.
- Inspection subjects (CIM *Controle-onderwerp*, including the national value "niet van
  toepassing") and three checklists to start inspections from.
- The default uniform enforcement strategy: the sixteen cells of the LHSO matrix. The law
  leaves the mapping to the strategy each service adopts; this is Grip's documented default
  (docs/handhavingsstrategie.md), which the beheerder replaces by adopting a new version.
- The decision to collect forfeited penalties is allowed in inspection cases, where orders
  are imposed.
"""

from __future__ import annotations

import datetime

from django.db import migrations

START = datetime.date(2010, 10, 1)  # the Wabo; older history is not recorded in Grip

INSTRUMENTS = [
    # code, name, severity, track, decision type, has penalty, explanation
    ("informatie", "informatie/voorlichting geven", 1, "informeel", "", False,
     "Uitleg over de regels, mondeling of schriftelijk."),
    ("bestuurlijk-gesprek", "bestuurlijk gesprek", 1, "informeel", "", False,
     "Een gesprek van het bevoegd gezag met de overtreder over herstel."),
    ("zorginstrument", "zorginstrument", 2, "herstel", "", False,
     "Een instrument uit de LBR-lijst dat de overtreder aanspreekt op de eigen zorgplicht."),
    ("waarschuwing", "waarschuwing", 2, "herstel", "", False,
     "Een schriftelijke waarschuwing met een termijn om te herstellen; geen besluit."),
    ("eis", "eis", 3, "herstel", "", False,
     "Een schriftelijke eis tot herstel binnen een termijn (LBR)."),
    ("last-onder-dwangsom", "last onder dwangsom", 4, "herstel", "last-onder-dwangsom", True,
     "Awb 5:32: herstellen binnen de begunstigingstermijn, anders verbeuren dwangsommen."),
    ("boeterapport", "boeterapport", 4, "bestraffend", "", False,
     "Het rapport van de toezichthouder waarop een bestuurlijke boete rust (Awb 5:48)."),
    ("last-onder-bestuursdwang", "last onder bestuursdwang", 5, "herstel",
     "last-onder-bestuursdwang", False,
     "Awb 5:21: herstellen binnen de begunstigingstermijn, anders herstelt het bevoegd gezag "
     "op kosten van de overtreder."),
    ("bestuurlijke-boete", "bestuurlijke boete", 5, "bestraffend", "bestuurlijke-boete", False,
     "Awb titel 5.4: een bestraffende sanctie."),
    ("verzegelen-verwijderen", "verzegelen of verwijderen", 6, "herstel", "", False,
     "Verzegelen of verwijderen van wat zich in de inrichting bevindt, bij bestuursdwang."),
    ("exploitatieverbod", "exploitatieverbod", 6, "herstel", "", False,
     "Een verbod om de activiteit of inrichting te exploiteren."),
    ("buitenwerkingstelling", "geheel of gedeeltelijk buiten werking stellen", 6, "herstel", "",
     False, "De vergunning geheel of gedeeltelijk buiten werking stellen of intrekken."),
    ("bevel-tot-stillegging", "bevel tot stillegging", 6, "strafrecht", "", False,
     "Een bevel van een opsporingsambtenaar om een activiteit direct stil te leggen."),
    ("strafrechtelijk", "strafrechtelijk", 6, "strafrecht", "", False,
     "Een proces-verbaal aan het OM of een bestuurlijke strafbeschikking milieu door de eigen "
     "boa's."),
]

SUBJECTS = [
    # code, name, established, explanation
    ("niet-van-toepassing", "niet van toepassing", True,
     "Voor wie alleen controle-aandachtspunten gebruikt (CIM)."),
    ("zorgplicht", "zorgplicht", False, "De specifieke zorgplicht van het Bal."),
    ("bodem", "bodembescherming", False, "Bodembeschermende voorzieningen en maatregelen."),
    ("lucht", "emissies naar de lucht", False, "Emissies, stof en geur."),
    ("geluid", "geluid en trillingen", False, "Geluid en trillingen naar de omgeving."),
    ("gevaarlijke-stoffen", "opslag gevaarlijke stoffen", False,
     "Opslag van gevaarlijke stoffen in verpakking en tanks (PGS)."),
    ("externe-veiligheid", "externe veiligheid", False, "Risico's voor de omgeving."),
    ("afval", "afvalstoffen", False, "Scheiden, opslaan en afvoeren van afval."),
    ("water", "lozingen op water en riool", False, "Lozen van afvalwater."),
    ("energie", "energiebesparing", False, "De informatieplicht en maatregelen energie."),
    ("registratie", "registratie en administratie", False,
     "Registraties, keuringen en logboeken die de regels voorschrijven."),
    ("vergunning", "vergunningvoorschriften", False,
     "Voorschriften uit een omgevingsvergunning of maatwerkvoorschrift."),
]

CHECKLISTS = [
    ("milieu-algemeen", "Milieucontrole bedrijf (Bal)",
     "Het basispakket voor een periodieke controle van een milieubelastende activiteit.", [
         ("zorgplicht", "Maatregelen tegen nadelige gevolgen zijn getroffen", "Bal art. 2.11"),
         ("bodem", "Bodembeschermende voorzieningen zijn aanwezig en in orde",
          "Bal: bodembeschermende voorziening"),
         ("afval", "Afval is gescheiden en wordt afgevoerd naar een erkende verwerker",
          "Bal: afvalstoffen"),
         ("geluid", "Geluid blijft binnen de grenswaarden", "Bal: geluid"),
         ("gevaarlijke-stoffen", "Gevaarlijke stoffen zijn opgeslagen volgens de PGS",
          "Bal: opslaan gevaarlijke stoffen in verpakking"),
         ("water", "Afvalwater wordt geloosd zoals toegestaan", "Bal: lozen"),
         ("energie", "Energiebesparende maatregelen zijn genomen en gemeld",
          "Bal: energiebesparing"),
         ("registratie", "Keuringen en registraties zijn aanwezig en actueel",
          "Bal: registratie"),
     ]),
    ("gevaarlijke-stoffen", "Opslag gevaarlijke stoffen (PGS 15)",
     "Voor bedrijven met een opslag van gevaarlijke stoffen in verpakking.", [
         ("gevaarlijke-stoffen", "Opslagvoorziening is vloeistofdicht en heeft opvang",
          "PGS 15"),
         ("gevaarlijke-stoffen", "Stoffen zijn gescheiden naar gevarenklasse", "PGS 15"),
         ("externe-veiligheid", "Blusvoorzieningen zijn aanwezig en gekeurd", "PGS 15"),
         ("registratie", "Het register van opgeslagen stoffen is actueel", "PGS 15"),
     ]),
    ("agrarisch", "Agrarische activiteiten",
     "Voor het houden van landbouwhuisdieren en het opslaan van mest en kuilvoer.", [
         ("lucht", "Emissiearme stalsystemen werken zoals vergund",
          "Omgevingsvergunning: voorschriften stalsysteem"),
         ("bodem", "Mest en kuilvoer zijn opgeslagen op een vloeistofdichte vloer",
          "Bal: opslaan van vaste mest en kuilvoer"),
         ("vergunning", "Het aantal dieren past binnen de vergunning",
          "Omgevingsvergunning: dieraantallen"),
         ("registratie", "Het logboek van de luchtwassers is bijgehouden",
          "Bal: luchtwasser"),
     ]),
]

W, EIS, LOD, LOB = "waarschuwing", "eis", "last-onder-dwangsom", "last-onder-bestuursdwang"
INFO, GESPREK, ZORG = "informatie", "bestuurlijk-gesprek", "zorginstrument"
BOETE, RAPPORT = "bestuurlijke-boete", "boeterapport"
VERZEGELEN, EXPLOITATIE, BUITEN = "verzegelen-verwijderen", "exploitatieverbod", "buitenwerkingstelling"
STRAF, BEVEL = "strafrechtelijk", "bevel-tot-stillegging"

# cell: (first intervention, allowed interventions, repair term in days, consult the prosecutor)
# Higher consequence and worse behaviour move from information and warning, through an order,
# to fines, shutdown and criminal law (DOMAIN.md). docs/handhavingsstrategie.md explains it.
DEFAULT_MATRIX = {
    "1A": (W, [INFO, GESPREK, W], 42, False),
    "1B": (W, [GESPREK, W, EIS, LOD], 28, False),
    "1C": (LOD, [W, EIS, LOD, RAPPORT, BOETE, STRAF], 28, False),
    "1D": (LOD, [LOD, RAPPORT, BOETE, STRAF], 14, False),
    "2A": (W, [INFO, GESPREK, W, EIS, LOD], 28, False),
    "2B": (W, [W, EIS, LOD, LOB], 21, False),
    "2C": (LOD, [LOD, LOB, RAPPORT, BOETE, STRAF], 14, False),
    "2D": (LOD, [LOD, LOB, BOETE, STRAF], 14, True),
    "3A": (W, [ZORG, W, EIS, LOD, LOB], 14, False),
    "3B": (LOD, [W, LOD, LOB, BOETE, STRAF], 14, False),
    "3C": (LOD, [LOD, LOB, BOETE, EXPLOITATIE, STRAF], 7, True),
    "3D": (LOB, [LOD, LOB, EXPLOITATIE, BUITEN, VERZEGELEN, STRAF, BEVEL], 7, True),
    "4A": (LOB, [LOD, LOB, VERZEGELEN, BUITEN, BEVEL], 2, False),
    "4B": (LOB, [LOD, LOB, VERZEGELEN, BUITEN, STRAF, BEVEL], 2, True),
    "4C": (LOB, [LOB, VERZEGELEN, EXPLOITATIE, BUITEN, STRAF, BEVEL], 0, True),
    "4D": (LOB, [LOB, VERZEGELEN, EXPLOITATIE, BUITEN, STRAF, BEVEL], 0, True),
}

SOURCE = (
    "Grip-standaard naar de opbouw van de Landelijke Handhavingstrategie Omgevingsrecht "
    "(LHSO, 2022): gevolg 1-4 maal gedrag A-D. Hoe zwaarder het gevolg en hoe slechter het "
    "gedrag, hoe zwaarder de interventie: van informatie en waarschuwing via een last onder "
    "dwangsom of bestuursdwang naar bestraffende sancties, stillegging en strafrecht. De wet "
    "laat de precieze indeling aan de strategie die het bestuur vaststelt; vervang deze versie "
    "door de vastgestelde strategie. Zie docs/handhavingsstrategie.md."
)


def load(apps, schema_editor):
    Instrument = apps.get_model("enforcement", "Instrument")
    InspectionSubject = apps.get_model("enforcement", "InspectionSubject")
    Checklist = apps.get_model("enforcement", "Checklist")
    ChecklistPoint = apps.get_model("enforcement", "ChecklistPoint")
    StrategyVersion = apps.get_model("enforcement", "StrategyVersion")
    StrategyCell = apps.get_model("enforcement", "StrategyCell")
    DecisionType = apps.get_model("cases", "DecisionType")
    CaseType = apps.get_model("cases", "CaseType")

    instruments = {}
    for code, name, severity, track, decision, penalty, explanation in INSTRUMENTS:
        instruments[code] = Instrument.objects.create(
            code=code,
            name=name,
            severity=severity,
            track=track,
            decision_type=DecisionType.objects.get(code=decision) if decision else None,
            has_penalty=penalty,
            explanation=explanation,
            valid_from=START,
        )
    subjects = {}
    for code, name, established, explanation in SUBJECTS:
        subjects[code] = InspectionSubject.objects.create(
            code=code, name=name, established=established, explanation=explanation,
            valid_from=START,
        )
    for code, name, description, points in CHECKLISTS:
        checklist = Checklist.objects.create(code=code, name=name, description=description)
        ChecklistPoint.objects.bulk_create(
            ChecklistPoint(
                checklist=checklist, position=position, subject=subjects[subject], point=point,
                rule=rule,
            )
            for position, (subject, point, rule) in enumerate(points, start=1)
        )
    strategy = StrategyVersion.objects.create(
        name="Uniforme handhavingsstrategie (Grip-standaard)",
        version="grip-1",
        kind="LHSO",
        adopted_on=START,
        decision_reference="Grip-standaard, nog niet door het bestuur vastgesteld",
        valid_from=START,
        recidivism_months=24,
        source=SOURCE,
    )
    for cell, (first, allowed, term, prosecutor) in DEFAULT_MATRIX.items():
        row = StrategyCell.objects.create(
            strategy=strategy,
            consequence=int(cell[0]),
            behaviour=cell[1],
            default_instrument=instruments[first],
            repair_term_days=term,
            prosecutor_consultation=prosecutor,
        )
        row.instruments.set([instruments[code] for code in allowed])
    collect = DecisionType.objects.get(code="invordering-dwangsom")
    for case_type in CaseType.objects.filter(code="controle"):
        case_type.decision_types.add(collect)


def unload(apps, schema_editor):
    for model in ("StrategyCell", "StrategyVersion", "ChecklistPoint", "Checklist"):
        apps.get_model("enforcement", model).objects.all().delete()
    apps.get_model("enforcement", "InspectionSubject").objects.all().delete()
    apps.get_model("enforcement", "Instrument").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0001_initial"),
        ("cases", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(load, unload)]
