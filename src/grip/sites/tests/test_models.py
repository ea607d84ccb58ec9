"""The value rules of a site and an establishment, the reference lists and the row invariants."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from grip.core.errors import DomainError
from grip.sites import validation
from grip.sites.constants import ActivityCategory, SbiSection, sbi_section_of
from grip.sites.models import (
    BalActivity,
    Establishment,
    EstablishmentSbi,
    SbiCode,
    Site,
    SiteType,
)
from grip.sites.tests.factories import EstablishmentFactory, SiteFactory, sbi


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("5611 AB", "5611AB"),
        ("5611ab", "5611AB"),
        (" 5721 cd ", "5721CD"),
        ("", ""),
    ],
)
def test_a_postcode_is_stored_as_the_bag_writes_it(typed, stored):
    assert validation.clean_postcode(typed) == stored


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("0611 AB", "geen Nederlandse postcode"),
        ("5611", "geen Nederlandse postcode"),
        ("5611 A", "geen Nederlandse postcode"),
        ("56111 AB", "geen Nederlandse postcode"),
        ("5611-AB", "geen Nederlandse postcode"),
        ("5611 SS", "Postcodes met de letters SS bestaan niet."),
        ("5611 sa", "Postcodes met de letters SA bestaan niet."),
        ("5611 SD", "Postcodes met de letters SD bestaan niet."),
    ],
)
def test_a_wrong_postcode_is_refused_in_dutch(typed, reason):
    with pytest.raises(DomainError) as refused:
        validation.clean_postcode(typed)
    assert reason in refused.value.message
    assert refused.value.field == "postcode"


def test_a_postcode_is_shown_with_a_space():
    assert validation.format_postcode("5611AB") == "5611 AB"
    assert validation.format_postcode("") == ""


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("12345678", "12345678"), ("1234 5678", "12345678"), ("01.23.45.67", "01234567")],
)
def test_a_kvk_number_is_eight_digits(typed, stored):
    assert validation.clean_kvk_number(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Vul een KvK-nummer in."),
        ("1234567", "'1234567' is geen KvK-nummer; dat zijn precies acht cijfers."),
        ("123456789", "'123456789' is geen KvK-nummer; dat zijn precies acht cijfers."),
        ("1234567A", "'1234567A' is geen KvK-nummer; dat zijn precies acht cijfers."),
    ],
)
def test_a_wrong_kvk_number_is_refused(typed, message):
    with pytest.raises(DomainError) as refused:
        validation.clean_kvk_number(typed)
    assert refused.value.message == message


def test_a_branch_number_is_twelve_digits_or_nothing():
    assert validation.clean_branch_number("000012345678") == "000012345678"
    assert validation.clean_branch_number("") is None
    with pytest.raises(DomainError, match="twaalf cijfers"):
        validation.clean_branch_number("12345678")


@pytest.mark.parametrize(
    "bag_id",
    ["0772010000123456", "0772200000123456", "0772020000000001", "0743030000000001", ""],
)
def test_a_bag_id_of_an_address_is_accepted(bag_id):
    assert validation.clean_bag_id(bag_id) == bag_id


@pytest.mark.parametrize(
    ("bag_id", "reason"),
    [
        ("077201000012345", "precies zestien cijfers"),
        ("07720100001234567", "precies zestien cijfers"),
        ("0772100000123456", "is geen adres"),  # 10: a pand, not an address
        ("0772300000123456", "is geen adres"),  # 30: an openbare ruimte
    ],
)
def test_a_bag_id_that_is_no_address_is_refused(bag_id, reason):
    with pytest.raises(DomainError) as refused:
        validation.clean_bag_id(bag_id)
    assert reason in refused.value.message


@pytest.mark.parametrize("identification", ["GRIP-VO-000123", "nl-vthflo.123_4", "A"])
def test_an_identification_of_letters_digits_dots_and_dashes(identification):
    assert validation.clean_identification(identification) == identification


@pytest.mark.parametrize("identification", ["", "-VO-1", "VO 1", "VO/1", "x" * 65])
def test_a_wrong_identification_is_refused(identification):
    with pytest.raises(DomainError):
        validation.clean_identification(identification)


def test_house_number_letter_and_addition():
    assert validation.clean_house_number("12") == 12
    assert validation.clean_house_number("") is None
    assert validation.clean_house_letter("a") == "A"
    assert validation.clean_house_number_addition("bis") == "BIS"
    for wrong in ("0", "12a", "100000"):
        with pytest.raises(DomainError, match="geen huisnummer"):
            validation.clean_house_number(wrong)
    with pytest.raises(DomainError, match="geen huisletter"):
        validation.clean_house_letter("ab")
    with pytest.raises(DomainError, match="geen huisnummertoevoeging"):
        validation.clean_house_number_addition("12345")


@pytest.mark.parametrize(
    ("code", "section"),
    [
        ("0146", "A"),
        ("0812", "B"),
        ("2562", "C"),
        ("3511", "D"),
        ("3811", "E"),
        ("4120", "F"),
        ("4730", "G"),
        ("5210", "H"),
        ("5610", "I"),
        ("7500", "M"),
        ("8411", "O"),
        ("9603", "S"),
        ("04", None),
        ("x1", None),
    ],
)
def test_the_section_of_an_sbi_code(code, section):
    assert sbi_section_of(code) == section


@pytest.mark.django_db
def test_the_reference_lists_are_loaded_and_consistent():
    codes = list(SbiCode.objects.all())
    assert 60 <= len(codes) <= 120
    assert all(code.section == sbi_section_of(code.code) for code in codes)
    assert {code.section for code in codes} <= set(SbiSection.values)
    assert sbi("0146").name == "Fokken en houden van varkens"
    assert sbi("4730").name == "Benzinestations"
    activities = list(BalActivity.objects.all())
    assert len(activities) >= 30
    assert {activity.category for activity in activities} == set(ActivityCategory.values)
    assert BalActivity.objects.get(code="tankstation").category == "mobiliteit"
    assert SiteType.objects.filter(main_type="inrichting").count() >= 4
    assert SiteType.objects.get(code="inrichting-agrarisch").subtype == "agrarisch bedrijf"


@pytest.mark.django_db
def test_a_site_shows_its_address_as_on_an_envelope():
    site = SiteFactory(
        street="Peeldijk",
        house_number=12,
        house_letter="A",
        house_number_addition="2",
        postcode="5721AB",
        city="Asten",
    )
    assert site.address == "Peeldijk 12a-2, 5721 AB Asten"
    assert site.is_active
    bare = SiteFactory(
        street="",
        house_number=None,
        postcode="",
        city="Deurne",
        location_description="Nabij de Peel",
    )
    assert bare.address == "Deurne"


@pytest.mark.django_db
def test_the_database_refuses_what_the_rules_refuse():
    for field, value in (("postcode", "0611AB"), ("bag_id", "123")):
        with pytest.raises(IntegrityError), transaction.atomic():
            SiteFactory(**{field: value})
    with pytest.raises(IntegrityError), transaction.atomic():
        EstablishmentFactory(kvk_number="1234")
    with pytest.raises(IntegrityError), transaction.atomic():
        EstablishmentFactory(branch_number="12")
    assert not Site.objects.exists()
    assert not Establishment.objects.exists()


@pytest.mark.django_db
def test_a_branch_number_is_unique_and_only_one_main_sbi_code():
    establishment = EstablishmentFactory(branch_number="000012345678", sbi=("0146",))
    with pytest.raises(IntegrityError), transaction.atomic():
        EstablishmentFactory(branch_number="000012345678")
    # Without a vestigingsnummer, one row per KvK number (the company itself).
    EstablishmentFactory(kvk_number="22222222", branch_number=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        EstablishmentFactory(kvk_number="22222222", branch_number=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        EstablishmentSbi.objects.create(
            establishment=establishment, sbi_code=sbi("0111"), is_main=True
        )
    assert establishment.sbi_links.count() == 1


@pytest.mark.django_db
def test_the_reference_data_migration_goes_back_and_forth():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("grip.sites.migrations.0002_reference_data")
    counts = (SbiCode.objects.count(), BalActivity.objects.count(), SiteType.objects.count())
    migration.unload(apps, None)
    assert (SbiCode.objects.count(), BalActivity.objects.count(), SiteType.objects.count()) == (
        0,
        0,
        0,
    )
    migration.load(apps, None)
    assert (
        SbiCode.objects.count(),
        BalActivity.objects.count(),
        SiteType.objects.count(),
    ) == counts
