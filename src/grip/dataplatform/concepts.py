"""The national concept framework of CIM VTH FLo (``data/vth-cim-flo/VTH_CiM_Kader.ttl``,
SKOS, Geonovum) loaded into the glossary.

A Grip term that names a CIM concept (``controle``, or one of the names in ``controle,
inspectie``) is linked to it and shows its official definition; a concept Grip has no term for
becomes a term of its own. ``models.csv`` says which of Grip's tables hold each concept, so its
term links to their datasets. Like the glossary: added, never overwriting what people wrote.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from grip.dataplatform.models import Dataset, GlossaryTerm, TermSource

CIM_DIR = Path(__file__).parent / "data" / "vth-cim-flo"
CONCEPT_FILE = CIM_DIR / "VTH_CiM_Kader.ttl"
MODELS_FILE = CIM_DIR / "models.csv"


@dataclass(frozen=True)
class Concept:
    uri: str
    label: str
    definition: str


def read_concepts(path: Path = CONCEPT_FILE) -> list[Concept]:
    graph = Graph()
    graph.parse(path, format="turtle")
    concepts = []
    for subject in graph.subjects(RDF.type, SKOS.Concept):
        label = graph.value(subject, SKOS.prefLabel)
        definition = graph.value(subject, SKOS.definition)
        if label is None:
            continue
        concepts.append(
            Concept(
                uri=str(subject), label=str(label).strip(), definition=str(definition or "").strip()
            )
        )
    return sorted(concepts, key=lambda concept: concept.label)


def _names(term: str) -> list[str]:
    """The names one glossary entry gives: "controle-onderwerp, controlelijst" → both."""
    return [name.strip().lower() for name in term.split(",") if name.strip()]


def load_concepts() -> int:
    """Link or add every CIM concept; returns how many terms were added."""
    concepts = read_concepts()
    terms = list(GlossaryTerm.objects.all())
    by_first_name = {_names(term.term)[0]: term for term in terms if _names(term.term)}
    by_any_name: dict[str, GlossaryTerm] = {}
    for term in terms:
        for name in _names(term.term):
            by_any_name.setdefault(name, term)
    with MODELS_FILE.open(encoding="utf-8") as handle:
        holders = {row["concept"]: row["models"].split() for row in csv.DictReader(handle)}
    datasets = {dataset.model_label: dataset for dataset in Dataset.objects.all()}
    added = 0
    for concept in concepts:
        key = concept.label.lower()
        found = by_first_name.get(key) or by_any_name.get(key)
        if found is not None and found.concept_uri and found.concept_uri != concept.uri:
            found = None  # that entry already names another concept: this one gets its own
        if found is not None:
            term = found
        else:
            term, made = GlossaryTerm.objects.get_or_create(
                term=concept.label,
                defaults={
                    "source": TermSource.CIM,
                    "concept_uri": concept.uri,
                    "concept_definition": concept.definition,
                },
            )
            added += made
        if not term.concept_uri:
            term.concept_uri = concept.uri
            term.concept_definition = concept.definition
            term.save(update_fields=["concept_uri", "concept_definition", "updated_at"])
        linked = [datasets[label] for label in holders.get(concept.label, []) if label in datasets]
        if linked:
            term.datasets.add(*linked)
    return added
