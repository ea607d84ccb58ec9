"""Supervised sites through the API: tenancy, filters, cursor pages, reference lists, import."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from grip.sites.models import Site
from grip.sites.tests.factories import SiteFactory

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"
URL = "/api/v1/sites/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def register(asten, eindhoven):
    return {
        "farm": SiteFactory(
            participant=asten,
            identification="VO-A1",
            name="Varkenshouderij Jansen",
            city="Asten",
            postcode="5721AB",
            sbi=("0146", "0111"),
            activities=("landbouwhuisdieren-houden", "mest-opslaan:voorgenomen"),
        ),
        "garage": SiteFactory(
            participant=eindhoven,
            identification="VO-E1",
            name="Autobedrijf De Vries",
            sbi=("4520",),
            activities=("motorvoertuigen-onderhouden",),
        ),
        "terrain": SiteFactory(participant=eindhoven, identification="VO-E2", name="Terrein"),
    }


@pytest.mark.parametrize(
    ("role", "status"), [(None, 401), ("medewerker", 200), ("bestuur", 200), ("beheerder", 200)]
)
def test_who_may_read_sites(api_as, register, role, status):
    assert api_as(role).get(URL).status_code == status


def test_a_participant_user_reads_only_its_own_sites(make_user, asten, register):
    client = client_for(make_user(participant=asten))
    response = client.get(URL)
    assert response.status_code == 200
    assert [site["identification"] for site in response.json()["results"]] == ["VO-A1"]
    assert client.get(f"{URL}{register['garage'].pk}/").status_code == 404
    assert client.get(f"{URL}{register['farm'].pk}/").status_code == 200
    # Asking for another participant gives an empty list, never its sites.
    other = client.get(URL, {"participant": register["garage"].participant_id})
    assert other.json()["results"] == []


def test_a_site_in_full(api_as, register):
    body = api_as("medewerker").get(f"{URL}{register['farm'].pk}/").json()
    assert body["identification"] == "VO-A1"
    assert body["site_type"] == "inrichting-bedrijf"
    assert body["participant_code"] == "GM0743"
    assert body["postcode"] == "5721AB"
    assert body["is_active"] is True
    establishment = body["establishment"]
    assert [(code["code"], code["is_main"]) for code in establishment["sbi_codes"]] == [
        ("0146", True),
        ("0111", False),
    ]
    assert establishment["sbi_codes"][0]["section"] == "A"
    assert {(item["code"], item["status"]) for item in body["activities"]} == {
        ("landbouwhuisdieren-houden", "uitvoering"),
        ("mest-opslaan", "voorgenomen"),
    }
    terrain = api_as("medewerker").get(f"{URL}{register['terrain'].pk}/").json()
    assert terrain["establishment"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"sbi": "01"}, ["VO-A1"]),
        ({"section": "G"}, ["VO-E1"]),
        ({"activity": "motorvoertuigen-onderhouden"}, ["VO-E1"]),
        ({"activity": "mest-opslaan"}, ["VO-A1"]),
        ({"q": "vries"}, ["VO-E1"]),
        ({"active": "true"}, ["VO-A1", "VO-E1", "VO-E2"]),
        ({"active": "false"}, []),
    ],
)
def test_the_list_filters(api_as, register, query, expected):
    response = api_as("medewerker").get(URL, query)
    assert [site["identification"] for site in response.json()["results"]] == expected


@pytest.mark.parametrize("query", [{"section": "Z"}, {"participant": "x"}, {"active": "ja"}])
def test_a_wrong_filter_is_a_400(api_as, register, query):
    response = api_as("medewerker").get(URL, query)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM


def test_cursor_pages_in_identification_order(api_as, register):
    client = api_as("medewerker")
    first = client.get(URL, {"page_size": 2}).json()
    assert [site["identification"] for site in first["results"]] == ["VO-A1", "VO-E1"]
    assert "count" not in first
    second = client.get(first["next"]).json()
    assert [site["identification"] for site in second["results"]] == ["VO-E2"]
    assert second["next"] is None


def test_a_page_costs_the_same_queries_whatever_its_length(make_user, register):
    client = client_for(make_user("medewerker"))
    client.get(URL)  # warm the permission and content-type caches
    counts = []
    for size in (1, 3):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"page_size": size}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 6


def test_the_reference_lists(api_as):
    client = api_as("deelnemer")
    sections = client.get("/api/v1/sbi-codes/", {"section": "E", "page_size": 100}).json()
    assert {code["code"][:2] for code in sections["results"]} <= {"36", "37", "38", "39"}
    assert client.get("/api/v1/sbi-codes/0146/").json()["name"] == "Fokken en houden van varkens"
    activity = client.get("/api/v1/bal-activities/tankstation/").json()
    assert activity == {
        "code": "tankstation",
        "name": "Tankstation voor motorvoertuigen",
        "category": "mobiliteit",
        "bal_reference": "",
    }
    site_type = client.get("/api/v1/site-types/inrichting-agrarisch/").json()
    assert (site_type["main_type"], site_type["subtype"]) == ("inrichting", "agrarisch bedrijf")
    assert client.get("/api/v1/sbi-codes/9999/").status_code == 404


HEADER = "identificatie;naam;type;deelnemer;straat;huisnummer;postcode;plaats;kvk_nummer;sbi_codes"


def upload(*rows: str) -> dict[str, SimpleUploadedFile]:
    data = ("\n".join([HEADER, *rows]) + "\n").encode()
    return {"file": SimpleUploadedFile("objecten.csv", data, content_type="text/csv")}


def test_the_beheerder_imports_a_file(api_as):
    response = api_as("beheerder").post(
        f"{URL}import/",
        upload("VO-9;Garage;inrichting-bedrijf;GM0772;Markt;1;5611AB;Eindhoven;12345678;4520"),
        format="multipart",
    )
    assert response.status_code == 200
    assert response.json() == {
        "rows": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "establishments_created": 1,
        "establishments_updated": 0,
    }
    assert Site.objects.get().identification == "VO-9"


def test_a_refused_file_names_every_problem_and_writes_nothing(api_as):
    response = api_as("beheerder").post(
        f"{URL}import/",
        upload(
            "VO-9;Garage;inrichting-bedrijf;GM0772;Markt;1;5611 SS;Eindhoven;123;4520",
            "VO-10;Garage;fabriek;GM0772;Markt;2;5611AB;Eindhoven;12345678;4520",
        ),
        format="multipart",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["code"] == "import_rejected"
    assert [(item["name"], item["reason"]) for item in body["invalid_params"]] == [
        ("objecten.csv, regel 2, kolom postcode", "Postcodes met de letters SS bestaan niet."),
        (
            "objecten.csv, regel 2, kolom kvk_nummer",
            "'123' is geen KvK-nummer; dat zijn precies acht cijfers.",
        ),
        ("objecten.csv, regel 3, kolom type", "Type fabriek is onbekend."),
    ]
    assert not Site.objects.exists()


@pytest.mark.parametrize("role", ["medewerker", "deelnemer", "bestuur"])
def test_only_the_beheerder_imports(api_as, role):
    response = api_as(role).post(
        f"{URL}import/",
        upload("VO-9;Garage;inrichting-bedrijf;GM0772;Markt;1;5611AB;Eindhoven;12345678;4520"),
        format="multipart",
    )
    assert response.status_code == 403
    assert not Site.objects.exists()


def test_sites_cannot_be_written_through_the_list(api_as):
    assert api_as("beheerder").post(URL, {"name": "x"}).status_code == 405
