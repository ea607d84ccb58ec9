"""The risk-based inspection programme through the API: expertise and the risk model (copy,
adopt and the refusal of an incomplete draft), assessments and the sites' scores with their
filters, orderings and explanation, programmes (202, solved in the task) with their totals,
items and workbook, scenarios with the extra risk per extra hour, the inspectors' capacity,
the permissions (participant users get 403 everywhere and no data) and query-count guards.

The world is small enough to count by hand. Model 2026.1 of migration 0002, no inspection
history (so the history factor is 1.2 for every site), plan year 2026:

=========================== ======= ========================== =========== ===== ========
site (participant)          SBI     effect E                   p = p0×1.2  R     class
=========================== ======= ========================== =========== ===== ========
Afvalverwerking (Eindhoven) 3822    4+5+4+3+4 = 20             .45 → .54   10.8  A
Varkenshouderij (Eindhoven) 0146    4+3+2+1+1 = 11             .40 → .48   5.28  B
Tankstation (Eindhoven)     4730    2+3+3+2+3 = 13 (geluid 2   .30 → .36   4.68  C
                            + tankstation, group mobiliteit)
Metaalbewerking (Eindhoven) 2511    3+2+2+3+1 = 11             .30 → .36   3.96  C
Pluimveehouderij (Asten)    0147    4+2+1+1+1 = 9              .35 → .42   3.78  C
Melkveehouderij (Asten)     0141    3+2+2+1+0 = 8              .30 → .36   2.88  C
Bouwbedrijf (Eindhoven)     4120    1+1+1+2+0 = 5              .20 → .24   1.2   D
Winkel (Eindhoven)          4711    1+0+0+1+0 = 2              .10 → .12   0.24  E
=========================== ======= ========================== =========== ===== ========

Every site is never inspected, so due in 2026. Norm hours: TH-01 6, TH-02 12.5, TH-03 20,
TH-07 2 (administrative, covers 35 %). Eindhoven's adopted programme has TH-03 × 1 + TH-02 × 2
= 45 h, Asten's TH-02 × 1 = 12.5 h; the other participants have none (0 h). The inspectors
(Ans: afval, agrarisch, 200 h; Bert: gevaarlijke stoffen, industrie, algemeen, 150 h) do not
bind.

- Eindhoven: the A site is mandatory (TH-03, 20 h, 10.8); 25 h are left. Best: pigs (12.5 h,
  5.28) + the petrol station in full (12.5 h, 4.68) = 9.96. Greedy by ratio takes the
  administrative checks of the petrol station (1.638 in 2 h) and the metal works (1.386), the
  pigs, then the builder's administrative check (0.42): 8.724 in 18.5 h.
- Asten, 12.5 h: the poultry farm in full (3.78) beats both administrative checks (1.323 +
  1.008 = 2.331 in 4 h), which greedy takes.
- Optimum 10.8 + 9.96 + 3.78 = 24.54; greedy 10.8 + 8.724 + 2.331 = 21.855; all 32.82.
- Scenario Asten + 2 h (14.5 h): poultry in full + milk administratively = 4.788, so 1.008
  more for 2 hours: 0.504 per hour.
- With the theme "SBI 41, at least 1 site" Eindhoven must take the builder: its full check
  (6 h, 1.2) + pigs + both administrative checks = 9.504 in 22.5 h; optimum 24.084.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from grip.api.planning import PlanItemSerializer, SiteRiskSerializer
from grip.frameworks.models import Module, Product
from grip.organisation.models import Employee
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants.models import Participant
from grip.participants.tests.factories import participant_user
from grip.planning import selectors, services
from grip.planning.models import (
    Assessment,
    Expertise,
    InspectionPlan,
    InspectorCapacity,
    RiskClass,
    RiskModel,
    RiskRule,
)
from grip.programmes import services as programme_services
from grip.programmes.tests.factories import ProgrammeWorld
from grip.sites.models import Site
from grip.sites.tests.factories import SiteFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"
PROBLEM = "application/problem+json"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AS_OF = datetime.date(2026, 6, 1)
YEAR = 2026

# Site names, highest risk first.
AFVAL = "Afvalverwerking Eindhoven"
VARKENS = "Varkenshouderij Eindhoven"
TANK = "Tankstation Eindhoven"
METAAL = "Metaalbewerking Eindhoven"
PLUIMVEE = "Pluimveehouderij Asten"
MELKVEE = "Melkveehouderij Asten"
BOUW = "Bouwbedrijf Eindhoven"
WINKEL = "Winkel Eindhoven"
BY_RISK = [AFVAL, VARKENS, TANK, METAAL, PLUIMVEE, MELKVEE, BOUW, WINKEL]


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def queries(client: APIClient, url: str) -> int:
    client.get(url)  # warm the user's permission cache
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def codes(response: Any) -> tuple[int, str]:
    assert response["Content-Type"] == PROBLEM, response.content
    return response.status_code, response.json()["code"]


def invalid(response: Any) -> list[str]:
    assert response.status_code == 400, response.content
    return [param["name"] for param in response.json()["invalid_params"]]


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["site_name"] for row in response.json()["results"]]


@dataclass
class PlanningWorld:
    programmes: ProgrammeWorld
    eindhoven: Participant
    asten: Participant
    planner: Any  # programmamanager
    kis: Any
    sites: dict[str, Site]
    ans: Employee
    bert: Employee


def _product(code: str, hours: str) -> Product:
    return Product.objects.create(
        year=YEAR,
        code=code,
        name=f"Product {code}",
        module=Module.objects.get(code="milieu-basistaken"),
        task_kind="toezicht",
        unit="stuk",
        settlement="pxq",
        norm_hours=Decimal(hours),
    )


def _adopt(manager: Any, user: Any, participant: Participant, lines: dict[Product, int]) -> None:
    version = programme_services.programme_create(actor=manager, participant=participant, year=YEAR)
    for product, quantity in lines.items():
        programme_services.line_set(
            actor=manager, version=version, product=product, quantity=quantity
        )
    programme_services.version_submit(actor=manager, version=version)
    programme_services.version_adopt(
        actor=user, version=version, adopted_on=datetime.date(2026, 1, 2), decision_reference="B&W"
    )


def _expertises(*codes: str) -> list[Expertise]:
    return [Expertise.objects.get(code=code) for code in codes]


@pytest.fixture
def planning(
    world: ProgrammeWorld,
    eindhoven: Participant,
    asten: Participant,
    make_user: Callable[..., Any],
) -> PlanningWorld:
    th03, _th07 = _product("TH-03", "20"), _product("TH-07", "2")
    _adopt(
        world.account_manager,
        world.participant_user,
        eindhoven,
        {th03: 1, world.products["TH-02"]: 2},
    )
    asten_manager: Any = EmployeeFactory(user__role="accountmanager")
    asten.account_manager = asten_manager
    asten.save()
    _adopt(asten_manager.user, participant_user(asten), asten, {world.products["TH-02"]: 1})

    def site(name: str, participant: Participant, sbi: str, *activities: str) -> Site:
        made = SiteFactory(name=name, participant=participant, sbi=(sbi,), activities=activities)
        assert isinstance(made, Site)
        return made

    sites = {
        AFVAL: site(AFVAL, eindhoven, "3822"),
        VARKENS: site(VARKENS, eindhoven, "0146"),
        TANK: site(TANK, eindhoven, "4730", "tankstation"),
        METAAL: site(METAAL, eindhoven, "2511"),
        BOUW: site(BOUW, eindhoven, "4120"),
        WINKEL: site(WINKEL, eindhoven, "4711"),
        PLUIMVEE: site(PLUIMVEE, asten, "0147"),
        MELKVEE: site(MELKVEE, asten, "0141"),
    }
    planner = make_user("programmamanager", first_name="Pia", last_name="Planner")
    ans: Any = EmployeeFactory(first_name="Ans", last_name="Aalbers")
    bert: Any = EmployeeFactory(first_name="Bert", last_name="Bakker")
    services.capacity_set(
        actor=planner,
        year=YEAR,
        employee=ans,
        hours=Decimal("200"),
        expertises=_expertises("afval", "agrarisch"),
        areas=[eindhoven, asten],
        note="Veehouderij en afval",
    )
    services.capacity_set(
        actor=planner,
        year=YEAR,
        employee=bert,
        hours=Decimal("150"),
        expertises=_expertises("gevaarlijke-stoffen", "industrie", "algemeen"),
    )
    return PlanningWorld(
        programmes=world,
        eindhoven=eindhoven,
        asten=asten,
        planner=planner,
        kis=make_user("kis", first_name="Kim", last_name="Kis"),
        sites=sites,
        ans=ans,
        bert=bert,
    )


@pytest.fixture
def assessed(planning: PlanningWorld) -> Assessment:
    return services.assessment_run(actor=planning.planner, as_of=AS_OF)


def _solve(planning: PlanningWorld, assessment: Assessment, **kwargs: Any) -> InspectionPlan:
    plan = services.plan_create(actor=planning.planner, year=YEAR, assessment=assessment, **kwargs)
    services.run_plan(plan.pk)  # the queued task only runs on commit, never in this test
    return selectors.plan_detail(pk=plan.pk)


@pytest.fixture
def solved(planning: PlanningWorld, assessed: Assessment) -> InspectionPlan:
    return _solve(planning, assessed, title="Toezichtprogramma 2026")


def _model() -> RiskModel:
    return RiskModel.objects.get(version="2026.1")


# --- expertise and the risk model ---------------------------------------------------------------


def test_expertise_and_the_model_in_force_with_its_rules_classes_and_methods(
    world: ProgrammeWorld, make_user: Callable[..., Any]
) -> None:
    client = client_for(make_user("bestuur"))
    model = _model()

    expertises = client.get(f"{API}/expertises/").json()
    one = client.get(f"{API}/expertises/agrarisch/").json()
    listed = client.get(f"{API}/risk-models/").json()
    detail = client.get(f"{API}/risk-models/{model.pk}/").json()

    assert [row["code"] for row in expertises["results"]] == [
        "afval",
        "agrarisch",
        "algemeen",
        "brzo-ippc",
        "gevaarlijke-stoffen",
        "industrie",
    ]
    assert one == {
        "code": "agrarisch",
        "name": "Agrarisch",
        "description": "Veehouderijen, mestopslag en -vergisting, teelt.",
    }
    assert client.get(f"{API}/expertises/geluk/").status_code == 404
    assert [row["version"] for row in listed["results"]] == ["2026.1"]
    assert set(listed["results"][0]) == set(detail) - {"rules", "classes", "methods", "problems"}
    assert {key: detail[key] for key in detail if key not in ("rules", "classes", "methods")} == {
        "id": model.pk,
        "version": "2026.1",
        "name": "Risicomodel milieutoezicht",
        "status": "vastgesteld",
        "is_editable": False,
        "explanation": model.explanation,
        "adopted_on": "2025-12-01",
        "adopted_by": None,
        "valid_from": "2026-01-01",
        "valid_to": None,
        "default_effect": "2.00",
        "default_probability": "0.100",
        "default_expertise": "algemeen",
        "weight_air": "1.00",
        "weight_soil": "1.00",
        "weight_water": "1.00",
        "weight_noise": "1.00",
        "weight_safety": "1.00",
        "lookback_years": 5,
        "last_inspections": 3,
        "factor_compliant": "0.60",
        "factor_noncompliant": "1.80",
        "factor_unknown": "1.20",
        "open_violation_step": "0.25",
        "open_violation_cap": 3,
        "factor_recidivism": "1.50",
        "probability_cap": "0.950",
        "overdue_factor": "2.00",
        "reinspection_product_code": "TH-05",
        "updated_at": detail["updated_at"],
        "problems": [],
    }
    assert len(detail["rules"]) == RiskRule.objects.filter(model=model).count() == 80
    first = detail["rules"][0]
    assert first == {
        "id": first["id"],
        "kind": "activiteit",
        "key": "afvalstoffen-beheren",
        "effect_air": 3,
        "effect_soil": 4,
        "effect_water": 3,
        "effect_noise": 2,
        "effect_safety": 2,
        "base_probability": "0.350",
        "expertise": "afval",
        "note": "",
    }
    assert [row["expertise"] for row in detail["rules"] if row["key"] == "33"] == [None]
    assert [
        (row["code"], row["min_risk"], row["target_frequency"], row["mandatory"])
        for row in detail["classes"]
    ] == [
        ("A", "9.000", "1.00", True),
        ("B", "5.000", "0.50", False),
        ("C", "2.500", "0.33", False),
        ("D", "1.000", "0.25", False),
        ("E", "0.000", "0.00", False),
    ]
    assert [row["code"] for row in detail["methods"]] == [
        "periodiek-1",
        "periodiek-2",
        "periodiek-3",
        "periodiek-complex",
        "administratief",
    ]
    complex_method = detail["methods"][3]
    assert {key: complex_method[key] for key in complex_method if key != "id"} == {
        "code": "periodiek-complex",
        "name": "Periodieke controle Brzo/IPPC",
        "inspection_type": "periodiek",
        "product_code": "TH-04",
        "coverage": "1.00",
        "classes": ["A", "B", "C", "D"],
        "site_types": ["inrichting-ippc", "inrichting-seveso"],
        "expertise": "brzo-ippc",
    }
    assert (detail["methods"][4]["coverage"], detail["methods"][4]["expertise"]) == ("0.35", None)


def test_kis_copies_the_model_and_adopts_a_complete_draft_but_not_an_incomplete_one(
    world: ProgrammeWorld, make_user: Callable[..., Any]
) -> None:
    kis = make_user("kis", first_name="Kim", last_name="Kis")
    client = client_for(kis)
    model = _model()

    copied = client.post(
        f"{API}/risk-models/{model.pk}/copy/",
        {"version": "2027.1", "name": "Risicomodel 2027"},
        format="json",
    )

    assert copied.status_code == 201, copied.content
    draft = copied.json()
    assert {
        key: draft[key]
        for key in ("version", "name", "status", "is_editable", "adopted_on", "valid_from")
    } == {
        "version": "2027.1",
        "name": "Risicomodel 2027",
        "status": "concept",
        "is_editable": True,
        "adopted_on": None,
        "valid_from": None,
    }
    assert (len(draft["rules"]), len(draft["classes"]), len(draft["methods"])) == (80, 5, 5)
    assert draft["problems"] == []
    again = client.post(f"{API}/risk-models/{model.pk}/copy/", {"version": "2027.1"})
    assert codes(again) == (409, "conflict")
    assert [param["name"] for param in again.json()["invalid_params"]] == ["version"]

    # A draft without a class from risk 0 cannot be adopted: 400 with what is missing.
    services.class_delete(actor=kis, risk_class=RiskClass.objects.get(model=draft["id"], code="E"))
    assert client.get(f"{API}/risk-models/{draft['id']}/").json()["problems"] == [
        "De laagste risicoklasse moet bij risico 0 beginnen."
    ]
    refused = client.post(
        f"{API}/risk-models/{draft['id']}/adopt/", {"valid_from": "2027-01-01"}, format="json"
    )
    assert codes(refused) == (400, "model_incomplete")
    assert refused.json()["detail"] == "De laagste risicoklasse moet bij risico 0 beginnen."
    assert RiskModel.objects.get(pk=draft["id"]).status == "concept"
    assert invalid(client.post(f"{API}/risk-models/{draft['id']}/adopt/", {})) == ["valid_from"]

    complete = client.post(f"{API}/risk-models/{model.pk}/copy/", {"version": "2027.2"}).json()
    adopted = client.post(
        f"{API}/risk-models/{complete['id']}/adopt/", {"valid_from": "2027-01-01"}
    )

    assert adopted.status_code == 200, adopted.content
    assert {
        key: adopted.json()[key]
        for key in ("name", "status", "is_editable", "valid_from", "adopted_on", "adopted_by")
    } == {
        "name": "Risicomodel milieutoezicht",
        "status": "vastgesteld",
        "is_editable": False,
        "valid_from": "2027-01-01",
        "adopted_on": timezone.localdate().isoformat(),
        "adopted_by": "Kim Kis",
    }
    assert client.get(f"{API}/risk-models/{model.pk}/").json()["valid_to"] == "2026-12-31"
    assert codes(
        client.post(f"{API}/risk-models/{complete['id']}/adopt/", {"valid_from": "2028-01-01"})
    ) == (409, "model_adopted")
    drafts = client.get(f"{API}/risk-models/", {"status": "concept"}).json()["results"]
    assert [row["version"] for row in drafts] == ["2027.1"]
    assert invalid(client.get(f"{API}/risk-models/", {"status": "oud"})) == ["status"]

    # The programme manager neither copies nor adopts.
    planner = client_for(make_user("programmamanager"))
    assert codes(planner.post(f"{API}/risk-models/{model.pk}/copy/", {"version": "x"})) == (
        403,
        "permission_denied",
    )
    assert codes(
        planner.post(f"{API}/risk-models/{draft['id']}/adopt/", {"valid_from": "2027-01-01"})
    ) == (403, "permission_denied")
    assert RiskModel.objects.count() == 3


# --- assessments and scores ---------------------------------------------------------------------


def test_the_programme_manager_runs_an_assessment(
    planning: PlanningWorld, make_user: Callable[..., Any]
) -> None:
    client = client_for(planning.planner)

    created = client.post(f"{API}/assessments/", {"as_of": "2026-06-01"}, format="json")

    assert created.status_code == 201, created.content
    assessment = Assessment.objects.get()
    assert created.json() == {
        "id": assessment.pk,
        "model": _model().pk,
        "model_version": "2026.1",
        "as_of": "2026-06-01",
        "site_count": 8,
        "created_at": created.json()["created_at"],
        "created_by": "Pia Planner",
        "class_counts": {"A": 1, "B": 1, "C": 4, "D": 1, "E": 1},
    }
    listed = client.get(f"{API}/assessments/").json()["results"]
    assert [row["id"] for row in listed] == [assessment.pk]
    assert "class_counts" not in listed[0]
    assert client.get(f"{API}/assessments/", {"model": 999}).json()["results"] == []
    assert codes(client.post(f"{API}/assessments/", {"as_of": "2025-06-01"})) == (400, "no_model")
    assert codes(client_for(planning.programmes.account_manager).post(f"{API}/assessments/")) == (
        403,
        "permission_denied",
    )
    assert Assessment.objects.count() == 1


def test_the_scores_filtered_and_sorted(planning: PlanningWorld, assessed: Assessment) -> None:
    client = client_for(planning.planner)
    url = f"{API}/site-risks/"

    assert names(client.get(url)) == BY_RISK  # the latest assessment by default
    assert names(client.get(url, {"assessment": str(assessed.pk), "ordering": "-risico"})) == list(
        reversed(BY_RISK)
    )
    assert names(client.get(url, {"ordering": "naam"})) == sorted(BY_RISK)
    # Probability .54, .48, .42, then .36 three times by risk.
    assert names(client.get(url, {"ordering": "kans"})) == [
        AFVAL,
        VARKENS,
        PLUIMVEE,
        TANK,
        METAAL,
        MELKVEE,
        BOUW,
        WINKEL,
    ]
    # Effect 20, 13, 11 (twice, by risk), 9, 8, 5, 2.
    assert names(client.get(url, {"ordering": "effect"})) == [
        AFVAL,
        TANK,
        VARKENS,
        METAAL,
        PLUIMVEE,
        MELKVEE,
        BOUW,
        WINKEL,
    ]
    assert names(client.get(url, {"ordering": "laatste"})) == BY_RISK  # none ever inspected
    assert names(client.get(url, {"participant": planning.asten.pk})) == [PLUIMVEE, MELKVEE]
    assert names(client.get(url, {"risk_class": "C"})) == [TANK, METAAL, PLUIMVEE, MELKVEE]
    assert names(client.get(url, {"sbi": "01"})) == [VARKENS, PLUIMVEE, MELKVEE]
    assert names(client.get(url, {"sbi": "0146"})) == [VARKENS]
    assert names(client.get(url, {"category": "mobiliteit"})) == [TANK]
    assert names(client.get(url, {"q": "tankstation"})) == [TANK]
    identification = planning.sites[BOUW].identification
    assert names(client.get(url, {"q": identification})) == [BOUW]
    assert names(client.get(url, {"risk_class": "C", "participant": str(planning.asten.pk)})) == [
        PLUIMVEE,
        MELKVEE,
    ]

    first = client.get(url, {"page_size": 3}).json()
    second = client.get(first["next"]).json()
    assert first["count"] == 8
    assert [row["site_name"] for row in first["results"] + second["results"]] == BY_RISK[:6]

    tank = next(row for row in client.get(url).json()["results"] if row["site_name"] == TANK)
    assert set(tank) == set(SiteRiskSerializer().fields)
    assert tank == {
        "id": tank["id"],
        "assessment": assessed.pk,
        "site": planning.sites[TANK].pk,
        "site_identification": planning.sites[TANK].identification,
        "site_name": TANK,
        "participant": planning.eindhoven.pk,
        "participant_name": "Eindhoven",
        "effect": 13.0,
        "base_probability": 0.3,
        "probability": 0.36,
        "risk": 4.68,
        "risk_class": "C",
        "expertise": "gevaarlijke-stoffen",
        "site_type": "inrichting-bedrijf",
        "sbi_code": "4730",
        "category": "mobiliteit",
        "last_inspection_on": None,
        "open_violations": 0,
    }

    for query, name in (
        ({"ordering": "hoogste"}, "ordering"),
        ({"participant": "Asten"}, "participant"),
        ({"assessment": "laatste"}, "assessment"),
    ):
        assert invalid(client.get(url, query)) == [name]
    assert codes(client.get(url, {"assessment": assessed.pk + 1})) == (404, "not_found")


def test_a_score_explains_itself(planning: PlanningWorld, assessed: Assessment) -> None:
    client = client_for(planning.planner)
    site = planning.sites[AFVAL]
    score = assessed.scores.get(site=site)

    body = client.get(f"{API}/site-risks/{score.pk}/").json()

    aspect = {"rule": "SBI 3822"}
    assert body == {
        "id": score.pk,
        "assessment": assessed.pk,
        "as_of": "2026-06-01",
        "model_version": "2026.1",
        "site": site.pk,
        "site_identification": site.identification,
        "site_name": AFVAL,
        "participant": planning.eindhoven.pk,
        "participant_name": "Eindhoven",
        "effect": 20.0,
        "base_probability": 0.45,
        "probability": 0.54,
        "risk": 10.8,
        "risk_class": "A",
        "expertise": "afval",
        "site_type": "inrichting-bedrijf",
        "sbi_code": "3822",
        "category": "",
        "last_inspection_on": None,
        "open_violations": 0,
        "explanation": {
            "effect": 20.0,
            "aspects": {
                "lucht": {"score": 4, **aspect},
                "bodem": {"score": 5, **aspect},
                "water": {"score": 4, **aspect},
                "geluid": {"score": 3, **aspect},
                "veiligheid": {"score": 4, **aspect},
            },
            "base_probability": 0.45,
            "base_source": "SBI 3822",
            "probability": 0.54,
            "risk": 10.8,
            "contributions": [
                {
                    "code": "basis",
                    "label": "Basiskans × effect (SBI 3822)",
                    "value": 0.45,
                    "risk_added": 9.0,
                },
                {
                    "code": "historie",
                    "label": "Geen controle in de terugkijkperiode",
                    "value": 1.2,
                    "risk_added": 1.8,
                },
            ],
            "facts": {"sbi": ["3822"], "activities": [], "categories": []},
            "history": {
                "results": [],
                "repair_due_on": None,
                "reinspection_planned": False,
                "recidivism": 0,
            },
        },
    }
    assert codes(client.get(f"{API}/site-risks/{score.pk + 100}/")) == (404, "not_found")
    assert client.get(f"{API}/site-risks/abc/").status_code == 404


# --- programmes ---------------------------------------------------------------------------------


def test_a_programme_with_a_theme_is_queued_then_solved(
    planning: PlanningWorld,
    assessed: Assessment,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    client = client_for(planning.planner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{API}/inspection-plans/",
            {
                "year": 2026,
                "assessment": assessed.pk,
                "title": "Programma met bouw",
                "themes": [{"kind": "sbi", "key": "41", "minimum": 1}],
                "gap_target": 0,
            },
            format="json",
        )
        queued = response.json()

    assert response.status_code == 202, response.content
    plan = InspectionPlan.objects.get()
    assert response["Location"] == f"http://testserver/api/v1/inspection-plans/{plan.pk}/"
    assert {key: queued[key] for key in queued if key not in ("created_at",)} == {
        "id": plan.pk,
        "year": 2026,
        "title": "Programma met bouw",
        "status": "wachtrij",
        "assessment": assessed.pk,
        "assessment_as_of": "2026-06-01",
        "model_version": "2026.1",
        "is_scenario": False,
        "based_on": None,
        "scenario_participant": None,
        "scenario_participant_name": None,
        "scenario_hours": None,
        "time_limit": 10.0,
        "gap_target": 0.0,
        "objective": None,
        "bound": None,
        "gap": None,
        "greedy_objective": None,
        "total_risk": None,
        "solve_seconds": None,
        "created_by": "Pia Planner",
        "finished_at": None,
        "themes": [{"kind": "sbi", "key": "41", "minimum": 1}],
        "statistics": {},
        "problems": [],
        "error": "",
    }

    # The task ran on commit: the plan is solved.
    body = client.get(f"{API}/inspection-plans/{plan.pk}/").json()
    assert (body["status"], body["problems"], body["error"]) == ("optimaal", [], "")
    assert body["objective"] == pytest.approx(10.8 + 9.504 + 3.78)
    assert body["greedy_objective"] == pytest.approx(10.8 + 8.724 + 2.331)
    assert body["total_risk"] == pytest.approx(32.82)
    assert body["gap"] == pytest.approx(0, abs=1e-9)
    assert body["finished_at"] is not None
    builder = client.get(f"{API}/plan-items/", {"plan": str(plan.pk), "q": "Bouwbedrijf"}).json()[
        "results"
    ]
    assert [(row["selected"], row["reason"], row["method"], row["hours"]) for row in builder] == [
        (True, "gekozen", "periodiek-1", "6.00")
    ]

    assert invalid(
        client.post(
            f"{API}/inspection-plans/",
            {"year": 2026, "themes": [{"kind": "branche", "key": "41", "minimum": 0}]},
            format="json",
        )
    ) == ["themes.0.kind", "themes.0.minimum"]
    assert invalid(
        client.post(f"{API}/inspection-plans/", {"year": 2026, "time_limit": 0}, format="json")
    ) == ["time_limit"]
    assert invalid(client.post(f"{API}/inspection-plans/", {}, format="json")) == ["year"]
    assert InspectionPlan.objects.count() == 1


def test_the_solved_programme_its_totals_and_the_list(
    planning: PlanningWorld, solved: InspectionPlan
) -> None:
    client = client_for(planning.programmes.account_manager)

    body = client.get(f"{API}/inspection-plans/{solved.pk}/").json()
    totals = client.get(f"{API}/inspection-plans/{solved.pk}/totals/").json()

    assert (body["status"], body["title"], body["themes"]) == (
        "optimaal",
        "Toezichtprogramma 2026",
        [],
    )
    assert body["objective"] == pytest.approx(24.54)
    assert body["greedy_objective"] == pytest.approx(21.855)
    assert body["total_risk"] == pytest.approx(32.82)
    assert body["gap"] <= 0.001
    statistics = body["statistics"]
    assert (statistics["sites"], statistics["options"]) == (8, 11)
    assert statistics["mandatory_value"] == pytest.approx(10.8)
    assert len(statistics["notes"]) == 20  # the participants without an adopted programme
    assert "Best: geen vastgesteld programma; 0 uur voor toezicht." in statistics["notes"]

    assert len(totals) == 22
    rows = {row["participant_name"]: row for row in totals}
    assert [row["participant_name"] for row in totals][:3] == ["Asten", "Bergeijk", "Best"]
    eindhoven, asten = rows["Eindhoven"], rows["Asten"]
    assert {key: eindhoven[key] for key in eindhoven if not isinstance(eindhoven[key], float)} == {
        "participant": planning.eindhoven.pk,
        "participant_name": "Eindhoven",
        "capacity_hours": "45.00",
        "capacity_year": 2026,
        "mandatory_hours": "20.00",
        "selected_hours": "45.00",
        "mandatory_count": 1,
        "selected_count": 3,
        "candidate_count": 5,
        "greedy_hours": "38.50",
    }
    assert (eindhoven["risk_covered"], eindhoven["risk_due"], eindhoven["greedy_risk"]) == (
        pytest.approx(20.76),
        pytest.approx(25.92),
        pytest.approx(19.524),
    )
    # One hour more would upgrade the petrol station a little further: (4.68 - 1.638) / 10.5.
    assert eindhoven["hour_price"] == pytest.approx(3.042 / 10.5)
    assert (
        asten["capacity_hours"],
        asten["mandatory_hours"],
        asten["selected_hours"],
        asten["greedy_hours"],
        asten["selected_count"],
        asten["candidate_count"],
    ) == ("12.50", "0.00", "12.50", "4.00", 1, 2)
    assert (asten["risk_covered"], asten["risk_due"], asten["greedy_risk"]) == (
        pytest.approx(3.78),
        pytest.approx(6.66),
        pytest.approx(2.331),
    )
    assert asten["hour_price"] == pytest.approx((3.78 - 1.323) / 10.5)
    assert (rows["Best"]["capacity_hours"], rows["Best"]["selected_count"]) == ("0.00", 0)

    queued = services.plan_create(actor=planning.planner, year=2027, title="Volgend jaar")
    listed = client.get(f"{API}/inspection-plans/").json()
    assert [row["id"] for row in listed["results"]] == [queued.pk, solved.pk]
    assert "statistics" not in listed["results"][0]
    assert [
        row["id"]
        for row in client.get(f"{API}/inspection-plans/", {"year": 2027}).json()["results"]
    ] == [queued.pk]
    assert [
        row["id"]
        for row in client.get(f"{API}/inspection-plans/", {"status": "optimaal"}).json()["results"]
    ] == [solved.pk]
    assert client.get(f"{API}/inspection-plans/", {"scenario": "true"}).json()["count"] == 0
    assert invalid(client.get(f"{API}/inspection-plans/", {"status": "klaar"})) == ["status"]
    assert codes(client.get(f"{API}/inspection-plans/{queued.pk + 1}/")) == (404, "not_found")


def test_the_items_say_per_site_why_it_is_in_or_out(
    planning: PlanningWorld, solved: InspectionPlan
) -> None:
    client = client_for(planning.planner)
    url = f"{API}/plan-items/"
    ans, bert = planning.ans.pk, planning.bert.pk

    rows = client.get(url, {"plan": solved.pk}).json()["results"]

    assert [
        (
            row["site_name"],
            row["selected"],
            row["reason"],
            row["method"],
            row["hours"],
            row["greedy_selected"],
            row["inspector"],
        )
        for row in rows
    ] == [
        (AFVAL, True, "minimumfrequentie", "periodiek-3", "20.00", True, ans),
        (VARKENS, True, "gekozen", "periodiek-2", "12.50", True, ans),
        (TANK, True, "gekozen", "periodiek-2", "12.50", True, bert),
        (PLUIMVEE, True, "gekozen", "periodiek-2", "12.50", True, ans),
        (METAAL, False, "past-niet", "administratief", "2.00", True, None),
        (MELKVEE, False, "past-niet", "administratief", "2.00", True, None),
        (BOUW, False, "onder-grens", "administratief", "2.00", True, None),
        (WINKEL, False, "geen-frequentie", "", "0.00", False, None),
    ]
    tank = rows[2]
    assert set(tank) == set(PlanItemSerializer().fields)
    assert {key: tank[key] for key in tank if key != "explanation"} == {
        "id": tank["id"],
        "plan": solved.pk,
        "site": planning.sites[TANK].pk,
        "site_identification": planning.sites[TANK].identification,
        "site_name": TANK,
        "participant": planning.eindhoven.pk,
        "participant_name": "Eindhoven",
        "kind": "controle",
        "method": "periodiek-2",
        "inspection_type": "periodiek",
        "product_code": "TH-02",
        "expertise": "gevaarlijke-stoffen",
        "hours": "12.50",
        "risk": 4.68,
        "risk_class": "C",
        "covered": pytest.approx(4.68),
        "selected": True,
        "greedy_selected": True,
        "reason": "gekozen",
        "inspector": bert,
        "inspector_name": "Bert Bakker",
    }
    assert tank["explanation"].startswith(
        "Gekozen: periodieke controle categorie 2, 0,374 risico per uur"
    )
    assert client.get(f"{url}{tank['id']}/").json() == tank

    def sites(query: dict[str, Any]) -> list[str]:
        return names(client.get(url, {"plan": solved.pk, **query}))

    assert sites({"participant": planning.asten.pk}) == [PLUIMVEE, MELKVEE]
    assert sites({"selected": "false"}) == [METAAL, MELKVEE, BOUW, WINKEL]
    assert sites({"reason": "past-niet"}) == [METAAL, MELKVEE]
    assert sites({"risk_class": "C"}) == [TANK, PLUIMVEE, METAAL, MELKVEE]
    assert sites({"inspector": bert}) == [TANK]
    assert sites({"inspector": ans, "participant": planning.asten.pk}) == [PLUIMVEE]
    assert sites({"q": "houderij"}) == [VARKENS, PLUIMVEE, MELKVEE]
    assert invalid(client.get(url)) == ["plan"]
    assert invalid(client.get(url, {"plan": str(solved.pk), "selected": "ja"})) == ["selected"]
    assert invalid(client.get(url, {"plan": str(solved.pk), "reason": "pech"})) == ["reason"]
    assert codes(client.get(url, {"plan": solved.pk + 1})) == (404, "not_found")
    assert codes(client.get(f"{url}{tank['id'] + 100}/")) == (404, "not_found")


def test_a_scenario_shows_the_extra_risk_per_extra_hour(
    planning: PlanningWorld,
    solved: InspectionPlan,
    make_user: Callable[..., Any],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    client = client_for(planning.programmes.account_manager)
    url = f"{API}/inspection-plans/{solved.pk}/scenarios/"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"participant": planning.asten.pk, "hours": "2"})
        queued = response.json()

    assert response.status_code == 202, response.content
    scenario = InspectionPlan.objects.get(based_on=solved)
    assert response["Location"] == f"http://testserver/api/v1/inspection-plans/{scenario.pk}/"
    assert {
        key: queued[key]
        for key in (
            "id",
            "title",
            "status",
            "is_scenario",
            "based_on",
            "scenario_participant",
            "scenario_participant_name",
            "scenario_hours",
        )
    } == {
        "id": scenario.pk,
        "title": "Toezichtprogramma 2026: Asten +2 uur",
        "status": "wachtrij",
        "is_scenario": True,
        "based_on": solved.pk,
        "scenario_participant": planning.asten.pk,
        "scenario_participant_name": "Asten",
        "scenario_hours": "2.00",
    }

    comparison = client.get(f"{API}/inspection-plans/{scenario.pk}/comparison/").json()

    asten_price = solved.totals.get(participant=planning.asten).hour_price
    assert {key: comparison[key] for key in comparison if key != "rows"} == {
        "scenario": scenario.pk,
        "based_on": solved.pk,
        "participant": planning.asten.pk,
        "participant_name": "Asten",
        "hours": "2.00",
        "status": "optimaal",
        # Only Asten changes here: the whole programme gains what Asten's row gains.
        "extra_risk": pytest.approx(1.008),
        "extra_risk_per_hour": pytest.approx(0.504),
        "base_hour_price": pytest.approx(asten_price),
    }
    # 0.504 per hour against a price of 0.234: the price is the LP's, at the margin; two whole
    # hours let a whole inspection fit that the base could not take (integrality)
    assert asten_price == pytest.approx(0.234)
    assert len(comparison["rows"]) == 22
    rows = {row["participant_name"]: row for row in comparison["rows"]}
    assert rows["Asten"] == {
        "participant": planning.asten.pk,
        "participant_name": "Asten",
        "base_hours": "12.50",
        "hours": "14.50",
        "extra_hours": "2.00",
        "base_risk": pytest.approx(3.78),
        "risk": pytest.approx(4.788),
        "extra_risk": pytest.approx(1.008),
        "risk_per_hour": pytest.approx(0.504),
    }
    assert (rows["Eindhoven"]["extra_hours"], rows["Eindhoven"]["risk_per_hour"]) == ("0.00", None)
    assert rows["Eindhoven"]["extra_risk"] == pytest.approx(0, abs=1e-9)
    detail = client.get(f"{API}/inspection-plans/{scenario.pk}/").json()
    assert detail["objective"] == pytest.approx(10.8 + 9.96 + 4.788)
    listed = client.get(f"{API}/inspection-plans/", {"based_on": solved.pk}).json()["results"]
    assert [row["id"] for row in listed] == [scenario.pk]

    # A scenario that is not solved yet compares nothing yet; a programme has no comparison.
    waiting = client.post(url, {"participant": planning.eindhoven.pk, "hours": "-10"}).json()
    assert waiting["scenario_hours"] == "-10.00"
    pending = client.get(f"{API}/inspection-plans/{waiting['id']}/comparison/").json()
    assert (pending["status"], pending["rows"], pending["extra_risk"]) == ("wachtrij", [], None)
    assert codes(client.get(f"{API}/inspection-plans/{solved.pk}/comparison/")) == (
        404,
        "not_a_scenario",
    )

    # Refusals: no scenario on a scenario, none of zero hours, none on an unsolved programme.
    assert codes(
        client.post(
            f"{API}/inspection-plans/{scenario.pk}/scenarios/",
            {"participant": planning.asten.pk, "hours": "5"},
        )
    ) == (400, "scenario_of_scenario")
    zero = client.post(url, {"participant": planning.asten.pk, "hours": "0"})
    assert codes(zero) == (400, "no_hours_changed")
    assert [param["name"] for param in zero.json()["invalid_params"]] == ["hours"]
    unsolved = services.plan_create(actor=planning.planner, year=2027)
    assert codes(
        client.post(
            f"{API}/inspection-plans/{unsolved.pk}/scenarios/",
            {"participant": planning.asten.pk, "hours": "5"},
        )
    ) == (409, "plan_not_solved")
    assert invalid(client.post(url, {"participant": 99999, "hours": "5"})) == ["participant"]
    medewerker = client_for(make_user("medewerker"))
    assert codes(medewerker.post(url, {"participant": planning.asten.pk, "hours": "5"})) == (
        403,
        "permission_denied",
    )
    assert InspectionPlan.objects.filter(based_on=solved).count() == 2


def test_the_workbook_of_a_programme(
    planning: PlanningWorld, solved: InspectionPlan, make_user: Callable[..., Any]
) -> None:
    client = client_for(make_user("bestuur"))

    response = client.get(f"{API}/inspection-plans/{solved.pk}/xlsx/")

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        f'attachment; filename="toezichtprogramma-2026-{solved.pk}.xlsx"'
    )
    assert response["Content-Length"] == str(len(response.content))
    assert response.content[:4] == b"PK\x03\x04"
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    texts = {
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    }
    assert set(BY_RISK) <= texts  # every site, in or out

    queued = services.plan_create(actor=planning.planner, year=2027)
    assert codes(client.get(f"{API}/inspection-plans/{queued.pk}/xlsx/")) == (
        409,
        "plan_not_finished",
    )


# --- the inspectors' capacity -------------------------------------------------------------------


def test_the_inspectors_capacity_is_read_and_set(
    planning: PlanningWorld, make_user: Callable[..., Any]
) -> None:
    client = client_for(planning.planner)
    url = f"{API}/inspector-capacities/"
    ans = InspectorCapacity.objects.get(employee=planning.ans)

    listed = client.get(url).json()["results"]  # the latest year with capacity: 2026

    assert [row["employee_name"] for row in listed] == ["Ans Aalbers", "Bert Bakker"]
    assert listed[0] == {
        "id": ans.pk,
        "year": 2026,
        "employee": planning.ans.pk,
        "employee_name": "Ans Aalbers",
        "hours": "200.00",
        "expertises": ["afval", "agrarisch"],
        "areas": sorted([planning.eindhoven.pk, planning.asten.pk]),
        "note": "Veehouderij en afval",
        "updated_at": listed[0]["updated_at"],
    }
    assert (listed[1]["expertises"], listed[1]["areas"]) == (
        ["algemeen", "gevaarlijke-stoffen", "industrie"],
        [],
    )
    assert client.get(url, {"year": 2025}).json()["results"] == []
    assert client.get(f"{url}{ans.pk}/").json() == listed[0]

    carla: Any = EmployeeFactory(first_name="Carla", last_name="Claes")
    body = {
        "employee": carla.pk,
        "year": 2027,
        "hours": "300",
        "expertises": ["brzo-ippc"],
    }
    created = client.post(url, body, format="json")
    changed = client.post(url, {**body, "hours": "320.5"}, format="json")

    assert created.status_code == 201, created.content
    assert (created.json()["hours"], created.json()["areas"], created.json()["note"]) == (
        "300.00",
        [],
        "",
    )
    assert (changed.status_code, changed.json()["id"], changed.json()["hours"]) == (
        200,
        created.json()["id"],
        "320.50",
    )
    assert [row["employee_name"] for row in client.get(url).json()["results"]] == ["Carla Claes"]
    assert client.get(f"{url}{ans.pk}/").json()["year"] == 2026  # any year by its id
    replaced = client.put(
        f"{url}{created.json()['id']}/",
        {
            "hours": "310",
            "expertises": ["industrie", "brzo-ippc"],
            "areas": [planning.asten.pk],
            "note": "Brzo Asten",
        },
        format="json",
    )
    assert replaced.status_code == 200, replaced.content
    assert {
        key: replaced.json()[key] for key in ("year", "employee", "hours", "expertises", "areas")
    } == {
        "year": 2027,
        "employee": carla.pk,
        "hours": "310.00",
        "expertises": ["brzo-ippc", "industrie"],
        "areas": [planning.asten.pk],
    }
    assert invalid(client.post(url, {**body, "expertises": ["geluk"]}, format="json")) == [
        "expertises"
    ]
    assert invalid(client.post(url, {**body, "expertises": []}, format="json")) == ["expertises"]
    assert invalid(client.post(url, {**body, "hours": "-1"}, format="json")) == ["hours"]
    for role in ("medewerker", "accountmanager", "kis"):
        refused = client_for(make_user(role)).post(url, body, format="json")
        assert codes(refused) == (403, "permission_denied")
    assert InspectorCapacity.objects.get(employee=carla).hours == Decimal("310")


# --- who may ------------------------------------------------------------------------------------


def test_a_participant_user_gets_403_everywhere_and_no_data(
    planning: PlanningWorld,
    solved: InspectionPlan,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    scenario = services.scenario_create(
        actor=planning.planner, base=solved, participant=planning.asten, hours=Decimal("2")
    )
    own_score = solved.assessment.scores.get(site=planning.sites[AFVAL])  # Eindhoven's own
    own_item = solved.items.get(site=planning.sites[AFVAL])
    capacity = InspectorCapacity.objects.get(employee=planning.ans)
    client = client_for(planning.programmes.participant_user)  # a user of Eindhoven
    plan = f"{API}/inspection-plans/{solved.pk}"
    reads = [
        f"{API}/expertises/",
        f"{API}/expertises/agrarisch/",
        f"{API}/risk-models/",
        f"{API}/risk-models/{_model().pk}/",
        f"{API}/assessments/",
        f"{API}/assessments/{solved.assessment_id}/",
        f"{API}/site-risks/",
        f"{API}/site-risks/{own_score.pk}/",
        f"{API}/inspection-plans/",
        f"{plan}/",
        f"{plan}/totals/",
        f"{plan}/xlsx/",
        f"{API}/inspection-plans/{scenario.pk}/comparison/",
        f"{API}/plan-items/?plan={solved.pk}",
        f"{API}/plan-items/{own_item.pk}/",
        f"{API}/inspector-capacities/",
        f"{API}/inspector-capacities/{capacity.pk}/",
        # A bad or missing filter is not read before the permission: 403, not 400.
        f"{API}/inspector-capacities/?year=vorig",
        f"{API}/inspection-plans/?status=klaar",
        f"{API}/site-risks/?ordering=hoogste",
        f"{API}/plan-items/",
    ]
    writes = [
        (f"{API}/risk-models/{_model().pk}/copy/", {"version": "2099.1"}),
        (f"{API}/risk-models/{_model().pk}/adopt/", {"valid_from": "2099-01-01"}),
        (f"{API}/assessments/", {}),
        (f"{API}/inspection-plans/", {"year": 2027}),
        (f"{plan}/scenarios/", {"participant": planning.eindhoven.pk, "hours": "10"}),
        (
            f"{API}/inspector-capacities/",
            {"employee": planning.ans.pk, "year": 2026, "hours": "1", "expertises": ["afval"]},
        ),
    ]
    counts = (RiskModel.objects.count(), Assessment.objects.count(), InspectionPlan.objects.count())

    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.get(url) for url in reads] + [
            client.post(url, body, format="json") for url, body in writes
        ]

    for answer in answers:
        assert codes(answer) == (403, "permission_denied")
        assert set(answer.json()) == {"type", "code", "title", "status", "detail"}
    assert (
        client.put(
            f"{API}/inspector-capacities/{capacity.pk}/",
            {"hours": "1", "expertises": ["afval"]},
            format="json",
        ).status_code
        == 403
    )
    assert counts == (
        RiskModel.objects.count(),
        Assessment.objects.count(),
        InspectionPlan.objects.count(),
    )
    assert InspectorCapacity.objects.get(pk=capacity.pk).hours == Decimal("200")
    assert APIClient().get(f"{API}/site-risks/").status_code == 401


def test_staff_read_the_planning_but_a_medewerker_makes_no_programme(
    planning: PlanningWorld, solved: InspectionPlan, make_user: Callable[..., Any]
) -> None:
    client = client_for(make_user("medewerker"))

    assert client.get(f"{API}/inspection-plans/{solved.pk}/").json()["status"] == "optimaal"
    assert names(client.get(f"{API}/site-risks/")) == BY_RISK
    assert client.get(f"{API}/plan-items/", {"plan": solved.pk}).json()["count"] == 8
    assert client.get(f"{API}/inspection-plans/{solved.pk}/totals/").status_code == 200
    assert client.get(f"{API}/inspector-capacities/").json()["count"] == 2
    refused = client.post(f"{API}/inspection-plans/", {"year": 2027}, format="json")
    assert codes(refused) == (403, "permission_denied")
    assert codes(client.post(f"{API}/assessments/", {}, format="json")) == (
        403,
        "permission_denied",
    )
    assert InspectionPlan.objects.count() == 1
    # KIS runs assessments too, but makes no programme either.
    kis = client_for(planning.kis)
    assert kis.post(f"{API}/assessments/", {"as_of": "2026-06-01"}).status_code == 201
    assert codes(kis.post(f"{API}/inspection-plans/", {"year": 2027}, format="json")) == (
        403,
        "permission_denied",
    )


# --- query counts -------------------------------------------------------------------------------


def test_the_big_lists_cost_the_same_queries_for_8_and_18_sites(
    planning: PlanningWorld,
    solved: InspectionPlan,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(planning.planner)
    scores = f"{API}/site-risks/?assessment={solved.assessment_id}"
    items = f"{API}/plan-items/?plan={solved.pk}"
    few = (queries(client, scores), queries(client, items))

    for number in range(10):
        SiteFactory(name=f"Winkel {number}", participant=planning.asten, sbi=("4711",))
    bigger = _solve(planning, services.assessment_run(actor=planning.planner, as_of=AS_OF))
    many = (
        queries(client, f"{API}/site-risks/?assessment={bigger.assessment_id}"),
        queries(client, f"{API}/plan-items/?plan={bigger.pk}"),
    )

    assert client.get(f"{API}/plan-items/?plan={bigger.pk}").json()["count"] == 18
    assert many == few
    # The assessment (or plan), the count, the page's ids and their rows.
    with django_assert_max_num_queries(4):
        assert len(client.get(f"{API}/site-risks/").json()["results"]) == 18
    with django_assert_max_num_queries(4):
        assert len(client.get(items).json()["results"]) == 8


def test_the_small_lists_cost_the_same_queries_for_few_and_more_rows(
    planning: PlanningWorld, assessed: Assessment, make_user: Callable[..., Any]
) -> None:
    client = client_for(planning.planner)
    urls = [
        f"{API}/inspection-plans/",
        f"{API}/inspector-capacities/?year=2026",
        f"{API}/assessments/",
        f"{API}/risk-models/",
    ]
    _solve(planning, assessed)
    few = [queries(client, url) for url in urls]

    for number in range(3):
        plan = services.plan_create(actor=planning.planner, year=2026, title=f"Plan {number}")
        services.scenario_create(
            actor=planning.planner,
            base=_solve(planning, assessed, title=f"Basis {number}"),
            participant=planning.asten,
            hours=Decimal("5"),
        )
        assert plan.status == "wachtrij"
        employee: Any = EmployeeFactory()
        services.capacity_set(
            actor=planning.planner,
            year=YEAR,
            employee=employee,
            hours=Decimal("100"),
            expertises=_expertises("algemeen", "afval"),
            areas=[planning.asten],
        )
        services.assessment_run(actor=planning.planner, as_of=AS_OF)
        services.risk_model_copy(actor=planning.kis, model=_model(), version=f"2027.{number}")
    many = [queries(client, url) for url in urls]

    assert client.get(urls[0]).json()["count"] == 10
    assert client.get(urls[1]).json()["count"] == 5
    assert many == few
