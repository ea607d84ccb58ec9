"""Programmes and scenarios of the planning world, built from the database, solved and
written back (``services.plan_create`` queues ``run_plan``; in the tests the task runs on
commit, in process).

The world's numbers (see ``factories.planning_world`` and ``test_services``): norm hours 2027
TH-01 6, TH-02 12, TH-03 20, TH-04 40, TH-05 4, TH-07 2 (2026: 5, 10, 16, 32, 3, 2).

Eindhoven, 56 hours (adopted 2027: TH-04 + TH-02 + 2 × TH-07; its 40 VV-01 hours do not
count): chemie (A, IPPC) is mandatory with the Brzo/IPPC method, 40 h. 16 hours are left for
autobedrijf (C: 12 h covering 3.24 or administratively 2 h covering 1.134), metaal (C: 12 h
3.6 or 2 h 1.26) and drukkerij (D: 6 h 2.1 or 2 h 0.735). Best: metaal full, the other two
administratively = 5.469. Greedy by risk per hour takes the three administrative controls
(3.129) and then nothing fits a free site.

Asten, 48 hours (its 2027 programme is a draft; 2026's 2 × TH-03 + TH-02 + 2 × TH-05 at 2026
norms): varkens (A) 20 h plus a re-inspection 4 h, afval (B, last inspected 2019: overdue)
12 h; 12 hours are left for compost (C: 12 h 4.32 or 2 h 1.512), groente (C: 12 h 2.88 or 2 h
1.008) and bouw (D: 6 h 1.2 or 2 h 0.42). Best: compost full = 4.32; greedy: the three
administrative controls = 2.94.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.models import AuditRecord
from grip.enforcement.models import Violation
from grip.planning import programme, services
from grip.planning.constants import ItemKind, PlanStatus, Reason
from grip.planning.models import (
    Assessment,
    InspectionPlan,
    InspectorCapacity,
    PlanItem,
    PlanParticipant,
    PlanTheme,
    SiteRisk,
)
from grip.planning.selectors import scenario_rows
from grip.planning.tests.factories import AS_OF, YEAR, PlanningWorld
from grip.planning.tests.factories import model_in_force as model_2026
from grip.programmes.models import ProgrammeLine

pytestmark = pytest.mark.django_db

D = datetime.date
Solve = Callable[..., InspectionPlan]

MANDATORY_VALUE = 14.9625 + 11.4 + 7.68  # chemie, varkens, afval (a re-inspection covers 0)
EINDHOVEN_OPTIONAL = 3.6 + 3.24 * 0.35 + 2.1 * 0.35
ASTEN_OPTIONAL = 4.32
GREEDY_OPTIONAL = (1.26 + 1.134 + 0.735) + (1.512 + 1.008 + 0.42)
TOTAL_RISK = (14.9625 + 2.34 + 3.24 + 3.6 + 2.1 + 0.24) + (
    11.4 + 7.68 + 3.78 + 2.88 + 4.32 + 1.2 + 0.24
)

# key: (kind, method, product, expertise, hours, class, covered, selected, greedy, reason)
ITEMS = {
    ("chemie", "controle"): (
        "periodiek-complex",
        "TH-04",
        "brzo-ippc",
        "40.00",
        "A",
        14.9625,
        True,
        True,
        Reason.MINIMUM_FREQUENCY,
    ),
    ("tankstation", "controle"): (
        "",
        "",
        "gevaarlijke-stoffen",
        "0.00",
        "D",
        0.0,
        False,
        False,
        Reason.NOT_DUE,
    ),
    ("autobedrijf", "controle"): (
        "administratief",
        "TH-07",
        "algemeen",
        "2.00",
        "C",
        3.24 * 0.35,
        True,
        True,
        Reason.SELECTED,
    ),
    ("metaal", "controle"): (
        "periodiek-2",
        "TH-02",
        "industrie",
        "12.00",
        "C",
        3.6,
        True,
        True,  # greedy chose the site, administratively
        Reason.SELECTED,
    ),
    ("drukkerij", "controle"): (
        "administratief",
        "TH-07",
        "industrie",
        "2.00",
        "D",
        2.1 * 0.35,
        True,
        True,
        Reason.SELECTED,
    ),
    ("varkens", "controle"): (
        "periodiek-3",
        "TH-03",
        "agrarisch",
        "20.00",
        "A",
        11.4,
        True,
        True,
        Reason.MINIMUM_FREQUENCY,
    ),
    ("varkens", "hercontrole"): (
        "hercontrole",
        "TH-05",
        "agrarisch",
        "4.00",
        "A",
        0.0,
        True,
        True,
        Reason.REINSPECTION_DUE,
    ),
    ("afval", "controle"): (
        "periodiek-2",
        "TH-02",
        "afval",
        "12.00",
        "B",
        7.68,
        True,
        True,
        Reason.OVERDUE,
    ),
    ("melkvee", "controle"): (
        "",
        "",
        "agrarisch",
        "0.00",
        "C",
        0.0,
        False,
        False,
        Reason.NOT_DUE,
    ),
    # Not chosen: the best option by risk per hour is the administrative one.
    ("groente", "controle"): (
        "administratief",
        "TH-07",
        "agrarisch",
        "2.00",
        "C",
        0.0,
        False,
        True,
        Reason.DOES_NOT_FIT,
    ),
    ("compost", "controle"): (
        "periodiek-2",
        "TH-02",
        "afval",
        "12.00",
        "C",
        4.32,
        True,
        True,
        Reason.SELECTED,
    ),
    ("bouw", "controle"): (
        "administratief",
        "TH-07",
        "algemeen",
        "2.00",
        "D",
        0.0,
        False,
        True,
        Reason.BELOW_THRESHOLD,
    ),
}

EXPLANATIONS = {
    ("chemie", "controle"): (
        "Verplicht: risicoklasse A vraagt minimaal 1 controle(s) per jaar; laatste controle "
        "02-03-2026."
    ),
    ("varkens", "controle"): (
        "Verplicht: risicoklasse A vraagt minimaal 1 controle(s) per jaar; laatste controle "
        "01-06-2026."
    ),
    ("varkens", "hercontrole"): (
        "Verplicht: hercontrole van 1 open overtreding(en), herstellen uiterlijk 15-12-2026."
    ),
    ("afval", "controle"): (
        "Verplicht: achterstallig. Laatste controle 01-05-2019; klasse B vraagt 0,5 "
        "controle(s) per jaar."
    ),
    ("tankstation", "controle"): (
        "Niet aan de beurt: laatste controle 01-09-2025, volgende vanaf 31-08-2029."
    ),
    ("melkvee", "controle"): (
        "Niet aan de beurt: laatste controle 01-04-2025, volgende vanaf 11-04-2028."
    ),
    # The LP prices one more hour of Eindhoven at (3.6 - 1.26) / 10 = 0.234 (metaal between
    # its two options) and of Asten at (4.32 - 1.512) / 10 = 0.2808; the inspectors are not
    # scarce.
    ("metaal", "controle"): (
        "Gekozen: periodieke controle categorie 2, 0,300 risico per uur; een uur kost in dit "
        "programma 0,234 (uren van Eindhoven 0,234; toezichthouders industrie 0,000)."
    ),
    ("autobedrijf", "controle"): (
        "Gekozen: administratieve controle, 0,567 risico per uur; een uur kost in dit "
        "programma 0,234 (uren van Eindhoven 0,234; toezichthouders algemeen 0,000)."
    ),
    ("groente", "controle"): (
        "Niet gekozen: 0,504 risico per uur haalt de prijs van een uur, 0,281 (uren van Asten "
        "0,281; toezichthouders agrarisch 0,000), maar de 2 uur passen niet meer in wat over "
        "is. De gretige methode koos deze locatie wel."
    ),
    ("bouw", "controle"): (
        "Niet gekozen: 0,210 risico per uur ligt onder de prijs van een uur, 0,281 (uren van "
        "Asten 0,281; toezichthouders algemeen 0,000). De gretige methode koos deze locatie "
        "wel."
    ),
}
NO_FREQUENCY_TEXT = (
    "Risicoklasse E: geen periodieke controle, alleen op signaal (klacht, melding, incident)."
)


def _items(world: PlanningWorld, plan: InspectionPlan) -> dict[tuple[str, str], PlanItem]:
    keys = {site.pk: key for key, site in world.sites.items()}
    keys[world.enforcement.site.pk] = "vonk"
    keys[world.enforcement.asten_site.pk] = "asten-e"
    found: dict[tuple[str, str], PlanItem] = {}
    for item in PlanItem.objects.filter(plan=plan):
        key = (keys[item.site_id], item.kind)
        assert key not in found, key
        found[key] = item
    return found


def _totals(plan: InspectionPlan, participant: Any) -> PlanParticipant:
    return PlanParticipant.objects.get(plan=plan, participant=participant)


def _without_brzo_hours(world: PlanningWorld) -> None:
    """Eindhoven's adopted 2027 programme without its Brzo/IPPC inspection: 16 hours."""
    ProgrammeLine.objects.filter(
        version=world.programmes["eindhoven"], product__code="TH-04"
    ).update(quantity=0)


