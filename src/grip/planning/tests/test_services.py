"""The planning services against the database: the risk assessment of the planning world, the
risk model's versions and the inspectors' capacity."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.models import AuditRecord
from grip.enforcement.tests.factories import EnforcementWorld
from grip.planning import services
from grip.planning.constants import ModelStatus, RuleKind
from grip.planning.models import (
    Assessment,
    InspectionMethod,
    InspectorCapacity,
    RiskClass,
    RiskModel,
    RiskRule,
    SiteRisk,
)
from grip.planning.selectors import model_in_force
from grip.planning.tests.factories import (
    AS_OF,
    PlanningWorld,
    capacity,
    complete_draft,
    expertise,
    inspector,
    make_class,
    make_draft,
    make_method,
    make_rule,
)
from grip.planning.tests.factories import model_in_force as model_2026
from grip.sites.models import Site
from grip.sites.tests.factories import SiteFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _audit(instance: Any, action: str | None = None) -> list[AuditRecord]:
    records = AuditRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
    )
    if action is not None:
        records = records.filter(action=action)
    return list(records.order_by("pk"))


def _before(record: AuditRecord) -> dict[str, Any]:
    assert record.before is not None
    return dict(record.before)


def _after(record: AuditRecord) -> dict[str, Any]:
    assert record.after is not None
    return dict(record.after)


# --- the assessment --------------------------------------------------------------------------

# History factors of model 2026.1: all of the last inspections in order 0.6, none 1.8, no
# inspection in the look-back 1.2; 1.25 per open violation; recidivism 1.5; probability at
# most 0.95. Effect: the highest score per aspect over the rules that match, weights 1.
UNKNOWN, IN_ORDER, NOT_IN_ORDER = 1.2, 0.6, 1.8
# key: (effect, base probability, probability, class, expertise, site type, main SBI, group,
# last inspection, open violations)
EXPECTED: dict[str, tuple[Any, ...]] = {
    # SBI 20 (4 4 4 2 5, 0.35) = activity chemische-stoffen-maken; 4671 and group industrie
    # lower. Not in order in March 2026, one violation open.
    "chemie": (
        4 + 4 + 4 + 2 + 5,
        0.35,
        0.35 * NOT_IN_ORDER * 1.25,
        "A",
        "gevaarlijke-stoffen",
        "inrichting-ippc",
        "2011",
        "industrie",
        D(2026, 3, 2),
        1,
    ),
    # SBI 4730 = activity tankstation (2 3 3 1 3, 0.30), group mobiliteit noise 2.
    "tankstation": (
        2 + 3 + 3 + 2 + 3,
        0.30,
        0.30 * IN_ORDER,
        "D",
        "gevaarlijke-stoffen",
        "inrichting-bedrijf",
        "4730",
        "mobiliteit",
        D(2025, 9, 1),
        0,
    ),
    # SBI 45 (2 2 2 2 1, 0.30); group mobiliteit the same; the activity has no rule.
    "autobedrijf": (
        9,
        0.30,
        0.30 * UNKNOWN,
        "C",
        "algemeen",
        "inrichting-bedrijf",
        "4520",
        "mobiliteit",
        None,
        0,
    ),
    # SBI 2561 = its activity (4 3 4 2 2, 0.40); in order in 2022.
    "metaal": (
        15,
        0.40,
        0.40 * IN_ORDER,
        "C",
        "industrie",
        "inrichting-bedrijf",
        "2561",
        "industrie",
        D(2022, 6, 1),
        0,
    ),
    # SBI 18 (3 1 1 1 1, 0.25) only.
    "drukkerij": (
        7,
        0.25,
        0.25 * UNKNOWN,
        "D",
        "industrie",
        "inrichting-bedrijf",
        "1812",
        "",
        None,
        0,
    ),
    # SBI 0146 (4 3 2 1 1, 0.40), mest-opslaan water 3. Two of two not in order, one open,
    # recidivism: 0.40 × 1.8 × 1.25 × 1.5 = 1.35, capped at 0.95.
    "varkens": (
        4 + 3 + 3 + 1 + 1,
        0.40,
        0.95,
        "A",
        "agrarisch",
        "inrichting-agrarisch",
        "0146",
        "agrarisch",
        D(2026, 6, 1),
        1,
    ),
    # SBI 38 (4 4 3 3 2, 0.40); its 2019 inspection lies before the look-back.
    "afval": (
        16,
        0.40,
        0.40 * UNKNOWN,
        "B",
        "afval",
        "inrichting-bedrijf",
        "3821",
        "afval",
        D(2019, 5, 1),
        0,
    ),
    # Activity landbouwhuisdieren-houden (4 2 1 1 0, 0.35) with SBI 0141 (soil 2 water 2):
    # 2025 not in order, 2023 in order: 0.6 + ½ × 1.2 = 1.2. The re-inspection does not count.
    "melkvee": (
        4 + 2 + 2 + 1 + 0,
        0.35,
        0.35 * (IN_ORDER + 0.5 * (NOT_IN_ORDER - IN_ORDER)),
        "C",
        "agrarisch",
        "inrichting-agrarisch",
        "0141",
        "agrarisch",
        D(2025, 4, 1),
        0,
    ),
    # Group agrarisch (3 2 2 1 0, 0.30) above SBI 0113 (0.20); expertise of the SBI rule.
    "groente": (
        8,
        0.30,
        0.30 * UNKNOWN,
        "C",
        "agrarisch",
        "inrichting-agrarisch",
        "0113",
        "agrarisch",
        None,
        0,
    ),
    # No SBI; activity groenafval-composteren (air 3) and group afval (3 3 3 2 1), both 0.30.
    "compost": (
        12,
        0.30,
        0.30 * UNKNOWN,
        "C",
        "afval",
        "inrichting-bedrijf",
        "",
        "afval",
        None,
        0,
    ),
    # SBI 41 (1 1 1 2 0, 0.20), no expertise: the model's default.
    "bouw": (
        5,
        0.20,
        0.20 * UNKNOWN,
        "D",
        "algemeen",
        "inrichting-bedrijf",
        "4120",
        "",
        None,
        0,
    ),
}
# No rule at all: the default effect 2 and probability 0.1.
NO_RULE = (2, 0.1, 0.1 * UNKNOWN, "E", "algemeen", "inrichting-bedrijf", "", "", None, 0)


def test_the_assessment_scores_every_site_existing_that_day(
    planning_world: PlanningWorld, assessment: Assessment
) -> None:
    scores = {score.site_id: score for score in SiteRisk.objects.filter(assessment=assessment)}
    participants = dict(Site.objects.values_list("pk", "participant_id"))
    expected = {planning_world.site(key).pk: values for key, values in EXPECTED.items()}
    expected[planning_world.enforcement.site.pk] = NO_RULE
    expected[planning_world.enforcement.asten_site.pk] = NO_RULE

    # The closed site and the one not started yet are left out.
    assert set(scores) == set(expected)
    assert assessment.site_count == 13
    assert assessment.model == model_2026()
    assert assessment.as_of == AS_OF
    assert assessment.created_by == planning_world.planner
    for site_id, values in expected.items():
        effect, base, probability, risk_class, *rest = values
        score = scores[site_id]
        assert (score.effect, score.base_probability, score.probability) == pytest.approx(
            (effect, base, probability)
        ), score.site_id
        assert score.risk == pytest.approx(round(probability * effect, 4))
        assert [
            score.risk_class,
            score.expertise,
            score.site_type,
            score.sbi_code,
            score.category,
            score.last_inspection_on,
            score.open_violations,
        ] == [risk_class, *rest], score.site_id
        assert score.participant_id == participants[site_id]


def test_each_score_explains_its_factors_and_keeps_the_facts(
    planning_world: PlanningWorld, assessment: Assessment
) -> None:
    varkens = SiteRisk.objects.get(assessment=assessment, site=planning_world.site("varkens"))

    assert varkens.explanation == {
        "effect": 12.0,
        "aspects": {
            "lucht": {"score": 4, "rule": "SBI 0146"},
            "bodem": {"score": 3, "rule": "SBI 0146"},
            "water": {"score": 3, "rule": "activiteit mest-opslaan"},
            "geluid": {"score": 1, "rule": "SBI 0146"},
            "veiligheid": {"score": 1, "rule": "SBI 0146"},
        },
        "base_probability": 0.4,
        "base_source": "SBI 0146",
        "probability": 0.95,
        "risk": 11.4,
        "contributions": [
            {
                "code": "basis",
                "label": "Basiskans × effect (SBI 0146)",
                "value": 0.4,
                "risk_added": 4.8,
            },
            {
                "code": "historie",
                "label": "Laatste controles: 2 van 2 niet in orde",
                "value": 1.8,
                "risk_added": 3.84,  # (0.72 - 0.40) × 12
            },
            {
                "code": "open",
                "label": "1 open overtreding(en)",
                "value": 1.25,
                "risk_added": 2.16,  # (0.90 - 0.72) × 12
            },
            {
                "code": "recidive",
                "label": "Recidive: 1 herhaalde overtreding(en)",
                "value": 1.5,
                "risk_added": 5.4,  # (1.35 - 0.90) × 12
            },
            {
                "code": "begrensd",
                "label": "Kans begrensd op 95%",
                "value": 0.95,
                "risk_added": -4.8,  # (0.95 - 1.35) × 12
            },
        ],
        "facts": {
            "sbi": ["0146"],
            "activities": ["landbouwhuisdieren-houden", "mest-opslaan"],
            "categories": ["agrarisch"],
        },
        "history": {
            "results": [["2026-06-01", False], ["2024-09-02", False]],
            "repair_due_on": "2026-12-15",
            "reinspection_planned": False,
            "recidivism": 1,
        },
    }
    assert (varkens.repair_due_on, varkens.reinspection_planned) == (D(2026, 12, 15), False)
    chemie = SiteRisk.objects.get(assessment=assessment, site=planning_world.site("chemie"))
    assert chemie.explanation["facts"] == {
        "sbi": ["2011", "4671"],
        "activities": ["chemische-stoffen-maken"],
        "categories": ["industrie"],
    }
    repair_due_on = planning_world.violations["chemie"].reinspections.get().planned_on
    assert chemie.explanation["history"] == {
        "results": [["2026-03-02", False]],
        "repair_due_on": repair_due_on.isoformat(),
        "reinspection_planned": True,
        "recidivism": 0,
    }
    assert (chemie.repair_due_on, chemie.reinspection_planned) == (repair_due_on, True)
    # Every score's contributions add up to its risk.
    for score in SiteRisk.objects.filter(assessment=assessment):
        added = sum(c["risk_added"] for c in score.explanation["contributions"])
        assert added == pytest.approx(score.risk, abs=1e-3)


def test_the_assessment_writes_one_audit_record(
    planning_world: PlanningWorld, assessment: Assessment
) -> None:
    [record] = _audit(assessment)
    assert (record.action, record.actor) == ("create", planning_world.planner)
    assert not AuditRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(SiteRisk)
    ).exists()


def test_kis_may_assess_but_an_account_manager_or_participant_may_not(
    planning_world: PlanningWorld, make_user: Any
) -> None:
    for refused in (make_user("accountmanager"), make_user(participant=planning_world.asten)):
        with pytest.raises(NotAllowed):
            services.assessment_run(actor=refused, as_of=AS_OF)
    assert not Assessment.objects.exists()

    services.assessment_run(actor=planning_world.kis, as_of=AS_OF)
    assert SiteRisk.objects.count() == 13


def test_no_assessment_without_a_model_in_force(planning_world: PlanningWorld) -> None:
    with pytest.raises(DomainError) as refused:
        services.assessment_run(actor=planning_world.planner, as_of=D(2025, 12, 31))

    assert refused.value.code == "no_model"
    assert refused.value.message == "Er is geen vastgesteld risicomodel dat op 31-12-2025 geldt."
    assert not Assessment.objects.exists()


def test_an_assessment_failing_half_way_writes_nothing(
    planning_world: PlanningWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("audit kapot")

    monkeypatch.setattr(services, "audit_create", broken)

    with pytest.raises(RuntimeError, match="audit kapot"):
        services.assessment_run(actor=planning_world.planner, as_of=AS_OF)
    assert not Assessment.objects.exists()
    assert not SiteRisk.objects.exists()


def test_an_assessment_by_another_model(planning_world: PlanningWorld) -> None:
    """A draft may be tried out: here every rule's base probability doubled."""
    draft = services.risk_model_copy(actor=planning_world.kis, model=model_2026(), version="2027.1")
    for rule in draft.rules.all():
        rule.base_probability = min(rule.base_probability * 2, Decimal("1"))
        rule.save()

    tried = services.assessment_run(actor=planning_world.kis, model=draft, as_of=AS_OF)

    score = SiteRisk.objects.get(assessment=tried, site=planning_world.site("metaal"))
    assert (score.probability, score.risk, score.risk_class) == pytest.approx(
        (0.80 * IN_ORDER, 0.80 * IN_ORDER * 15, "B")
    )


