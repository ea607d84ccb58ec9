"""Lineage pages: the graph around one node (a dataset, an indicator or a report section) drawn
with Vega-Lite and written out as a table, the list of every edge, and the form with which the
KIS role or the beheerder records a manual edge (an external source feeding a table)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from grip.core.errors import DomainError
from grip.dataplatform import lineage
from grip.dataplatform.models import Dataset, LineageEdge, LineageOrigin, NodeKind
from grip.reporting.sections import SECTION_DATASETS
from grip.web.accounts.common import submit, user_of
from grip.web.cases import ServiceForm, refusal_status
from grip.web.feedback import dutch_message

VIEW_LINEAGE = "dataplatform.view_lineageedge"
ADD_EDGE = "dataplatform.add_lineageedge"
DELETE_EDGE = "dataplatform.delete_lineageedge"
DEPTHS = (1, 2, 3, 4, 5)
DEFAULT_DEPTH = 3
VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
KIND_COLOURS = {"dataset": "#01689b", "indicator": "#a4000f", "section": "#39870c"}


def graph_url(kind: str, key: str) -> str:
    return reverse("web:lineage-graph", args=[kind, key])


# --- the form -----------------------------------------------------------------------------------


def parse_column_map(text: str) -> list[list[str]]:
    """One pair a line, "source column -> target column" (or "=" between them)."""
    pairs = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        for separator in ("->", "→", "="):
            if separator in line:
                source, target = (part.strip() for part in line.split(separator, 1))
                break
        else:
            source = target = ""
        if not source or not target:
            raise forms.ValidationError(
                _("Regel %(number)s: schrijf 'bronkolom -> doelkolom'.") % {"number": number}
            )
        pairs.append([source, target])
    return pairs


class ManualEdgeForm(ServiceForm):
    source_kind = forms.ChoiceField(label=gettext_lazy("Soort bron"), choices=NodeKind.choices)
    source_key = forms.CharField(
        label=gettext_lazy("Bron"),
        max_length=120,
        help_text=gettext_lazy(
            "Identificatie in de datacatalogus (cases.case, extern:vth-export), code van een "
            "indicator of een rapportageonderdeel."
        ),
    )
    target_kind = forms.ChoiceField(label=gettext_lazy("Soort doel"), choices=NodeKind.choices)
    target_key = forms.CharField(label=gettext_lazy("Doel"), max_length=120)
    column_map = forms.CharField(
        label=gettext_lazy("Kolomkoppeling (niet verplicht)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Eén koppeling per regel: bronkolom -> doelkolom."),
    )
    note = forms.CharField(
        label=gettext_lazy("Toelichting (niet verplicht)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("source_key", "target_key"):
            self.fields[name].widget.attrs["list"] = "herkomst-knopen"

    def clean_column_map(self) -> list[list[str]]:
        return parse_column_map(self.cleaned_data.get("column_map") or "")


# --- the graph as a Vega-Lite specification -------------------------------------------------------


def graph_spec(graph: lineage.Graph) -> dict[str, Any]:
    """A node-link drawing: one column per step from the centre (upstream left, downstream
    right), nodes in a column one under the other; rules for the edges, points for the nodes
    (shape and colour by kind, with a legend) and their titles as text."""
    columns: dict[int, list[lineage.GraphNode]] = {}
    for node in graph.nodes:
        columns.setdefault(node.depth, []).append(node)
    place: dict[tuple[str, str], tuple[int, int]] = {}
    for depth, members in columns.items():
        for row, node in enumerate(members):
            place[(node.kind, node.key)] = (depth, row)
    kinds = dict(NodeKind.choices)
    nodes = [
        {
            "x": place[(node.kind, node.key)][0],
            "y": place[(node.kind, node.key)][1],
            "title": node.title,
            "key": node.key,
            "soort": str(kinds[node.kind]),
            "url": graph_url(node.kind, node.key),
        }
        for node in graph.nodes
    ]
    origins = dict(LineageOrigin.choices)
    edges = []
    for edge in graph.edges:
        source = place[(edge.source_kind, edge.source_key)]
        target = place[(edge.target_kind, edge.target_key)]
        edges.append(
            {
                "x": source[0],
                "y": source[1],
                "x2": target[0],
                "y2": target[1],
                "herkomst": str(origins[edge.origin]),
            }
        )
    low, high = min(columns), max(columns)
    rows = max(len(members) for members in columns.values())
    x_scale = {"domain": [low - 0.2, high + 1]}
    y_scale = {"domain": [-0.5, rows - 0.5], "reverse": True}
    x = {"field": "x", "type": "quantitative", "axis": None, "scale": x_scale}
    y = {"field": "y", "type": "quantitative", "axis": None, "scale": y_scale}
    kind_labels = [str(kinds[kind]) for kind in KIND_COLOURS]
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": _(
            "Herkomstgraaf van %(title)s: links waar de gegevens vandaan komen, rechts waar ze "
            "gebruikt worden. Dezelfde relaties staan in de tabel eronder."
        )
        % {"title": graph.center.title},
        "width": 220 * (high - low + 1),
        "height": max(120, 32 * rows),
        "layer": [
            {
                "data": {"values": edges},
                "mark": {"type": "rule", "color": "#8c8c8c"},
                "encoding": {
                    "x": x,
                    "y": y,
                    "x2": {"field": "x2"},
                    "y2": {"field": "y2"},
                    "strokeDash": {
                        "field": "herkomst",
                        "type": "nominal",
                        "title": _("Herkomst"),
                        "scale": {
                            "domain": [str(label) for label in origins.values()],
                            "range": [[1, 0], [4, 3]],
                        },
                    },
                },
            },
            {
                "data": {"values": nodes},
                "mark": {"type": "point", "filled": True, "size": 140, "cursor": "pointer"},
                "encoding": {
                    "x": x,
                    "y": y,
                    "shape": {"field": "soort", "type": "nominal", "title": _("Soort")},
                    "color": {
                        "field": "soort",
                        "type": "nominal",
                        "title": _("Soort"),
                        "scale": {"domain": kind_labels, "range": list(KIND_COLOURS.values())},
                    },
                    "href": {"field": "url"},
                    "tooltip": [
                        {"field": "title", "title": _("Naam")},
                        {"field": "key", "title": _("Sleutel")},
                        {"field": "soort", "title": _("Soort")},
                    ],
                },
            },
            {
                "data": {"values": nodes},
                "mark": {"type": "text", "align": "left", "dx": 9, "fontSize": 11, "limit": 190},
                "encoding": {"x": x, "y": y, "text": {"field": "title"}},
            },
        ],
        "config": {"view": {"stroke": None}},
    }


# --- pages --------------------------------------------------------------------------------------


def _edge_rows(edges: list[LineageEdge]) -> list[dict[str, Any]]:
    titles = lineage.node_titles(
        {(edge.source_kind, edge.source_key) for edge in edges}
        | {(edge.target_kind, edge.target_key) for edge in edges}
    )
    return [
        {
            "edge": edge,
            "source_title": titles[(edge.source_kind, edge.source_key)][0],
            "target_title": titles[(edge.target_kind, edge.target_key)][0],
            "source_url": graph_url(edge.source_kind, edge.source_key),
            "target_url": graph_url(edge.target_kind, edge.target_key),
        }
        for edge in edges
    ]


def _form_context(user: Any, form: ManualEdgeForm | None) -> dict[str, Any]:
    return {
        "form": form.style() if form is not None else None,
        "nodes": lineage.node_choices() if form is not None else [],
        "may_delete": user.has_perm(DELETE_EDGE),
    }


@login_required
@permission_required(VIEW_LINEAGE, raise_exception=True)
@require_GET
def lineage_overview(request: HttpRequest) -> HttpResponse:
    """Every edge, manual ones first, and the form for a new manual edge."""
    return _overview(request)


def _overview(
    request: HttpRequest, form: ManualEdgeForm | None = None, status: int = 200
) -> HttpResponse:
    user = user_of(request)
    if form is None and user.has_perm(ADD_EDGE):
        form = ManualEdgeForm(initial={"source_kind": "dataset", "target_kind": "dataset"})
    edges = list(lineage.edge_list().order_by("-origin", "source_kind", "source_key", "pk"))
    context = {
        "manual": _edge_rows([edge for edge in edges if edge.origin == LineageOrigin.MANUAL]),
        "derived_count": sum(1 for edge in edges if edge.origin == LineageOrigin.DERIVED),
        "sections": [
            {"key": prefix, "title": source.title, "url": graph_url("section", prefix)}
            for prefix, source in SECTION_DATASETS.items()
        ],
        **_form_context(user, form),
    }
    return render(request, "web/dataplatform/lineage/overview.html", context, status=status)


@login_required
@permission_required(VIEW_LINEAGE, raise_exception=True)
@require_GET
def lineage_graph(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    """The graph around one node, with the same edges as a table."""
    if kind not in NodeKind.values or not lineage.node_exists(kind, key):
        raise Http404
    user = user_of(request)
    try:
        depth = int(request.GET.get("diepte", DEFAULT_DEPTH))
    except ValueError:
        depth = DEFAULT_DEPTH
    depth = min(max(depth, 1), max(DEPTHS))
    graph = lineage.graph(kind, key, depth)
    form = None
    if user.has_perm(ADD_EDGE):
        form = ManualEdgeForm(initial={"target_kind": kind, "target_key": key})
    upstream = [node for node in graph.nodes if node.depth < 0]
    downstream = [node for node in graph.nodes if node.depth > 0]
    context = {
        "center": graph.center,
        "kind_label": dict(NodeKind.choices)[kind],
        "rows": _edge_rows(graph.edges),
        "upstream": sorted(upstream, key=lambda node: (-node.depth, node.title)),
        "downstream": sorted(downstream, key=lambda node: (node.depth, node.title)),
        "spec": graph_spec(graph) if graph.edges else None,
        "depth": depth,
        "depths": DEPTHS,
        "next": request.get_full_path(),
        **_form_context(user, form),
    }
    return render(request, "web/dataplatform/lineage/graph.html", context)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("volgende", "")
    if target.startswith("/") and not target.startswith("//"):
        return target
    return reverse("web:lineage-overview")


@login_required
@permission_required(ADD_EDGE, raise_exception=True)
@require_POST
def lineage_edge_add(request: HttpRequest) -> HttpResponse:
    form = ManualEdgeForm(request.POST)

    def write(data: dict[str, Any]) -> str:
        edge = lineage.edge_add_manual(
            actor=user_of(request),
            source=(data["source_kind"], data["source_key"]),
            target=(data["target_kind"], data["target_key"]),
            column_map=data["column_map"],
            note=data["note"],
        )
        return _("De herkomstrelatie %(edge)s is vastgelegd.") % {"edge": edge}

    status = submit(request, form, write)
    if status is None:
        return redirect(_safe_next(request))
    return _overview(request, form=form, status=status)


@login_required
@permission_required(DELETE_EDGE, raise_exception=True)
@require_POST
def lineage_edge_delete(request: HttpRequest, pk: int) -> HttpResponse:
    edge = get_object_or_404(lineage.edge_list(), pk=pk)
    try:
        lineage.edge_delete_manual(actor=user_of(request), edge=edge)
    except DomainError as error:
        messages.error(request, dutch_message(error))
        return _overview(request, status=refusal_status(error))
    messages.success(request, _("De herkomstrelatie %(edge)s is verwijderd.") % {"edge": edge})
    return redirect(_safe_next(request))


# --- on the dataset page ------------------------------------------------------------------------


def dataset_lineage(dataset: Dataset) -> dict[str, Any]:
    """For the dataset page's section "Herkomst en gebruik": the datasets it comes from, and
    the indicators and report sections that use it (transitively)."""
    up = lineage.upstream("dataset", dataset.identifier)
    down = lineage.downstream("dataset", dataset.identifier)
    titles = lineage.node_titles([*up, *down])

    def rows(nodes: list[tuple[str, str]], kind: str) -> list[dict[str, Any]]:
        return [
            {
                "key": key,
                "title": titles[(k, key)][0],
                "url": graph_url(k, key),
                "path": titles[(k, key)][1],
            }
            for k, key in nodes
            if k == kind
        ]

    return {
        "upstream": rows(up, "dataset"),
        "downstream_datasets": rows(down, "dataset"),
        "indicators": rows(down, "indicator"),
        "sections": rows(down, "section"),
        "url": graph_url("dataset", dataset.identifier),
    }
