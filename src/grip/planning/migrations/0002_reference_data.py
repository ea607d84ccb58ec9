"""The expertise areas and the first risk model, adopted from 1 January 2026.

The model's numbers are Grip's starting values, set by the service's KIS team in the shape the
national practice uses (effect per environmental aspect 0-5, a base probability of
non-compliance per branch and activity); they are not national figures. A service changes
them by copying the model into a new version (the planning pages), not by editing this file.

Reversible: going back removes exactly these rows again.
"""

import datetime
from decimal import Decimal

from django.db import migrations

EXPERTISES = [
    ("algemeen", "Algemeen milieutoezicht", "Bedrijven zonder bijzondere deskundigheid."),
    ("agrarisch", "Agrarisch", "Veehouderijen, mestopslag en -vergisting, teelt."),
    (
        "industrie",
        "Industrie",
        "Metaal, oppervlaktebehandeling, hout, voedingsmiddelen, kunststof.",
    ),
    ("afval", "Afval en bodem", "Afvalbeheer, puinbreken, schroot, autodemontage, bodem."),
    (
        "gevaarlijke-stoffen",
        "Gevaarlijke stoffen",
        "Opslag van gevaarlijke stoffen, tankstations, externe veiligheid.",
    ),
    ("brzo-ippc", "Brzo en IPPC", "Seveso-bedrijven en IPPC-installaties (complexe bedrijven)."),
]