def test_the_look_back_from_a_leap_day(enforcement: EnforcementWorld, planner: Any) -> None:
    """Five years before 29 February 2028 the look-back starts on 28 February (or 1 March)
    2023 by any count, so an inspection of 1 March 2023 is in it."""
    site: Any = SiteFactory(participant=enforcement.cases.eindhoven, sbi=("1812",))
    enforcement.performed(site=site, performed_on=D(2023, 3, 1), not_met={1: "2B"})

    assessment = services.assessment_run(actor=planner, as_of=D(2028, 2, 29))

    score = SiteRisk.objects.get(assessment=assessment, site=site)
    assert score.explanation["history"]["results"] == [["2023-03-01", False]]
    assert score.probability == pytest.approx(0.25 * NOT_IN_ORDER)


# --- the risk model ------------------------------------------------------------------------------


def _rows(model: RiskModel) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "rules": list(
            model.rules.order_by("kind", "key").values_list(
                "kind",
                "key",
                "effect_air",
                "effect_soil",
                "effect_water",
                "effect_noise",
                "effect_safety",
                "base_probability",
                "expertise__code",
                "note",
            )
        ),
        "classes": list(
            model.classes.order_by("code").values_list(
                "code", "name", "min_risk", "target_frequency", "mandatory"
            )
        ),
        "methods": list(
            model.methods.order_by("code").values_list(
                "code",
                "name",
                "inspection_type",
                "product_code",
                "coverage",
                "classes",
                "site_types",
                "expertise__code",
            )
        ),
    }


