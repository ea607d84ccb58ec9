"""The open datasets of the catalogue as DCAT-AP-NL 3.0 RDF (rdflib): a ``dcat:Catalog``.

Only datasets with ``access_rights=publiek`` that still exist are published, and only those
with every mandatory value of DCAT-AP-NL (title, description, identifier, publisher, creator,
contact point, theme, access rights; ADR 0006 §2). :func:`dcat_problems` names what a dataset
lacks, in Dutch, for the dataset page; a dataset with problems is left out of the export.

The dataset's URI and its ``dct:identifier`` are ``{BASE_URL}/datacatalogus/id/{identifier}``:
built from the catalogue identifier (``cases.case``, ``extern:bag``), never from a database key,
so it stays the same across databases and releases; Grip resolves it to the dataset page.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from django.conf import settings
from django.utils.translation import gettext as _
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD
from rdflib.term import Node

from grip.dataplatform.models import (
    AccessRights,
    Dataset,
    Lifecycle,
    RefreshFrequency,
)

# Not shipped by rdflib (ADR 0006 §2; prefixes of DCAT-AP-NL's 006-Namespaces.md).
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")

EU = "http://publications.europa.eu/resource/authority/"
DATA_THEME = Namespace(EU + "data-theme/")
ACCESS_RIGHT = Namespace(EU + "access-right/")
FREQUENCY = Namespace(EU + "frequency/")
DATASET_STATUS = Namespace(EU + "dataset-status/")

ACCESS_RIGHTS = {
    AccessRights.PUBLIC: ACCESS_RIGHT.PUBLIC,
    AccessRights.RESTRICTED: ACCESS_RIGHT.RESTRICTED,
    AccessRights.NON_PUBLIC: ACCESS_RIGHT.NON_PUBLIC,
}
FREQUENCIES = {
    RefreshFrequency.CONTINUOUS: FREQUENCY.CONT,
    RefreshFrequency.DAILY: FREQUENCY.DAILY,
    RefreshFrequency.WEEKLY: FREQUENCY.WEEKLY,
    RefreshFrequency.MONTHLY: FREQUENCY.MONTHLY,
    RefreshFrequency.QUARTERLY: FREQUENCY.QUARTERLY,
    RefreshFrequency.YEARLY: FREQUENCY.ANNUAL,
    RefreshFrequency.IRREGULAR: FREQUENCY.IRREG,
}
# adms:status from the EU dataset-status list (DCAT-AP 3.0).
STATUSES = {
    Lifecycle.DRAFT: DATASET_STATUS.DEVELOP,
    Lifecycle.ACTIVE: DATASET_STATUS.COMPLETED,
    Lifecycle.DEPRECATED: DATASET_STATUS.DEPRECATED,
    Lifecycle.RETIRED: DATASET_STATUS.WITHDRAWN,
}

# dct:conformsTo: the tables that follow the CIM VTH FLo object catalogue (ADR 0006, the table
# "CIM VTH FLo and Grip").
CIM_VTH_FLO = URIRef("https://geonovum.github.io/vth-cim-flo/")
CONFORMS_TO: dict[str, URIRef] = dict.fromkeys(
    (
        "sites.site",
        "sites.sitetype",
        "sites.establishment",
        "sites.establishmentsbi",
        "sites.balactivity",
        "sites.siteactivity",
        "cases.case",
        "cases.casetype",
        "cases.casestatuschange",
        "cases.decision",
        "cases.decisiontype",
        "cases.document",
        "enforcement.inspection",
        "enforcement.inspectionsubject",
        "enforcement.checklist",
        "enforcement.checklistpoint",
        "enforcement.finding",
        "enforcement.violation",
        "enforcement.measure",
        "enforcement.instrument",
        "participants.participant",
    ),
    CIM_VTH_FLO,
)

PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "foaf": FOAF,
    "skos": SKOS,
    "vcard": VCARD,
    "adms": ADMS,
    "dcatap": DCATAP,
}


def dataset_uri(dataset: Dataset) -> str:
    """The persistent URI (and ``dct:identifier``) of a dataset."""
    return f"{settings.BASE_URL}/datacatalogus/id/{quote(dataset.identifier, safe=':.-_')}"


def catalog_uri() -> str:
    return f"{settings.BASE_URL}/datacatalogus/dcat"


def dcat_problems(dataset: Dataset) -> list[str]:
    """What keeps ``dataset`` out of the DCAT-AP-NL export for lack of a mandatory value (or
    because its table is gone); empty when it could be published."""
    problems = []
    if not dataset.present:
        problems.append(_("De tabel bestaat niet meer in de code."))
    if not dataset.display_title.strip():
        problems.append(_("De titel ontbreekt."))
    if not dataset.display_description.strip():
        problems.append(_("De omschrijving ontbreekt."))
    if not dataset.publisher.strip() and not settings.PUBLISHER_URI:
        problems.append(_("De uitgever ontbreekt (vul hem in of stel GRIP_PUBLISHER_URI in)."))
    if not dataset.contact_point.strip():
        problems.append(_("Het contactpunt ontbreekt (een functioneel e-mailadres)."))
    if not dataset.theme:
        problems.append(_("Het thema uit de EU-themalijst ontbreekt."))
    if dataset.access_rights not in ACCESS_RIGHTS:
        problems.append(_("De toegankelijkheid is onbekend."))
    return problems


def publishable(datasets: Iterable[Dataset] | None = None) -> list[Dataset]:
    """The datasets of the export: open, present and without problems."""
    if datasets is None:
        datasets = Dataset.objects.filter(
            access_rights=AccessRights.PUBLIC, present=True
        ).prefetch_related("terms")
    return [
        dataset
        for dataset in datasets
        if dataset.access_rights == AccessRights.PUBLIC
        and dataset.present
        and not dcat_problems(dataset)
    ]


def _agent(graph: Graph, text: str) -> Node:
    """A ``foaf:Agent``: Grip's publisher from the settings when ``text`` is empty or its
    name, a URI as itself, anything else a blank node with that name."""
    text = text.strip()
    if not text or text == settings.PUBLISHER_NAME or text == settings.PUBLISHER_URI:
        node: Node = URIRef(settings.PUBLISHER_URI)
        name = settings.PUBLISHER_NAME
    elif text.startswith(("http://", "https://")):
        node, name = URIRef(text), ""
    else:
        node, name = BNode(), text
    graph.add((node, RDF.type, FOAF.Agent))
    if name:
        graph.add((node, FOAF.name, Literal(name, lang="nl")))
    return node


def _add_dataset(graph: Graph, catalog: URIRef, dataset: Dataset) -> None:
    node = URIRef(dataset_uri(dataset))
    graph.add((catalog, DCAT.dataset, node))
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.title, Literal(dataset.display_title, lang="nl")))
    graph.add((node, DCTERMS.description, Literal(dataset.display_description, lang="nl")))
    graph.add((node, DCTERMS.identifier, Literal(str(node))))
    catalogue_id = BNode()
    graph.add((node, ADMS.identifier, catalogue_id))
    graph.add((catalogue_id, RDF.type, ADMS.Identifier))
    graph.add((catalogue_id, SKOS.notation, Literal(dataset.identifier)))
    publisher = _agent(graph, dataset.publisher)
    graph.add((node, DCTERMS.publisher, publisher))
    creator = _agent(graph, dataset.creator) if dataset.creator.strip() else publisher
    graph.add((node, DCTERMS.creator, creator))
    contact = BNode()
    graph.add((node, DCAT.contactPoint, contact))
    graph.add((contact, RDF.type, VCARD.Kind))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{dataset.contact_point.strip()}")))
    graph.add((node, DCAT.theme, DATA_THEME[dataset.theme]))
    graph.add((node, DCTERMS.accessRights, ACCESS_RIGHTS[AccessRights(dataset.access_rights)]))
    frequency = FREQUENCIES.get(RefreshFrequency(dataset.refresh_frequency))
    if frequency is not None:
        graph.add((node, DCTERMS.accrualPeriodicity, frequency))
    status = STATUSES.get(Lifecycle(dataset.lifecycle_status))
    if status is not None:
        graph.add((node, ADMS.status, status))
    if dataset.identifier in CONFORMS_TO:
        graph.add((node, DCTERMS.conformsTo, CONFORMS_TO[dataset.identifier]))
    if dataset.landing_page:
        graph.add((node, DCAT.landingPage, URIRef(dataset.landing_page)))
    for term in dataset.terms.all():
        graph.add((node, DCAT.keyword, Literal(term.term, lang="nl")))
    graph.add((node, DCTERMS.modified, Literal(dataset.updated_at, datatype=XSD.dateTime)))


def catalog_graph(datasets: Iterable[Dataset] | None = None) -> Graph:
    """The open datasets (of ``datasets``, else of the whole catalogue) as a ``dcat:Catalog``;
    a dataset with :func:`dcat_problems`, or not open, or gone, is left out."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    catalog = URIRef(catalog_uri())
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add(
        (catalog, DCTERMS.title, Literal(f"Datacatalogus {settings.PUBLISHER_NAME}", lang="nl"))
    )
    graph.add(
        (
            catalog,
            DCTERMS.description,
            Literal("De open datasets uit de datacatalogus van Grip.", lang="nl"),
        )
    )
    graph.add((catalog, DCTERMS.publisher, _agent(graph, "")))
    for dataset in publishable(datasets):
        _add_dataset(graph, catalog, dataset)
    return graph


def serialize(graph: Graph, rdf_format: str) -> str:
    """``turtle`` or ``json-ld`` text of ``graph``."""
    if rdf_format == "json-ld":
        context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, auto_compact=True)
    return graph.serialize(format="turtle")
