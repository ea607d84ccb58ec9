"""Lineage: edges derived from the indicator registry and the report sections, manual edges,
the closure up and down the graph, and the annotations beside a report's figures.

Hand-computed quality (the severity-weighted mean of the latest pass rates, ADR 0006 §3):
- cases.case: a major check (weight 2) 200 rows, 30 failing (0.85) and a minor one (weight 1)
  100 rows, 4 failing (0.96): (2 x 0.85 + 0.96) / 3 = 0.88667 -> 89 %;
- extern:vth-export: a critical check whose latest run has 1000 rows, 150 failing -> 85 %
  (an earlier clean run no longer counts);
- cases.casetype: 20 rows, none failing -> 100 %.
The weakest link of "besluiten binnen termijn" (cases.case, cases.casetype, cases.suspension,
cases.extension, and through the manual edge extern:vth-export) is therefore the export, 85 %.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from grip.core.audit import history_of
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.models import AuditAction
from grip.dataplatform import lineage
from grip.dataplatform.models import (
    Check,
    CheckKind,
    CheckResult,
    Dataset,
    DatasetKind,
    Dimension,
    LineageEdge,
    LineageOrigin,
    Severity,
)
from grip.kpis import registry
from grip.reporting import annotations as report_annotations
from grip.reporting.sections import SECTION_DATASETS

pytestmark = pytest.mark.django_db

DECISIONS = "beslissingen-binnen-termijn"
NOW = timezone.now()


def vth_export() -> Dataset:
    dataset, _created = Dataset.objects.get_or_create(
        identifier="extern:vth-export",
        defaults={"kind": DatasetKind.EXTERNAL, "title": "Zaakexport VTH-systeem"},
    )
    return dataset


def result(check: Check, checked: int, failed: int, *, days_ago: int = 0) -> CheckResult:
    return CheckResult.objects.create(
        check_rule=check,
        run_at=NOW - datetime.timedelta(days=days_ago),
        rows_checked=checked,
        rows_failed=failed,
        passed=failed == 0,
    )


def check(identifier: str, code: str, severity: int) -> Check:
    return Check.objects.create(
        code=code,
        name=code,
        dataset=Dataset.objects.get(identifier=identifier),
        kind=CheckKind.NOT_NULL,
        columns=["id"],
        dimension=Dimension.COMPLETENESS,
        severity=severity,
    )


@pytest.fixture
def kis(make_user):
    return make_user("kis")


@pytest.fixture
def derived():
    lineage.derive_edges()


@pytest.fixture
def export_edge(kis, derived):
    vth_export()
    return lineage.edge_add_manual(
        actor=kis,
        source=("dataset", "extern:vth-export"),
        target=("dataset", "cases.case"),
        column_map=[["zaaknummer", "reference"]],
        note="Nachtelijke export uit het VTH-systeem.",
    )


@pytest.fixture
def quality():
    vth_export()
    major = check("cases.case", "lineage-case-major", Severity.MAJOR)
    minor = check("cases.case", "lineage-case-minor", Severity.MINOR)
    export = check("extern:vth-export", "lineage-export", Severity.CRITICAL)
    types = check("cases.casetype", "lineage-casetype", Severity.MAJOR)
    result(major, 200, 30)
    result(minor, 100, 4)
    result(export, 1000, 0, days_ago=3)
    result(export, 1000, 150)
    result(types, 20, 0)
    return export


# --- deriving -------------------------------------------------------------------------------


def _derived():
    return set(
        LineageEdge.objects.filter(origin=LineageOrigin.DERIVED).values_list(
            "source_kind", "source_key", "target_kind", "target_key"
        )
    )


def test_the_registry_and_the_sections_become_edges_in_lower_case():
    LineageEdge.objects.all().delete()

    created, deleted = lineage.derive_edges()

    edges = _derived()
    assert created == len(edges)
    assert deleted == 0
    # Indicator.datasets says "cases.Suspension"; the catalogue keys on label_lower.
    assert {key for kind, key, target_kind, target in edges if target == DECISIONS} == {
        "cases.case",
        "cases.casetype",
        "cases.suspension",
        "cases.extension",
    }
    assert ("dataset", "enforcement.appeal", "section", "enforcement") in edges
    assert ("indicator", "naleving-eerste-controle", "section", "key") in edges
    # Every indicator feeds the indicator section; no foreign key became an edge.
    assert {
        key for kind, key, _k, target in edges if target == "indicator" and kind == "indicator"
    } == set(registry.BY_CODE)
    assert not any(
        key == "participants.participant" for _k, key, _t, target in edges if target == "cases"
    )


def test_deriving_twice_changes_nothing_and_keeps_manual_edges(kis, export_edge):
    before = dict(
        LineageEdge.objects.filter(origin=LineageOrigin.DERIVED).values_list("pk", "target_key")
    )
    stale = LineageEdge.objects.create(
        source_kind="dataset",
        source_key="cases.document",
        target_kind="indicator",
        target_key=DECISIONS,
        origin=LineageOrigin.DERIVED,
    )

    assert lineage.derive_edges() == (0, 1)  # only the stale derived edge goes
    assert lineage.derive_edges() == (0, 0)

    after = dict(
        LineageEdge.objects.filter(origin=LineageOrigin.DERIVED).values_list("pk", "target_key")
    )
    assert after == before
    assert not LineageEdge.objects.filter(pk=stale.pk).exists()
    kept = LineageEdge.objects.get(pk=export_edge.pk)
    assert kept.origin == LineageOrigin.MANUAL
    assert kept.column_map == [["zaaknummer", "reference"]]


def test_a_registry_label_that_names_no_model_fails_loudly(monkeypatch, derived):
    broken = registry.Indicator(
        code="kapot",
        name="Kapot",
        definition="Leest een tabel die niet bestaat.",
        unit=registry.INDICATORS[0].unit,
        direction=registry.INDICATORS[0].direction,
        datasets=("cases.Zaak",),
        formula=registry.INDICATORS[0].formula,
    )
    monkeypatch.setattr(registry, "INDICATORS", (*registry.INDICATORS, broken))
    count = LineageEdge.objects.count()

    with pytest.raises(lineage.LineageLabelError, match=r"cases\.Zaak"):
        lineage.derive_edges()

    assert LineageEdge.objects.count() == count  # nothing half-written


def test_every_label_in_the_code_resolves():
    for indicator in registry.INDICATORS:
        for label in indicator.datasets:
            assert lineage.dataset_identifier(label) == label.lower()
    for source in SECTION_DATASETS.values():
        for label in source.datasets:
            assert lineage.dataset_identifier(label) == label.lower()


# --- the closure ------------------------------------------------------------------------------


def test_an_indicators_upstream_reaches_its_tables_and_the_export_behind_them(export_edge):
    up = lineage.upstream("indicator", DECISIONS)

    assert up[:4] == [
        ("dataset", "cases.case"),
        ("dataset", "cases.casetype"),
        ("dataset", "cases.extension"),
        ("dataset", "cases.suspension"),
    ]
    assert up[4:] == [("dataset", "extern:vth-export")]  # two steps away


def test_downstream_says_where_a_table_is_used(export_edge):
    down = lineage.downstream("dataset", "extern:vth-export")

    assert ("dataset", "cases.case") in down
    assert ("indicator", DECISIONS) in down
    assert ("indicator", "doorlooptijd") in down
    # cases -> section "cases"; through the indicators also "key", "indicator", "participant".
    assert {key for kind, key in down if kind == "section"} == {
        "cases",
        "product",
        "key",
        "indicator",
        "participant",
    }


def test_a_cycle_does_not_loop(kis, derived):
    vth_export()
    lineage.edge_add_manual(
        actor=kis, source=("dataset", "extern:vth-export"), target=("dataset", "cases.case")
    )
    lineage.edge_add_manual(
        actor=kis, source=("dataset", "cases.case"), target=("dataset", "extern:vth-export")
    )

    up = lineage.upstream("dataset", "cases.case")
    graph = lineage.graph("dataset", "cases.case", depth=5)

    assert up == [("dataset", "extern:vth-export")]
    assert graph.center.key == "cases.case"
    assert len({(node.kind, node.key) for node in graph.nodes}) == len(graph.nodes)


def test_the_graph_is_limited_by_depth(export_edge):
    near = lineage.graph("dataset", "cases.case", depth=1)

    depths = {(node.kind, node.key): node.depth for node in near.nodes}
    assert depths[("dataset", "extern:vth-export")] == -1
    assert depths[("indicator", DECISIONS)] == 1
    assert depths[("section", "cases")] == 1
    assert ("section", "key") not in depths  # two steps: cases.case -> indicator -> key
    assert all(
        depths[(e.source_kind, e.source_key)] < depths[(e.target_kind, e.target_key)]
        for e in near.edges
    )


# --- manual edges -----------------------------------------------------------------------------


def test_a_manual_edge_is_audited_and_kis_and_the_beheerder_may_keep_them(make_user, derived):
    vth_export()
    beheerder = make_user("beheerder")

    edge = lineage.edge_add_manual(
        actor=beheerder,
        source=("dataset", "extern:vth-export"),
        target=("dataset", "cases.case"),
        column_map=[(" zaaknummer ", "reference")],
    )

    assert edge.created_by == beheerder
    assert edge.column_map == [["zaaknummer", "reference"]]
    assert [record.action for record in history_of(edge)] == [AuditAction.CREATE]
    pk = edge.pk
    lineage.edge_delete_manual(actor=make_user("kis"), edge=edge)
    assert not LineageEdge.objects.filter(pk=pk).exists()
    gone = LineageEdge(pk=pk)
    assert [record.action for record in history_of(gone)] == [
        AuditAction.DELETE,
        AuditAction.CREATE,
    ]


@pytest.mark.parametrize("role", ["medewerker", "teamleider", "bestuur", "accountmanager"])
def test_other_staff_read_but_do_not_keep_edges(make_user, role, derived):
    vth_export()
    user = make_user(role)

    assert user.has_perm("dataplatform.view_lineageedge")
    with pytest.raises(NotAllowed):
        lineage.edge_add_manual(
            actor=user, source=("dataset", "extern:vth-export"), target=("dataset", "cases.case")
        )
    derived_edge = LineageEdge.objects.filter(origin=LineageOrigin.DERIVED).first()
    with pytest.raises(NotAllowed):
        lineage.edge_delete_manual(actor=user, edge=derived_edge)


def test_a_participant_user_sees_no_lineage(make_user, eindhoven):
    assert not make_user(participant=eindhoven).has_perm("dataplatform.view_lineageedge")


@pytest.mark.parametrize(
    ("source", "target", "field", "code"),
    [
        (
            ("dataset", "extern:bestaat-niet"),
            ("dataset", "cases.case"),
            "source_key",
            "unknown_node",
        ),
        (("dataset", "cases.case"), ("indicator", "geen-indicator"), "target_key", "unknown_node"),
        (("dataset", "cases.case"), ("section", "hoofdstuk"), "target_key", "unknown_node"),
        (("dataset", "cases.case"), ("dataset", "cases.case"), "target_key", "edge_to_itself"),
        (("indicator", DECISIONS), ("dataset", "cases.case"), "source_kind", "edge_into_dataset"),
        (("tabel", "cases.case"), ("dataset", "cases.case"), "source_kind", "unknown_kind"),
        (("dataset", 7), ("dataset", "cases.case"), "source_key", "unknown_node"),
    ],
)
def test_a_manual_edge_names_nodes_that_exist(kis, source, target, field, code):
    with pytest.raises(DomainError) as refused:
        lineage.edge_add_manual(actor=kis, source=source, target=target)

    assert (refused.value.field, refused.value.code) == (field, code)
    assert not LineageEdge.objects.filter(origin=LineageOrigin.MANUAL).exists()


def test_a_column_map_is_pairs(kis):
    vth_export()
    with pytest.raises(DomainError) as refused:
        lineage.edge_add_manual(
            actor=kis,
            source=("dataset", "extern:vth-export"),
            target=("dataset", "cases.case"),
            column_map=[["zaaknummer"]],
        )
    assert refused.value.code == "bad_column_map"


def test_the_same_manual_edge_twice_is_a_conflict_and_derived_edges_stay(kis, export_edge):
    with pytest.raises(Conflict):
        lineage.edge_add_manual(
            actor=kis, source=("dataset", "extern:vth-export"), target=("dataset", "cases.case")
        )
    derived_edge = LineageEdge.objects.filter(origin=LineageOrigin.DERIVED).first()
    with pytest.raises(Conflict) as refused:
        lineage.edge_delete_manual(actor=kis, edge=derived_edge)
    assert refused.value.code == "edge_derived"
    assert LineageEdge.objects.filter(pk=derived_edge.pk).exists()


# --- annotations ------------------------------------------------------------------------------


def test_the_annotator_is_registered_and_gives_definition_lineage_and_the_weakest_score(
    export_edge, quality
):
    notes = report_annotations.annotate(
        [f"indicator.{DECISIONS}", "cases", "enforcement", "nonsense"]
    )

    decisions = notes[f"indicator.{DECISIONS}"]
    assert decisions.definition.startswith(str(registry.get(DECISIONS).definition))
    assert "Berekening: binnen termijn gedeeld door besluiten." in decisions.definition
    assert [d.identifier for d in decisions.datasets] == [
        "cases.case",
        "cases.casetype",
        "cases.suspension",
        "cases.extension",
        "extern:vth-export",
    ]
    export = decisions.datasets[-1]
    assert export.title == "Zaakexport VTH-systeem"
    assert export.path == f"/datacatalogus/{vth_export().pk}/"
    assert (decisions.score.percent, decisions.score.weakest) == (85, "extern:vth-export")
    assert decisions.score.weakest_title == "Zaakexport VTH-systeem"
    cases = notes["cases"]
    assert cases.definition == str(SECTION_DATASETS["cases"].definition)
    assert [d.identifier for d in cases.datasets] == [
        "cases.case",
        "cases.casetype",
        "extern:vth-export",
    ]
    assert cases.score.percent == 85
    assert notes["enforcement"].score is None  # no check on those tables has run
    assert "nonsense" not in notes


def test_without_the_export_the_weakest_is_the_case_table(quality, derived):
    notes = report_annotations.annotate(["cases"])

    assert [d.identifier for d in notes["cases"].datasets] == ["cases.case", "cases.casetype"]
    assert (notes["cases"].score.percent, notes["cases"].score.weakest) == (89, "cases.case")


def test_without_an_annotator_a_report_is_not_annotated(monkeypatch):
    monkeypatch.setattr(report_annotations, "_annotators", [])

    assert report_annotations.annotate(["cases"]) == {}