# --- the programme -------------------------------------------------------------------------


def test_the_problem_built_from_the_database(
    planning_world: PlanningWorld, assessment: Assessment
) -> None:
    queued = services.plan_create(actor=planning_world.planner, year=YEAR, assessment=assessment)
    assert queued.status == PlanStatus.QUEUED  # its task runs on commit, not in this test

    build = programme.build(queued)

    eindhoven, asten = planning_world.eindhoven.pk, planning_world.asten.pk
    assert build.capacity[eindhoven] == programme.Capacity(56.0, 2027)
    assert build.capacity[asten] == programme.Capacity(48.0, 2026)
    assert len(build.capacity) == len(build.participants) == 22
    problem = build.problem
    by_participant = {p.pk: i for i, p in enumerate(build.participants)}
    assert problem.capacity[by_participant[eindhoven]] == 56.0
    assert problem.mandatory_participant[by_participant[eindhoven]] == 40.0
    assert problem.mandatory_participant[by_participant[asten]] == 20.0 + 4.0 + 12.0
    assert problem.mandatory_participant.sum() == 76.0
    mandatory = dict(zip(build.expertise_codes, problem.mandatory_expertise, strict=True))
    assert {code: hours for code, hours in mandatory.items() if hours} == {
        "brzo-ippc": 40.0,
        "agrarisch": 24.0,
        "afval": 12.0,
    }
    assert build.mandatory_value == pytest.approx(MANDATORY_VALUE)
    # Two options (full and administrative) for each optional site due.
    assert sorted(problem.hours.tolist()) == [2.0] * 6 + [6.0, 6.0] + [12.0] * 4
    assert problem.value.sum() == pytest.approx((3.24 + 3.6 + 2.1 + 2.88 + 4.32 + 1.2) * (1 + 0.35))
    # The inspectors as pools of their expertises: 100, 60 and 80 hours.
    assert sorted(pool.hours for pool in problem.pools) == [60.0, 80.0, 100.0]
    assert len(build.entries) == 13


