"""Grip's default decision types and case types, and the Awb 4:17 penalty scale.

The case types follow CIM VTH FLo (the object each handles, the STAM plichttype of a Verzoek)
and DOMAIN.md's terms; the beheerder adds versions from the UI or the API. The
selection-list category is left empty: the data platform's archiving work fills it.
"""

from __future__ import annotations

import datetime

from django.db import migrations

DECISION_TYPES = [
    # code, name, kind, legal basis
    (
        "omgevingsvergunning-verlenen",
        "Omgevingsvergunning verlenen",
        "beschikking",
        "Omgevingswet hoofdstuk 5",
    ),
    (
        "omgevingsvergunning-weigeren",
        "Omgevingsvergunning weigeren",
        "beschikking",
        "Omgevingswet hoofdstuk 5",
    ),
    (
        "maatwerkvoorschrift-stellen",
        "Maatwerkvoorschrift stellen",
        "beschikking",
        "Besluit activiteiten leefomgeving art. 2.13",
    ),
    (
        "maatwerkvoorschrift-weigeren",
        "Maatwerkvoorschrift weigeren",
        "beschikking",
        "Besluit activiteiten leefomgeving art. 2.13",
    ),
    (
        "handhavingsverzoek-toewijzen",
        "Handhavingsverzoek toewijzen",
        "beschikking",
        "Awb art. 4:13",
    ),
    ("handhavingsverzoek-afwijzen", "Handhavingsverzoek afwijzen", "beschikking", "Awb art. 4:13"),
    ("last-onder-dwangsom", "Last onder dwangsom opleggen", "sanctie", "Awb art. 5:32"),
    ("last-onder-bestuursdwang", "Last onder bestuursdwang opleggen", "sanctie", "Awb art. 5:21"),
    ("invordering-dwangsom", "Dwangsom invorderen", "sanctie", "Awb art. 5:37"),
    ("bestuurlijke-boete", "Bestuurlijke boete opleggen", "bestuurlijke_boete", "Awb titel 5.4"),
    ("besluit-op-bezwaar", "Beslissen op bezwaar", "besluit_op_bezwaar", "Awb art. 7:11"),
]

CASE_TYPES = [
    # code, name, cim object, plichttype, procedure, weeks, days, statutory, max ext weeks,
    # product, team, decision types
    (
        "aanvraag-omgevingsvergunning",
        "Aanvraag omgevingsvergunning milieubelastende activiteit",
        "verzoek",
        "aanvraag_vergunning",
        "regulier",
        8,
        0,
        True,
        6,
        "VV-01",
        "vergunningverlening",
        ["omgevingsvergunning-verlenen", "omgevingsvergunning-weigeren"],
    ),
    (
        "aanvraag-omgevingsvergunning-uitgebreid",
        "Aanvraag omgevingsvergunning, uitgebreide procedure",
        "verzoek",
        "aanvraag_vergunning",
        "uitgebreid",
        26,
        0,
        True,
        6,
        "VV-02",
        "vergunningverlening",
        ["omgevingsvergunning-verlenen", "omgevingsvergunning-weigeren"],
    ),
    (
        "aanvraag-maatwerkvoorschrift",
        "Aanvraag maatwerkvoorschrift",
        "verzoek",
        "aanvraag_maatwerkvoorschrift",
        "regulier",
        8,
        0,
        True,
        6,
        "VV-03",
        "vergunningverlening",
        ["maatwerkvoorschrift-stellen", "maatwerkvoorschrift-weigeren"],
    ),
    (
        "melding-bal",
        "Melding milieubelastende activiteit (Bal)",
        "verzoek",
        "melding",
        "melding",
        4,
        0,
        False,
        0,
        "VV-04",
        "vergunningverlening",
        ["maatwerkvoorschrift-stellen"],
    ),
    (
        "informatie-bal",
        "Informatie over een milieubelastende activiteit",
        "verzoek",
        "informatie",
        "geen",
        4,
        0,
        False,
        0,
        "VV-05",
        "vergunningverlening",
        [],
    ),
    (
        "handhavingsverzoek",
        "Verzoek om handhaving",
        "handhavingsverzoek",
        "",
        "awb_4_13",
        8,
        0,
        True,
        6,
        "HH-01",
        "juridische-zaken",
        [
            "handhavingsverzoek-toewijzen",
            "handhavingsverzoek-afwijzen",
            "last-onder-dwangsom",
            "last-onder-bestuursdwang",
            "invordering-dwangsom",
            "bestuurlijke-boete",
        ],
    ),
    (
        "klacht-gedraging",
        "Klacht over een gedraging (Awb hoofdstuk 9)",
        "incident",
        "",
        "awb_9_11",
        6,
        0,
        True,
        4,
        "",
        "juridische-zaken",
        [],
    ),
    (
        "milieuklacht",
        "Milieuklacht of incidentmelding",
        "incident",
        "",
        "geen",
        2,
        0,
        False,
        0,
        "TH-09",
        "toezicht-handhaving",
        [],
    ),
    (
        "adviesverzoek",
        "Adviesverzoek van een deelnemer",
        "adviesverzoek",
        "",
        "geen",
        4,
        0,
        False,
        2,
        "AD-01",
        "omgevingskwaliteit",
        [],
    ),
    (
        "bezwaarschrift",
        "Bezwaarschrift tegen een besluit",
        "bezwaar",
        "",
        "awb_7_10",
        6,
        0,
        True,
        6,
        "",
        "juridische-zaken",
        ["besluit-op-bezwaar"],
    ),
    (
        "controle",
        "Controle uitvoeren",
        "controle",
        "",
        "geen",
        0,
        0,
        False,
        0,
        "TH-01",
        "toezicht-handhaving",
        ["last-onder-dwangsom", "last-onder-bestuursdwang", "bestuurlijke-boete"],
    ),
]


def load(apps, schema_editor):
    DecisionType = apps.get_model("cases", "DecisionType")
    CaseType = apps.get_model("cases", "CaseType")
    PenaltyScale = apps.get_model("cases", "PenaltyScale")
    Team = apps.get_model("organisation", "Team")
    decision_types = {}
    for code, name, kind, basis in DECISION_TYPES:
        decision_types[code] = DecisionType.objects.create(
            code=code, name=name, kind=kind, legal_basis=basis
        )
    teams = {team.code: team for team in Team.objects.all()}
    for (
        code,
        name,
        cim_object,
        plichttype,
        procedure,
        weeks,
        days,
        statutory,
        extension,
        product,
        team,
        types,
    ) in CASE_TYPES:
        case_type = CaseType.objects.create(
            code=code,
            version=1,
            name=name,
            cim_object=cim_object,
            plichttype=plichttype,
            procedure=procedure,
            term_weeks=weeks,
            term_days=days,
            statutory=statutory,
            max_extension_weeks=extension,
            product_code=product,
            default_team=teams.get(team),
            # Wabo cases (from 1 October 2010) are handled under the same case types, with the
            # regime on the case; the Bal's melding and informatie exist since 2024.
            valid_from=(
                datetime.date(2024, 1, 1)
                if code in {"melding-bal", "informatie-bal"}
                else datetime.date(2010, 10, 1)
            ),
        )
        case_type.decision_types.set([decision_types[t] for t in types])
    # Awb 4:17 since the Wet dwangsom en beroep bij niet tijdig beslissen (1 October 2009).
    PenaltyScale.objects.create(
        valid_from=datetime.date(2009, 10, 1),
        grace_days=14,
        max_days=42,
        tiers=[[14, "23"], [14, "35"], [14, "45"]],
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