PARAMETERS = sorted(services.MODEL_FIELDS - {"name"})


def test_a_copy_is_a_new_draft_with_everything(kis: Any) -> None:
    adopted = model_2026()

    copy = services.risk_model_copy(actor=kis, model=adopted, version="2027.1", name="Nieuw")

    copy.refresh_from_db()
    assert copy.pk != adopted.pk
    assert (copy.version, copy.name, copy.status) == ("2027.1", "Nieuw", ModelStatus.CONCEPT)
    assert (copy.adopted_on, copy.adopted_by, copy.valid_from, copy.valid_to) == (
        None,
        None,
        None,
        None,
    )
    assert [getattr(copy, name) for name in PARAMETERS] == [
        getattr(adopted, name) for name in PARAMETERS
    ]
    assert _rows(copy) == _rows(adopted)
    assert len(_rows(copy)["rules"]) == adopted.rules.count() > 50
    assert (copy.classes.count(), copy.methods.count()) == (5, 5)
    # The original keeps its own rows.
    assert RiskRule.objects.filter(model=adopted).count() == adopted.rules.count()
    [record] = _audit(copy)
    assert (record.action, record.actor, _after(record)["version"]) == ("create", kis, "2027.1")
    # Without a name the copy keeps the original's.
    assert services.risk_model_copy(actor=kis, model=adopted, version="2027.2").name == adopted.name


