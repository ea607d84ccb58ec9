"""External datasets: registered by hand, columns kept by people, seeded, never harvested; and
the personal-data seed the harvest applies to new columns."""

from __future__ import annotations

import pytest
from django.apps import apps

from grip.core.audit import history_of
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.dataplatform import external, harvest, services
from grip.dataplatform.models import Column, Dataset, DatasetKind, PersonalData

pytestmark = pytest.mark.django_db


def _register(actor, slug="zaaksysteem", **data):
    return services.external_dataset_register(
        actor=actor,
        identifier_slug=slug,
        title="Zaakexport VTH-systeem",
        description="De export van het VTH-systeem.",
        landing_page="https://vth.example/export",
        data=data,
    )


def test_kis_and_beheerder_register_an_external_dataset(make_user):
    dataset = _register(make_user("kis"), theme="ENVI", access_rights="beperkt")
    assert dataset.identifier == "extern:zaaksysteem"
    assert dataset.kind == DatasetKind.EXTERNAL
    assert (dataset.theme, dataset.access_rights) == ("ENVI", "beperkt")
    assert dataset.landing_page == "https://vth.example/export"
    assert history_of(dataset).get().action == "create"
    assert _register(make_user("beheerder"), slug="extern:LHD").identifier == "extern:lhd"


def test_registering_is_refused_without_the_permission_or_with_a_bad_name(make_user):
    with pytest.raises(NotAllowed):
        _register(make_user("medewerker"))
    kis = make_user("kis")
    with pytest.raises(DomainError) as bad:
        _register(kis, slug="Zaak export!")
    assert bad.value.field == "identifier_slug"
    _register(kis)
    with pytest.raises(Conflict):
        _register(kis)
    with pytest.raises(DomainError) as harvested:
        _register(kis, slug="other", model_label="cases.Case")
    assert harvested.value.field == "model_label"
    assert Dataset.objects.filter(identifier__startswith="extern:other").count() == 0


def test_columns_of_an_external_dataset_are_added_changed_and_removed(make_user):
    kis = make_user("kis")
    dataset = _register(kis)
    first = services.external_column_add(
        actor=kis, dataset=dataset, data={"name": "zaaknummer", "data_type": "tekst"}
    )
    second = services.external_column_add(
        actor=kis,
        dataset=dataset,
        data={"name": "aanvrager", "personal_data": PersonalData.PERSONAL, "nullable": True},
    )
    assert (first.position, second.position) == (0, 1)
    with pytest.raises(Conflict):
        services.external_column_add(actor=kis, dataset=dataset, data={"name": "zaaknummer"})
    services.external_column_update(actor=kis, column=first, data={"data_type": "tekst (12)"})
    assert Column.objects.get(pk=first.pk).data_type == "tekst (12)"
    removed_pk = second.pk
    services.external_column_remove(actor=kis, column=second)
    assert list(dataset.columns.values_list("name", flat=True)) == ["zaaknummer"]
    second.pk = removed_pk
    assert [record.action for record in history_of(second)] == ["delete", "create"]
    with pytest.raises(NotAllowed):
        services.external_column_remove(actor=make_user("medewerker"), column=first)


def test_a_harvested_table_gets_no_columns_by_hand(make_user):
    harvest.harvest_models()
    kis = make_user("kis")
    case = Dataset.objects.get(identifier="cases.case")
    with pytest.raises(DomainError) as refused:
        services.external_column_add(actor=kis, dataset=case, data={"name": "extra"})
    assert refused.value.code == "not_external"
    with pytest.raises(DomainError):
        services.external_column_remove(actor=kis, column=case.columns.get(name="status"))


def test_the_harvest_leaves_external_datasets_alone(make_user):
    kis = make_user("kis")
    dataset = _register(kis)
    services.external_column_add(actor=kis, dataset=dataset, data={"name": "zaaknummer"})
    harvest.harvest_models()
    harvest.harvest_models()
    dataset.refresh_from_db()
    assert dataset.present is True
    assert dataset.harvested_at is None
    assert list(dataset.columns.values_list("name", "present")) == [("zaaknummer", True)]


def test_the_usual_sources_are_seeded_once_and_never_overwritten(make_user):
    # ``migrate`` seeded the test database already; start from none.
    Dataset.objects.filter(kind=DatasetKind.EXTERNAL).delete()
    assert external.load_external_datasets() == 6
    bag = Dataset.objects.get(identifier="extern:bag")
    assert bag.kind == DatasetKind.EXTERNAL
    assert bag.landing_page.startswith("https://www.geobasisregistraties.nl/")
    identificatie = bag.columns.get(name="identificatie")
    assert "16 cijfers" in identificatie.help_text
    assert list(bag.columns.values_list("name", flat=True))[:3] == [
        "identificatie",
        "postcode",
        "huisnummer",
    ]
    services.external_dataset_update(
        actor=make_user("kis"), dataset=bag, data={"title": "BAG (eigen titel)"}
    )
    bag.columns.get(name="woonplaats").delete()
    assert external.load_external_datasets() == 0
    bag.refresh_from_db()
    assert bag.title == "BAG (eigen titel)"
    assert not bag.columns.filter(name="woonplaats").exists()
    identifiers = set(Dataset.objects.values_list("identifier", flat=True))
    assert {
        "extern:vth-export",
        "extern:tijdschrijf-export",
        "extern:hr-kvk",
        "extern:dso-omgevingsloket",
        "extern:sbi-cbs",
    } <= identifiers


def test_every_seeded_personal_column_exists_in_the_code():
    for (identifier, column), (kind, treatment) in harvest.personal_column_seed().items():
        model = apps.get_model(identifier)
        names = {field.attname for field in model._meta.concrete_fields}
        assert column in names, (identifier, column)
        assert kind in PersonalData.values
        assert treatment in {"pseudonymise", "omit"}


def test_the_harvest_classifies_seeded_columns_when_they_are_created():
    harvest.harvest_models()
    case = Dataset.objects.get(identifier="cases.case")
    assert case.columns.get(name="person_name").personal_data == PersonalData.PERSONAL
    assert case.columns.get(name="status").personal_data == PersonalData.NONE
    contact = Dataset.objects.get(identifier="participants.contactperson")
    assert set(
        contact.columns.filter(personal_data=PersonalData.PERSONAL).values_list("name", flat=True)
    ) == {"name", "email", "phone"}


def test_an_existing_untouched_column_gets_the_seed_but_a_choice_is_kept(make_user):
    harvest.harvest_models()
    kis = make_user("kis")
    case = Dataset.objects.get(identifier="cases.case")
    # A database harvested before the seed existed: the default, and nobody chose it.
    Column.objects.filter(dataset=case, name="person_name").update(personal_data="geen")
    # A person looked and decided: not personal (recorded in the audit trail).
    contact = case.columns.get(name="person_contact")
    services.column_update(actor=kis, column=contact, data={"personal_data": "bijzonder"})
    services.column_update(actor=kis, column=contact, data={"personal_data": "geen"})
    harvest.harvest_models()
    assert case.columns.get(name="person_name").personal_data == PersonalData.PERSONAL
    assert case.columns.get(name="person_contact").personal_data == PersonalData.NONE
