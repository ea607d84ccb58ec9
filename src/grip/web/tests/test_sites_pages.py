"""The pages of the register of supervised sites: the list, a site, the import; in Dutch and
within the user's participant."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grip.sites.models import Site, SiteImport
from grip.sites.tests.factories import SiteFactory

pytestmark = pytest.mark.django_db

LIST = "/toezichtobjecten/"
IMPORT = "/toezichtobjecten/inlezen/"


@pytest.fixture
def register(asten, eindhoven):
    return {
        "farm": SiteFactory(
            participant=asten,
            name="Varkenshouderij Jansen",
            street="Peeldijk",
            house_number=12,
            postcode="5721AB",
            city="Asten",
            bag_id="0743010000000001",
            sbi=("0146", "0111"),
            activities=("landbouwhuisdieren-houden", "mest-opslaan:voorgenomen"),
        ),
        "garage": SiteFactory(
            participant=eindhoven,
            name="Autobedrijf De Vries",
            sbi=("4520",),
            activities=("motorvoertuigen-onderhouden",),
        ),
    }


def test_the_urls_are_dutch():
    assert reverse("web:site-list") == LIST
    assert reverse("web:site-import") == IMPORT
    assert reverse("web:site-detail", args=[7]) == "/toezichtobjecten/7/"


def test_the_list_in_dutch_with_filters_and_branches(client, make_user, register):
    client.force_login(make_user("medewerker"))
    response = client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    for label in ("Toezichtobjecten", "Deelnemer", "Branche (SBI-sectie)", "Activiteit", "Zoeken"):
        assert label in page
    assert "Varkenshouderij Jansen" in page
    assert "Autobedrijf De Vries" in page
    assert "2 toezichtobjecten." in page
    assert 'id="branches"' in page
    assert "Landbouw, bosbouw en visserij</a>: 1" in page
    assert 'href="/toezichtobjecten/"' in page  # the menu
    filtered = client.get(LIST, {"branche": "A"}).content.decode()
    assert "Varkenshouderij Jansen" in filtered
    assert "Autobedrijf De Vries" not in filtered
    assert "1 toezichtobject." in filtered
    searched = client.get(LIST, {"zoek": "5721"}).content.decode()
    assert "Varkenshouderij Jansen" in searched
    assert "Autobedrijf De Vries" not in searched
    by_activity = client.get(LIST, {"activiteit": "motorvoertuigen-onderhouden"}).content.decode()
    assert "Autobedrijf De Vries" in by_activity
    assert "Varkenshouderij Jansen" not in by_activity


def test_the_list_pages(client, make_user, eindhoven):
    SiteFactory.create_batch(51, participant=eindhoven)
    client.force_login(make_user("medewerker"))
    first = client.get(LIST)
    assert first.context["page"].paginator.num_pages == 2
    assert "Pagina 1 van 2" in first.content.decode()
    assert len(client.get(LIST, {"pagina": 2}).context["rows"]) == 1


def test_a_participant_user_sees_only_its_own_sites(client, make_user, asten, register):
    client.force_login(make_user(participant=asten))
    page = client.get(LIST).content.decode()
    assert "Varkenshouderij Jansen" in page
    assert "Autobedrijf De Vries" not in page
    assert 'id="filter-deelnemer"' not in page  # nothing to choose
    # Another participant as a filter is ignored, its sites never shown.
    other = client.get(LIST, {"deelnemer": register["garage"].participant_id}).content.decode()
    assert "Autobedrijf De Vries" not in other
    assert client.get(f"/toezichtobjecten/{register['garage'].pk}/").status_code == 404
    assert client.get(f"/toezichtobjecten/{register['farm'].pk}/").status_code == 200
    assert client.get(IMPORT).status_code == 403


def test_a_sites_page_in_dutch(client, make_user, register):
    client.force_login(make_user("medewerker"))
    response = client.get(f"/toezichtobjecten/{register['farm'].pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Peeldijk 12, 5721 AB Asten" in page
    assert "0743010000000001" in page
    assert "inrichting \u2013 bedrijf" in page
    assert "Asten (GM0743)" in page
    assert register["farm"].establishment.kvk_number in page
    assert "Fokken en houden van varkens" in page
    assert "hoofdactiviteit" in page
    assert "Landbouwhuisdieren houden in een dierenverblijf" in page
    assert "Voorgenomen" in page
    garage = client.get(f"/toezichtobjecten/{register['garage'].pk}/").content.decode()
    assert "Gespecialiseerde reparatie van auto" in garage


def test_anonymous_is_sent_to_log_in(client, register):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "/inloggen/" in response["Location"]


HEADER = "identificatie;naam;type;deelnemer;straat;huisnummer;postcode;plaats"


def upload(*rows: str) -> SimpleUploadedFile:
    data = ("\n".join([HEADER, *rows]) + "\n").encode()
    return SimpleUploadedFile("objecten.csv", data, content_type="text/csv")


def test_the_beheerder_imports_a_file(client, make_user):
    beheerder = make_user("beheerder")
    client.force_login(beheerder)
    page = client.get(LIST).content.decode()
    assert 'href="/toezichtobjecten/inlezen/"' in page
    assert client.get(IMPORT).status_code == 200
    response = client.post(
        IMPORT,
        {"bestand": upload("VO-1;Garage Markt;inrichting-bedrijf;GM0772;Markt;1;5611AB;Eindhoven")},
        follow=True,
    )
    assert response.status_code == 200
    assert "objecten.csv is ingelezen: 1 regels, 1 nieuw, 0 gewijzigd, 0 ongewijzigd." in (
        response.content.decode()
    )
    assert Site.objects.get().identification == "VO-1"
    assert SiteImport.objects.get().imported_by == beheerder


def test_every_problem_is_shown_and_nothing_is_written(client, make_user):
    client.force_login(make_user("beheerder"))
    response = client.post(
        IMPORT,
        {
            "bestand": upload(
                "VO-1;Garage;fabriek;GM0772;Markt;1;5611AB;Eindhoven",
                "VO-2;Garage;inrichting-bedrijf;GM0772;Markt;x;5611 SS;Eindhoven",
            )
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="problemen"' in page
    assert "Type fabriek is onbekend." in page
    assert "is geen huisnummer" in page
    assert "Postcodes met de letters SS bestaan niet." in page
    assert response.context["problem_count"] == 3
    assert not Site.objects.exists()


def test_no_file_is_a_dutch_error(client, make_user):
    client.force_login(make_user("beheerder"))
    response = client.post(IMPORT, {})
    assert response.status_code == 400
    assert "Kies een CSV- of XLSX-bestand om in te lezen." in response.content.decode()
