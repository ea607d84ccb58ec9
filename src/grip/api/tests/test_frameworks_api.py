"""The catalogue through the API and the page: everyone reads, the beheerder writes."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from grip.core.demodata import SCALES, DemoContext, Progress
from grip.frameworks.demo import generate_framework
from grip.frameworks.models import HourlyTariff, ModulePlacement, Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_catalogue():
    """Only the demo's framework step: the catalogue needs no staff or programmes."""
    generate_framework(DemoContext(SCALES["small"], 3, 2026, Progress(io.StringIO())))


def test_the_demo_has_two_years_of_catalogue_and_placements(demo_catalogue):
    assert (
        Product.objects.filter(year=2025).count() == Product.objects.filter(year=2026).count() >= 40
    )
    assert HourlyTariff.objects.get(year=2026).amount == Decimal("101.65")
    assert ModulePlacement.objects.filter(year=2026, module__code="milieu-basistaken").count() == 22


@pytest.mark.parametrize(("role", "status"), [("deelnemer", 200), ("bestuur", 200), (None, 403)])
def test_everyone_in_a_role_reads_the_catalogue(
    make_user, api_client, eindhoven, demo_catalogue, role, status
):
    user = make_user(participant=eindhoven) if role == "deelnemer" else make_user(role)
    api_client.force_authenticate(user)
    response = api_client.get("/api/v1/products/?year=2026")
    assert response.status_code == status
    if status == 200:
        assert response.json()["count"] == Product.objects.filter(year=2026).count()


def test_copy_to_next_year_through_the_api(api_as, demo_catalogue):
    response = api_as("beheerder").post(
        "/api/v1/products/copy-to-next-year/",
        {"year": 2026, "indexation_percent": "2.50"},
        format="json",
    )
    assert response.status_code == 201
    assert len(response.json()) == Product.objects.filter(year=2026).count()
    assert HourlyTariff.objects.get(year=2027).amount == Decimal("104.19")

    again = api_as("beheerder").post(
        "/api/v1/products/copy-to-next-year/",
        {"year": 2026, "indexation_percent": "2.50"},
        format="json",
    )
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    assert again.json()["code"] == "target_year_not_empty"


def test_an_account_manager_cannot_change_the_catalogue(api_as, demo_catalogue):
    product = Product.objects.get(year=2026, code="VV-01")
    response = api_as("accountmanager").patch(
        f"/api/v1/products/{product.pk}/", {"norm_hours": "99"}, format="json"
    )
    assert response.status_code == 403
    product.refresh_from_db()
    assert product.norm_hours == Decimal("40.00")


def test_the_catalogue_page_per_year(client, make_user, demo_catalogue):
    client.force_login(make_user("medewerker"))
    html = client.get(reverse("web:catalogue") + "?jaar=2025").content.decode()
    assert "Productencatalogus 2025" in html
    assert "€ 98.50" in html or "€ 98,50" in html
    assert "Periodieke controle milieubelastende activiteit, categorie 1" in html
    newest = client.get(reverse("web:catalogue")).content.decode()
    assert "Productencatalogus 2026" in newest


def test_the_catalogue_page_without_a_catalogue(client, make_user):
    client.force_login(make_user("medewerker"))
    assert "nog geen productencatalogus" in client.get(reverse("web:catalogue")).content.decode()


def test_a_filter_that_is_not_a_number_is_a_400_naming_it(api_as):
    response = api_as("bestuur").get("/api/v1/products/?year=twintig")
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "year"
