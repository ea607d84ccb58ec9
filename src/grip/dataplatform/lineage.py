"""Lineage: which tables feed which indicators and report figures, and the annotations beside a
report's figures (definition, lineage, quality).

A node is a (kind, key) pair: a dataset (``cases.case``, ``extern:vth-export``), an indicator
(its registry code) or a report section (a ``data-figure`` prefix). Edges come from two places:

- *derived* from the code by :func:`derive_edges` after every harvest: an indicator's
  ``datasets`` (dataset -> indicator), a section's ``SECTION_DATASETS`` entry (dataset ->
  section) and the indicators a section uses (indicator -> section). All derived edges are
  replaced in one transaction. Django's foreign keys are not lineage and are not read.
- *manual*, recorded by people (``edge_add_manual``): an external source feeding a table
  (``extern:vth-export -> cases.case``), a table filled by triggers. A derive never touches them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from grip.core.audit import Actor, audit_create
from grip.core.errors import Conflict, DomainError
from grip.core.permissions import require_user
from grip.core.services import delete_audited
from grip.dataplatform import scores
from grip.dataplatform.models import Dataset, LineageEdge, LineageOrigin, NodeKind
from grip.kpis import registry
from grip.reporting.annotations import (
    INDICATOR_KEY_PREFIX,
    AnnotatedDataset,
    Annotation,
    QualityScore,
)
from grip.reporting.sections import SECTION_DATASETS

Node = tuple[str, str]  # (kind, key)
EdgeKey = tuple[str, str, str, str]  # source kind, source key, target kind, target key

DATASET = NodeKind.DATASET.value
INDICATOR = NodeKind.INDICATOR.value
SECTION = NodeKind.SECTION.value


class LineageLabelError(LookupError):
    """A label in the indicator registry or SECTION_DATASETS names no model."""


def dataset_identifier(label: str) -> str:
    """``app_label.Model`` as the catalogue keys it (``label_lower``); fails loudly on a label
    that names no model, so a typo in the registry cannot hide a table from the lineage."""
    try:
        return str(apps.get_model(label)._meta.label_lower)
    except (LookupError, ValueError) as error:
        raise LineageLabelError(f"Lineage label {label!r} names no model: {error}") from error


# --- deriving from the code ---------------------------------------------------------------------


def code_edges() -> set[EdgeKey]:
    """Every edge the code declares: registry datasets, SECTION_DATASETS and the indicators a
    section uses."""
    edges: set[EdgeKey] = set()
    for indicator in registry.INDICATORS:
        for label in indicator.datasets:
            edges.add((DATASET, dataset_identifier(label), INDICATOR, indicator.code))
    for prefix, source in SECTION_DATASETS.items():
        for label in source.datasets:
            edges.add((DATASET, dataset_identifier(label), SECTION, prefix))
        for code in source.indicators:
            if code not in registry.BY_CODE:
                raise LineageLabelError(f"Section {prefix!r} uses unknown indicator {code!r}.")
            edges.add((INDICATOR, code, SECTION, prefix))
    return edges


def _key(edge: LineageEdge) -> EdgeKey:
    return (edge.source_kind, edge.source_key, edge.target_kind, edge.target_key)


def derive_edges() -> tuple[int, int]:
    """Replace the derived edges by what the code declares now, in one transaction; manual
    edges stay. Returns (created, deleted)."""
    wanted = code_edges()
    with transaction.atomic():
        stored = {
            _key(edge): edge.pk
            for edge in LineageEdge.objects.select_for_update()
            .filter(origin=LineageOrigin.DERIVED)
            .order_by("pk")
        }
        gone = [pk for key, pk in stored.items() if key not in wanted]
        LineageEdge.objects.filter(pk__in=gone).delete()
        LineageEdge.objects.bulk_create(
            LineageEdge(
                source_kind=source_kind,
                source_key=source_key,
                target_kind=target_kind,
                target_key=target_key,
                origin=LineageOrigin.DERIVED,
            )
            for source_kind, source_key, target_kind, target_key in sorted(wanted - set(stored))
        )
    return len(wanted - set(stored)), len(gone)


# --- manual edges -------------------------------------------------------------------------------


def node_exists(kind: str, key: str) -> bool:
    if kind == DATASET:
        return Dataset.objects.filter(identifier=key).exists()
    if kind == INDICATOR:
        return key in registry.BY_CODE
    if kind == SECTION:
        return key in SECTION_DATASETS
    return False


def _validate_node(node: Node, name: str) -> Node:
    kind, key = node[0], node[1] if isinstance(node[1], str) else ""
    key = key.strip()
    if kind not in NodeKind.values:
        raise DomainError(
            _("Onbekende soort: %(kind)s.") % {"kind": kind},
            field=f"{name}_kind",
            code="unknown_kind",
        )
    if not node_exists(kind, key):
        messages = {
            DATASET: _("Dataset %(key)s staat niet in de datacatalogus."),
            INDICATOR: _("Indicator %(key)s staat niet in het indicatorregister."),
            SECTION: _("Rapportageonderdeel %(key)s bestaat niet."),
        }
        raise DomainError(messages[kind] % {"key": key}, field=f"{name}_key", code="unknown_node")
    return kind, key


def _validate_column_map(column_map: Iterable[Any]) -> list[list[str]]:
    pairs = []
    for pair in column_map or []:
        if (
            not isinstance(pair, list | tuple)
            or len(pair) != 2
            or not all(isinstance(part, str) and part.strip() for part in pair)
        ):
            raise DomainError(
                _("Een kolomkoppeling is een paar: bronkolom en doelkolom."),
                field="column_map",
                code="bad_column_map",
            )
        pairs.append([pair[0].strip(), pair[1].strip()])
    return pairs


def edge_add_manual(
    *,
    actor: Actor,
    source: Node,
    target: Node,
    column_map: Sequence[Sequence[str]] = (),
    note: str = "",
) -> LineageEdge:
    """Record that data flows from ``source`` to ``target`` (e.g. an external export into a
    table), with an optional column mapping [source column, target column]."""
    user = require_user(actor, "dataplatform.add_lineageedge")
    source = _validate_node(source, "source")
    target = _validate_node(target, "target")
    if source == target:
        raise DomainError(
            _("Bron en doel zijn hetzelfde."), field="target_key", code="edge_to_itself"
        )
    if target[0] == DATASET and source[0] != DATASET:
        raise DomainError(
            _("Een dataset wordt alleen uit een andere dataset gevuld."),
            field="source_kind",
            code="edge_into_dataset",
        )
    edge = LineageEdge(
        source_kind=source[0],
        source_key=source[1],
        target_kind=target[0],
        target_key=target[1],
        origin=LineageOrigin.MANUAL,
        column_map=_validate_column_map(column_map),
        note=note.strip(),
        created_by=user,
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                edge.save()
        except IntegrityError:
            raise Conflict(
                _("Deze herkomstrelatie is al vastgelegd."), code="edge_exists"
            ) from None
        audit_create(actor=user, instance=edge)
    return edge


def edge_delete_manual(*, actor: Actor, edge: LineageEdge) -> None:
    """Remove a manual edge; derived edges belong to the code and cannot be removed."""
    user = require_user(actor, "dataplatform.delete_lineageedge")
    if edge.origin != LineageOrigin.MANUAL:
        raise Conflict(
            _(
                "Een afgeleide relatie komt uit de code en wordt bij de volgende oogst opnieuw "
                "gemaakt; alleen handmatige relaties worden verwijderd."
            ),
            code="edge_derived",
        )
    delete_audited(actor=user, instance=edge)


# --- reading the graph --------------------------------------------------------------------------


def edge_list() -> QuerySet[LineageEdge]:
    return LineageEdge.objects.select_related("created_by")


def node_choices() -> list[tuple[str, str]]:
    """Every node a manual edge may name, as (key, title): datasets, indicators, sections."""
    datasets = list(
        Dataset.objects.order_by("identifier").values_list("identifier", "harvested_title")
    )
    indicators = [(indicator.code, str(indicator.name)) for indicator in registry.INDICATORS]
    sections = [(prefix, str(source.title)) for prefix, source in SECTION_DATASETS.items()]
    return [*datasets, *indicators, *sections]


@dataclass
class _Graph:
    up: dict[Node, list[Node]] = field(default_factory=dict)  # target -> sources
    down: dict[Node, list[Node]] = field(default_factory=dict)  # source -> targets
    edges: list[LineageEdge] = field(default_factory=list)


def _load_graph() -> _Graph:
    graph = _Graph()
    for edge in LineageEdge.objects.order_by("pk"):
        source = (edge.source_kind, edge.source_key)
        target = (edge.target_kind, edge.target_key)
        graph.up.setdefault(target, []).append(source)
        graph.down.setdefault(source, []).append(target)
        graph.edges.append(edge)
    return graph


def _walk(
    start: Node, step: Mapping[Node, list[Node]], depth: int | None = None
) -> dict[Node, int]:
    """Every node reachable from ``start`` (not itself) with its distance; cycle-safe."""
    seen: dict[Node, int] = {start: 0}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if depth is not None and seen[node] >= depth:
            continue
        for neighbour in step.get(node, []):
            if neighbour not in seen:
                seen[neighbour] = seen[node] + 1
                queue.append(neighbour)
    del seen[start]
    return seen


def _ordered(found: dict[Node, int]) -> list[Node]:
    return sorted(found, key=lambda node: (found[node], node))


def upstream(kind: str, key: str) -> list[Node]:
    """Everything ``(kind, key)`` is made from, nearest first (transitive, cycle-safe)."""
    return _ordered(_walk((kind, key), _load_graph().up))


def downstream(kind: str, key: str) -> list[Node]:
    """Everything made from ``(kind, key)``, nearest first: "where is this used"."""
    return _ordered(_walk((kind, key), _load_graph().down))


@dataclass(frozen=True)
class GraphNode:
    kind: str
    key: str
    title: str
    depth: int  # negative: upstream, positive: downstream, 0: the node itself
    path: str | None = None  # its catalogue page (datasets)


@dataclass(frozen=True)
class Graph:
    center: GraphNode
    nodes: list[GraphNode]
    edges: list[LineageEdge]


def graph(kind: str, key: str, depth: int = 3) -> Graph:
    """The node with what feeds it and what it feeds, up to ``depth`` steps either way, and the
    edges between those nodes."""
    loaded = _load_graph()
    start = (kind, key)
    up = _walk(start, loaded.up, depth)
    down = _walk(start, loaded.down, depth)
    depths: dict[Node, int] = {start: 0}
    for node, distance in up.items():
        depths[node] = -distance
    for node, distance in down.items():
        depths.setdefault(node, distance)
    titles = node_titles(depths)
    nodes = [
        GraphNode(kind=k, key=v, title=titles[(k, v)][0], depth=d, path=titles[(k, v)][1])
        for (k, v), d in sorted(depths.items(), key=lambda item: (item[1], item[0]))
    ]
    edges = [
        edge
        for edge in loaded.edges
        if (edge.source_kind, edge.source_key) in depths
        and (edge.target_kind, edge.target_key) in depths
        and _consistent(depths, edge)
    ]
    center = next(node for node in nodes if node.depth == 0)
    return Graph(center=center, nodes=nodes, edges=edges)


def _consistent(depths: dict[Node, int], edge: LineageEdge) -> bool:
    """Only edges along the flow through the centre (source before target), not every edge
    between two shown nodes."""
    return depths[(edge.source_kind, edge.source_key)] < depths[(edge.target_kind, edge.target_key)]


def _dataset_path(pk: int) -> str | None:
    try:
        return reverse("web:dataset-detail", args=[pk])
    except NoReverseMatch:
        return None


def _model_title(identifier: str) -> str | None:
    try:
        model = apps.get_model(identifier)
    except (LookupError, ValueError):
        return None
    return str(capfirst(model._meta.verbose_name_plural))


def node_titles(nodes: Iterable[Node]) -> dict[Node, tuple[str, str | None]]:
    """(title, catalogue path or None) per node, in one query for the datasets."""
    nodes = list(nodes)
    identifiers = [key for kind, key in nodes if kind == DATASET]
    catalogued = {
        dataset.identifier: dataset
        for dataset in Dataset.objects.filter(identifier__in=identifiers)
    }
    result: dict[Node, tuple[str, str | None]] = {}
    for kind, key in nodes:
        if kind == DATASET:
            dataset = catalogued.get(key)
            if dataset is not None:
                result[(kind, key)] = (dataset.display_title, _dataset_path(dataset.pk))
            else:
                result[(kind, key)] = (_model_title(key) or key, None)
        elif kind == INDICATOR:
            indicator = registry.BY_CODE.get(key)
            result[(kind, key)] = (str(indicator.name) if indicator else key, None)
        else:
            section = SECTION_DATASETS.get(key)
            result[(kind, key)] = (str(section.title) if section else key, None)
    return result


# --- the annotator: beside each figure of a board report ----------------------------------------


def _direct(key: str) -> tuple[Node, str, list[str]] | None:
    """The figure key's node, definition and the datasets its code declares."""
    if key.startswith(INDICATOR_KEY_PREFIX):
        indicator = registry.BY_CODE.get(key.removeprefix(INDICATOR_KEY_PREFIX))
        if indicator is None:
            return None
        definition = str(indicator.definition)
        if indicator.numerator_label and indicator.denominator_label:
            definition += " " + _("Berekening: %(numerator)s gedeeld door %(denominator)s.") % {
                "numerator": indicator.numerator_label,
                "denominator": indicator.denominator_label,
            }
        return (
            (INDICATOR, indicator.code),
            definition,
            [dataset_identifier(label) for label in indicator.datasets],
        )
    section = SECTION_DATASETS.get(key.split(".", 1)[0])
    if section is None:
        return None
    return (
        (SECTION, key.split(".", 1)[0]),
        str(section.definition),
        [dataset_identifier(label) for label in section.datasets],
    )