def test_a_copy_needs_a_new_version_and_the_right(kis: Any, planner: Any) -> None:
    with pytest.raises(Conflict) as taken:
        services.risk_model_copy(actor=kis, model=model_2026(), version="2026.1")
    assert taken.value.field == "version"
    with pytest.raises(NotAllowed):
        services.risk_model_copy(actor=planner, model=model_2026(), version="2027.1")
    assert RiskModel.objects.count() == 1


def test_a_draft_changes(kis: Any) -> None:
    draft = make_draft()

    changed = services.risk_model_update(
        actor=kis, model=draft, name="Bijgesteld", factor_recidivism=Decimal("2.00")
    )

    draft.refresh_from_db()
    assert (draft.name, draft.factor_recidivism) == ("Bijgesteld", Decimal("2.00"))
    assert changed.pk == draft.pk
    [record] = _audit(draft, "update")
    assert (_before(record)["factor_recidivism"], _after(record)["factor_recidivism"]) == (
        "1.50",
        "2.00",
    )


def test_a_draft_refuses_unknown_fields_and_invalid_values(kis: Any) -> None:
    draft = make_draft()

    with pytest.raises(DomainError) as unknown:
        services.risk_model_update(actor=kis, model=draft, status="vastgesteld", version="x")
    assert unknown.value.message == "Onbekende velden: status, version."
    with pytest.raises(ValidationError) as invalid:
        services.risk_model_update(actor=kis, model=draft, factor_compliant=Decimal("2"))
    assert "factor_compliant" in invalid.value.message_dict
    draft.refresh_from_db()
    assert (draft.status, draft.factor_compliant) == (ModelStatus.CONCEPT, Decimal("0.60"))
    assert _audit(draft) == []


