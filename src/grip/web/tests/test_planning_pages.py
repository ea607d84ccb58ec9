"""The pages of the risk-based inspection programme: exact figures from a small world built
through the services, the forms and their Dutch refusals, filters and sorting, and who may see
and do what.

The world (``planning_world``), scored as of 1 November 2026 with the adopted model 2026.1 and
planned for 2027 (Eindhoven's hours come from its adopted programme of 2026):

- Metaalbewerking De Vonk (Eindhoven, SBI 2561): effect 15, base 0.40, its inspection of
  2 March 2026 was not in order (× 1.8) and the violation is open (× 1.25): risk 13.50, class A
  (mandatory, periodiek-3 = TH-03, 20 h), plus a re-inspection (TH-05, 4 h) as the repair date
  15 January 2027 has no re-inspection planned.
- Varkenshouderij De Hoeve (Eindhoven, SBI 0146, keeps pigs): 5.28, class B (TH-02, 12.5 h).
- Tankstation De Pomp (Eindhoven, SBI 4730): 4.32, class C (TH-02 12.5 h, or the
  administrative TH-07, 3 h, covering 35 %).
- Groothandel Noord (Eindhoven, SBI 4690): 1.44, class D (TH-01 6 h, or TH-07 3 h).
- Restaurant De Zon (Eindhoven, SBI 5610): 0.72, class E (no programmed inspection).
- Varkenshouderij Asten (Asten, SBI 0146): 5.28, class B; Asten has no programme (0 hours).

Eindhoven has 49 hours (TH-03 20 + TH-02 2 × 12.5 + TH-05 4): after the 24 mandatory hours,
25 remain. The optimum takes De Hoeve and De Pomp by TH-02 (9.60, total 23.10); greedy (by risk
per hour) takes De Pomp's administrative check first and ends at 21.732: +6.29 %. With 6 hours
more, Groothandel Noord fits by TH-01 too: 1.44 more risk, 0.240 per hour.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grip.enforcement.models import Violation
from grip.frameworks.models import Module, Product
from grip.organisation.models import Employee
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants.models import Participant
from grip.planning import services
from grip.planning.constants import ModelStatus, PlanStatus
from grip.planning.models import (
    Assessment,
    Expertise,
    InspectionMethod,
    InspectionPlan,
    InspectorCapacity,
    RiskModel,
    RiskRule,
    SiteRisk,
)
from grip.programmes import services as programme_services
from grip.sites.models import Site
from grip.sites.tests.factories import EstablishmentFactory, SiteFactory

pytestmark = pytest.mark.django_db

D = datetime.date
AS_OF = D(2026, 11, 1)
YEAR = 2027
OVERVIEW = reverse("web:planning-overview")
RISKS = reverse("web:planning-risk-list")
MODELS = reverse("web:planning-model-list")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The inspection products the model's methods and re-inspection take (TH-01 and TH-02 are in
# the programme world's catalogue already): code, norm hours.
EXTRA_PRODUCTS = (("TH-03", "20"), ("TH-04", "40"), ("TH-05", "4"), ("TH-07", "3"))
ALL_SITES = (
    "Metaalbewerking De Vonk",
    "Varkenshouderij Asten",
    "Varkenshouderij De Hoeve",
    "Tankstation De Pomp",
    "Groothandel Noord",
    "Restaurant De Zon",
)


@dataclass
class PlanningWorld:
    planner: Any  # programmamanager
    eindhoven: Participant
    asten: Participant
    sites: dict[str, Site]
    ilse: Employee  # 100 h, algemeen, industrie, gevaarlijke stoffen; works for Eindhoven
    bram: Employee  # 50 h, agrarisch and algemeen; the whole region
    assessment: Assessment
    plan: InspectionPlan
    participant_user: Any  # Eindhoven's

    def score(self, name: str) -> SiteRisk:
        return SiteRisk.objects.get(assessment=self.assessment, site=self.sites[name])


def solved(**kwargs: Any) -> InspectionPlan:
    """``services.plan_create``: the task runs when the transaction commits, immediately in the
    tests (the test database's transaction never commits, so the callbacks are run here)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        plan = services.plan_create(**kwargs)
    plan.refresh_from_db()
    return plan


def planning_world(world: Any, enforcement: Any, make_user: Any) -> PlanningWorld:
    module = Module.objects.get(code="milieu-basistaken")
    for code, hours in EXTRA_PRODUCTS:
        world.products[code] = Product.objects.create(
            year=2026,
            code=code,
            name=f"Product {code}",
            module=module,
            task_kind="toezicht",
            unit="stuk",
            settlement="pxq",
            norm_hours=Decimal(hours),
        )
    manager, eindhoven = world.account_manager, world.participant
    version = programme_services.programme_create(actor=manager, participant=eindhoven, year=2026)
    for code, quantity in (("TH-03", 1), ("TH-02", 2), ("TH-05", 1), ("VV-04", 3)):
        programme_services.line_set(
            actor=manager, version=version, product=world.products[code], quantity=quantity
        )
    programme_services.version_submit(actor=manager, version=version)
    programme_services.version_adopt(
        actor=world.participant_user,
        version=version,
        adopted_on=D(2026, 1, 2),
        decision_reference="B&W 2026-01",
    )

    vonk = enforcement.site
    vonk.establishment = EstablishmentFactory(sbi=("2561",))
    vonk.save()
    violation = enforcement.violation()
    Violation.objects.filter(pk=violation.pk).update(repair_due_on=D(2027, 1, 15))
    asten_site = enforcement.asten_site
    asten_site.establishment = EstablishmentFactory(sbi=("0146",))
    asten_site.save()
    sites = {
        "Metaalbewerking De Vonk": vonk,
        "Varkenshouderij Asten": asten_site,
        "Varkenshouderij De Hoeve": SiteFactory(
            participant=eindhoven,
            name="Varkenshouderij De Hoeve",
            identification="VO-HOEVE",
            sbi=("0146",),
            activities=("landbouwhuisdieren-houden",),
        ),
        "Tankstation De Pomp": SiteFactory(
            participant=eindhoven,
            name="Tankstation De Pomp",
            identification="VO-POMP",
            sbi=("4730",),
        ),
        "Groothandel Noord": SiteFactory(
            participant=eindhoven, name="Groothandel Noord", sbi=("4690",)
        ),
        "Restaurant De Zon": SiteFactory(
            participant=eindhoven, name="Restaurant De Zon", sbi=("5610",)
        ),
    }

    planner = make_user("programmamanager", first_name="Petra", last_name="Planner")
    expertises = {e.code: e for e in Expertise.objects.all()}
    ilse: Any = EmployeeFactory(first_name="Ilse", last_name="de Wit")
    bram: Any = EmployeeFactory(first_name="Bram", last_name="Akker")
    services.capacity_set(
        actor=planner,
        year=YEAR,
        employee=ilse,
        hours=Decimal("100"),
        expertises=[expertises[c] for c in ("algemeen", "industrie", "gevaarlijke-stoffen")],
        areas=[eindhoven],
        note="Vast team Eindhoven",
    )
    services.capacity_set(
        actor=planner,
        year=YEAR,
        employee=bram,
        hours=Decimal("50"),
        expertises=[expertises["agrarisch"], expertises["algemeen"]],
    )
    assessment = services.assessment_run(actor=planner, as_of=AS_OF)
    plan = solved(actor=planner, year=YEAR, assessment=assessment)
    assert plan.status == PlanStatus.OPTIMAL  # solved by the time plan_create returned
    return PlanningWorld(
        planner=planner,
        eindhoven=eindhoven,
        asten=asten_site.participant,
        sites=sites,
        ilse=ilse,
        bram=bram,
        assessment=assessment,
        plan=plan,
        participant_user=world.participant_user,
    )


@pytest.fixture
def planning(world, enforcement, make_user) -> PlanningWorld:
    return planning_world(world, enforcement, make_user)


def solved_scenario(planning: PlanningWorld, hours: Decimal) -> InspectionPlan:
    with TestCase.captureOnCommitCallbacks(execute=True):
        scenario = services.scenario_create(
            actor=planning.planner, base=planning.plan, participant=planning.eindhoven, hours=hours
        )
    scenario.refresh_from_db()
    return scenario


def item_of(planning: PlanningWorld, name: str, kind: str = "controle") -> Any:
    return planning.plan.items.get(site=planning.sites[name], kind=kind)


def _html(response: Any) -> str:
    return str(response.content.decode())


def _row(html: str, row_id: str) -> str:
    """The markup of one table row, by its id."""
    found = html.index(f'id="{row_id}"')
    start = html.rindex("<tr", 0, found)
    return html[start : html.index("</tr>", found)]


def _text(markup: str) -> str:
    """The text of some markup, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def _inside(html: str, element_id: str, closing: str) -> str:
    """The text of an element, by its id, up to ``closing`` (such as "</dl>")."""
    start = html.index(">", html.index(f'id="{element_id}"')) + 1
    return _text(html[start : html.index(closing, start)])


def _site_order(html: str, table_id: str) -> list[str]:
    """The names of ALL_SITES in the order the table shows them (each row once)."""
    start = html.index(f'id="{table_id}"')
    table = html[start : html.index("</table>", start)]
    found = []
    for row in table.split("<tr")[2:]:
        names = [name for name in ALL_SITES if f">{name}<" in row]
        found.extend(names[:1])
    return found


def _plan_url(plan: InspectionPlan) -> str:
    return reverse("web:planning-plan-detail", args=[plan.pk])


# --- the overview -----------------------------------------------------------------------------


def test_the_overview_shows_the_assessment_and_the_programmes_with_their_scenarios(
    client, planning
):
    scenario = solved_scenario(planning, Decimal("6"))
    client.force_login(planning.planner)

    response = client.get(OVERVIEW)

    assert response.status_code == 200
    html = _html(response)
    facts = _inside(html, "beoordeling-gegevens", "</dl>")
    assert "Risicomodel milieutoezicht (2026.1)" in facts
    assert "Peildatum 1 november 2026" in facts
    assert "Locaties 6" in facts
    counts = {code: _text(_row(html, f"klasse-{code}")) for code in "ABCDE"}
    assert counts == {
        "A": "A Zeer hoog 1 (verplicht) 1",
        "B": "B Hoog 0,5 2",
        "C": "C Midden 0,33 1",
        "D": "D Laag 0,25 1",
        "E": "E Zeer laag 0 1",
    }
    plan_row = _text(_row(html, f"programma-{planning.plan.pk}"))
    assert plan_row.startswith(
        "Toezichtprogramma 2027 2027 Optimaal (binnen de gevraagde marge) "
        "23,10 0,000 % 21,73 6,29 %"
    )
    assert "Petra Planner" in plan_row
    scenario_row = _text(_row(html, f"programma-{scenario.pk}"))
    assert scenario_row.startswith(
        "↳ Scenario: Toezichtprogramma 2027: Eindhoven +6 uur 2027 Optimaal"
    )
    assert " 24,54 " in scenario_row
    # The scenario is listed under its base.
    assert html.index(f'id="programma-{planning.plan.pk}"') < html.index(
        f'id="programma-{scenario.pk}"'
    )
    # The planner's forms, the links and the menu item.
    assert 'id="nieuw-programma"' in html
    assert f'name="year" value="{timezone.localdate().year + 1}"' in html
    assert f'<option value="{planning.assessment.pk}" selected>' in html
    assert "Risico\u2019s opnieuw berekenen" in html
    assert f'href="{RISKS}"' in html
    assert f'href="{MODELS}"' in html
    assert 'href="/toezichtprogramma/capaciteit/"' in html
    assert '<a class="grip-nav__link" href="/toezichtprogramma/" aria-current="page">' in html


def test_before_any_assessment_the_pages_say_so_and_a_programme_waits(client, make_user):
    client.force_login(make_user("programmamanager"))

    assert 'id="geen-beoordeling"' in _html(client.get(OVERVIEW))
    assert 'id="geen-beoordeling"' in _html(client.get(RISKS))
    response = client.post(
        reverse("web:planning-plan-create"), {"year": "2027", "time_limit": "10"}
    )

    assert response.status_code == 422
    assert "Bereken eerst de risico&#x27;s van de locaties." in _html(response)
    assert not InspectionPlan.objects.exists()


def test_recomputing_the_risks_scores_every_site_with_the_model_in_force(client, planning):
    client.force_login(planning.planner)

    response = client.post(reverse("web:planning-assessment-run"), follow=True)

    assert response.redirect_chain == [(OVERVIEW, 302)]
    assert "De risico&#x27;s van 6 locaties zijn berekend met risicomodel 2026.1." in _html(
        response
    )
    latest = Assessment.objects.order_by("-pk").first()
    assert latest is not None
    assert latest.pk != planning.assessment.pk
    assert (latest.as_of, latest.site_count, latest.created_by) == (
        timezone.localdate(),
        6,
        planning.planner,
    )
    assert response.context["latest"] == latest


def test_a_new_programme_is_solved_and_its_page_shows_the_programme(
    client, planning, django_capture_on_commit_callbacks
):
    client.force_login(planning.planner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("web:planning-plan-create"),
            {
                "year": "2027",
                "title": "Programma met thema",
                "assessment": planning.assessment.pk,
                "time_limit": "5",
                "theme_1_kind": "activiteit",
                "theme_1_key": "landbouwhuisdieren-houden",
                "theme_1_minimum": "1",
            },
        )

    plan = InspectionPlan.objects.get(title="Programma met thema")
    assert response.status_code == 302
    assert response["Location"] == _plan_url(plan)
    assert (plan.status, plan.time_limit) == (PlanStatus.OPTIMAL, 5.0)
    assert [(t.kind, t.key, t.minimum) for t in plan.themes.all()] == [
        ("activiteit", "landbouwhuisdieren-houden", 1)
    ]
    page = client.get(response["Location"])
    html = _html(page)
    assert 'id="status">Optimaal (binnen de gevraagde marge)<' in html
    assert "hx-get" not in html  # finished: nothing to poll
    assert 'Bal-activiteit <span class="grip-code">landbouwhuisdieren-houden</span>' in html
    # De Vonk twice: its re-inspection and its inspection.
    assert _site_order(html, "regels") == [
        "Metaalbewerking De Vonk",
        "Metaalbewerking De Vonk",
        "Varkenshouderij De Hoeve",
        "Tankstation De Pomp",
        "Varkenshouderij Asten",
        "Groothandel Noord",
        "Restaurant De Zon",
    ]


def test_a_programme_the_service_refuses_keeps_the_input_and_says_why(client, planning):
    client.force_login(planning.planner)
    before = InspectionPlan.objects.count()

    response = client.post(
        reverse("web:planning-plan-create"),
        {
            "year": "2027",
            "assessment": planning.assessment.pk,
            "time_limit": "10",
            "theme_2_key": "landbouwhuisdieren-houden",
            "theme_2_minimum": "3",
        },
    )

    assert response.status_code == 422
    html = _html(response)
    assert "Een thema heeft een soort, een sleutel en een minimum van ten minste 1." in html
    assert 'value="landbouwhuisdieren-houden"' in html
    assert InspectionPlan.objects.count() == before

    response = client.post(
        reverse("web:planning-plan-create"),
        {"year": "2027", "assessment": planning.assessment.pk, "time_limit": "0,5"},
    )
    assert response.status_code == 422
    assert "De tijdslimiet ligt tussen 1 en 600 seconden." in _html(response)
    assert InspectionPlan.objects.count() == before


# --- a programme ----------------------------------------------------------------------------------


def test_the_programme_page_shows_the_solver_figures_totals_loads_and_why(client, planning):
    client.force_login(planning.planner)

    response = client.get(_plan_url(planning.plan))

    assert response.status_code == 200
    html = _html(response)
    assert 'id="status">Optimaal (binnen de gevraagde marge)<' in html
    figures = {
        key: _inside(html, key, "</dd>")
        for key in ("afgedekt", "marge", "gretig", "optimaal-vs-gretig", "lp-grens", "keuzes")
    }
    assert figures["afgedekt"].startswith("23,10")
    assert figures["marge"] == "0,000 %"
    assert figures["gretig"] == "21,73"
    assert figures["optimaal-vs-gretig"].startswith("+6,29 %")
    assert figures["keuzes"].startswith("6 mogelijke controles bij 6 locaties")
    notes = _inside(html, "opmerkingen", "</section>")
    stored = planning.plan.statistics["notes"]
    assert all(note in notes for note in stored)
    assert "Asten: geen vastgesteld programma; 0 uur voor toezicht." in stored
    assert any("Eindhoven" in note and "programma 2026" in note for note in stored)
    prices = {
        total.participant_id: f"{total.hour_price:.3f}".replace(".", ",")
        for total in planning.plan.totals.all()
    }
    assert _text(_row(html, f"totaal-{planning.eindhoven.pk}")) == (
        f"Eindhoven 49,00 (uit 2026) 24,00 2 49,00 4 4 23,10 21,73 {prices[planning.eindhoven.pk]}"
    )
    # Asten has no hours; an hour more buys Varkenshouderij Asten's 5.28 risk in 12.5 hours.
    assert _text(_row(html, f"totaal-{planning.asten.pk}")) == (
        "Asten 0,00 0,00 0 0,00 0 1 0,00 0,00 0,422"
    )
    assert _text(_row(html, "totaal-regio")) == "Totaal 49,00 24,00 2 49,00 4 5 23,10 21,73"
    # De Vonk's two mandatory items and De Pomp go to Ilse; De Hoeve needs an agrarian.
    assert _text(_row(html, f"belasting-{planning.ilse.pk}")) == (
        "Ilse de Wit 100,00 36,50 3 Algemeen milieutoezicht, Gevaarlijke stoffen, Industrie"
    )
    assert _text(_row(html, f"belasting-{planning.bram.pk}")) == (
        "Bram Akker 50,00 12,50 1 Agrarisch, Algemeen milieutoezicht"
    )
    # The inspectors have hours to spare: no expertise is scarce.
    assert _inside(html, "prijzen", "</table>").endswith(
        "Agrarisch 0,000 Algemeen milieutoezicht 0,000 Brzo en IPPC 0,000 "
        "Gevaarlijke stoffen 0,000 Industrie 0,000"
    )
    pomp = _text(_row(html, f"regel-{item_of(planning, 'Tankstation De Pomp').pk}"))
    assert pomp.startswith(
        "Tankstation De Pomp VO-POMP Eindhoven C 4,32 periodiek-2 TH-02 12,50 ✓ ja "
        "Gekozen op risico per uur Gekozen: periodieke controle categorie 2, 0,346 risico per uur"
    )
    assert pomp.endswith("toezichthouders gevaarlijke-stoffen 0,000). Ilse de Wit")
    groothandel = _text(_row(html, f"regel-{item_of(planning, 'Groothandel Noord').pk}"))
    assert groothandel.startswith("Groothandel Noord")
    assert "periodiek-1 TH-01 6 nee Niet gekozen" in groothandel
    assert groothandel.endswith("De gretige methode koos deze locatie wel. —")
    score = planning.score("Tankstation De Pomp")
    assert f'href="{reverse("web:planning-risk-detail", args=[score.pk])}"' in html
    excel = reverse("web:planning-plan-excel", args=[planning.plan.pk])
    assert f'href="{excel}" download="toezichtprogramma-2027-{planning.plan.pk}.xlsx"' in html
    assert 'id="scenario"' in html  # the planner may run a scenario


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"deelnemer": "asten"}, ["Varkenshouderij Asten"]),
        ({"keuze": "uit"}, ["Varkenshouderij Asten", "Groothandel Noord", "Restaurant De Zon"]),
        ({"reden": "hercontrole"}, ["Metaalbewerking De Vonk"]),
        ({"klasse": "B", "keuze": "in"}, ["Varkenshouderij De Hoeve"]),
        ({"zoek": "pomp"}, ["Tankstation De Pomp"]),
        (
            {"deelnemer": "eindhoven", "reden": "gekozen"},
            ["Varkenshouderij De Hoeve", "Tankstation De Pomp"],
        ),
    ],
)
def test_the_items_filter_by_participant_choice_reason_class_and_text(
    client, planning, query, expected
):
    ids = {"asten": planning.asten.pk, "eindhoven": planning.eindhoven.pk}
    query = {key: ids.get(value, value) for key, value in query.items()}
    client.force_login(planning.planner)

    response = client.get(_plan_url(planning.plan), query)

    assert response.status_code == 200
    assert _site_order(_html(response), "regels") == expected
    assert response.context["page"].paginator.count == len(expected)


def test_the_excel_export_is_the_plan_workbook(client, planning):
    client.force_login(planning.planner)

    response = client.get(reverse("web:planning-plan-excel", args=[planning.plan.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        f'attachment; filename="toezichtprogramma-2027-{planning.plan.pk}.xlsx"'
    )
    assert response.content[:2] == b"PK"


def test_a_queued_programme_polls_its_status_until_it_is_finished(client, planning):
    queued = services.plan_create(actor=planning.planner, year=YEAR, title="In de wachtrij")
    client.force_login(planning.planner)
    status_url = reverse("web:planning-plan-status", args=[queued.pk])

    page = _html(client.get(_plan_url(queued)))
    assert f'hx-get="{status_url}" hx-trigger="every 2s"' in page
    assert 'id="status">In de wachtrij<' in page
    assert 'id="regels"' not in page
    assert 'id="scenario"' not in page
    assert client.get(status_url)["Location"] == _plan_url(queued)  # without htmx: the page

    polled = client.get(status_url, headers={"HX-Request": "true"})
    assert polled.status_code == 200
    assert "HX-Refresh" not in polled
    assert f'hx-get="{status_url}"' in _html(polled)

    services.run_plan(queued.pk)
    finished = client.get(status_url, headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true"
    assert 'id="status">Optimaal (binnen de gevraagde marge)<' in _html(finished)
    assert "hx-get" not in _html(finished)


def _dutch(value: float, digits: int) -> str:
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def test_a_scenario_compares_the_extra_risk_per_added_hour(
    client, planning, django_capture_on_commit_callbacks
):
    client.force_login(planning.planner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("web:planning-scenario-create", args=[planning.plan.pk]),
            {"participant": planning.eindhoven.pk, "hours": "6"},
        )

    scenario = InspectionPlan.objects.get(based_on=planning.plan)
    assert response["Location"] == _plan_url(scenario)
    assert (scenario.status, scenario.scenario_hours) == (PlanStatus.OPTIMAL, Decimal("6.00"))
    html = _html(client.get(_plan_url(scenario)))
    assert "Scenario: wat als Eindhoven 6 uur toezicht meer" in html
    assert _text(_row(html, f"vergelijking-{planning.eindhoven.pk}")) == (
        "Eindhoven (deelnemer van het scenario) 49,00 55,00 6,00 23,10 24,54 1,44 0,240"
    )
    assert f'grip-row-current" id="vergelijking-{planning.eindhoven.pk}"' in html
    base_price = planning.plan.totals.get(participant=planning.eindhoven).hour_price
    assert scenario.objective is not None
    assert planning.plan.objective is not None
    gain = scenario.objective - planning.plan.objective
    summary = _inside(html, "scenario-samenvatting", "</p>")
    assert summary == (
        f"Het hele programma dekt {_dutch(gain, 2)} risico meer af: {_dutch(gain / 6, 3)} per "
        f"uur erbij. In het programma was een uur van deze deelnemer {_dutch(base_price, 3)} "
        "waard (de prijs van het eerste uur erbij)."
    )
    assert _text(_row(html, f"vergelijking-{planning.asten.pk}")) == (
        "Asten 0,00 0,00 0,00 0,00 0,00 0,00 —"
    )
    assert 'id="scenario"' not in html  # no scenario on a scenario
    groothandel = scenario.items.get(site=planning.sites["Groothandel Noord"])
    assert (groothandel.selected, groothandel.method) == (True, "periodiek-1")
    # The base lists its scenario.
    base = _html(client.get(_plan_url(planning.plan)))
    assert f'id="scenario-{scenario.pk}"' in base


def test_a_scenario_without_hours_or_on_a_scenario_is_refused(client, planning):
    client.force_login(planning.planner)
    url = reverse("web:planning-scenario-create", args=[planning.plan.pk])

    response = client.post(url, {"participant": planning.eindhoven.pk, "hours": "0"})

    assert response.status_code == 422
    assert "Geef een aantal uren erbij of eraf." in _html(response)
    assert not InspectionPlan.objects.filter(based_on=planning.plan).exists()

    scenario = solved_scenario(planning, Decimal("-1.5"))
    response = client.post(
        reverse("web:planning-scenario-create", args=[scenario.pk]),
        {"participant": planning.eindhoven.pk, "hours": "10"},
    )
    assert response.status_code == 422
    assert "Een scenario gaat uit van een programma, niet van een scenario." in _html(response)
    assert not InspectionPlan.objects.filter(based_on=scenario).exists()


def test_an_infeasible_scenario_says_what_does_not_fit(client, planning):
    scenario = solved_scenario(planning, Decimal("-30"))
    client.force_login(planning.planner)

    response = client.get(_plan_url(scenario))

    assert scenario.status == PlanStatus.INFEASIBLE
    html = _html(response)
    assert 'id="status">Past niet<' in html
    problems = html[html.index('id="wat-niet-past"') :].split("</section>")[0]
    assert "Wat niet past" in problems
    assert scenario.problems
    assert all(problem in problems for problem in scenario.problems)
    assert "Eindhoven: de verplichte controles vragen 24 uur" in problems
    assert 'id="regels"' not in html
    assert 'id="excel"' not in html
    excel = client.get(reverse("web:planning-plan-excel", args=[scenario.pk]))
    assert excel.status_code == 404


# --- the risk table and a site's explanation ------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {},
            [
                "Metaalbewerking De Vonk",
                "Varkenshouderij Asten",
                "Varkenshouderij De Hoeve",
                "Tankstation De Pomp",
                "Groothandel Noord",
                "Restaurant De Zon",
            ],
        ),
        (
            {"sorteer": "-risico"},
            [
                "Restaurant De Zon",
                "Groothandel Noord",
                "Tankstation De Pomp",
                "Varkenshouderij Asten",
                "Varkenshouderij De Hoeve",
                "Metaalbewerking De Vonk",
            ],
        ),
        (
            {"sorteer": "naam"},
            [
                "Groothandel Noord",
                "Metaalbewerking De Vonk",
                "Restaurant De Zon",
                "Tankstation De Pomp",
                "Varkenshouderij Asten",
                "Varkenshouderij De Hoeve",
            ],
        ),
        (
            {"sorteer": "effect"},
            [
                "Metaalbewerking De Vonk",
                "Tankstation De Pomp",
                "Varkenshouderij Asten",
                "Varkenshouderij De Hoeve",
                "Groothandel Noord",
                "Restaurant De Zon",
            ],
        ),
        ({"klasse": "B"}, ["Varkenshouderij Asten", "Varkenshouderij De Hoeve"]),
        ({"deelnemer": "asten"}, ["Varkenshouderij Asten"]),
        ({"sbi": "47"}, ["Tankstation De Pomp"]),
        ({"groep": "agrarisch"}, ["Varkenshouderij De Hoeve"]),
        ({"zoek": "vo-hoeve"}, ["Varkenshouderij De Hoeve"]),
    ],
)
def test_the_risk_table_filters_and_sorts(client, planning, query, expected):
    query = {k: planning.asten.pk if v == "asten" else v for k, v in query.items()}
    client.force_login(planning.planner)

    response = client.get(RISKS, query)

    assert response.status_code == 200
    assert _site_order(_html(response), "risicos") == expected


def test_the_risk_table_rows_and_sort_links(client, planning):
    client.force_login(planning.planner)

    html = _html(client.get(RISKS, {"klasse": "A"}))

    vonk = planning.score("Metaalbewerking De Vonk")
    row = _text(_row(html, f"risico-{vonk.pk}"))
    assert row == (
        f"Metaalbewerking De Vonk {planning.sites['Metaalbewerking De Vonk'].identification} "
        "Eindhoven A 13,50 0,90 15 industrie 2-3-2026 1 Uitleg Metaalbewerking De Vonk"
    )
    site_url = reverse("web:site-detail", args=[vonk.site_id])
    assert f'href="{site_url}"' in _row(html, f"risico-{vonk.pk}")
    assert reverse("web:planning-risk-detail", args=[vonk.pk]) in _row(html, f"risico-{vonk.pk}")
    # Sorted by risk, high to low; the link turns it around and keeps the filter.
    assert (
        'aria-sort="descending"><a class="utrecht-link" href="?klasse=A&amp;sorteer=-risico">'
        in html
    )
    assert 'href="?klasse=A&amp;sorteer=naam"' in html


def test_the_risk_table_asks_the_same_queries_for_one_row_as_for_six(client, planning):
    client.force_login(planning.planner)
    client.get(RISKS)  # the session and permissions are cached after the first request

    with CaptureQueriesContext(connection) as one:
        assert client.get(RISKS, {"klasse": "A"}).context["page"].paginator.count == 1
    with CaptureQueriesContext(connection) as six:
        assert client.get(RISKS).context["page"].paginator.count == 6

    assert len(one) == len(six)


def test_a_sites_explanation_adds_up_to_its_risk(client, planning):
    vonk = planning.score("Metaalbewerking De Vonk")
    client.force_login(planning.planner)

    response = client.get(reverse("web:planning-risk-detail", args=[vonk.pk]))

    assert response.status_code == 200
    html = _html(response)
    assert "Risico van Metaalbewerking De Vonk" in html
    assert _inside(html, "risico", "</dd>") == ("13,50 = kans 0,900 × effect 15")
    aspects = _inside(html, "aspecten", "</table>")
    assert (
        "Lucht 4 1 SBI 2561 Bodem 3 1 SBI 2561 Water 4 1 SBI 2561 Geluid 2 1 SBI 2561 "
        "Externe veiligheid 2 1 SBI 2561 Effect 15" in aspects
    )
    assert _inside(html, "basiskans", "</dd>") == ("0,400 (bron: SBI 2561)")
    assert _text(_row(html, "bijdrage-basis")) == "Basiskans × effect (SBI 2561) 0,4 6,00"
    assert _text(_row(html, "bijdrage-historie")) == (
        "Laatste controles: 1 van 1 niet in orde 1,8 4,80"
    )
    assert _text(_row(html, "bijdrage-open")) == "1 open overtreding(en) 1,25 2,70"
    assert _text(_row(html, "bijdrage-totaal")) == "Risico 13,50"
    assert "2-3-2026" in _inside(html, "controles", "</table>")
    assert "niet in orde" in _inside(html, "controles", "</table>")
    history = _inside(html, "historie-gegevens", "</dl>")
    assert history == (
        "Laatste controle 2 maart 2026 Open overtredingen 1 Herstellen uiterlijk "
        "15 januari 2027 (nog geen hercontrole gepland) Recidive geen"
    )
    assert _inside(html, "klasse", "</dd>") == (
        "A Zeer hoog: 1 controle(s) per jaar, minimumfrequentie verplicht"
    )
    in_plan = _inside(html, "in-programma", "</section>")
    assert "In Toezichtprogramma 2027" in in_plan
    assert (
        "Verplicht: hercontrole van een overtreding · Hercontrole: hercontrole, 4 uur · "
        "toezichthouder Ilse de Wit Verplicht: hercontrole van 1 open overtreding(en), "
        "herstellen uiterlijk 15-01-2027." in in_plan
    )
    assert (
        "Verplicht: minimumfrequentie van de risicoklasse · Controle: periodiek-3, 20 uur · "
        "toezichthouder Ilse de Wit Verplicht: risicoklasse A vraagt minimaal 1 controle(s) "
        "per jaar; laatste controle 02-03-2026." in in_plan
    )
    assert f'href="{_plan_url(planning.plan)}?zoek=' in html


def test_a_site_never_inspected_is_explained_too(client, planning):
    zon = planning.score("Restaurant De Zon")
    client.force_login(planning.planner)

    html = _html(client.get(reverse("web:planning-risk-detail", args=[zon.pk])))

    assert 'id="geen-controles"' in html
    assert _text(_row(html, "bijdrage-historie")) == (
        "Geen controle in de terugkijkperiode 1,2 0,12"
    )
    assert _text(_row(html, "bijdrage-totaal")) == "Risico 0,72"
    assert "E Zeer laag: geen periodieke controle, alleen op signaal" in html
    assert "Geen periodieke controle in deze risicoklasse" in html  # the plan's reason


# --- the risk model -------------------------------------------------------------------------------


def test_the_model_pages_show_the_versions_and_the_adopted_models_data(client, planning):
    client.force_login(planning.planner)
    model = RiskModel.objects.get(version="2026.1")

    listing = _html(client.get(MODELS))
    assert _text(_row(listing, f"model-{model.pk}")) == (
        "2026.1 Risicomodel milieutoezicht Vastgesteld (nu in werking) 1-1-2026 —"
    )

    html = _html(client.get(reverse("web:planning-model-detail", args=[model.pk])))
    rule = RiskRule.objects.get(model=model, kind="sbi", key="2561")
    assert _text(_row(html, f"regel-{rule.pk}")) == (
        "SBI-code (of het begin ervan) 2561 4 3 4 2 2 0,4 Industrie Oppervlaktebehandeling"
    )
    assert f"{RiskRule.objects.filter(model=model).count()} regels" in html
    method = InspectionMethod.objects.get(model=model, code="administratief")
    assert _text(_row(html, f"methode-{method.pk}")) == (
        "Administratieve controle administratief administratief TH-07 0,35 C D alle "
        "die van de locatie"
    )
    assert "Factor alles in orde" in html
    # The planner may not change the model: no forms, no edit links.
    for marker in ('id="copy"', 'id="adopt"', 'id="parameters-formulier"', "Regel toevoegen"):
        assert marker not in html
    response = client.post(
        reverse("web:planning-model-copy", args=[model.pk]), {"kopie-version": "2027.1"}
    )
    assert response.status_code == 403
    assert not RiskModel.objects.filter(version="2027.1").exists()


def test_kis_copies_the_model_changes_the_draft_and_adoption_waits_for_a_complete_model(
    client, planning, make_user
):
    kis = make_user("kis")
    client.force_login(kis)
    adopted = RiskModel.objects.get(version="2026.1")

    response = client.post(
        reverse("web:planning-model-copy", args=[adopted.pk]),
        {"kopie-version": "2027.1", "kopie-name": "Risicomodel 2027"},
    )

    draft = RiskModel.objects.get(version="2027.1")
    assert response["Location"] == reverse("web:planning-model-detail", args=[draft.pk])
    assert (draft.status, draft.name) == (ModelStatus.CONCEPT, "Risicomodel 2027")
    assert draft.rules.count() == adopted.rules.count()
    page = _html(client.get(response["Location"]))
    assert "Concept 2027.1 is gemaakt met alles van 2026.1." in page
    assert 'id="adopt"' in page
    assert 'id="parameters-formulier"' in page

    # A rule of the draft changes.
    rule = draft.rules.get(kind="sbi", key="2561")
    form = client.get(reverse("web:planning-rule-update", args=[rule.pk]))
    assert 'name="rij-base_probability" value="0,400"' in _html(form)
    data = {
        "rij-kind": "sbi",
        "rij-key": "2561",
        "rij-effect_air": "5",
        "rij-effect_soil": "3",
        "rij-effect_water": "4",
        "rij-effect_noise": "2",
        "rij-effect_safety": "2",
        "rij-base_probability": "0,45",
        "rij-expertise": rule.expertise_id,
        "rij-note": "Meer uitstoot",
    }
    response = client.post(reverse("web:planning-rule-update", args=[rule.pk]), data)
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.effect_air, rule.base_probability, rule.note) == (
        5,
        Decimal("0.450"),
        "Meer uitstoot",
    )
    # A score above 5 is refused at its field.
    response = client.post(
        reverse("web:planning-rule-update", args=[rule.pk]), {**data, "rij-effect_air": "6"}
    )
    assert response.status_code == 422
    assert "Zorg ervoor dat deze waarde hoogstens 5 is." in _html(response)

    # The parameters change.
    parameters = {
        f"parameters-{name}": value
        for name, value in client.get(reverse("web:planning-model-detail", args=[draft.pk]))
        .context["parameters_form"]
        .initial.items()
    }
    parameters.update(
        {
            "parameters-factor_compliant": "0,5",
            "parameters-default_expertise": draft.default_expertise_id,
        }
    )
    response = client.post(reverse("web:planning-model-update", args=[draft.pk]), parameters)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.factor_compliant == Decimal("0.50")

    # A method naming an unknown class keeps the draft from being adopted.
    method = draft.methods.get(code="periodiek-3")
    response = client.post(
        reverse("web:planning-method-update", args=[method.pk]),
        {
            "rij-code": "periodiek-3",
            "rij-name": method.name,
            "rij-inspection_type": method.inspection_type,
            "rij-product_code": method.product_code,
            "rij-coverage": "1",
            "rij-classes": "A Z",
            "rij-site_types": "",
            "rij-expertise": "",
        },
    )
    assert response.status_code == 302
    page = _html(client.get(reverse("web:planning-model-detail", args=[draft.pk])))
    assert "Methode periodiek-3 noemt onbekende klassen: Z." in _inside(
        page, "modelproblemen", "</div>"
    )
    response = client.post(
        reverse("web:planning-model-adopt", args=[draft.pk]),
        {"vaststellen-valid_from": "2027-01-01"},
    )
    assert response.status_code == 422
    refused = _html(response)
    assert "Dit is niet gelukt; er is niets gewijzigd." in refused
    assert "Methode periodiek-3 noemt onbekende klassen: Z." in _inside(refused, "adopt", "</form>")
    draft.refresh_from_db()
    assert draft.status == ModelStatus.CONCEPT

    # Fixed, it is adopted; the model in force ends the day before.
    method.refresh_from_db()
    method.classes = "A"
    services.method_save(actor=kis, method=method)
    response = client.post(
        reverse("web:planning-model-adopt", args=[draft.pk]),
        {"vaststellen-valid_from": "2027-01-01"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    adopted.refresh_from_db()
    assert (draft.status, draft.valid_from) == (ModelStatus.VASTGESTELD, D(2027, 1, 1))
    assert adopted.valid_to == D(2026, 12, 31)
    # An adopted model's rows no longer change.
    response = client.get(reverse("web:planning-rule-update", args=[rule.pk]))
    assert response.status_code == 302
    response = client.post(reverse("web:planning-rule-update", args=[rule.pk]), data)
    assert response.status_code == 409
    assert "Een vastgesteld risicomodel verandert niet meer; maak een nieuwe versie." in _html(
        response
    )


def test_kis_adds_and_deletes_a_rule_of_a_draft(client, planning, make_user):
    kis = make_user("kis")
    draft = services.risk_model_copy(
        actor=kis, model=RiskModel.objects.get(version="2026.1"), version="2027.2"
    )
    client.force_login(kis)

    response = client.post(
        reverse("web:planning-rule-create", args=[draft.pk]),
        {
            "rij-kind": "activiteit",
            "rij-key": "vuurwerk-opslaan",
            "rij-effect_air": "0",
            "rij-effect_soil": "0",
            "rij-effect_water": "0",
            "rij-effect_noise": "1",
            "rij-effect_safety": "5",
            "rij-base_probability": "0.3",
            "rij-expertise": "",
            "rij-note": "",
        },
    )

    assert response["Location"].endswith("#regels")
    rule = draft.rules.get(key="vuurwerk-opslaan")
    assert (rule.effect_safety, rule.base_probability, rule.expertise) == (5, Decimal("0.3"), None)
    # The same kind and key twice is refused.
    again = client.post(
        reverse("web:planning-rule-create", args=[draft.pk]),
        {
            "rij-kind": "activiteit",
            "rij-key": "vuurwerk-opslaan",
            "rij-effect_air": "1",
            "rij-effect_soil": "0",
            "rij-effect_water": "0",
            "rij-effect_noise": "0",
            "rij-effect_safety": "0",
            "rij-base_probability": "0,1",
        },
    )
    assert again.status_code == 422
    assert "Risicoregel met deze Model, Soort en Sleutel bestaat al." in _inside(
        _html(again), "rij-formulier", "</form>"
    )
    assert draft.rules.filter(key="vuurwerk-opslaan").count() == 1

    response = client.post(reverse("web:planning-rule-delete", args=[rule.pk]))
    assert response.status_code == 302
    assert not draft.rules.filter(key="vuurwerk-opslaan").exists()


def test_kis_adds_a_class_and_a_method_to_a_draft(client, planning, make_user):
    kis = make_user("kis")
    draft = services.risk_model_copy(
        actor=kis, model=RiskModel.objects.get(version="2026.1"), version="2027.3"
    )
    client.force_login(kis)

    page = client.get(reverse("web:planning-class-create", args=[draft.pk]))
    assert page.status_code == 200
    assert "Risicoklasse toevoegen" in _html(page)
    response = client.post(
        reverse("web:planning-class-create", args=[draft.pk]),
        {
            "rij-code": "A+",
            "rij-name": "Extreem",
            "rij-min_risk": "12,5",
            "rij-target_frequency": "2",
            "rij-mandatory": "on",
        },
    )
    assert response["Location"].endswith("#klassen")
    extreme = draft.classes.get(code="A+")
    assert (extreme.min_risk, extreme.target_frequency, extreme.mandatory) == (
        Decimal("12.500"),
        Decimal("2.00"),
        True,
    )

    response = client.post(
        reverse("web:planning-method-create", args=[draft.pk]),
        {
            "rij-code": "periodiek-extreem",
            "rij-name": "Periodieke controle extreem",
            "rij-inspection_type": "periodiek",
            "rij-product_code": "TH-04",
            "rij-coverage": "1",
            "rij-classes": "A+",
            "rij-site_types": "",
            "rij-expertise": "",
        },
    )
    assert response["Location"].endswith("#methoden")
    html = _html(client.get(reverse("web:planning-model-detail", args=[draft.pk])))
    assert _text(_row(html, f"klasse-{extreme.pk}")).startswith("A+ Extreem 12,5 2 ja")
    method = draft.methods.get(code="periodiek-extreem")
    assert _text(_row(html, f"methode-{method.pk}")).startswith(
        "Periodieke controle extreem periodiek-extreem periodiek TH-04 1 A+ alle"
    )


# --- the inspectors' capacity ------------------------------------------------------------------


def test_the_capacity_page_lists_the_inspectors_and_the_hours_per_expertise(client, planning):
    client.force_login(planning.planner)

    redirect = client.get(reverse("web:planning-capacity-next-year"))
    assert redirect["Location"] == reverse(
        "web:planning-capacity", args=[timezone.localdate().year + 1]
    )
    html = _html(client.get(reverse("web:planning-capacity", args=[YEAR])))

    assert _text(_row(html, f"capaciteit-{planning.ilse.pk}")) == (
        "Ilse de Wit 100,00 Algemeen milieutoezicht, Gevaarlijke stoffen, Industrie Eindhoven "
        "Vast team Eindhoven Wijzigen Ilse de Wit"
    )
    assert _text(_row(html, f"capaciteit-{planning.bram.pk}")) == (
        "Bram Akker 50,00 Agrarisch, Algemeen milieutoezicht hele regio Wijzigen Bram Akker"
    )
    assert _text(_row(html, "capaciteit-totaal")) == "Totaal 150,00"
    per_expertise = _inside(html, "per-deskundigheid", "</table>")
    assert (
        "Agrarisch 1 50,00 Algemeen milieutoezicht 2 150,00 Gevaarlijke stoffen 1 100,00 "
        "Industrie 1 100,00" in per_expertise
    )
    # The edit link fills the form with the inspector's row.
    form = client.get(
        reverse("web:planning-capacity", args=[YEAR]), {"medewerker": planning.bram.pk}
    )
    assert form.context["form"].initial["hours"] == Decimal("50.00")


def test_the_planner_sets_an_inspectors_capacity(client, planning):
    client.force_login(planning.planner)
    url = reverse("web:planning-capacity", args=[YEAR])
    agrarisch = Expertise.objects.get(code="agrarisch")

    response = client.post(
        url,
        {
            "employee": planning.bram.pk,
            "hours": "60,5",
            "expertises": [agrarisch.pk],
            "areas": [planning.asten.pk],
            "note": "Alleen de Peel",
        },
    )

    assert response["Location"] == f"{url}#capaciteit-{planning.bram.pk}"
    row = InspectorCapacity.objects.get(year=YEAR, employee=planning.bram)
    assert (row.hours, row.note) == (Decimal("60.50"), "Alleen de Peel")
    assert list(row.expertises.all()) == [agrarisch]
    assert list(row.areas.all()) == [planning.asten]
    assert _text(_row(_html(client.get(url)), f"capaciteit-{planning.bram.pk}")).startswith(
        "Bram Akker 60,50 Agrarisch Asten Alleen de Peel"
    )

    refused = client.post(url, {"employee": planning.bram.pk, "hours": "10"})
    assert refused.status_code == 422
    assert "Kies ten minste één deskundigheid." in _html(refused)
    row.refresh_from_db()
    assert row.hours == Decimal("60.50")


# --- who may see and do what ------------------------------------------------------------------


def _reading_pages(planning: PlanningWorld) -> dict[str, str]:
    """Every page that shows planning data, by what it shows."""
    model = RiskModel.objects.get(version="2026.1")
    return {
        "overview": OVERVIEW,
        "risks": RISKS,
        "risk": reverse(
            "web:planning-risk-detail", args=[planning.score("Varkenshouderij De Hoeve").pk]
        ),
        "plan": _plan_url(planning.plan),
        "status": reverse("web:planning-plan-status", args=[planning.plan.pk]),
        "excel": reverse("web:planning-plan-excel", args=[planning.plan.pk]),
        "models": MODELS,
        "model": reverse("web:planning-model-detail", args=[model.pk]),
        "capacity": reverse("web:planning-capacity", args=[YEAR]),
        "next-year": reverse("web:planning-capacity-next-year"),
    }


def _writes(planning: PlanningWorld) -> list[tuple[str, dict[str, Any]]]:
    """Every form's POST with input a permitted user would get through with."""
    model = RiskModel.objects.get(version="2026.1")
    rule = model.rules.order_by("pk").first()
    assert rule is not None
    algemeen = Expertise.objects.get(code="algemeen")
    return [
        (reverse("web:planning-assessment-run"), {}),
        (
            reverse("web:planning-plan-create"),
            {"year": "2027", "assessment": planning.assessment.pk, "time_limit": "10"},
        ),
        (
            reverse("web:planning-scenario-create", args=[planning.plan.pk]),
            {"participant": planning.eindhoven.pk, "hours": "100"},
        ),
        (reverse("web:planning-model-copy", args=[model.pk]), {"kopie-version": "2099.1"}),
        (reverse("web:planning-rule-delete", args=[rule.pk]), {}),
        (
            reverse("web:planning-capacity", args=[YEAR]),
            {"employee": planning.bram.pk, "hours": "1", "expertises": [algemeen.pk]},
        ),
    ]


def _nothing_written(planning: PlanningWorld, *, rules: int) -> None:
    assert list(InspectionPlan.objects.all()) == [planning.plan]
    assert list(Assessment.objects.all()) == [planning.assessment]
    assert list(RiskModel.objects.values_list("version", flat=True)) == ["2026.1"]
    assert RiskRule.objects.count() == rules
    bram = InspectorCapacity.objects.get(year=YEAR, employee=planning.bram)
    assert bram.hours == Decimal("50.00")


def test_a_participant_user_sees_nothing_of_the_programme(client, planning):
    client.force_login(planning.participant_user)
    rules = RiskRule.objects.count()

    for name, url in _reading_pages(planning).items():
        response = client.get(url)
        assert response.status_code == 403, name
        html = _html(response)
        assert "De Hoeve" not in html, name
        assert "Toezichtprogramma 2027" not in html, name
    for url, data in _writes(planning):
        assert client.post(url, data).status_code == 403, url
    _nothing_written(planning, rules=rules)
    home = _html(client.get(reverse("web:dashboard")))
    assert 'href="/toezichtprogramma/"' not in home


def test_a_reader_sees_the_programme_without_forms_and_is_refused_on_post(
    client, planning, make_user
):
    client.force_login(make_user("bestuur"))
    rules = RiskRule.objects.count()

    pages = _reading_pages(planning)
    for name, url in pages.items():
        expected = 302 if name in ("status", "next-year") else 200
        assert client.get(url).status_code == expected, name
    overview = _html(client.get(pages["overview"]))
    assert 'id="nieuw-programma"' not in overview
    assert 'id="risico-berekenen"' not in overview
    assert f'id="programma-{planning.plan.pk}"' in overview
    plan_page = _html(client.get(pages["plan"]))
    assert 'id="scenario"' not in plan_page
    assert 'id="regels"' in plan_page
    model_page = _html(client.get(pages["model"]))
    assert 'id="copy"' not in model_page
    assert 'id="capaciteit-formulier"' not in _html(client.get(pages["capacity"]))
    for url, data in _writes(planning):
        assert client.post(url, data).status_code == 403, url
    _nothing_written(planning, rules=rules)


def test_an_account_manager_runs_scenarios_but_makes_no_programme(client, planning, make_user):
    client.force_login(make_user("accountmanager"))

    overview = _html(client.get(OVERVIEW))
    plan_page = _html(client.get(_plan_url(planning.plan)))

    assert 'id="nieuw-programma"' not in overview
    assert 'id="risico-berekenen"' not in overview
    assert 'id="scenario"' in plan_page
