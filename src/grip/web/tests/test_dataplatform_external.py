"""The catalogue pages for external sources, the DCAT downloads and the dataset URIs."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, RDF

from grip.dataplatform import dcat, external, harvest
from grip.dataplatform.models import Column, Dataset, DatasetKind

pytestmark = pytest.mark.django_db

REGISTER = reverse("web:external-register")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _form(**overrides):
    return {
        "identifier_slug": "zaaksysteem",
        "title": "Zaakexport VTH-systeem",
        "description": "De export.",
        "landing_page": "",
        "publisher": "",
        "creator": "",
        "contact_point": "",
        "theme": "ENVI",
        "access_rights": "niet_publiek",
        "confidentiality": "intern",
        "refresh_frequency": "dagelijks",
        "lifecycle_status": "in_gebruik",
        "retention": "",
        **overrides,
    }


def test_kis_registers_an_external_source_and_adds_and_removes_columns(make_user):
    client = _client(make_user("kis"))
    listing = client.get(reverse("web:dataset-list"))
    assert REGISTER in listing.content.decode()
    assert client.get(REGISTER).status_code == 200

    response = client.post(REGISTER, _form())
    dataset = Dataset.objects.get(identifier="extern:zaaksysteem")
    columns_url = reverse("web:external-columns", args=[dataset.pk])
    assert response.status_code == 302
    assert response["Location"] == columns_url
    assert dataset.kind == DatasetKind.EXTERNAL
    assert dataset.theme == "ENVI"

    add = reverse("web:external-column-add", args=[dataset.pk])
    added = client.post(
        add,
        {
            "name": "zaaknummer",
            "data_type": "tekst",
            "verbose_name": "",
            "help_text": "",
            "description": "",
            "personal_data": "geen",
        },
    )
    assert added.status_code == 302
    column = dataset.columns.get()
    assert column.name == "zaaknummer"
    assert column.nullable is False
    page = client.get(columns_url).content.decode()
    assert "zaaknummer" in page
    detail = client.get(reverse("web:dataset-detail", args=[dataset.pk])).content.decode()
    assert columns_url in detail

    removed = client.post(reverse("web:external-column-remove", args=[column.pk]))
    assert removed.status_code == 302
    assert not Column.objects.filter(pk=column.pk).exists()


def test_a_refused_registration_shows_the_form_again(make_user):
    client = _client(make_user("kis"))
    client.post(REGISTER, _form())
    again = client.post(REGISTER, _form(title="Nog een"))
    assert again.status_code == 409
    assert "Er is al een dataset extern:zaaksysteem." in again.content.decode()
    bad = client.post(REGISTER, _form(identifier_slug="Met spaties!"))
    assert bad.status_code == 422
    assert not Dataset.objects.filter(identifier="extern:met spaties!").exists()
    assert Dataset.objects.get(identifier="extern:zaaksysteem").title == "Zaakexport VTH-systeem"


def test_others_may_not_register_or_touch_columns(make_user, eindhoven):
    external.load_external_datasets()
    bag = Dataset.objects.get(identifier="extern:bag")
    column = bag.columns.first()
    for user in (make_user("medewerker"), make_user(participant=eindhoven)):
        client = _client(user)
        assert client.get(REGISTER).status_code == 403
        assert client.post(REGISTER, _form()).status_code == 403
        assert client.get(reverse("web:external-columns", args=[bag.pk])).status_code == 403
        remove = reverse("web:external-column-remove", args=[column.pk])
        assert client.post(remove).status_code == 403
    assert Column.objects.filter(pk=column.pk).exists()


def test_a_harvested_table_has_no_column_page(make_user):
    harvest.harvest_models()
    case = Dataset.objects.get(identifier="cases.case")
    client = _client(make_user("kis"))
    assert client.get(reverse("web:external-columns", args=[case.pk])).status_code == 404
    column = case.columns.get(name="status")
    assert client.post(reverse("web:external-column-remove", args=[column.pk])).status_code == 404


def test_the_dcat_downloads_need_no_login_and_hold_only_open_datasets(settings):
    settings.BASE_URL = "https://grip.example"
    external.load_external_datasets()
    Dataset.objects.filter(identifier="extern:bag").update(contact_point="bag@kadaster.example")
    Dataset.objects.filter(identifier="extern:hr-kvk").update(contact_point="hr@kvk.example")
    anonymous = Client()
    turtle = anonymous.get(reverse("web:dcat-turtle"))
    assert turtle.status_code == 200
    assert turtle["Content-Type"].startswith("text/turtle")
    jsonld = anonymous.get(reverse("web:dcat-jsonld"))
    assert jsonld["Content-Type"].startswith("application/ld+json")
    for body, rdf_format in ((turtle, "turtle"), (jsonld, "json-ld")):
        graph = Graph().parse(data=body.content.decode(), format=rdf_format)
        assert set(graph.subjects(RDF.type, DCAT.Dataset)) == {
            URIRef("https://grip.example/datacatalogus/id/extern:bag")
        }


def test_the_dataset_page_lists_what_keeps_it_out_of_the_export(make_user):
    external.load_external_datasets()
    sbi = Dataset.objects.get(identifier="extern:sbi-cbs")
    client = _client(make_user("medewerker"))
    page = client.get(reverse("web:dataset-detail", args=[sbi.pk])).content.decode()
    assert "deze open dataset staat niet in de DCAT-AP-NL-export" in page
    assert "Het contactpunt ontbreekt (een functioneel e-mailadres)." in page
    Dataset.objects.filter(pk=sbi.pk).update(contact_point="sbi@cbs.example")
    page = client.get(reverse("web:dataset-detail", args=[sbi.pk])).content.decode()
    assert "Deze open dataset staat in de DCAT-AP-NL-export" in page
    assert "Het contactpunt ontbreekt" not in page


def test_the_dataset_uri_leads_staff_to_the_dataset_page(make_user):
    external.load_external_datasets()
    bag = Dataset.objects.get(identifier="extern:bag")
    path = dcat.dataset_uri(bag).split("://", 1)[1].split("/", 1)[1]
    client = _client(make_user("medewerker"))
    response = client.get("/" + path)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:dataset-detail", args=[bag.pk])
    assert Client().get("/" + path).status_code == 302  # to the login page
    assert Client().get("/" + path)["Location"].startswith("/inloggen/")