def test_every_site_gets_an_item_with_why_it_is_in_or_out(
    planning_world: PlanningWorld, plan: InspectionPlan
) -> None:
    assert plan.status == PlanStatus.OPTIMAL
    items = _items(planning_world, plan)

    assert set(items) == {*ITEMS, ("vonk", "controle"), ("asten-e", "controle")}
    for key, expected in ITEMS.items():
        item = items[key]
        method, product, expertise, hours, risk_class, covered, selected, greedy, reason = expected
        assert [
            item.method,
            item.product_code,
            item.expertise,
            str(item.hours),
            item.risk_class,
            item.selected,
            item.greedy_selected,
            item.reason,
        ] == [method, product, expertise, hours, risk_class, selected, greedy, reason], key
        assert item.covered == pytest.approx(covered), key
        assert (
            item.risk == SiteRisk.objects.get(assessment=plan.assessment, site_id=item.site_id).risk
        )
    for key, text in EXPLANATIONS.items():
        assert items[key].explanation == text, key
    for key in (("vonk", "controle"), ("asten-e", "controle")):
        assert (items[key].reason, items[key].selected, items[key].explanation) == (
            Reason.NO_FREQUENCY,
            False,
            NO_FREQUENCY_TEXT,
        )
    # The IPPC site is inspected by the Brzo/IPPC method; its re-inspection is planned
    # already, so it has no re-inspection item. The kinds and CIM types of the items.
    assert (items["chemie", "controle"].inspection_type, items["chemie", "controle"].kind) == (
        "periodiek",
        ItemKind.INSPECTION,
    )
    assert ("chemie", "hercontrole") not in items
    assert items["varkens", "hercontrole"].inspection_type == "hercontrole"
    assert items["autobedrijf", "controle"].inspection_type == "administratief"