# (kind, key, air, soil, water, noise, safety, base probability, expertise, note)
RULES = [
    ("sbi", "01", 3, 2, 2, 1, 1, "0.30", "agrarisch", "Landbouw"),
    ("sbi", "0113", 1, 2, 2, 1, 0, "0.20", "agrarisch", "Groenteteelt"),
    ("sbi", "0141", 3, 2, 2, 1, 0, "0.30", "agrarisch", "Melkvee"),
    ("sbi", "0146", 4, 3, 2, 1, 1, "0.40", "agrarisch", "Varkens"),
    ("sbi", "0147", 4, 2, 1, 1, 1, "0.35", "agrarisch", "Pluimvee"),
    ("sbi", "08", 2, 3, 3, 3, 0, "0.25", "afval", "Zand, grind en klei"),
    ("sbi", "10", 2, 1, 3, 2, 1, "0.25", "industrie", "Voedingsmiddelen"),
    ("sbi", "1011", 3, 1, 4, 2, 1, "0.35", "industrie", "Slachterijen"),
    ("sbi", "1012", 3, 1, 4, 2, 1, "0.35", "industrie", "Pluimveeslachterijen"),
    ("sbi", "16", 3, 1, 1, 3, 1, "0.25", "industrie", "Hout"),
    ("sbi", "18", 3, 1, 1, 1, 1, "0.25", "industrie", "Drukkerijen"),
    ("sbi", "20", 4, 4, 4, 2, 5, "0.35", "gevaarlijke-stoffen", "Chemie"),
    ("sbi", "22", 3, 1, 1, 2, 1, "0.25", "industrie", "Kunststof"),
    ("sbi", "23", 3, 1, 1, 3, 0, "0.25", "industrie", "Beton"),
    ("sbi", "24", 4, 3, 2, 4, 1, "0.35", "industrie", "Gieterijen"),
    ("sbi", "25", 3, 2, 2, 3, 1, "0.30", "industrie", "Metaalproducten"),
    ("sbi", "2561", 4, 3, 4, 2, 2, "0.40", "industrie", "Oppervlaktebehandeling"),
    ("sbi", "26", 2, 1, 1, 2, 1, "0.20", "industrie", "Elektronica"),
    ("sbi", "28", 2, 1, 1, 2, 1, "0.20", "industrie", "Machines"),
    ("sbi", "29", 3, 2, 2, 3, 1, "0.25", "industrie", "Auto-industrie"),
    ("sbi", "31", 2, 1, 1, 2, 1, "0.25", "industrie", "Meubels"),
    ("sbi", "33", 2, 1, 1, 2, 0, "0.20", None, "Reparatie van machines"),
    ("sbi", "35", 3, 2, 1, 3, 3, "0.20", "gevaarlijke-stoffen", "Energie"),
    ("sbi", "36", 1, 1, 2, 1, 1, "0.15", None, "Drinkwater"),
    ("sbi", "37", 3, 2, 4, 1, 1, "0.25", "afval", "Afvalwater"),
    ("sbi", "38", 4, 4, 3, 3, 2, "0.40", "afval", "Afval"),
    ("sbi", "3822", 4, 5, 4, 3, 4, "0.45", "afval", "Gevaarlijk afval"),
    ("sbi", "39", 2, 5, 4, 2, 1, "0.35", "afval", "Sanering"),
    ("sbi", "41", 1, 1, 1, 2, 0, "0.20", None, "Bouw"),
    ("sbi", "42", 1, 1, 1, 2, 0, "0.20", None, "Wegenbouw"),
    ("sbi", "43", 1, 1, 1, 2, 0, "0.20", None, "Gespecialiseerde bouw"),
    ("sbi", "45", 2, 2, 2, 2, 1, "0.30", None, "Autobedrijven"),
    ("sbi", "46", 1, 1, 1, 2, 1, "0.20", None, "Groothandel"),
    ("sbi", "4671", 2, 3, 3, 1, 4, "0.30", "gevaarlijke-stoffen", "Brandstoffenhandel"),
    ("sbi", "4677", 3, 4, 3, 3, 1, "0.40", "afval", "Schroot"),
    ("sbi", "47", 1, 0, 0, 1, 0, "0.10", None, "Detailhandel"),
    ("sbi", "4730", 2, 3, 3, 1, 3, "0.30", "gevaarlijke-stoffen", "Tankstations"),
    ("sbi", "49", 2, 1, 1, 3, 2, "0.20", None, "Wegvervoer"),
    ("sbi", "52", 2, 1, 1, 3, 2, "0.20", None, "Opslag"),
    ("sbi", "55", 1, 0, 1, 2, 0, "0.15", None, "Logies"),
    ("sbi", "56", 1, 0, 1, 2, 0, "0.15", None, "Horeca"),
    ("sbi", "71", 2, 1, 1, 1, 2, "0.15", None, "Keuring en laboratoria"),
    ("sbi", "72", 2, 1, 1, 1, 2, "0.15", None, "Onderzoek"),
    ("sbi", "75", 1, 1, 1, 1, 0, "0.10", None, "Dierenartsen"),
    ("sbi", "84", 1, 1, 1, 1, 0, "0.10", None, "Overheid"),
    ("sbi", "85", 1, 0, 0, 1, 0, "0.05", None, "Onderwijs"),
    ("sbi", "86", 1, 1, 1, 1, 1, "0.10", None, "Zorg"),
    ("sbi", "87", 1, 1, 1, 1, 1, "0.10", None, "Verpleeghuizen"),
    ("sbi", "93", 1, 0, 1, 2, 0, "0.15", None, "Sport en recreatie"),
    ("sbi", "96", 2, 1, 2, 1, 1, "0.25", None, "Wasserijen en uitvaart"),
    ("activiteit", "landbouwhuisdieren-houden", 4, 2, 1, 1, 0, "0.35", "agrarisch", ""),
    ("activiteit", "mest-opslaan", 3, 3, 3, 0, 0, "0.30", "agrarisch", ""),
    ("activiteit", "mest-vergisten", 3, 2, 2, 2, 3, "0.35", "agrarisch", ""),
    ("activiteit", "metaal-oppervlaktebehandeling", 4, 3, 4, 2, 2, "0.40", "industrie", ""),
    ("activiteit", "chemische-stoffen-maken", 4, 4, 4, 2, 5, "0.35", "gevaarlijke-stoffen", ""),
    ("activiteit", "oplosmiddelen-gebruiken", 4, 2, 2, 0, 2, "0.30", "industrie", ""),
    ("activiteit", "stookinstallatie", 2, 0, 0, 1, 1, "0.15", None, ""),
    ("activiteit", "koelinstallatie", 1, 0, 0, 2, 3, "0.20", "gevaarlijke-stoffen", "Ammoniak"),
    ("activiteit", "windturbine", 0, 0, 0, 4, 2, "0.10", None, ""),
    ("activiteit", "afvalstoffen-beheren", 3, 4, 3, 2, 2, "0.35", "afval", ""),
    ("activiteit", "bouw-sloopafval-breken", 4, 2, 1, 4, 0, "0.35", "afval", ""),
    ("activiteit", "autowrakken-demonteren", 2, 4, 3, 2, 1, "0.40", "afval", ""),
    ("activiteit", "schroot-bewerken", 3, 4, 3, 3, 1, "0.40", "afval", ""),
    ("activiteit", "groenafval-composteren", 3, 1, 2, 1, 0, "0.30", "afval", ""),
    ("activiteit", "afvalwater-zuiveren", 3, 1, 4, 1, 2, "0.20", "afval", ""),
    ("activiteit", "tankstation", 2, 3, 3, 1, 3, "0.30", "gevaarlijke-stoffen", ""),
    ("activiteit", "lpg-tankstation", 1, 0, 0, 1, 5, "0.25", "gevaarlijke-stoffen", ""),
    (
        "activiteit",
        "gevaarlijke-stoffen-verpakking",
        1,
        3,
        2,
        0,
        4,
        "0.35",
        "gevaarlijke-stoffen",
        "PGS 15",
    ),
    ("activiteit", "gevaarlijke-stoffen-tank", 2, 4, 3, 0, 4, "0.35", "gevaarlijke-stoffen", ""),
    ("activiteit", "propaan-opslaan", 0, 0, 0, 0, 4, "0.30", "gevaarlijke-stoffen", ""),
    ("activiteit", "motorvoertuigen-spuiten", 4, 2, 2, 1, 2, "0.35", "industrie", ""),
    ("activiteit", "crematorium", 3, 0, 0, 1, 0, "0.10", None, ""),
    ("activiteit", "schietbaan", 1, 3, 0, 5, 1, "0.20", None, ""),
    ("activiteitengroep", "agrarisch", 3, 2, 2, 1, 0, "0.30", "agrarisch", ""),
    ("activiteitengroep", "industrie", 3, 2, 2, 2, 1, "0.25", "industrie", ""),
    ("activiteitengroep", "energie", 2, 1, 1, 2, 2, "0.15", None, ""),
    ("activiteitengroep", "afval", 3, 3, 3, 2, 1, "0.30", "afval", ""),
    ("activiteitengroep", "mobiliteit", 2, 2, 2, 2, 1, "0.25", None, ""),
    ("activiteitengroep", "gevaarlijke-stoffen", 1, 3, 2, 0, 4, "0.30", "gevaarlijke-stoffen", ""),
    ("activiteitengroep", "overig", 1, 1, 1, 2, 0, "0.15", None, ""),
]