def test_rules_classes_and_methods_of_a_draft_are_made_changed_and_removed(kis: Any) -> None:
    draft = make_draft()
    rule = RiskRule(
        model=draft,
        kind=RuleKind.SBI,
        key="0146",
        effect_air=5,
        base_probability=Decimal("0.5"),
        expertise=expertise("agrarisch"),
    )
    risk_class = RiskClass(
        model=draft, code="A", name="Hoog", min_risk=Decimal("0"), target_frequency=Decimal("1")
    )
    method = InspectionMethod(
        model=draft,
        code="periodiek",
        name="Periodiek",
        inspection_type="periodiek",
        product_code="TH-02",
        coverage=Decimal("1"),
        classes="A",
    )

    services.rule_save(actor=kis, rule=rule)
    services.class_save(actor=kis, risk_class=risk_class)
    services.method_save(actor=kis, method=method)
    assert [len(_audit(row, "create")) for row in (rule, risk_class, method)] == [1, 1, 1]

    rule.base_probability = Decimal("0.45")
    services.rule_save(actor=kis, rule=rule)
    risk_class.target_frequency = Decimal("2")
    services.class_save(actor=kis, risk_class=risk_class)
    method.coverage = Decimal("0.5")
    services.method_save(actor=kis, method=method)
    assert RiskRule.objects.get(pk=rule.pk).base_probability == Decimal("0.450")
    assert RiskClass.objects.get(pk=risk_class.pk).target_frequency == Decimal("2.00")
    assert InspectionMethod.objects.get(pk=method.pk).coverage == Decimal("0.50")

    pks = (rule.pk, risk_class.pk, method.pk)
    services.rule_delete(actor=kis, rule=rule)
    services.class_delete(actor=kis, risk_class=risk_class)
    services.method_delete(actor=kis, method=method)
    assert not RiskRule.objects.filter(pk=pks[0]).exists()
    assert not RiskClass.objects.filter(pk=pks[1]).exists()
    assert not InspectionMethod.objects.filter(pk=pks[2]).exists()
    assert (
        AuditRecord.objects.filter(action="delete", object_id__in=[str(pk) for pk in pks]).count()
        == 3
    )


def test_a_change_of_a_rule_class_or_method_is_audited(kis: Any) -> None:
    draft = make_draft()
    rule = make_rule(model=draft, key="01", base_probability=Decimal("0.5"))
    risk_class = make_class(model=draft, code="A", target_frequency=Decimal("1"))
    method = make_method(model=draft, code="periodiek", coverage=Decimal("1"))

    rule.base_probability = Decimal("0.45")
    services.rule_save(actor=kis, rule=rule)
    risk_class.target_frequency = Decimal("2")
    services.class_save(actor=kis, risk_class=risk_class)
    method.coverage = Decimal("0.5")
    services.method_save(actor=kis, method=method)

    changes = [
        (Decimal(_before(record)[name]), Decimal(_after(record)[name]))
        for row, name in (
            (rule, "base_probability"),
            (risk_class, "target_frequency"),
            (method, "coverage"),
        )
        for record in _audit(row, "update")
    ]
    assert changes == [
        (Decimal("0.5"), Decimal("0.45")),
        (Decimal("1"), Decimal("2")),
        (Decimal("1"), Decimal("0.5")),
    ]


