"""DCAT-AP-NL 3.0: the open, complete datasets as a dcat:Catalog, parsed back with rdflib."""

from __future__ import annotations

import pytest
from django.test import override_settings
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS

from grip.dataplatform import dcat, external, harvest
from grip.dataplatform.dcat import ADMS, VCARD
from grip.dataplatform.models import Dataset

pytestmark = pytest.mark.django_db

BASE = "https://grip.odzob.example"
EU = "http://publications.europa.eu/resource/authority/"


def _open(identifier, **fields):
    Dataset.objects.filter(identifier=identifier).update(
        **{
            "access_rights": "publiek",
            "contact_point": "data@odzob.example",
            "theme": "ENVI",
            "description": "Alle zaken.",
            **fields,
        }
    )
    return Dataset.objects.get(identifier=identifier)


@pytest.fixture
def catalogue():
    harvest.harvest_models()
    external.load_external_datasets()
    case = _open("cases.case", refresh_frequency="dagelijks", lifecycle_status="in_gebruik")
    bag = _open("extern:bag", contact_point="bag@kadaster.example", theme="REGI")
    secret = _open("sites.site", access_rights="niet_publiek")
    incomplete = _open("hours.hourentry", contact_point="")
    return {"case": case, "bag": bag, "secret": secret, "incomplete": incomplete}


def _parsed(rdf_format):
    with override_settings(
        BASE_URL=BASE,
        PUBLISHER_URI="https://identifier.overheid.nl/tooi/id/oorg/oorg10000",
        PUBLISHER_NAME="Omgevingsdienst Zuidoost-Brabant",
    ):
        text = dcat.serialize(dcat.catalog_graph(), rdf_format)
    return Graph().parse(data=text, format=rdf_format)


@pytest.mark.parametrize("rdf_format", ["turtle", "json-ld"])
def test_every_mandatory_property_of_an_open_dataset(catalogue, rdf_format):
    graph = _parsed(rdf_format)
    case = URIRef(f"{BASE}/datacatalogus/id/cases.case")
    catalog = URIRef(f"{BASE}/datacatalogus/dcat")
    publisher = URIRef("https://identifier.overheid.nl/tooi/id/oorg/oorg10000")

    assert (catalog, RDF.type, DCAT.Catalog) in graph
    assert (catalog, DCAT.dataset, case) in graph
    assert (case, RDF.type, DCAT.Dataset) in graph
    assert (case, DCTERMS.title, Literal("zaken", lang="nl")) in graph
    assert (case, DCTERMS.description, Literal("Alle zaken.", lang="nl")) in graph
    assert (case, DCTERMS.identifier, Literal(f"{BASE}/datacatalogus/id/cases.case")) in graph
    assert (case, DCTERMS.publisher, publisher) in graph
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert (publisher, FOAF.name, Literal("Omgevingsdienst Zuidoost-Brabant", lang="nl")) in graph
    assert (case, DCTERMS.creator, publisher) in graph  # no creator given: the publisher
    (contact,) = graph.objects(case, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Kind) in graph
    assert (contact, VCARD.hasEmail, URIRef("mailto:data@odzob.example")) in graph
    assert (case, DCAT.theme, URIRef(EU + "data-theme/ENVI")) in graph
    assert (case, DCTERMS.accessRights, URIRef(EU + "access-right/PUBLIC")) in graph
    assert (case, DCTERMS.accrualPeriodicity, URIRef(EU + "frequency/DAILY")) in graph
    assert (case, ADMS.status, URIRef(EU + "dataset-status/COMPLETED")) in graph
    assert (case, DCTERMS.conformsTo, URIRef("https://geonovum.github.io/vth-cim-flo/")) in graph
    (catalogue_id,) = graph.objects(case, ADMS.identifier)
    assert (catalogue_id, SKOS.notation, Literal("cases.case")) in graph


def test_an_external_dataset_names_its_own_publisher_and_landing_page(catalogue):
    graph = _parsed("turtle")
    bag = URIRef(f"{BASE}/datacatalogus/id/extern:bag")
    (publisher,) = graph.objects(bag, DCTERMS.publisher)
    assert (publisher, FOAF.name, Literal("Kadaster", lang="nl")) in graph
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert (bag, DCAT.theme, URIRef(EU + "data-theme/REGI")) in graph
    assert (bag, DCTERMS.accrualPeriodicity, URIRef(EU + "frequency/DAILY")) in graph
    assert (
        bag,
        DCAT.landingPage,
        URIRef("https://www.geobasisregistraties.nl/basisregistraties/adressen-en-gebouwen"),
    ) in graph


def test_only_open_complete_present_datasets_are_exported(catalogue):
    Dataset.objects.filter(identifier="cases.case").update(present=False)
    graph = _parsed("turtle")
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert datasets == {URIRef(f"{BASE}/datacatalogus/id/extern:bag")}
    # The seeded open SBI list has no contact point yet, so it is left out too.
    assert dcat.dcat_problems(Dataset.objects.get(identifier="extern:sbi-cbs")) == [
        "Het contactpunt ontbreekt (een functioneel e-mailadres)."
    ]


def test_problems_name_each_missing_mandatory_value(catalogue):
    incomplete = catalogue["incomplete"]
    assert dcat.dcat_problems(incomplete) == [
        "Het contactpunt ontbreekt (een functioneel e-mailadres)."
    ]
    bare = Dataset(identifier="extern:leeg", kind="extern", title="Leeg")
    assert dcat.dcat_problems(bare) == [
        "De omschrijving ontbreekt.",
        "Het contactpunt ontbreekt (een functioneel e-mailadres).",
        "Het thema uit de EU-themalijst ontbreekt.",
    ]
    with override_settings(PUBLISHER_URI=""):
        assert "De uitgever ontbreekt (vul hem in of stel GRIP_PUBLISHER_URI in)." in (
            dcat.dcat_problems(bare)
        )
    assert dcat.dcat_problems(catalogue["case"]) == []
    assert dcat.dcat_problems(catalogue["secret"]) == []  # complete, just not open