# (code, name, lowest risk, inspections per year, minimum frequency mandatory)
CLASSES = [
    ("A", "Zeer hoog", "9", "1", True),
    ("B", "Hoog", "5", "0.5", False),
    ("C", "Midden", "2.5", "0.33", False),
    ("D", "Laag", "1", "0.25", False),
    ("E", "Zeer laag", "0", "0", False),
]

# (code, name, inspection type, product, coverage, classes, site types, expertise)
METHODS = [
    (
        "periodiek-complex",
        "Periodieke controle Brzo/IPPC",
        "periodiek",
        "TH-04",
        "1",
        "A B C D",
        "inrichting-ippc inrichting-seveso",
        "brzo-ippc",
    ),
    ("periodiek-3", "Periodieke controle categorie 3", "periodiek", "TH-03", "1", "A", "", None),
    ("periodiek-2", "Periodieke controle categorie 2", "periodiek", "TH-02", "1", "B C", "", None),
    ("periodiek-1", "Periodieke controle categorie 1", "periodiek", "TH-01", "1", "D", "", None),
    (
        "administratief",
        "Administratieve controle",
        "administratief",
        "TH-07",
        "0.35",
        "C D",
        "",
        None,
    ),
]

VERSION = "2026.1"


def load(apps, schema_editor):
    expertise_model = apps.get_model("planning", "Expertise")
    expertises = {
        code: expertise_model.objects.create(code=code, name=name, description=description)
        for code, name, description in EXPERTISES
    }
    model = apps.get_model("planning", "RiskModel").objects.create(
        version=VERSION,
        name="Risicomodel milieutoezicht",
        status="vastgesteld",
        explanation=(
            "Eerste risicomodel van Grip: effect per milieuaspect (0-5) en basiskans op "
            "niet-naleving per branche (SBI) en Bal-activiteit, bijgesteld met de naleefhistorie."
        ),
        adopted_on=datetime.date(2025, 12, 1),
        valid_from=datetime.date(2026, 1, 1),
        default_expertise=expertises["algemeen"],
    )
    apps.get_model("planning", "RiskRule").objects.bulk_create(
        apps.get_model("planning", "RiskRule")(
            model=model,
            kind=kind,
            key=key,
            effect_air=air,
            effect_soil=soil,
            effect_water=water,
            effect_noise=noise,
            effect_safety=safety,
            base_probability=Decimal(probability),
            expertise=expertises[expertise] if expertise else None,
            note=note,
        )
        for kind, key, air, soil, water, noise, safety, probability, expertise, note in RULES
    )
    apps.get_model("planning", "RiskClass").objects.bulk_create(
        apps.get_model("planning", "RiskClass")(
            model=model,
            code=code,
            name=name,
            min_risk=Decimal(low),
            target_frequency=Decimal(frequency),
            mandatory=mandatory,
        )
        for code, name, low, frequency, mandatory in CLASSES
    )
    apps.get_model("planning", "InspectionMethod").objects.bulk_create(
        apps.get_model("planning", "InspectionMethod")(
            model=model,
            code=code,
            name=name,
            inspection_type=inspection_type,
            product_code=product,
            coverage=Decimal(coverage),
            classes=classes,
            site_types=site_types,
            expertise=expertises[expertise] if expertise else None,
        )
        for code, name, inspection_type, product, coverage, classes, site_types, expertise in METHODS
    )


def unload(apps, schema_editor):
    apps.get_model("planning", "RiskModel").objects.filter(version=VERSION).delete()
    apps.get_model("planning", "Expertise").objects.filter(
        code__in=[code for code, _name, _description in EXPERTISES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
