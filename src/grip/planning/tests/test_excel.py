"""The programme's workbook: a small real plan made through the services, read back with openpyxl.

The world: Eindhoven has 41 supervision hours in its adopted programme 2026 (two TH-02 of 12.5
hours and one TH-03 of 16), Asten none. Never inspected, so every site with a frequency is due:

    site                      SBI    risk   class  options (hours: risk covered)
    Afvalverwerking Kanaal    3822  10.80   A      TH-03 16: 10.80 (mandatory)
    Varkenshouderij Ter Beek  0146   5.28   B      TH-02 12.5: 5.28
    Benzinestation Noord      4730   4.32   C      TH-02 12.5: 4.32, TH-07 2: 1.512
    Metaalbewerking De Vonk   2562   3.96   C      TH-02 12.5: 3.96, TH-07 2: 1.386
    Bouwbedrijf Jansen        4120   1.20   D      TH-01 6: 1.20, TH-07 2: 0.42
    Supermarkt Centrum        4711   0.24   E      none (only on signals)
    Pluimvee Asten (Asten)    0147   3.78   C      TH-02 12.5: 3.78, TH-07 2: 1.323

After the mandatory 16 hours Eindhoven has 25 left: the optimum inspects the pig farm and the
petrol station in full (9.60); greedy by risk per hour takes both administrative checks, the
pig farm and the builder's administrative check (18.5 hours, 8.598) and then nothing fits.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from grip.frameworks.models import Module, Product
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants.models import Participant
from grip.planning import excel, selectors, services
from grip.planning.models import Expertise, InspectionPlan, PlanItem
from grip.programmes import services as programme_services
from grip.programmes.tests.factories import ProgrammeWorld
from grip.sites.models import Site
from grip.sites.tests.factories import SiteFactory

pytestmark = pytest.mark.django_db

YEAR = 2026
AS_OF = datetime.date(2026, 1, 15)
EXTRA_PRODUCTS = (("TH-03", "16"), ("TH-04", "40"), ("TH-05", "4"), ("TH-07", "2"))
SHEETS = ["Programma", "Alle locaties", "Per deelnemer", "Toezichthouders", "Oplossing"]


@dataclass
class PlanWorld:
    planner: Any
    inspector: Any
    sites: dict[str, Site]
    plan: InspectionPlan


def _site(participant: Participant, name: str, sbi: str, number: int) -> Site:
    site: Any = SiteFactory(
        participant=participant,
        name=name,
        sbi=(sbi,),
        house_number=number,
        city="Asten" if participant.code == "GM0743" else "Eindhoven",
    )
    created: Site = site
    return created


def _adopt_programme(world: ProgrammeWorld, quantities: dict[str, int]) -> None:
    version = programme_services.programme_create(
        actor=world.account_manager, participant=world.participant, year=YEAR
    )
    for code, quantity in quantities.items():
        programme_services.line_set(
            actor=world.account_manager,
            version=version,
            product=Product.objects.get(year=YEAR, code=code),
            quantity=quantity,
        )
    programme_services.version_submit(actor=world.account_manager, version=version)
    programme_services.version_adopt(
        actor=world.participant_user,
        version=version,
        adopted_on=datetime.date(2026, 1, 2),
        decision_reference="B&W 2026-01",
    )


def _solve(planner: Any, **kwargs: Any) -> InspectionPlan:
    assessment = services.assessment_run(actor=planner, as_of=AS_OF)
    plan = services.plan_create(actor=planner, year=YEAR, assessment=assessment, **kwargs)
    return services.run_plan(plan.pk)


@pytest.fixture
def planned(world: ProgrammeWorld, asten: Participant, make_user: Any) -> PlanWorld:
    module = Module.objects.get(code="milieu-basistaken")
    for code, hours in EXTRA_PRODUCTS:
        Product.objects.create(
            year=YEAR,
            code=code,
            name=f"Product {code}",
            module=module,
            task_kind="toezicht",
            unit="stuk",
            settlement="pxq",
            norm_hours=Decimal(hours),
        )
    _adopt_programme(world, {"TH-02": 2, "TH-03": 1})
    eindhoven = world.participant
    sites = {
        "waste": _site(eindhoven, "Afvalverwerking Kanaal", "3822", 1),
        "pigs": _site(eindhoven, "Varkenshouderij Ter Beek", "0146", 2),
        "petrol": _site(eindhoven, "Benzinestation Noord", "4730", 3),
        "metal": _site(eindhoven, "Metaalbewerking De Vonk", "2562", 4),
        "builder": _site(eindhoven, "Bouwbedrijf Jansen", "4120", 5),
        "shop": _site(eindhoven, "Supermarkt Centrum", "4711", 6),
        "poultry": _site(asten, "Pluimvee Asten", "0147", 7),
    }
    planner = make_user("programmamanager")
    inspector: Any = EmployeeFactory()
    services.capacity_set(
        actor=planner,
        year=YEAR,
        employee=inspector,
        hours=Decimal("1000"),
        expertises=list(Expertise.objects.all()),
    )
    return PlanWorld(planner, inspector, sites, _solve(planner))


def _open(data: bytes) -> Workbook:
    return load_workbook(BytesIO(data))


def _rows(workbook: Workbook, sheet: str) -> list[tuple[Any, ...]]:
    return list(workbook[sheet].iter_rows(values_only=True))


def _solution(workbook: Workbook) -> dict[str, list[Any]]:
    """The sheet "Oplossing" as what -> [value, unit] (a repeated label keeps its last row)."""
    return {row[0]: list(row[1:]) for row in _rows(workbook, "Oplossing")[1:] if row[0]}


def test_the_programme_sheet_lists_the_selected_sites_with_numbers_as_numbers(planned):
    plan = planned.plan
    assert plan.status == "optimaal"

    workbook = _open(excel.plan_workbook(plan=plan, user=planned.planner))

    assert workbook.sheetnames == SHEETS
    rows = _rows(workbook, "Programma")
    assert rows[0] == (
        "Deelnemer",
        "Identificatie",
        "Naam",
        "Adres",
        "Risicoklasse",
        "Risico",
        "Soort",
        "Methode",
        "Controletype",
        "Product",
        "Deskundigheid",
        "Uren (u)",
        "Afgedekt risico",
        "Reden",
        "Uitleg",
        "Toezichthouder",
    )
    assert [(row[2], row[11], row[12], row[13]) for row in rows[1:]] == [
        (
            "Afvalverwerking Kanaal",
            16.0,
            10.8,
            "Verplicht: minimumfrequentie van de risicoklasse",
        ),
        ("Varkenshouderij Ter Beek", 12.5, 5.28, "Gekozen op risico per uur"),
        ("Benzinestation Noord", 12.5, 4.32, "Gekozen op risico per uur"),
    ]
    waste = planned.sites["waste"]
    item = PlanItem.objects.get(plan=plan, site=waste)
    assert rows[1] == (
        "Eindhoven",
        waste.identification,
        "Afvalverwerking Kanaal",
        "Kerkstraat 1, 5611 AB Eindhoven",
        "A",
        10.8,
        "Controle",
        "Periodieke controle categorie 3",
        "periodiek",
        "TH-03",
        "Afval en bodem",
        16.0,
        10.8,
        "Verplicht: minimumfrequentie van de risicoklasse",
        item.explanation,
        planned.inspector.full_name,
    )
    sheet = workbook["Programma"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:P4"
    assert sheet["A1"].font.b is True
    assert sheet["F2"].number_format == "#,##0.000"
    assert sheet["L2"].number_format == "#,##0.00"
    assert isinstance(sheet["L2"].value, float)
    assert sheet["O1"].value == "Uitleg"
    assert sheet.column_dimensions["O"].width == 90


def test_every_site_is_in_the_sheet_of_all_sites_with_its_reason(planned):
    workbook = _open(excel.plan_workbook(plan=planned.plan, user=planned.planner))

    rows = _rows(workbook, "Alle locaties")
    assert rows[0][4:9] == ("Risicoklasse", "Risico", "In het programma", "Gretig gekozen", "Soort")
    by_name = {row[2]: row for row in rows[1:]}
    assert len(rows) == 1 + 7
    # name -> in, greedy, method, hours, covered, reason
    assert {
        name: (row[6], row[7], row[9], row[13], row[14], row[15]) for name, row in by_name.items()
    } == {
        "Afvalverwerking Kanaal": (
            "ja",
            "ja",
            "Periodieke controle categorie 3",
            16.0,
            10.8,
            "Verplicht: minimumfrequentie van de risicoklasse",
        ),
        "Varkenshouderij Ter Beek": (
            "ja",
            "ja",
            "Periodieke controle categorie 2",
            12.5,
            5.28,
            "Gekozen op risico per uur",
        ),
        "Benzinestation Noord": (
            "ja",
            "ja",
            "Periodieke controle categorie 2",
            12.5,
            4.32,
            "Gekozen op risico per uur",
        ),
        "Metaalbewerking De Vonk": (
            "nee",
            "ja",
            "Administratieve controle",
            2.0,
            0.0,
            by_name["Metaalbewerking De Vonk"][15],
        ),
        "Bouwbedrijf Jansen": (
            "nee",
            "ja",
            "Administratieve controle",
            2.0,
            0.0,
            by_name["Bouwbedrijf Jansen"][15],
        ),
        "Supermarkt Centrum": (
            "nee",
            "nee",
            None,
            0.0,
            0.0,
            "Geen periodieke controle in deze risicoklasse",
        ),
        "Pluimvee Asten": (
            "nee",
            "nee",
            "Administratieve controle",
            2.0,
            0.0,
            by_name["Pluimvee Asten"][15],
        ),
    }
    for name in ("Metaalbewerking De Vonk", "Bouwbedrijf Jansen", "Pluimvee Asten"):
        assert by_name[name][15].startswith("Niet gekozen")
    items = {
        item.site.name: item
        for item in PlanItem.objects.filter(plan=planned.plan).select_related("site")
    }
    assert {name: row[16] for name, row in by_name.items()} == {
        name: item.explanation for name, item in items.items()
    }


def test_the_totals_per_participant_and_the_inspectors(planned):
    plan = planned.plan

    workbook = _open(excel.plan_workbook(plan=plan, user=planned.planner))

    rows = _rows(workbook, "Per deelnemer")
    assert rows[0] == (
        "Deelnemer",
        "Uren in het programma (u)",
        "Programma van (jaar)",
        "Verplichte uren (u)",
        "Geplande uren (u)",
        "Verplichte controles",
        "Geplande controles",
        "Locaties aan de beurt",
        "Afgedekt risico",
        "Risico van de locaties aan de beurt",
        "Geplande uren gretig (u)",
        "Afgedekt risico gretig",
        "Winst ten opzichte van gretig (risico)",
        "Prijs van een uur (risico per uur)",
    )
    assert len(rows) == 1 + Participant.objects.count() + 1
    by_name = {row[0]: row for row in rows[1:]}
    eindhoven = selectors.totals_for(user=planned.planner, plan=plan).get(
        participant__code="GM0772"
    )
    assert eindhoven.hour_price is not None
    assert by_name["Eindhoven"] == (
        "Eindhoven",
        41.0,
        2026,
        16.0,
        41.0,
        1,
        3,
        5,
        20.4,
        25.56,
        34.5,
        19.398,
        1.002,
        round(eindhoven.hour_price, 4),
    )
    assert by_name["Asten"][1:9] == (0.0, 2026, 0.0, 0.0, 0, 0, 1, 0.0)
    assert by_name["Totaal"][:9] == ("Totaal", 41.0, None, 16.0, 41.0, 1, 3, 6, 20.4)
    sheet = workbook["Per deelnemer"]
    assert isinstance(sheet["F2"].value, int)
    assert sheet["F2"].number_format == "#,##0"
    assert sheet.cell(row=len(rows), column=2).font.b is True

    inspectors = _rows(workbook, "Toezichthouders")
    assert inspectors[0] == (
        "Toezichthouder",
        "Deskundigheden",
        "Uren beschikbaar (u)",
        "Uren toegewezen (u)",
        "Controles",
        "Benutting (%)",
    )
    expertises = ", ".join(e.name for e in Expertise.objects.order_by("name"))
    assert inspectors[1] == (planned.inspector.full_name, expertises, 1000.0, 41.0, 3, 4.1)
    assert inspectors[2] == ("Totaal", None, 1000.0, 41.0, 3, 4.1)


def test_the_solution_sheet_compares_the_optimum_with_greedy(planned):
    plan = planned.plan

    workbook = _open(excel.plan_workbook(plan=plan, user=planned.planner))

    figures = _solution(workbook)
    assert _rows(workbook, "Oplossing")[0] == ("Gegeven", "Waarde", "Eenheid")
    assert figures["Titel"] == ["Toezichtprogramma 2026", None]
    assert figures["Jaar"] == [2026, None]
    assert figures["Status"] == ["Optimaal (binnen de gevraagde marge)", None]
    assert figures["Afgedekt risico"] == [20.4, "risico"]
    assert figures["Afgedekt risico gretig"] == [19.398, "risico"]
    assert figures["Winst ten opzichte van gretig"] == [5.1655, "%"]  # 1.002 / 19.398
    assert figures["Optimaliteitsmarge"] == [round(plan.gap * 100, 6), "%"]
    assert figures["Gevraagde marge"] == [0.1, "%"]
    assert figures["Tijdslimiet"] == [10.0, "s"]
    assert figures["Bovengrens van de LP-relaxatie"] == [plan.statistics["lp_bound"], "risico"]
    assert figures["Afgedekt risico van de verplichte controles"] == [10.8, "risico"]
    assert figures["Risico van alle locaties"] == [29.58, "risico"]
    assert figures["Locaties"] == [7, "aantal"]
    assert figures["Keuzemogelijkheden (opties)"] == [plan.statistics["options"], "aantal"]
    assert figures["Vrij voor de MIP"] == [plan.statistics["free"], "aantal"]
    assert figures["Rekentijd oplossen"] == [plan.solve_seconds, "s"]
    assert figures["Gretig haalt de themaminima"] == ["ja", None]
    assert figures["Prijs van een uur toezichthouders Afval en bodem"] == [
        plan.statistics["expertise_prices"]["afval"],
        "risico per uur",
    ]
    notes = [row[0] for row in _rows(workbook, "Oplossing")]
    assert "Opmerkingen" in notes
    assert "Asten: geen vastgesteld programma; 0 uur voor toezicht." in notes
    assert "Wat niet past" not in notes


def test_an_infeasible_plan_gives_a_workbook_with_what_does_not_fit(planned, asten):
    _site(asten, "Afvalverwerking Asten", "3822", 8)

    plan = _solve(planned.planner)

    assert plan.status == "onuitvoerbaar"
    workbook = _open(excel.plan_workbook(plan=plan, user=planned.planner))
    assert workbook.sheetnames == SHEETS
    assert _rows(workbook, "Programma")[1] == (
        "Geen programma: het past niet; zie het blad Oplossing.",
        *[None] * 15,
    )
    assert len(_rows(workbook, "Per deelnemer")) == 1
    figures = _solution(workbook)
    assert figures["Status"] == ["Past niet", None]
    assert figures["Afgedekt risico"] == [None, "risico"]
    rows = [row[0] for row in _rows(workbook, "Oplossing")]
    problems = rows[rows.index("Wat niet past") + 1 :]
    assert problems[0] == (
        "Asten: de verplichte controles vragen 16 uur, het programma heeft 0 uur voor "
        "toezicht (tekort 16 uur)."
    )


def test_a_participant_user_sees_only_its_own_sites_and_no_inspectors(planned, asten, make_user):
    user = make_user(participant=asten)

    workbook = _open(excel.plan_workbook(plan=planned.plan, user=user))

    assert workbook.sheetnames == ["Programma", "Alle locaties", "Per deelnemer", "Oplossing"]
    assert len(_rows(workbook, "Programma")) == 1
    assert [row[2] for row in _rows(workbook, "Alle locaties")[1:]] == ["Pluimvee Asten"]
    assert [row[0] for row in _rows(workbook, "Per deelnemer")[1:]] == ["Asten", "Totaal"]


def test_a_scenario_adds_its_sheet_with_the_extra_risk_per_hour(planned, eindhoven):
    scenario = services.scenario_create(
        actor=planned.planner, base=planned.plan, participant=eindhoven, hours=Decimal("12.5")
    )
    scenario = services.run_plan(scenario.pk)

    workbook = _open(excel.plan_workbook(plan=scenario, user=planned.planner))

    assert workbook.sheetnames == [*SHEETS, "Scenario"]
    rows = _rows(workbook, "Scenario")
    assert rows[0] == (
        "Deelnemer",
        "Geplande uren basis (u)",
        "Geplande uren scenario (u)",
        "Verschil uren (u)",
        "Afgedekt risico basis",
        "Afgedekt risico scenario",
        "Verschil afgedekt risico",
        "Extra risico per uur (risico per uur)",
    )
    by_name = {row[0]: row for row in rows[1:]}
    # With 12.5 hours more the metal works is inspected in full as well.
    assert by_name["Eindhoven"] == ("Eindhoven", 41.0, 53.5, 12.5, 20.4, 24.36, 3.96, 0.3168)
    assert by_name["Asten"] == ("Asten", 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, None)
    figures = _solution(workbook)
    assert figures["Scenario op"] == ["Toezichtprogramma 2026", None]
    assert figures["Deelnemer van het scenario"] == ["Eindhoven", None]
    assert figures["Uren erbij of eraf"] == [12.5, "u"]


def test_text_stays_text_without_characters_a_sheet_cannot_hold(planned, asten):
    site = planned.sites["poultry"]
    Site.objects.filter(pk=site.pk).update(name='=HYPERLINK("x")\x01 Pluimvee')

    workbook = _open(excel.plan_workbook(plan=planned.plan, user=planned.planner))

    cell = next(
        row[2] for row in workbook["Alle locaties"].iter_rows() if row[2].value.startswith("=")
    )
    assert cell.value == '=HYPERLINK("x") Pluimvee'
    assert cell.data_type == "s"


def test_the_file_name_names_the_year_and_the_plan(planned):
    plan = planned.plan
    assert excel.filename_for(plan) == f"toezichtprogramma-2026-{plan.pk}.xlsx"