def test_a_row_is_validated_before_it_is_saved(kis: Any) -> None:
    draft = make_draft()
    make_class(model=draft, code="A", min_risk=Decimal("5"))

    with pytest.raises(ValidationError):
        services.rule_save(
            actor=kis,
            rule=RiskRule(model=draft, kind="sbi", key="01", base_probability=Decimal("1.5")),
        )
    with pytest.raises(ValidationError):
        services.class_save(
            actor=kis,
            risk_class=RiskClass(
                model=draft,
                code="B",
                name="Dubbel",
                min_risk=Decimal("5"),
                target_frequency=Decimal("1"),
            ),
        )
    assert (draft.rules.count(), draft.classes.count()) == (0, 1)


def test_an_adopted_model_never_changes(kis: Any) -> None:
    adopted = model_2026()
    rule = adopted.rules.order_by("kind", "key").first()
    risk_class = adopted.classes.get(code="A")
    method = adopted.methods.get(code="periodiek-3")
    assert rule is not None
    before = _rows(adopted)
    audits = AuditRecord.objects.count()

    refusals: list[Any] = [
        lambda: services.risk_model_update(actor=kis, model=adopted, factor_recidivism=2),
        lambda: services.rule_save(
            actor=kis,
            rule=RiskRule(model=adopted, kind="sbi", key="99", base_probability=Decimal("0.1")),
        ),
        lambda: services.rule_delete(actor=kis, rule=rule),
        lambda: services.class_delete(actor=kis, risk_class=risk_class),
        lambda: services.method_delete(actor=kis, method=method),
    ]
    rule.base_probability = Decimal("0.99")
    refusals.append(lambda: services.rule_save(actor=kis, rule=rule))
    risk_class.min_risk = Decimal("7")
    refusals.append(lambda: services.class_save(actor=kis, risk_class=risk_class))
    method.coverage = Decimal("0.5")
    refusals.append(lambda: services.method_save(actor=kis, method=method))
    for refusal in refusals:
        with pytest.raises(Conflict) as refused:
            refusal()
        assert refused.value.code == "model_adopted"

    assert _rows(model_2026()) == before
    assert model_2026().factor_recidivism == Decimal("1.50")
    assert AuditRecord.objects.count() == audits


def test_only_the_kis_changes_the_model(planner: Any, make_user: Any) -> None:
    draft = make_draft()
    rule = make_rule(model=draft, key="01")
    for refused_user in (planner, make_user("accountmanager"), make_user("bestuur")):
        for attempt in (
            lambda user=refused_user: services.risk_model_update(
                actor=user, model=draft, name="Niet"
            ),
            lambda user=refused_user: services.rule_delete(actor=user, rule=rule),
            lambda user=refused_user: services.risk_model_adopt(
                actor=user, model=draft, valid_from=D(2027, 1, 1)
            ),
        ):
            with pytest.raises(NotAllowed):
                attempt()
    assert RiskRule.objects.filter(pk=rule.pk).exists()


def test_adopting_ends_the_model_in_force_the_day_before(kis: Any) -> None:
    previous = model_2026()
    draft = complete_draft(version="2027.1")

    adopted = services.risk_model_adopt(
        actor=kis, model=draft, valid_from=D(2027, 1, 1), today=D(2026, 11, 29)
    )

    adopted.refresh_from_db()
    previous.refresh_from_db()
    assert (adopted.status, adopted.adopted_on, adopted.adopted_by, adopted.valid_from) == (
        ModelStatus.VASTGESTELD,
        D(2026, 11, 29),
        kis,
        D(2027, 1, 1),
    )
    assert adopted.valid_to is None
    assert (previous.valid_from, previous.valid_to) == (D(2026, 1, 1), D(2026, 12, 31))
    assert model_in_force(on=D(2026, 12, 31)) == previous
    assert model_in_force(on=D(2027, 1, 1)) == adopted
    [record] = _audit(previous, "update")
    assert (_before(record)["valid_to"], _after(record)["valid_to"]) == (None, "2026-12-31")
    assert len(_audit(adopted, "update")) == 1

    with pytest.raises(Conflict) as again:
        services.risk_model_adopt(actor=kis, model=adopted, valid_from=D(2028, 1, 1))
    assert again.value.code == "model_adopted"


def test_a_model_starts_after_the_one_in_force(kis: Any) -> None:
    draft = complete_draft()

    with pytest.raises(Conflict) as refused:
        services.risk_model_adopt(actor=kis, model=draft, valid_from=D(2026, 1, 1))

    assert refused.value.field == "valid_from"
    draft.refresh_from_db()
    assert draft.status == ModelStatus.CONCEPT
    assert model_2026().valid_to is None


