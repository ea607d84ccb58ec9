"""Reference lists of the register of supervised sites: SBI codes, Bal activities, site types.

- SBI: codes of the Standaard Bedrijfsindeling 2008 (CBS) that matter for an omgevingsdienst,
  at the level of four digits, with their Dutch names; not the whole classification.
- Bal activities: environmentally harmful activities (mostly of chapter 3 of the Besluit
  activiteiten leefomgeving) that Grip's sites carry out. The article or section of the Bal is
  left empty: it is filled in where it is known for certain, not guessed.
- Site types: the CIM reference list "Type VTH-object" has a main type and a subtype, but its
  national content is not part of the specification Grip follows; these values are Grip's
  own, in that structure.

Reversible: going back removes exactly these rows again.
"""

import datetime

from django.db import migrations

SBI_CODES = [
    # A Landbouw, bosbouw en visserij
    ("0111", "Teelt van granen, peulvruchten en oliehoudende zaden", "A"),
    ("0113", "Teelt van groenten en wortel- en knolgewassen", "A"),
    ("0119", "Teelt van overige eenjarige gewassen", "A"),
    ("0124", "Teelt van pit- en steenvruchten", "A"),
    ("0141", "Fokken en houden van melkvee", "A"),
    ("0142", "Fokken en houden van ander rundvee", "A"),
    ("0143", "Fokken en houden van paarden en ezels", "A"),
    ("0145", "Fokken en houden van schapen en geiten", "A"),
    ("0146", "Fokken en houden van varkens", "A"),
    ("0147", "Fokken en houden van pluimvee", "A"),
    ("0149", "Fokken en houden van overige dieren", "A"),
    ("0150", "Gemengd bedrijf", "A"),
    ("0161", "Dienstverlening voor de akker- en tuinbouw", "A"),
    ("0162", "Dienstverlening voor de veeteelt", "A"),
    # B Delfstoffenwinning
    ("0812", "Winning van zand, grind en klei", "B"),
    # C Industrie
    ("1011", "Slachterijen (geen pluimvee)", "C"),
    ("1012", "Pluimveeslachterijen", "C"),
    ("1013", "Vleesverwerking", "C"),
    ("1051", "Vervaardiging van zuivelproducten", "C"),
    ("1071", "Vervaardiging van brood en vers banketbakkerswerk", "C"),
    ("1091", "Vervaardiging van diervoeders voor landbouwhuisdieren", "C"),
    ("1107", "Vervaardiging van frisdranken en waters", "C"),
    ("1610", "Zagerijen en schaverijen", "C"),
    ("1623", "Vervaardiging van overig timmerwerk voor de bouw", "C"),
    ("1712", "Vervaardiging van papier en karton", "C"),
    ("1812", "Drukkerijen", "C"),
    ("2011", "Vervaardiging van industriële gassen", "C"),
    ("2016", "Vervaardiging van kunststof in primaire vorm", "C"),
    ("2030", "Vervaardiging van verf, lak, vernis, inkt en mastiek", "C"),
    ("2222", "Vervaardiging van verpakkingsmiddelen van kunststof", "C"),
    ("2229", "Vervaardiging van overige producten van kunststof", "C"),
    ("2361", "Vervaardiging van producten van beton voor de bouw", "C"),
    ("2363", "Vervaardiging van betonmortel", "C"),
    ("2451", "Gieten van ijzer", "C"),
    ("2511", "Vervaardiging van metalen constructiewerken", "C"),
    ("2550", "Smeden, persen, stampen en profielwalsen van metaal; poedermetallurgie", "C"),
    ("2561", "Oppervlaktebehandeling en bekleden van metaal", "C"),
    ("2562", "Algemene metaalbewerking", "C"),
    ("2611", "Vervaardiging van elektronische componenten", "C"),
    ("2651", "Vervaardiging van meet-, regel-, navigatie- en controle-instrumenten", "C"),
    ("2660", "Vervaardiging van bestralingsapparatuur en elektromedische apparatuur", "C"),
    ("2822", "Vervaardiging van hijs-, hef- en transportwerktuigen", "C"),
    ("2899", "Vervaardiging van overige machines voor specifieke doeleinden", "C"),
    ("2910", "Vervaardiging van auto's", "C"),
    ("2920", "Carrosseriebouw; vervaardiging van aanhangwagens en opleggers", "C"),
    ("2932", "Vervaardiging van overige onderdelen en toebehoren voor auto's", "C"),
    ("3101", "Vervaardiging van kantoor- en winkelmeubels", "C"),
    ("3109", "Vervaardiging van overige meubels", "C"),
    ("3312", "Reparatie en onderhoud van machines", "C"),
    # D Energievoorziening
    ("3511", "Productie van elektriciteit", "D"),
    ("3513", "Distributie van elektriciteit", "D"),
    ("3521", "Productie van gas", "D"),
    ("3530", "Productie en distributie van stoom en gekoelde lucht", "D"),
    # E Water, afval en sanering
    ("3600", "Winning en distributie van water", "E"),
    ("3700", "Afvalwaterinzameling en -behandeling", "E"),
    ("3811", "Inzameling van niet-gevaarlijk afval", "E"),
    ("3812", "Inzameling van gevaarlijk afval", "E"),
    ("3821", "Behandeling van niet-gevaarlijk afval", "E"),
    ("3822", "Behandeling van gevaarlijk afval", "E"),
    ("3831", "Demontage van afgedankte producten", "E"),
    ("3832", "Voorbereiding tot recycling", "E"),
    ("3900", "Sanering en overig afvalbeheer", "E"),
    # F Bouwnijverheid
    ("4120", "Algemene burgerlijke en utiliteitsbouw", "F"),
    ("4211", "Wegenbouw", "F"),
    ("4311", "Slopen", "F"),
    ("4321", "Elektrotechnische bouwinstallatie", "F"),
    ("4322", "Loodgieters- en fitterswerk; installatie van sanitair en verwarming", "F"),
    ("4391", "Dakdekken", "F"),
    # G Groot- en detailhandel; reparatie van auto's
    ("4511", "Handel in en reparatie van personenauto's en lichte bedrijfsauto's", "G"),
    ("4520", "Gespecialiseerde reparatie van auto's", "G"),
    ("4540", "Handel in en reparatie van motorfietsen", "G"),
    ("4621", "Groothandel in granen, zaden, diervoeders en landbouwproducten", "G"),
    ("4631", "Groothandel in groenten en fruit", "G"),
    ("4671", "Groothandel in vaste, vloeibare en gasvormige brandstoffen", "G"),
    ("4677", "Groothandel in afval en schroot", "G"),
    ("4690", "Niet-gespecialiseerde groothandel", "G"),
    ("4711", "Supermarkten en dergelijke winkels met een algemeen assortiment", "G"),
    ("4730", "Benzinestations", "G"),
    ("4752", "Winkels in doe-het-zelfartikelen", "G"),
    ("4776", "Winkels in bloemen, planten, zaden, kunstmest en kleine huisdieren", "G"),
    # H Vervoer en opslag
    ("4941", "Goederenvervoer over de weg", "H"),
    ("5210", "Opslag", "H"),
    ("5229", "Expediteurs, cargadoors, bevrachters en overige dienstverlening voor vervoer", "H"),
    # I Logies-, maaltijd- en drankverstrekking
    ("5510", "Hotels", "I"),
    ("5530", "Kampeerterreinen", "I"),
    ("5610", "Restaurants", "I"),
    ("5621", "Eventcatering", "I"),
    ("5630", "Cafés", "I"),
    # M Advisering, onderzoek en specialistische zakelijke dienstverlening
    ("7120", "Technische keuring en controle", "M"),
    ("7219", "Speur- en ontwikkelingswerk op het gebied van natuurwetenschappen en techniek", "M"),
    ("7500", "Veterinaire dienstverlening", "M"),
    # N Overige zakelijke dienstverlening
    ("8130", "Landschapsverzorging", "N"),
    # O Openbaar bestuur
    ("8411", "Algemeen overheidsbestuur", "O"),
    # P Onderwijs
    ("8520", "Basisonderwijs", "P"),
    ("8531", "Algemeen voortgezet onderwijs", "P"),
    # Q Gezondheids- en welzijnszorg
    ("8610", "Ziekenhuizen", "Q"),
    ("8623", "Tandartspraktijken", "Q"),
    ("8710", "Verpleeghuizen", "Q"),
    # R Cultuur, sport en recreatie
    ("9311", "Exploitatie van sportaccommodaties", "R"),
    ("9312", "Sportclubs", "R"),
    ("9313", "Fitnesscentra", "R"),
    ("9321", "Kermis-, pret- en themaparken", "R"),
    # S Overige dienstverlening
    ("9601", "Wassen en chemisch reinigen van textiel", "S"),
    ("9603", "Uitvaartverzorging en crematoria", "S"),
]