def annotate_figures(keys: list[str]) -> dict[str, Annotation]:
    """Definition, lineage (the datasets the code names, then everything upstream of the node
    through the recorded edges) and the weakest dataset's quality score, per figure key."""
    loaded = _load_graph()
    found: dict[str, tuple[str, list[str]]] = {}
    for key in keys:
        direct = _direct(key)
        if direct is None:
            continue
        node, definition, identifiers = direct
        closure = list(dict.fromkeys(identifiers))
        for start in [node, *((DATASET, identifier) for identifier in identifiers)]:
            for kind, upstream_key in _ordered(_walk(start, loaded.up)):
                if kind == DATASET and upstream_key not in closure:
                    closure.append(upstream_key)
        found[key] = (definition, closure)
    every = {identifier for _definition, closure in found.values() for identifier in closure}
    titles = node_titles((DATASET, identifier) for identifier in every)
    current = scores.dataset_scores(every)
    result: dict[str, Annotation] = {}
    for key, (definition, closure) in found.items():
        rated = {identifier: current[identifier] for identifier in closure if identifier in current}
        score = None
        if rated:
            weakest = min(rated, key=lambda identifier: (rated[identifier].value, identifier))
            score = QualityScore(
                percent=rated[weakest].percent,
                weakest=weakest,
                weakest_title=titles[(DATASET, weakest)][0],
            )
        result[key] = Annotation(
            definition=definition,
            datasets=[
                AnnotatedDataset(
                    identifier=identifier,
                    title=titles[(DATASET, identifier)][0],
                    path=titles[(DATASET, identifier)][1],
                )
                for identifier in closure
            ],
            score=score,
        )
    return result