def test_an_incomplete_model_is_not_adopted(kis: Any) -> None:
    empty = make_draft()
    assert services.model_problems(empty) == [
        "Het model heeft geen risicoklassen.",
        "Het model heeft geen controlemethoden.",
    ]
    with pytest.raises(DomainError) as refused:
        services.risk_model_adopt(actor=kis, model=empty, valid_from=D(2027, 1, 1))
    assert refused.value.code == "model_incomplete"
    assert refused.value.message == (
        "Het model heeft geen risicoklassen. Het model heeft geen controlemethoden."
    )

    gaps = make_draft()
    make_class(model=gaps, code="A", min_risk=Decimal("2"))
    make_method(model=gaps, code="periodiek", classes="A X Y")
    assert services.model_problems(gaps) == [
        "De laagste risicoklasse moet bij risico 0 beginnen.",
        "Methode periodiek noemt onbekende klassen: X, Y.",
    ]
    with pytest.raises(DomainError):
        services.risk_model_adopt(actor=kis, model=gaps, valid_from=D(2027, 1, 1))
    assert RiskModel.objects.filter(status=ModelStatus.VASTGESTELD).count() == 1
    assert services.model_problems(complete_draft()) == []


# --- the inspectors' capacity --------------------------------------------------------------


def test_capacity_is_set_and_changed(planner: Any, eindhoven: Any, asten: Any) -> None:
    employee = inspector("De Wit")

    made = services.capacity_set(
        actor=planner,
        year=2027,
        employee=employee,
        hours=Decimal("1100"),
        expertises=[expertise("agrarisch"), expertise("algemeen")],
        areas=[eindhoven, asten],
        note="Vier dagen",
    )

    made.refresh_from_db()
    assert (made.year, made.employee, made.hours, made.note) == (
        2027,
        employee,
        Decimal("1100.00"),
        "Vier dagen",
    )
    assert sorted(e.code for e in made.expertises.all()) == ["agrarisch", "algemeen"]
    assert sorted(p.code for p in made.areas.all()) == ["GM0743", "GM0772"]
    assert [r.action for r in _audit(made)] == ["create"]

    changed = services.capacity_set(
        actor=planner,
        year=2027,
        employee=employee,
        hours=Decimal("900"),
        expertises=[expertise("afval")],
    )

    assert changed.pk == made.pk
    assert InspectorCapacity.objects.filter(employee=employee).count() == 1
    changed.refresh_from_db()
    assert (changed.hours, changed.note) == (Decimal("900.00"), "")
    assert [e.code for e in changed.expertises.all()] == ["afval"]
    assert list(changed.areas.all()) == []
    [update] = _audit(made, "update")
    assert (Decimal(_before(update)["hours"]), Decimal(_after(update)["hours"])) == (
        Decimal("1100"),
        Decimal("900"),
    )
    # Another year is another row.
    services.capacity_set(
        actor=planner,
        year=2028,
        employee=employee,
        hours=Decimal("10"),
        expertises=[expertise("afval")],
    )
    assert InspectorCapacity.objects.filter(employee=employee).count() == 2


def test_capacity_needs_an_expertise_valid_hours_and_the_right(planner: Any, kis: Any) -> None:
    employee = inspector("De Wit")

    with pytest.raises(DomainError) as refused:
        services.capacity_set(
            actor=planner, year=2027, employee=employee, hours=Decimal("100"), expertises=[]
        )
    assert (refused.value.field, refused.value.message) == (
        "expertises",
        "Kies ten minste één deskundigheid.",
    )
    with pytest.raises(ValidationError):
        services.capacity_set(
            actor=planner,
            year=2027,
            employee=employee,
            hours=Decimal("-1"),
            expertises=[expertise("afval")],
        )
    with pytest.raises(NotAllowed):
        services.capacity_set(
            actor=kis,
            year=2027,
            employee=employee,
            hours=Decimal("100"),
            expertises=[expertise("afval")],
        )
    assert not InspectorCapacity.objects.filter(employee=employee).exists()
    # The factory's helper gives the same shape as the service.
    assert capacity(employee, hours="5", expertises=["afval"]).hours == Decimal("5")