def test_every_selected_item_has_an_inspector_with_its_expertise(
    planning_world: PlanningWorld, plan: InspectionPlan
) -> None:
    expertises = {
        row.employee_id: {e.code for e in row.expertises.all()}
        for row in InspectorCapacity.objects.filter(year=YEAR)
    }
    items = _items(planning_world, plan)

    for item in items.values():
        if item.selected:
            assert item.inspector_id is not None, item
            assert item.expertise in expertises[item.inspector_id], item
        else:
            assert item.inspector_id is None, item
    # Each to the inspector of its area first.
    inspectors = planning_world.inspectors
    assert {key: item.inspector_id for key, item in items.items() if item.selected} == {
        ("chemie", "controle"): inspectors["brzo"].pk,
        ("autobedrijf", "controle"): inspectors["industrie"].pk,
        ("metaal", "controle"): inspectors["industrie"].pk,
        ("drukkerij", "controle"): inspectors["industrie"].pk,
        ("varkens", "controle"): inspectors["agrarisch"].pk,
        ("varkens", "hercontrole"): inspectors["agrarisch"].pk,
        ("afval", "controle"): inspectors["agrarisch"].pk,
        ("compost", "controle"): inspectors["agrarisch"].pk,
    }


def test_the_totals_per_participant(planning_world: PlanningWorld, plan: InspectionPlan) -> None:
    eindhoven = _totals(plan, planning_world.eindhoven)
    asten = _totals(plan, planning_world.asten)

    assert [
        eindhoven.capacity_hours,
        eindhoven.capacity_year,
        eindhoven.mandatory_hours,
        eindhoven.selected_hours,
        eindhoven.mandatory_count,
        eindhoven.selected_count,
        eindhoven.candidate_count,
        eindhoven.greedy_hours,
    ] == [Decimal("56.00"), 2027, Decimal("40.00"), Decimal("56.00"), 1, 4, 4, Decimal("46.00")]
    assert (eindhoven.risk_covered, eindhoven.risk_due, eindhoven.greedy_risk) == pytest.approx(
        (14.9625 + EINDHOVEN_OPTIONAL, 14.9625 + 3.24 + 3.6 + 2.1, 14.9625 + 1.26 + 1.134 + 0.735)
    )
    assert eindhoven.hour_price == pytest.approx((3.6 - 1.26) / 10)
    # Asten's hours come from its adopted 2026 programme at 2026's norms: 2 × 16 + 10 + 2 × 3.
    assert [
        asten.capacity_hours,
        asten.capacity_year,
        asten.mandatory_hours,
        asten.selected_hours,
        asten.mandatory_count,
        asten.selected_count,
        asten.candidate_count,
        asten.greedy_hours,
    ] == [Decimal("48.00"), 2026, Decimal("36.00"), Decimal("48.00"), 3, 4, 5, Decimal("42.00")]
    assert (asten.risk_covered, asten.risk_due, asten.greedy_risk) == pytest.approx(
        (
            11.4 + 7.68 + ASTEN_OPTIONAL,
            11.4 + 7.68 + 2.88 + 4.32 + 1.2,
            11.4 + 7.68 + 1.512 + 1.008 + 0.42,
        )
    )
    assert asten.hour_price == pytest.approx((4.32 - 1.512) / 10)
    # The other twenty participants have no programme, no sites and no hours.
    others = PlanParticipant.objects.filter(plan=plan).exclude(
        participant__in=[planning_world.eindhoven, planning_world.asten]
    )
    assert others.count() == 20
    assert {
        (o.capacity_hours, o.capacity_year, o.selected_hours, o.selected_count, o.risk_covered)
        for o in others
    } == {(Decimal("0.00"), 2027, Decimal("0.00"), 0, 0.0)}