BAL_ACTIVITIES = [
    # (code, name, category)
    ("landbouwhuisdieren-houden", "Landbouwhuisdieren houden in een dierenverblijf", "agrarisch"),
    ("mest-opslaan", "Dierlijke mest, digestaat of dunne fractie opslaan", "agrarisch"),
    ("kuilvoer-opslaan", "Kuilvoer of vaste bijvoedermiddelen opslaan", "agrarisch"),
    ("gewassen-telen-open-lucht", "Gewassen telen in de open lucht", "agrarisch"),
    ("gewassen-telen-kas", "Gewassen telen in een kas", "agrarisch"),
    ("mest-vergisten", "Dierlijke mest vergisten", "agrarisch"),
    ("metaal-bewerken", "Metalen bewerken", "industrie"),
    ("metaal-oppervlaktebehandeling", "Oppervlaktebehandeling van metalen", "industrie"),
    ("hout-bewerken", "Hout bewerken", "industrie"),
    ("kunststof-bewerken", "Kunststof bewerken", "industrie"),
    ("voedingsmiddelen-bereiden", "Voedingsmiddelen en diervoeders bereiden", "industrie"),
    ("beton-maken", "Betonmortel en betonproducten maken", "industrie"),
    ("grafische-activiteit", "Drukken en andere grafische activiteiten", "industrie"),
    ("chemische-stoffen-maken", "Chemische stoffen en producten maken", "industrie"),
    ("oplosmiddelen-gebruiken", "Activiteiten met organische oplosmiddelen", "industrie"),
    ("textiel-reinigen", "Textiel reinigen", "industrie"),
    ("laboratorium", "Laboratorium", "industrie"),
    ("stookinstallatie", "Stookinstallatie in werking hebben", "energie"),
    ("windturbine", "Elektriciteit produceren met een windturbine", "energie"),
    ("bodemenergiesysteem", "Bodemenergiesysteem in werking hebben", "energie"),
    ("koelinstallatie", "Koelinstallatie in werking hebben", "energie"),
    ("afvalstoffen-beheren", "Afvalstoffen opslaan en beheren", "afval"),
    ("bouw-sloopafval-breken", "Bouw- en sloopafval breken en sorteren", "afval"),
    ("autowrakken-demonteren", "Autowrakken demonteren", "afval"),
    ("groenafval-composteren", "Groenafval composteren", "afval"),
    ("schroot-bewerken", "Schroot opslaan en bewerken", "afval"),
    ("afvalwater-zuiveren", "Stedelijk afvalwater zuiveren", "afval"),
    ("milieustraat", "Milieustraat", "afval"),
    ("tankstation", "Tankstation voor motorvoertuigen", "mobiliteit"),
    ("lpg-tankstation", "LPG-tankstation", "mobiliteit"),
    ("motorvoertuigen-onderhouden", "Motorvoertuigen onderhouden en repareren", "mobiliteit"),
    ("motorvoertuigen-wassen", "Motorvoertuigen wassen", "mobiliteit"),
    ("motorvoertuigen-spuiten", "Motorvoertuigen spuiten en coaten", "mobiliteit"),
    (
        "vervoerseenheden-parkeren",
        "Vervoerseenheden met gevaarlijke stoffen parkeren",
        "mobiliteit",
    ),
    (
        "gevaarlijke-stoffen-verpakking",
        "Gevaarlijke stoffen in verpakking opslaan",
        "gevaarlijke-stoffen",
    ),
    (
        "gevaarlijke-stoffen-tank",
        "Gevaarlijke stoffen in een opslagtank opslaan",
        "gevaarlijke-stoffen",
    ),
    ("propaan-opslaan", "Propaan opslaan", "gevaarlijke-stoffen"),
    ("zwembad", "Zwembad in werking hebben", "overig"),
    ("sportaccommodatie", "Sportaccommodatie in de buitenlucht", "overig"),
    ("schietbaan", "Schietbaan", "overig"),
    ("crematorium", "Crematorium", "overig"),
]

