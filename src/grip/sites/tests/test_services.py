"""Writing sites, establishments and activities: checked, audited, within the participant."""

from __future__ import annotations

import re

import pytest

from grip.core.audit import history_of
from grip.core.errors import DomainError, NotAllowed
from grip.core.models import AuditAction, AuditRecord
from grip.sites import services
from grip.sites.models import Establishment, EstablishmentSbi, Site, SiteActivity
from grip.sites.tests.factories import SiteFactory, site_type

pytestmark = pytest.mark.django_db


def _data(participant, **overrides):
    data = {
        "name": "Varkenshouderij Jansen, Asten",
        "site_type": site_type("inrichting-agrarisch"),
        "participant": participant,
        "street": "Peeldijk",
        "house_number": "12",
        "postcode": "5721 ab",
        "city": "Asten",
        "bag_id": "0743010000000001",
    }
    data.update(overrides)
    return data


def test_the_beheerder_registers_a_site_with_a_generated_identification(make_user, asten):
    beheerder = make_user("beheerder")
    site = services.site_create(actor=beheerder, data=_data(asten))
    assert site.identification == f"GRIP-VO-{site.pk:06d}"
    assert site.postcode == "5721AB"
    assert site.house_number == 12
    record = history_of(site).get()
    assert record.action == AuditAction.CREATE
    assert record.actor == beheerder
    assert record.after["identification"] == site.identification
    assert record.after["postcode"] == "5721AB"


def test_a_given_identification_is_kept_and_must_be_new(make_user, asten):
    beheerder = make_user("beheerder")
    site = services.site_create(actor=beheerder, data=_data(asten, identification="BRON-17"))
    assert site.identification == "BRON-17"
    with pytest.raises(DomainError) as refused:
        services.site_create(actor=beheerder, data=_data(asten, identification="BRON-17"))
    assert refused.value.message == "Identificatie BRON-17 is al in gebruik."
    assert Site.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"postcode": "5611 SS"}, "postcode", "Postcodes met de letters SS bestaan niet."),
        (
            {"bag_id": "12"},
            "bag_id",
            "'12' is geen BAG-identificatie; dat zijn precies zestien cijfers.",
        ),
        ({"name": ""}, "name", "Vul een naam in."),
        ({"city": ""}, "city", "Vul een plaats in."),
        ({"street": ""}, "street", "Een huisnummer hoort bij een straat."),
        (
            {"street": "", "house_number": ""},
            "street",
            "Vul een adres of een locatieomschrijving in.",
        ),
        (
            {"house_number": "", "house_letter": "a"},
            "house_letter",
            "Een huisletter of toevoeging hoort bij een huisnummer.",
        ),
        ({"site_type": None}, "site_type", "Kies een type."),
    ],
)
def test_a_refused_site_is_not_written(make_user, asten, overrides, field, message):
    with pytest.raises(DomainError) as refused:
        services.site_create(actor=make_user("beheerder"), data=_data(asten, **overrides))
    assert refused.value.field == field
    assert refused.value.message == message
    assert not Site.objects.exists()
    assert not AuditRecord.objects.exists()


def test_a_reader_may_not_register_a_site(make_user, asten):
    with pytest.raises(NotAllowed):
        services.site_create(actor=make_user("medewerker"), data=_data(asten))
    assert not Site.objects.exists()


def test_a_participant_user_never_writes_another_participants_site(make_user, asten, eindhoven):
    from django.contrib.auth.models import Permission

    user = make_user(participant=asten)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="sites", codename__in=["add_site", "change_site"]
        )
    )
    user = type(user).objects.get(pk=user.pk)  # fresh permission cache
    with pytest.raises(NotAllowed):
        services.site_create(actor=user, data=_data(eindhoven, city="Eindhoven"))
    own = services.site_create(actor=user, data=_data(asten))
    with pytest.raises(NotAllowed):
        services.site_update(actor=user, site=own, data={"participant": eindhoven})
    assert Site.objects.get().participant == asten