def test_the_totals_are_the_sums_over_the_items(plan: InspectionPlan) -> None:
    for total in PlanParticipant.objects.filter(plan=plan):
        items = list(PlanItem.objects.filter(plan=plan, participant=total.participant))
        selected = [item for item in items if item.selected]
        mandatory = [item for item in selected if item.reason != Reason.SELECTED]
        assert total.selected_hours == sum((i.hours for i in selected), Decimal("0"))
        assert total.mandatory_hours == sum((i.hours for i in mandatory), Decimal("0"))
        assert (total.selected_count, total.mandatory_count) == (len(selected), len(mandatory))
        assert total.risk_covered == pytest.approx(sum(i.covered for i in selected))
        assert total.selected_hours <= total.capacity_hours


def test_the_plan_figures(planning_world: PlanningWorld, plan: InspectionPlan) -> None:
    assert plan.objective == pytest.approx(MANDATORY_VALUE + EINDHOVEN_OPTIONAL + ASTEN_OPTIONAL)
    assert plan.greedy_objective == pytest.approx(MANDATORY_VALUE + GREEDY_OPTIONAL)
    assert plan.total_risk == pytest.approx(TOTAL_RISK)
    assert plan.objective == pytest.approx(
        sum(item.covered for item in PlanItem.objects.filter(plan=plan))
    )
    assert plan.greedy_objective is not None
    assert plan.objective is not None
    assert plan.bound is not None
    assert plan.greedy_objective <= plan.objective <= plan.bound
    assert plan.gap is not None
    assert 0 <= plan.gap <= plan.gap_target
    assert plan.statistics["mandatory_value"] == pytest.approx(MANDATORY_VALUE)
    assert plan.statistics["sites"] == 13
    assert plan.statistics["lp_bound"] >= plan.objective
    assert plan.problems == []
    assert plan.error == ""
    assert plan.finished_at is not None
    assert plan.title == "Toezichtprogramma 2027"
    assert plan.created_by == planning_world.planner
    created = AuditRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(InspectionPlan), object_id=str(plan.pk)
    )
    assert list(created.values_list("action", flat=True)) == ["create"]
    notes = plan.statistics["notes"]
    assert (
        "Programma 2027 nog niet vastgesteld voor Asten: de uren komen uit het vastgestelde "
        "programma 2026." in notes
    )
    assert "Helmond: geen vastgesteld programma; 0 uur voor toezicht." in notes
    assert not any(note.startswith("Eindhoven") for note in notes)


def test_a_plan_is_solved_once(planning_world: PlanningWorld, plan: InspectionPlan) -> None:
    items = PlanItem.objects.filter(plan=plan).count()

    again = services.run_plan(plan.pk)

    assert again.status == PlanStatus.OPTIMAL
    assert PlanItem.objects.filter(plan=plan).count() == items == 14


def test_a_repair_date_after_the_year_asks_no_re_inspection(
    planning_world: PlanningWorld, solve: Solve
) -> None:
    Violation.objects.filter(pk=planning_world.violations["varkens"].pk).update(
        repair_due_on=D(2028, 1, 15)
    )
    plan = solve(services.assessment_run(actor=planning_world.planner, as_of=AS_OF))

    items = _items(planning_world, plan)
    assert ("varkens", "hercontrole") not in items
    assert _totals(plan, planning_world.asten).mandatory_hours == Decimal("32.00")


def test_without_inspectors_only_the_participants_hours_bound_the_plan(
    planning_world: PlanningWorld, solve: Solve, assessment: Assessment
) -> None:
    InspectorCapacity.objects.all().delete()

    plan = solve(assessment)

    assert plan.status == PlanStatus.OPTIMAL
    assert plan.objective == pytest.approx(MANDATORY_VALUE + EINDHOVEN_OPTIONAL + ASTEN_OPTIONAL)
    assert not PlanItem.objects.filter(plan=plan, inspector__isnull=False).exists()
    assert (
        "Geen capaciteit van toezichthouders voor 2027 vastgelegd: alleen de uren van de "
        "deelnemers begrenzen het programma." in plan.statistics["notes"]
    )