# (code, main type, subtype, definition)
SITE_TYPES = [
    (
        "inrichting-bedrijf",
        "inrichting",
        "bedrijf",
        "Een bedrijfslocatie waar activiteiten in samenhang plaatsvinden.",
    ),
    (
        "inrichting-agrarisch",
        "inrichting",
        "agrarisch bedrijf",
        "Een agrarische bedrijfslocatie: veehouderij, akker- of tuinbouw.",
    ),
    (
        "inrichting-ippc",
        "inrichting",
        "IPPC-installatie",
        "Een bedrijfslocatie met een installatie van de richtlijn industriële emissies.",
    ),
    (
        "inrichting-seveso",
        "inrichting",
        "Seveso",
        "Een bedrijfslocatie waarop de Seveso-richtlijn van toepassing is.",
    ),
    (
        "inrichting-voorziening",
        "inrichting",
        "maatschappelijke voorziening",
        "Een school, zorginstelling, sportaccommodatie of andere voorziening.",
    ),
    (
        "installatie-stookinstallatie",
        "installatie",
        "stookinstallatie",
        "Een stookinstallatie die als eigen object wordt gevolgd.",
    ),
    (
        "installatie-opslagtank",
        "installatie",
        "opslagtank",
        "Een opslagtank voor gevaarlijke stoffen of brandstof.",
    ),
    (
        "installatie-windturbine",
        "installatie",
        "windturbine",
        "Een windturbine.",
    ),
    (
        "installatie-puinbreker",
        "installatie",
        "mobiele puinbreker",
        "Een mobiele installatie voor het breken van bouw- en sloopafval.",
    ),
    (
        "bouwwerk-gebouw",
        "bouwwerk",
        "gebouw",
        "Een gebouw, zoals een woning, kantoor of bedrijfspand.",
    ),
    (
        "bouwwerk-bouwplaats",
        "bouwwerk",
        "bouwplaats",
        "Een bouw- of sloopplaats zolang het werk duurt.",
    ),
    (
        "terrein-evenemententerrein",
        "terrein",
        "evenemententerrein",
        "Een terrein waarop evenementen plaatsvinden.",
    ),
    (
        "terrein-bodemlocatie",
        "terrein",
        "bodemlocatie",
        "Een locatie met (vermoedelijk) verontreinigde bodem of een bodemsanering.",
    ),
    (
        "terrein-natuurgebied",
        "terrein",
        "natuurgebied",
        "Een natuurgebied.",
    ),
]

