"""The catalogue harvests every model of Grip and never overwrites what people wrote."""

from __future__ import annotations

import csv
import datetime

import pytest

from grip.core.errors import DomainError, NotAllowed
from grip.dataplatform import harvest, selectors, services
from grip.dataplatform.concepts import read_concepts
from grip.dataplatform.models import (
    Column,
    DataRole,
    Dataset,
    DatasetKind,
    GlossaryTerm,
    PersonalData,
    TermSource,
)
from grip.organisation.tests.factories import EmployeeFactory, TeamFactory

pytestmark = pytest.mark.django_db


VTHBEGRIP = "http://definities.geostandaarden.nl/vth/id/begrip/"


def _field_names(model):
    opts = model._meta
    return {
        *(field.attname for field in opts.concrete_fields),
        *(field.name for field in opts.many_to_many),
    }


def test_every_model_is_a_dataset_with_every_field_a_column():
    result = harvest.harvest_models()
    models = harvest.grip_models()

    assert result.datasets == len(models) > 90
    harvested = Dataset.objects.filter(present=True, kind=DatasetKind.MODEL)
    datasets = {dataset.identifier: dataset for dataset in harvested}
    assert set(datasets) == {model._meta.label_lower for model in models}
    for model in models:
        dataset = datasets[model._meta.label_lower]
        names = set(dataset.columns.filter(present=True).values_list("name", flat=True))
        assert names == _field_names(model), model


def test_columns_carry_type_verbose_name_help_text_nullability_and_code_list():
    harvest.harvest_models()
    case = Dataset.objects.get(identifier="cases.case")
    assert case.domain == "cases"
    assert case.harvested_title == "zaken"
    status = case.columns.get(name="status")
    assert status.data_type == "CharField"
    assert ["ontvangen", "ontvangen"] in [
        [value, label.lower()] for value, label in status.code_list
    ]
    participant = case.columns.get(name="participant_id")
    assert participant.data_type == "ForeignKey"
    assert participant.nullable is False
    contact = Dataset.objects.get(identifier="participants.participant").columns.get(name="code")
    assert contact.help_text.startswith("Code van het CBS")


def test_a_reharvest_keeps_what_people_wrote_and_refreshes_the_rest(make_user):
    harvest.harvest_models()
    steward = make_user("kis")
    dataset = Dataset.objects.get(identifier="sites.site")
    services.dataset_update(
        actor=steward,
        dataset=dataset,
        data={"title": "Toezichtobjecten", "description": "Alle locaties.", "theme": "ENVI"},
    )
    column = dataset.columns.get(name="name")
    services.column_update(
        actor=steward, column=column, data={"personal_data": PersonalData.PERSONAL}
    )
    term = GlossaryTerm.objects.get(term="deelnemer")
    column.terms.add(term)
    # What the code says is refreshed, even when someone changed it in the database.
    Dataset.objects.filter(pk=dataset.pk).update(harvested_title="verouderd")

    harvest.harvest_models()

    dataset.refresh_from_db()
    column.refresh_from_db()
    assert (dataset.title, dataset.description, dataset.theme) == (
        "Toezichtobjecten",
        "Alle locaties.",
        "ENVI",
    )
    assert dataset.harvested_title == "toezichtobjecten"
    assert column.personal_data == PersonalData.PERSONAL
    assert list(column.terms.all()) == [term]


def test_a_vanished_model_or_field_is_marked_not_deleted():
    harvest.harvest_models()
    gone = Dataset.objects.create(identifier="oud.model", kind=DatasetKind.MODEL)
    old_column = Column.objects.create(
        dataset=Dataset.objects.get(identifier="cases.case"), name="oud_veld"
    )
    external = Dataset.objects.get(identifier="extern:bag")  # seeded by migrate

    result = harvest.harvest_models()

    assert result.gone == 1
    gone.refresh_from_db()
    old_column.refresh_from_db()
    external.refresh_from_db()
    assert gone.present is False
    assert old_column.present is False
    assert external.present is True  # registered by hand: not the harvest's to judge