def test_scarce_inspectors_bound_the_plan(
    planning_world: PlanningWorld, solve: Solve, assessment: Assessment
) -> None:
    """The only inspector for industrie and algemeen has 2 hours: of Eindhoven's optional
    controls one administrative control fits, and metaal's (1.26) is worth most."""
    InspectorCapacity.objects.filter(employee=planning_world.inspectors["industrie"]).update(
        hours=Decimal("2")
    )

    plan = solve(assessment)

    items = _items(planning_world, plan)
    chosen = {key[0] for key, item in items.items() if item.reason == Reason.SELECTED}
    assert chosen == {"metaal", "compost"}
    assert items["metaal", "controle"].method == "administratief"
    assert plan.objective == pytest.approx(MANDATORY_VALUE + 1.26 + ASTEN_OPTIONAL)
    assert plan.statistics["expertise_prices"]["industrie"] > 0


def test_themes_are_met_and_the_mandatory_sites_count_for_them(
    planning_world: PlanningWorld, solve: Solve, assessment: Assessment
) -> None:
    """Two agricultural sites: varkens (mandatory) counts, so one more is needed and only
    groente is due. Asten's best with groente: groente, compost and bouw administratively."""
    plan = solve(assessment, themes=[("activiteitengroep", "agrarisch", 2)])

    assert plan.status == PlanStatus.OPTIMAL
    assert list(PlanTheme.objects.filter(plan=plan).values_list("kind", "key", "minimum")) == [
        ("activiteitengroep", "agrarisch", 2)
    ]
    items = _items(planning_world, plan)
    agricultural = {"varkens", "melkvee", "groente"}
    assert {key[0] for key, item in items.items() if item.selected} & agricultural == {
        "varkens",
        "groente",
    }
    assert [items[key, "controle"].method for key in ("groente", "compost", "bouw")] == [
        "administratief",
        "administratief",
        "periodiek-1",
    ]
    assert plan.objective == pytest.approx(
        MANDATORY_VALUE + EINDHOVEN_OPTIONAL + 1.008 + 1.512 + 1.2
    )
    # A theme the mandatory sites meet on their own changes nothing.
    met = solve(assessment, themes=[("sbi", "0146", 1)])
    assert met.objective == pytest.approx(MANDATORY_VALUE + EINDHOVEN_OPTIONAL + ASTEN_OPTIONAL)


def test_a_theme_that_cannot_be_met_is_explained(
    planning_world: PlanningWorld, solve: Solve, assessment: Assessment
) -> None:
    plan = solve(assessment, themes=[("activiteitengroep", "agrarisch", 3)])

    assert plan.status == PlanStatus.INFEASIBLE
    assert plan.problems == [
        "Thema Activiteitengroep agrarisch: minimaal 2 locaties gevraagd, maar er komen er "
        "maar 1 in aanmerking."
    ]
    assert not PlanItem.objects.filter(plan=plan).exists()


def test_mandatory_work_above_a_participants_hours_is_explained_not_raised(
    planning_world: PlanningWorld, solve: Solve, assessment: Assessment
) -> None:
    _without_brzo_hours(planning_world)

    plan = solve(assessment)

    assert plan.status == PlanStatus.INFEASIBLE
    assert plan.problems == [
        "Eindhoven: de verplichte controles vragen 40 uur, het programma heeft 16 uur voor "
        "toezicht (tekort 24 uur)."
    ]
    assert not PlanItem.objects.filter(plan=plan).exists()
    assert not PlanParticipant.objects.filter(plan=plan).exists()
    assert (plan.objective, plan.error) == (None, "")
    assert plan.finished_at is not None
    assert plan.total_risk == pytest.approx(TOTAL_RISK)
    assert "Helmond: geen vastgesteld programma; 0 uur voor toezicht." in plan.statistics["notes"]