VALID_FROM = datetime.date(2024, 1, 1)  # the Omgevingswet and the Bal took effect


def load(apps, schema_editor):
    sbi_code = apps.get_model("sites", "SbiCode")
    bal_activity = apps.get_model("sites", "BalActivity")
    site_type = apps.get_model("sites", "SiteType")
    sbi_code.objects.bulk_create(
        [sbi_code(code=code, name=name, section=section) for code, name, section in SBI_CODES]
    )
    bal_activity.objects.bulk_create(
        [
            bal_activity(code=code, name=name, category=category)
            for code, name, category in BAL_ACTIVITIES
        ]
    )
    site_type.objects.bulk_create(
        [
            site_type(
                code=code,
                main_type=main_type,
                subtype=subtype,
                definition=definition,
                valid_from=VALID_FROM,
            )
            for code, main_type, subtype, definition in SITE_TYPES
        ]
    )


def unload(apps, schema_editor):
    apps.get_model("sites", "SbiCode").objects.filter(
        code__in=[code for code, _name, _section in SBI_CODES]
    ).delete()
    apps.get_model("sites", "BalActivity").objects.filter(
        code__in=[code for code, _name, _category in BAL_ACTIVITIES]
    ).delete()
    apps.get_model("sites", "SiteType").objects.filter(
        code__in=[code for code, *_rest in SITE_TYPES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("sites", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