def test_an_update_records_before_and_after_and_keeps_the_identification(make_user):
    beheerder = make_user("beheerder")
    site = SiteFactory(postcode="5611AB")
    updated = services.site_update(actor=beheerder, site=site, data={"postcode": "5612 cd"})
    assert updated.postcode == "5612CD"
    record = history_of(site).get()
    assert record.action == AuditAction.UPDATE
    assert record.before["postcode"] == "5611AB"
    assert record.after["postcode"] == "5612CD"
    with pytest.raises(DomainError) as refused:
        services.site_update(actor=beheerder, site=site, data={"identification": "ANDERS"})
    assert refused.value.code == "field_not_writable"
    site.refresh_from_db()
    assert site.identification.startswith("TEST-VO-")


def test_an_update_that_breaks_a_rule_changes_nothing(make_user):
    site = SiteFactory(street="Kerkstraat", house_number=3)
    with pytest.raises(DomainError, match=re.escape("Een huisnummer hoort bij een straat.")):
        services.site_update(actor=make_user("beheerder"), site=site, data={"street": ""})
    site.refresh_from_db()
    assert site.street == "Kerkstraat"
    assert not AuditRecord.objects.exists()


def test_the_activities_of_a_site_are_set_with_their_cim_status(make_user):
    beheerder = make_user("beheerder")
    site = SiteFactory(activities=("stookinstallatie", "tankstation"))
    services.site_activities_set(
        actor=beheerder,
        site=site,
        activities={"tankstation": "gestaakt", "lpg-tankstation": "voorgenomen"},
    )
    assert dict(site.activities.values_list("activity__code", "status")) == {
        "tankstation": "gestaakt",
        "lpg-tankstation": "voorgenomen",
    }
    actions = sorted(
        AuditRecord.objects.filter(content_type__model="siteactivity").values_list(
            "action", flat=True
        )
    )
    assert actions == ["create", "delete", "update"]


@pytest.mark.parametrize(
    ("activities", "message"),
    [
        ({"vliegveld": "uitvoering"}, "Activiteit vliegveld is onbekend."),
        ({"tankstation": "bezig"}, "Status bezig bestaat niet"),
    ],
)
def test_an_unknown_activity_or_status_is_refused(make_user, activities, message):
    site = SiteFactory(activities=("stookinstallatie",))
    with pytest.raises(DomainError, match=message):
        services.site_activities_set(actor=make_user("beheerder"), site=site, activities=activities)
    assert list(site.activities.values_list("activity__code", flat=True)) == ["stookinstallatie"]


def test_an_establishment_is_recorded_once_and_brought_up_to_date(make_user):
    beheerder = make_user("beheerder")
    first = services.establishment_save(
        actor=beheerder,
        kvk_number="1234 5678",
        branch_number="000012345678",
        trade_name="Jansen VOF",
        sbi_codes=["0146", "0111"],
    )
    assert first.kvk_number == "12345678"
    assert list(
        EstablishmentSbi.objects.filter(establishment=first)
        .order_by("-is_main", "sbi_code__code")
        .values_list("sbi_code__code", "is_main")
    ) == [("0146", True), ("0111", False)]
    again = services.establishment_save(
        actor=beheerder,
        kvk_number="12345678",
        branch_number="000012345678",
        trade_name="Jansen Varkens VOF",
        sbi_codes=["0111", "0146"],
    )
    assert again.pk == first.pk
    assert Establishment.objects.get().trade_name == "Jansen Varkens VOF"
    assert EstablishmentSbi.objects.get(is_main=True).sbi_code.code == "0111"
    assert history_of(first).filter(action=AuditAction.UPDATE).count() == 1


def test_a_branch_number_of_another_kvk_number_is_refused(make_user):
    beheerder = make_user("beheerder")
    services.establishment_save(
        actor=beheerder, kvk_number="12345678", branch_number="000012345678", trade_name="A"
    )
    with pytest.raises(DomainError) as refused:
        services.establishment_save(
            actor=beheerder, kvk_number="87654321", branch_number="000012345678", trade_name="B"
        )
    assert refused.value.message == "Vestigingsnummer 000012345678 hoort bij KvK-nummer 12345678."
    assert Establishment.objects.get().trade_name == "A"


def test_an_unknown_sbi_code_is_refused(make_user):
    with pytest.raises(DomainError, match=re.escape("SBI-code 9999 is onbekend.")):
        services.establishment_save(
            actor=make_user("beheerder"), kvk_number="12345678", trade_name="A", sbi_codes=["9999"]
        )
    assert not Establishment.objects.exists()
    assert not SiteActivity.objects.exists()
