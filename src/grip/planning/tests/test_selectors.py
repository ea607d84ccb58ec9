"""Reading scores and programmes: tenancy, the filters and orderings, the inspectors' loads
and the model in force (the planning world; its figures in ``test_programme``)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.http import Http404

from grip.planning import selectors, services
from grip.planning.constants import Reason
from grip.planning.models import (
    Assessment,
    InspectionPlan,
    PlanItem,
    PlanParticipant,
    RiskModel,
    SiteRisk,
)
from grip.planning.selectors import InspectorLoad
from grip.planning.tests.factories import (
    AS_OF,
    PlanningWorld,
    capacity,
    complete_draft,
    inspector,
)
from grip.planning.tests.factories import model_in_force as model_2026

pytestmark = pytest.mark.django_db

D = datetime.date


def _keys(world: PlanningWorld) -> dict[int, str]:
    keys = {site.pk: key for key, site in world.sites.items()}
    keys[world.enforcement.site.pk] = "vonk"
    keys[world.enforcement.asten_site.pk] = "asten-e"
    return keys


def _scores(world: PlanningWorld, user: Any, assessment: Assessment, **filters: Any) -> list[str]:
    keys = _keys(world)
    return [
        keys[score.site_id]
        for score in selectors.site_risk_list_for(user=user, assessment=assessment, **filters)
    ]


def _item_keys(world: PlanningWorld, items: Any) -> list[tuple[str, str]]:
    keys = _keys(world)
    return [(keys[item.site_id], item.kind) for item in items]


ASTEN_BY_RISK = ["varkens", "afval", "compost", "melkvee", "groente", "bouw", "asten-e"]


# --- tenancy -------------------------------------------------------------------------------------


def test_a_participant_user_sees_only_its_own_scores(
    planning_world: PlanningWorld, assessment: Assessment, make_user: Any
) -> None:
    user = make_user(participant=planning_world.asten)

    assert _scores(planning_world, user, assessment) == ASTEN_BY_RISK
    assert (
        _scores(planning_world, user, assessment, participant_id=planning_world.eindhoven.pk) == []
    )
    assert selectors.class_counts(user=user, assessment=assessment) == {
        "A": 1,
        "B": 1,
        "C": 3,
        "D": 1,
        "E": 1,
    }
    own = SiteRisk.objects.get(assessment=assessment, site=planning_world.site("varkens"))
    assert selectors.site_risk_detail_for(user=user, pk=own.pk) == own
    other = SiteRisk.objects.get(assessment=assessment, site=planning_world.site("chemie"))
    with pytest.raises(Http404):
        selectors.site_risk_detail_for(user=user, pk=other.pk)
    # The service's staff see every participant's.
    assert len(_scores(planning_world, planning_world.planner, assessment)) == 13
    assert selectors.site_risk_detail_for(user=planning_world.planner, pk=other.pk) == other


def test_a_participant_user_sees_only_its_own_items_and_totals(
    planning_world: PlanningWorld, plan: InspectionPlan, make_user: Any
) -> None:
    user = make_user(participant=planning_world.asten)

    items = selectors.item_list_for(user=user, plan=plan)
    assert _item_keys(planning_world, items) == [
        ("varkens", "hercontrole"),
        ("varkens", "controle"),
        ("afval", "controle"),
        ("compost", "controle"),
        ("melkvee", "controle"),
        ("groente", "controle"),
        ("bouw", "controle"),
        ("asten-e", "controle"),
    ]
    assert [total.participant for total in selectors.totals_for(user=user, plan=plan)] == [
        planning_world.asten
    ]
    own = PlanItem.objects.get(plan=plan, site=planning_world.site("compost"))
    assert selectors.item_detail_for(user=user, pk=own.pk) == own
    other = PlanItem.objects.get(plan=plan, site=planning_world.site("metaal"))
    with pytest.raises(Http404):
        selectors.item_detail_for(user=user, pk=other.pk)
    assert selectors.reason_counts(user=user, plan=plan) == {
        Reason.REINSPECTION_DUE: 1,
        Reason.MINIMUM_FREQUENCY: 1,
        Reason.OVERDUE: 1,
        Reason.SELECTED: 1,
        Reason.NOT_DUE: 1,
        Reason.DOES_NOT_FIT: 1,
        Reason.BELOW_THRESHOLD: 1,
        Reason.NO_FREQUENCY: 1,
    }
    # The service's staff see them all.
    assert selectors.item_detail_for(user=planning_world.planner, pk=other.pk) == other
    assert selectors.totals_for(user=planning_world.planner, plan=plan).count() == 22


def test_a_participant_user_sees_only_its_own_scenario_row(
    planning_world: PlanningWorld,
    plan: InspectionPlan,
    make_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        scenario = services.scenario_create(
            actor=planning_world.planner,
            base=plan,
            participant=planning_world.asten,
            hours=Decimal("10"),
        )

    rows = selectors.scenario_rows(
        user=make_user(participant=planning_world.asten), scenario=scenario
    )
    assert [(row.name, row.base_hours, row.hours) for row in rows] == [
        ("Asten", Decimal("48.00"), Decimal("56.00"))
    ]
    assert selectors.scenario_rows(user=planning_world.planner, scenario=plan) == []


def test_anonymous_sees_nothing(planning_world: PlanningWorld, plan: InspectionPlan) -> None:
    from django.contrib.auth.models import AnonymousUser

    nobody: Any = AnonymousUser()
    assert not selectors.site_risk_list_for(user=nobody, assessment=plan.assessment).exists()
    assert not selectors.item_list_for(user=nobody, plan=plan).exists()
    assert not selectors.totals_for(user=nobody, plan=plan).exists()


# --- scores: filters and orderings -------------------------------------------------------------


def test_scores_filtered(planning_world: PlanningWorld, assessment: Assessment) -> None:
    planner = planning_world.planner

    def scores(**filters: Any) -> list[str]:
        return _scores(planning_world, planner, assessment, **filters)

    assert scores(participant_id=planning_world.asten.pk) == ASTEN_BY_RISK
    assert scores(risk_class="C") == ["compost", "melkvee", "metaal", "autobedrijf", "groente"]
    assert scores(risk_class="A") == ["chemie", "varkens"]
    # The start of the main SBI code: 4671 is chemie's second code, not its main one.
    assert scores(sbi="01") == ["varkens", "melkvee", "groente"]
    assert scores(sbi="4671") == []
    assert scores(sbi="20") == ["chemie"]
    assert scores(category="afval") == ["afval", "compost"]
    assert scores(category="mobiliteit", participant_id=planning_world.eindhoven.pk) == [
        "autobedrijf",
        "tankstation",
    ]
    assert scores(q=" asten ") == ["afval", "compost", "asten-e"]
    identification = planning_world.site("groente").identification
    assert scores(q=identification.lower()) == ["groente"]
    assert scores(q="   ") == scores()
    assert scores(risk_class="C", participant_id=planning_world.asten.pk, sbi="01") == [
        "melkvee",
        "groente",
    ]


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("risico", ASTEN_BY_RISK),
        ("-risico", ASTEN_BY_RISK[::-1]),
        # Afvalverwerking, Bouwbedrijf, Composteerderij, Groenteteler, Melkveebedrijf,
        # Varkenshouderij Asten, Varkenshouderij De Peel.
        ("naam", ["afval", "bouw", "compost", "groente", "melkvee", "asten-e", "varkens"]),
        # 0.95, 0.48, 0.42, 0.36 (risk 4.32), 0.36 (2.88), 0.24, 0.12.
        ("kans", ["varkens", "afval", "melkvee", "compost", "groente", "bouw", "asten-e"]),
        # 16, 12 (11.4), 12 (4.32), 9, 8, 5, 2.
        ("effect", ["afval", "varkens", "compost", "melkvee", "groente", "bouw", "asten-e"]),
        ("onbekend", ASTEN_BY_RISK),
    ],
)
def test_scores_ordered(
    planning_world: PlanningWorld, assessment: Assessment, order: str, expected: list[str]
) -> None:
    assert (
        _scores(
            planning_world,
            planning_world.planner,
            assessment,
            participant_id=planning_world.asten.pk,
            order=order,
        )
        == expected
    )


def test_scores_by_last_inspection_never_inspected_first(
    planning_world: PlanningWorld, assessment: Assessment
) -> None:
    """The same on SQLite and PostgreSQL (whose NULLs sort last by default)."""
    assert _scores(
        planning_world,
        planning_world.planner,
        assessment,
        participant_id=planning_world.asten.pk,
        order="laatste",
    ) == ["compost", "groente", "bouw", "asten-e", "afval", "melkvee", "varkens"]


# --- items: filters and ordering ------------------------------------------------------------


def test_items_filtered_and_ordered(planning_world: PlanningWorld, plan: InspectionPlan) -> None:
    planner = planning_world.planner

    def items(**filters: Any) -> list[tuple[str, str]]:
        return _item_keys(
            planning_world, selectors.item_list_for(user=planner, plan=plan, **filters)
        )

    # Selected first, then by risk.
    assert [key for key, _kind in items()] == [
        "chemie",
        "varkens",
        "varkens",
        "afval",
        "compost",
        "metaal",
        "autobedrijf",
        "drukkerij",
        "melkvee",
        "groente",
        "tankstation",
        "bouw",
        "asten-e",  # the same risk as vonk: by id, and Asten's items are written first
        "vonk",
    ]
    assert items(participant_id=planning_world.eindhoven.pk) == [
        ("chemie", "controle"),
        ("metaal", "controle"),
        ("autobedrijf", "controle"),
        ("drukkerij", "controle"),
        ("tankstation", "controle"),
        ("vonk", "controle"),
    ]
    assert items(selected=False) == [
        ("melkvee", "controle"),
        ("groente", "controle"),
        ("tankstation", "controle"),
        ("bouw", "controle"),
        ("asten-e", "controle"),
        ("vonk", "controle"),
    ]
    assert items(reason=Reason.SELECTED) == [
        ("compost", "controle"),
        ("metaal", "controle"),
        ("autobedrijf", "controle"),
        ("drukkerij", "controle"),
    ]
    assert items(risk_class="A") == [
        ("chemie", "controle"),
        ("varkens", "hercontrole"),
        ("varkens", "controle"),
    ]
    assert items(inspector_id=planning_world.inspectors["agrarisch"].pk) == [
        ("varkens", "hercontrole"),
        ("varkens", "controle"),
        ("afval", "controle"),
        ("compost", "controle"),
    ]
    assert items(q="Asten", selected=True) == [("afval", "controle"), ("compost", "controle")]
    assert items(
        participant_id=planning_world.asten.pk, selected=True, reason=Reason.MINIMUM_FREQUENCY
    ) == [("varkens", "controle")]
    assert selectors.reason_counts(user=planner, plan=plan) == {
        Reason.REINSPECTION_DUE: 1,
        Reason.MINIMUM_FREQUENCY: 2,
        Reason.OVERDUE: 1,
        Reason.SELECTED: 4,
        Reason.DOES_NOT_FIT: 1,
        Reason.BELOW_THRESHOLD: 1,
        Reason.NOT_DUE: 2,
        Reason.NO_FREQUENCY: 2,
    }
    assert selectors.reason_counts(
        user=planner, plan=plan, participant_id=planning_world.eindhoven.pk
    ) == {
        Reason.MINIMUM_FREQUENCY: 1,
        Reason.SELECTED: 3,
        Reason.NOT_DUE: 1,
        Reason.NO_FREQUENCY: 1,
    }


# --- inspectors, plans, capacity ---------------------------------------------------------------


def test_the_inspectors_loads(planning_world: PlanningWorld, plan: InspectionPlan) -> None:
    idle = inspector("Zwart", first_name="Zus")
    capacity(idle, hours="10", expertises=["afval"])
    capacity(inspector("Later"), hours="500", expertises=["afval"], year=2028)
    brzo, industrie, agrarisch = (
        planning_world.inspectors[key] for key in ("brzo", "industrie", "agrarisch")
    )

    assert selectors.inspector_loads(plan=plan) == [
        InspectorLoad(
            employee_id=brzo.pk,
            name="Toos Aalbers",
            capacity=Decimal("100.00"),
            assigned=Decimal("40.00"),
            inspections=1,
            expertises="Brzo en IPPC, Gevaarlijke stoffen",
        ),
        InspectorLoad(
            employee_id=industrie.pk,
            name="Toos Bakker",
            capacity=Decimal("60.00"),
            assigned=Decimal("16.00"),  # metaal 12, autobedrijf and drukkerij 2 each
            inspections=3,
            expertises="Algemeen milieutoezicht, Industrie",
        ),
        InspectorLoad(
            employee_id=agrarisch.pk,
            name="Toos Claassen",
            capacity=Decimal("80.00"),
            assigned=Decimal("48.00"),  # varkens 20 + 4, afval 12, compost 12
            inspections=4,
            expertises="Afval en bodem, Agrarisch",
        ),
        InspectorLoad(
            employee_id=idle.pk,
            name="Zus Zwart",
            capacity=Decimal("10.00"),
            assigned=Decimal("0"),
            inspections=0,
            expertises="Afval en bodem",
        ),
    ]
    assert selectors.capacity_years() == [2028, 2027]
    assert [row.employee.last_name for row in selectors.capacity_list(year=2027)] == [
        "Aalbers",
        "Bakker",
        "Claassen",
        "Zwart",
    ]


def test_plans_and_assessments(
    planning_world: PlanningWorld, assessment: Assessment, plan: InspectionPlan
) -> None:
    later = services.assessment_run(actor=planning_world.planner, as_of=D(2026, 11, 15))
    assert selectors.latest_assessment() == later
    assert selectors.assessment_detail(pk=assessment.pk) == assessment
    assert selectors.plan_detail(pk=plan.pk) == plan
    assert list(selectors.plan_list()) == [plan]
    with pytest.raises(Http404):
        selectors.plan_detail(pk=plan.pk + 1000)
    with pytest.raises(Http404):
        selectors.assessment_detail(pk=later.pk + 1000)
    assert PlanParticipant.objects.filter(plan=plan).count() == 22


# --- the model in force ------------------------------------------------------------------------


def test_the_model_in_force(kis: Any) -> None:
    first = model_2026()
    assert selectors.model_in_force(on=D(2025, 12, 31)) is None
    assert selectors.model_in_force(on=D(2026, 1, 1)) == first
    assert selectors.model_in_force(on=AS_OF) == first
    draft = complete_draft(version="2027.1")
    assert selectors.model_in_force(on=D(2030, 1, 1)) == first  # a draft is never in force

    services.risk_model_adopt(actor=kis, model=draft, valid_from=D(2027, 1, 1))

    assert selectors.model_in_force(on=D(2026, 12, 31)) == first
    assert selectors.model_in_force(on=D(2027, 1, 1)) == RiskModel.objects.get(pk=draft.pk)
    # A model that has ended is not in force after its last day.
    RiskModel.objects.filter(pk=draft.pk).update(valid_to=D(2027, 12, 31))
    assert selectors.model_in_force(on=D(2028, 1, 1)) is None
    assert [m.version for m in selectors.risk_model_list()] == ["2027.1", "2026.1"]
    assert [c.code for c in selectors.classes_of(first)] == ["A", "B", "C", "D", "E"]
    assert [m.code for m in selectors.methods_of(first)] == [
        "periodiek-1",
        "periodiek-2",
        "periodiek-3",
        "periodiek-complex",
        "administratief",
    ]
