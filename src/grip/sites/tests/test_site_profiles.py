"""``site_profiles``: what the risk model reads of every site existing on a day."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from grip.sites.selectors import SiteProfile, site_profiles
from grip.sites.tests.factories import SiteFactory, site_type

pytestmark = pytest.mark.django_db

D = datetime.date
AS_OF = D(2026, 6, 30)


@pytest.fixture
def register(asten: Any, eindhoven: Any) -> dict[str, Any]:
    return {
        "farm": SiteFactory(
            participant=asten,
            name="Varkenshouderij Jansen",
            site_type=site_type("inrichting-agrarisch"),
            # Main code first, then the others by code.
            sbi=("0146", "0150", "0111"),
            activities=(
                "mest-opslaan",
                "landbouwhuisdieren-houden",
                "kuilvoer-opslaan:voorgenomen",
                "mest-vergisten:beeindigd",
                "gewassen-telen-kas:gestaakt",
            ),
        ),
        "garage": SiteFactory(
            participant=eindhoven,
            name="Garage De Vries",
            sbi=("4520",),
            activities=(
                "tankstation",
                "stookinstallatie:realisatie",
                "motorvoertuigen-onderhouden",
            ),
        ),
        "terrain": SiteFactory(
            participant=eindhoven,
            name="Evenemententerrein",
            site_type=site_type("terrein-evenemententerrein"),
        ),
        "ends_today": SiteFactory(participant=eindhoven, name="Sluit vandaag", end_date=AS_OF),
        "ended": SiteFactory(
            participant=eindhoven, name="Gesloten", sbi=("2451",), end_date=D(2026, 6, 29)
        ),
        "starts_today": SiteFactory(participant=asten, name="Begint vandaag", start_date=AS_OF),
        "not_yet": SiteFactory(participant=asten, name="Nog niet", start_date=D(2026, 7, 1)),
    }


def test_every_site_existing_on_the_day_with_codes_activities_and_groups(
    register: dict[str, Any], asten: Any, eindhoven: Any
) -> None:
    profiles = site_profiles(as_of=AS_OF)

    assert profiles == [
        SiteProfile(
            site_id=register["farm"].pk,
            participant_id=asten.pk,
            site_type="inrichting-agrarisch",
            sbi_codes=("0146", "0111", "0150"),
            # Planned, in realisation and running count; stopped and ended do not.
            activities=("kuilvoer-opslaan", "landbouwhuisdieren-houden", "mest-opslaan"),
            categories=("agrarisch",),
        ),
        SiteProfile(
            site_id=register["garage"].pk,
            participant_id=eindhoven.pk,
            site_type="inrichting-bedrijf",
            sbi_codes=("4520",),
            activities=("motorvoertuigen-onderhouden", "stookinstallatie", "tankstation"),
            # Each group once, in the order of the activities' codes.
            categories=("mobiliteit", "energie"),
        ),
        SiteProfile(
            site_id=register["terrain"].pk,
            participant_id=eindhoven.pk,
            site_type="terrein-evenemententerrein",
            sbi_codes=(),
            activities=(),
            categories=(),
        ),
        SiteProfile(
            site_id=register["ends_today"].pk,
            participant_id=eindhoven.pk,
            site_type="inrichting-bedrijf",
            sbi_codes=(),
            activities=(),
            categories=(),
        ),
        SiteProfile(
            site_id=register["starts_today"].pk,
            participant_id=asten.pk,
            site_type="inrichting-bedrijf",
            sbi_codes=(),
            activities=(),
            categories=(),
        ),
    ]


def test_ended_and_future_sites_count_on_their_own_days(register: dict[str, Any]) -> None:
    def names(day: datetime.date) -> list[str]:
        ids = [profile.site_id for profile in site_profiles(as_of=day)]
        return sorted(site.name for site in register.values() if site.pk in ids)

    assert names(D(2026, 6, 29)) == [
        "Evenemententerrein",
        "Garage De Vries",
        "Gesloten",
        "Sluit vandaag",
        "Varkenshouderij Jansen",
    ]
    assert names(D(2026, 7, 1)) == [
        "Begint vandaag",
        "Evenemententerrein",
        "Garage De Vries",
        "Nog niet",
        "Varkenshouderij Jansen",
    ]


def test_only_the_participants_asked_for(register: dict[str, Any], asten: Any) -> None:
    profiles = site_profiles(as_of=AS_OF, participant_ids=[asten.pk])

    assert [profile.site_id for profile in profiles] == [
        register["farm"].pk,
        register["starts_today"].pk,
    ]
    assert site_profiles(as_of=AS_OF, participant_ids=[]) == []


def test_three_queries_however_many_sites(
    register: dict[str, Any], eindhoven: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(3):
        assert len(site_profiles(as_of=AS_OF)) == 5
    for number in range(5):
        SiteFactory(
            participant=eindhoven,
            sbi=("2561", "2562"),
            activities=("metaal-oppervlaktebehandeling", "stookinstallatie"),
            name=f"Extra {number}",
        )
    with django_assert_num_queries(3):
        profiles = site_profiles(as_of=AS_OF)
    assert len(profiles) == 10
    assert profiles[-1].sbi_codes == ("2561", "2562")
    assert profiles[-1].categories == ("industrie", "energie")