def test_a_failing_build_marks_the_plan_failed_and_keeps_the_error(
    planning_world: PlanningWorld,
    solve: Solve,
    assessment: Assessment,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(plan: InspectionPlan) -> Any:
        raise ValueError("Geen normuren voor TH-04")

    monkeypatch.setattr(programme, "build", broken)

    plan = solve(assessment)

    assert (plan.status, plan.error) == (PlanStatus.FAILED, "Geen normuren voor TH-04")
    assert plan.finished_at is not None
    assert not PlanItem.objects.filter(plan=plan).exists()
    # Once the cause is gone, the plan is solved again.
    monkeypatch.undo()
    assert services.run_plan(plan.pk).status == PlanStatus.OPTIMAL
    plan.refresh_from_db()
    assert plan.status == PlanStatus.OPTIMAL
    assert PlanItem.objects.filter(plan=plan).count() == 14


def test_a_failed_plan_solved_again_loses_its_error(
    planning_world: PlanningWorld,
    solve: Solve,
    assessment: Assessment,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(plan: InspectionPlan) -> Any:
        raise ValueError("Geen normuren voor TH-04")

    monkeypatch.setattr(programme, "build", broken)
    plan = solve(assessment)
    monkeypatch.undo()

    services.run_plan(plan.pk)

    plan.refresh_from_db()
    assert (plan.status, plan.error) == (PlanStatus.OPTIMAL, "")


def test_a_model_without_a_method_for_a_class(planning_world: PlanningWorld, solve: Solve) -> None:
    """A draft without methods for class D: the due D sites have no way to be inspected."""
    draft = services.risk_model_copy(actor=planning_world.kis, model=model_2026(), version="2027.1")
    draft.methods.filter(code="periodiek-1").delete()
    draft.methods.filter(code="administratief").update(classes="C")
    tried = services.assessment_run(actor=planning_world.planner, model=draft, as_of=AS_OF)

    plan = solve(tried)

    items = _items(planning_world, plan)
    for key in ("drukkerij", "bouw"):
        item = items[key, "controle"]
        assert (item.reason, item.selected, item.method, str(item.hours)) == (
            Reason.NO_METHOD,
            False,
            "",
            "0.00",
        )
        assert item.explanation == (
            "Geen controlemethode voor risicoklasse D en dit type object in het risicomodel."
        )
    assert items["tankstation", "controle"].reason == Reason.NOT_DUE


def test_a_plan_needs_an_assessment_sane_options_and_the_right(
    planning_world: PlanningWorld, kis: Any
) -> None:
    planner = planning_world.planner
    with pytest.raises(DomainError) as none_yet:
        services.plan_create(actor=planner, year=YEAR)
    assert none_yet.value.code == "no_assessment"
    assessment = services.assessment_run(actor=planner, as_of=AS_OF)
    for options in (
        {"time_limit": 0.5},
        {"time_limit": 601},
        {"gap_target": 0.2},
        {"themes": [("activiteitengroep", "agrarisch", 0)]},
        {"themes": [("branche", "01", 1)]},
        {"themes": [("sbi", "", 1)]},
    ):
        with pytest.raises(DomainError):
            services.plan_create(actor=planner, year=YEAR, **options)
    with pytest.raises(NotAllowed):
        services.plan_create(actor=kis, year=YEAR, assessment=assessment)
    assert not InspectionPlan.objects.exists()


# --- scenarios ---------------------------------------------------------------------------------


def _scenario(
    world: PlanningWorld,
    base: InspectionPlan,
    hours: str,
    capture: Callable[..., Any],
    actor: Any = None,
) -> InspectionPlan:
    with capture(execute=True):
        scenario = services.scenario_create(
            actor=actor or world.planner, base=base, participant=world.asten, hours=Decimal(hours)
        )
    scenario.refresh_from_db()
    return scenario


def test_a_scenario_plans_more_where_the_hours_are_added(
    planning_world: PlanningWorld,
    plan: InspectionPlan,
    django_capture_on_commit_callbacks: Any,
    make_user: Any,
) -> None:
    """Asten + 10 hours: 22 free hours take compost in full, groente administratively and
    bouw in full (20 h): 2.208 more risk covered, 0.276 per hour planned."""
    adviser = make_user("accountmanager")
    scenario = _scenario(
        planning_world, plan, "10", django_capture_on_commit_callbacks, actor=adviser
    )

    assert scenario.status == PlanStatus.OPTIMAL
    assert (scenario.based_on, scenario.scenario_participant, scenario.scenario_hours) == (
        plan,
        planning_world.asten,
        Decimal("10.00"),
    )
    assert scenario.title == "Toezichtprogramma 2027: Asten +10 uur"
    assert (scenario.year, scenario.assessment) == (plan.year, plan.assessment)
    asten = _totals(scenario, planning_world.asten)
    assert (asten.capacity_hours, asten.capacity_year, asten.selected_hours) == (
        Decimal("58.00"),
        2026,
        Decimal("56.00"),
    )
    assert scenario.objective == pytest.approx(
        MANDATORY_VALUE + EINDHOVEN_OPTIONAL + ASTEN_OPTIONAL + 1.008 + 1.2
    )
    items = _items(planning_world, scenario)
    assert [items[key, "controle"].method for key in ("compost", "groente", "bouw")] == [
        "periodiek-2",
        "administratief",
        "periodiek-1",
    ]

    rows = {row.participant_id: row for row in scenario_rows(user=adviser, scenario=scenario)}
    assert len(rows) == 22
    row = rows[planning_world.asten.pk]
    assert (row.name, row.base_hours, row.hours, row.extra_hours) == (
        "Asten",
        Decimal("48.00"),
        Decimal("56.00"),
        Decimal("8.00"),
    )
    assert row.extra_hours <= Decimal("10")
    assert (row.base_risk, row.risk, row.extra_risk) == pytest.approx((23.4, 23.4 + 2.208, 2.208))
    assert row.risk_per_hour == pytest.approx(2.208 / 8)
    same = rows[planning_world.eindhoven.pk]
    assert (same.extra_hours, same.extra_risk, same.risk_per_hour) == (Decimal("0.00"), 0.0, None)
    # The base plan is left as it was.
    assert _totals(plan, planning_world.asten).selected_hours == Decimal("48.00")


def test_a_scenario_removing_more_than_there_is_counts_zero_hours(
    planning_world: PlanningWorld, plan: InspectionPlan, django_capture_on_commit_callbacks: Any
) -> None:
    scenario = _scenario(planning_world, plan, "-100", django_capture_on_commit_callbacks)

    assert scenario.status == PlanStatus.INFEASIBLE
    assert scenario.title == "Toezichtprogramma 2027: Asten -100 uur"
    assert scenario.problems == [
        "Asten: de verplichte controles vragen 36 uur, het programma heeft 0 uur voor toezicht "
        "(tekort 36 uur)."
    ]
    assert (
        "Het scenario haalt meer uren weg dan er zijn; gerekend met 0 uur."
        in scenario.statistics["notes"]
    )
    assert scenario_rows(user=planning_world.planner, scenario=scenario) == []


def test_a_scenario_keeps_the_base_plans_themes(
    planning_world: PlanningWorld,
    solve: Solve,
    assessment: Assessment,
    django_capture_on_commit_callbacks: Any,
) -> None:
    base = solve(assessment, themes=[("activiteitengroep", "agrarisch", 2)])

    scenario = _scenario(planning_world, base, "10", django_capture_on_commit_callbacks)

    assert list(scenario.themes.values_list("kind", "key", "minimum")) == [
        ("activiteitengroep", "agrarisch", 2)
    ]
    assert scenario.status == PlanStatus.OPTIMAL


def test_a_scenario_is_refused_on_an_unsolved_plan_a_scenario_or_zero_hours(
    planning_world: PlanningWorld,
    solve: Solve,
    assessment: Assessment,
    plan: InspectionPlan,
    django_capture_on_commit_callbacks: Any,
    kis: Any,
) -> None:
    _without_brzo_hours(planning_world)
    infeasible = solve(assessment)
    assert infeasible.status == PlanStatus.INFEASIBLE
    scenario = _scenario(planning_world, plan, "10", django_capture_on_commit_callbacks)
    count = InspectionPlan.objects.count()

    def create(base: InspectionPlan, hours: str, actor: Any = None) -> None:
        services.scenario_create(
            actor=actor or planning_world.planner,
            base=base,
            participant=planning_world.asten,
            hours=Decimal(hours),
        )

    with pytest.raises(Conflict) as unsolved:
        create(infeasible, "10")
    assert unsolved.value.code == "plan_not_solved"
    with pytest.raises(DomainError):
        create(scenario, "10")
    with pytest.raises(DomainError) as zero:
        create(plan, "0")
    assert zero.value.field == "hours"
    with pytest.raises(NotAllowed):
        create(plan, "10", actor=kis)
    assert InspectionPlan.objects.count() == count