def test_the_glossary_holds_the_domain_terms_linked_to_their_datasets():
    with harvest.GLOSSARY_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    harvest.harvest_models()
    harvest.load_glossary()

    assert GlossaryTerm.objects.filter(source=TermSource.GRIP).count() == len(rows)
    term = GlossaryTerm.objects.get(term="deelnemer")
    assert term.english == "participant"
    assert "participants.participant" in term.datasets.values_list("identifier", flat=True)

    # A definition people wrote survives loading again.
    GlossaryTerm.objects.filter(pk=term.pk).update(definition="Eigenaar van de dienst.")
    assert harvest.load_glossary() == 0
    term.refresh_from_db()
    assert term.definition == "Eigenaar van de dienst."


def test_search_finds_a_dataset_by_title_column_or_term():
    harvest.harvest_models()
    harvest.load_glossary()
    assert "cases.case" in selectors.dataset_list(query="zaken").values_list(
        "identifier", flat=True
    )
    assert "sites.site" in selectors.dataset_list(query="house_number").values_list(
        "identifier", flat=True
    )
    assert "participants.participant" in selectors.dataset_list(query="deelnemer").values_list(
        "identifier", flat=True
    )


def test_a_role_handed_over_keeps_its_history(make_user):
    harvest.harvest_models()
    steward = make_user("kis")
    dataset = Dataset.objects.get(identifier="cases.case")
    first, second = EmployeeFactory(), EmployeeFactory()
    team = TeamFactory()
    services.role_assign(
        actor=steward,
        dataset=dataset,
        role=DataRole.BUSINESS_OWNER,
        holder=first,
        valid_from=datetime.date(2026, 1, 1),
    )
    services.role_assign(
        actor=steward,
        dataset=dataset,
        role=DataRole.BUSINESS_OWNER,
        holder=second,
        valid_from=datetime.date(2026, 7, 1),
    )
    services.role_assign(
        actor=steward,
        dataset=dataset,
        role=DataRole.CUSTODIAN,
        holder=team,
        valid_from=datetime.date(2026, 1, 1),
    )

    in_march = {
        (role.role, role.employee or role.team)
        for role in selectors.roles_on(dataset, datetime.date(2026, 3, 1))
    }
    in_august = {
        (role.role, role.employee or role.team)
        for role in selectors.roles_on(dataset, datetime.date(2026, 8, 1))
    }
    assert in_march == {(DataRole.BUSINESS_OWNER, first), (DataRole.CUSTODIAN, team)}
    assert in_august == {(DataRole.BUSINESS_OWNER, second), (DataRole.CUSTODIAN, team)}
    with pytest.raises(DomainError):
        services.role_assign(
            actor=steward,
            dataset=dataset,
            role=DataRole.BUSINESS_OWNER,
            holder=first,
            valid_from=datetime.date(2026, 5, 1),
        )


def test_only_kis_curates_the_catalogue(make_user):
    harvest.harvest_models()
    dataset = Dataset.objects.get(identifier="cases.case")
    with pytest.raises(NotAllowed):
        services.dataset_update(actor=make_user("medewerker"), dataset=dataset, data={"title": "x"})
    with pytest.raises(DomainError):
        services.dataset_update(
            actor=make_user("kis"), dataset=dataset, data={"harvested_title": "x"}
        )


def test_cim_concepts_define_grip_s_terms_and_add_the_missing_ones():
    harvest.harvest_models()
    harvest.load_glossary()
    concepts = read_concepts()
    assert len(concepts) == 35  # skos:Concept in the VTH concept framework

    # "controle" is Grip's own term (DOMAIN.md); it now carries the national definition.
    inspection = GlossaryTerm.objects.get(concept_uri=VTHBEGRIP + "controle")
    assert inspection.source == TermSource.GRIP
    assert inspection.concept_definition.startswith("Beoordeling van de uitvoering")
    assert "enforcement.inspection" in inspection.datasets.values_list("identifier", flat=True)

    # Grip has no term "pand": the concept becomes a term of its own.
    building = GlossaryTerm.objects.get(term="pand")
    assert (building.source, building.concept_uri) == (TermSource.CIM, VTHBEGRIP + "pand")

    # Every concept is linked exactly once, and loading again adds nothing.
    assert GlossaryTerm.objects.exclude(concept_uri="").count() == 35
    assert harvest.load_glossary() == 0
