"""Reading the register: tenancy, the filters and the counts per branch."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from grip.sites import selectors
from grip.sites.tests.factories import SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(asten, eindhoven):
    """Two farms in Asten, a garage and a terrain without establishment in Eindhoven."""
    return {
        "pig_farm": SiteFactory(
            participant=asten,
            name="Varkenshouderij Jansen",
            city="Asten",
            postcode="5721AB",
            sbi=("0146", "0111"),
            activities=("landbouwhuisdieren-houden", "mest-opslaan"),
        ),
        "dairy": SiteFactory(
            participant=asten,
            name="Melkveebedrijf Van Bree",
            city="Heusden",
            postcode="5725CD",
            sbi=("0141",),
            activities=("landbouwhuisdieren-houden:beeindigd",),
        ),
        "garage": SiteFactory(
            participant=eindhoven,
            name="Autobedrijf De Vries",
            street="Hoogstraat",
            sbi=("4520",),
            activities=("motorvoertuigen-onderhouden",),
        ),
        "terrain": SiteFactory(
            participant=eindhoven,
            name="Evenemententerrein Genneper Parken",
            end_date=datetime.date(2020, 1, 1),
        ),
    }


def _names(sites):
    return sorted(site.name for site in sites)


def test_a_participant_user_of_asten_never_sees_eindhovens_sites(make_user, asten, register):
    user = make_user(participant=asten)
    assert _names(selectors.site_list_for(user=user)) == [
        "Melkveebedrijf Van Bree",
        "Varkenshouderij Jansen",
    ]
    with pytest.raises(Http404):
        selectors.site_detail_for(user=user, pk=register["garage"].pk)
    assert selectors.site_detail_for(user=user, pk=register["dairy"].pk) == register["dairy"]
    assert (
        selectors.site_find_for(user=user, identification=register["garage"].identification) is None
    )
    # The filter on another participant answers nothing, not its sites.
    assert not selectors.site_list_for(user=user, participant=register["garage"].participant)


def test_staff_see_every_site_and_anonymous_nothing(make_user, register):
    from django.contrib.auth.models import AnonymousUser

    assert selectors.site_list_for(user=make_user("medewerker")).count() == 4
    assert selectors.site_list_for(user=AnonymousUser()).count() == 0


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"sbi": "0146"}, ["Varkenshouderij Jansen"]),
        ({"sbi": "0111"}, ["Varkenshouderij Jansen"]),  # any of the codes, not only the main one
        ({"sbi": "01"}, ["Melkveebedrijf Van Bree", "Varkenshouderij Jansen"]),
        ({"section": "A"}, ["Melkveebedrijf Van Bree", "Varkenshouderij Jansen"]),
        ({"section": "G"}, ["Autobedrijf De Vries"]),
        # The dairy's activity has ended: it no longer counts as carried out there.
        ({"activity": "landbouwhuisdieren-houden"}, ["Varkenshouderij Jansen"]),
        ({"q": "jansen"}, ["Varkenshouderij Jansen"]),
        ({"q": "5725"}, ["Melkveebedrijf Van Bree"]),
        ({"q": "5725 cd"}, ["Melkveebedrijf Van Bree"]),
        ({"q": "Hoogstraat"}, ["Autobedrijf De Vries"]),
        ({"active": False}, ["Evenemententerrein Genneper Parken"]),
    ],
)
def test_the_filters(make_user, register, filters, expected):
    assert _names(selectors.site_list_for(user=make_user("medewerker"), **filters)) == expected


def test_a_search_on_a_kvk_number(make_user, register):
    kvk = register["garage"].establishment.kvk_number
    assert _names(selectors.site_list_for(user=make_user("medewerker"), q=kvk)) == [
        "Autobedrijf De Vries"
    ]


def test_counts_per_branch_section_within_the_users_scope(make_user, asten, register):
    assert selectors.site_counts_by_section(user=make_user("medewerker")) == {
        "A": 2,
        "G": 1,
        selectors.NO_SECTION: 1,
    }
    assert selectors.site_counts_by_section(user=make_user(participant=asten)) == {"A": 2}
    counts = selectors.site_counts_by_participant_and_section(user=make_user("medewerker"))
    assert counts[(asten.pk, "A")] == 2
    assert counts[(register["garage"].participant_id, "G")] == 1


def test_a_page_of_sites_costs_three_queries_whatever_its_length(make_user, register):
    user = make_user("medewerker")
    selectors.site_list_for(user=user).count()  # the user's participant binding is cached
    for size in (1, 4):
        with CaptureQueriesContext(connection) as queries:
            sites = list(selectors.with_branches(selectors.site_list_for(user=user))[:size])
            for site in sites:
                selectors.main_sbi(site)
                list(site.activities.all())
        assert len(queries) == 3, size


def test_the_main_sbi_code_of_a_site(make_user, register):
    site = selectors.site_detail_for(user=make_user("medewerker"), pk=register["pig_farm"].pk)
    assert selectors.main_sbi(site).sbi_code.code == "0146"
    terrain = selectors.site_detail_for(user=make_user("medewerker"), pk=register["terrain"].pk)
    assert selectors.main_sbi(terrain) is None
