"""The beheerder's catalogue pages: products, the hourly tariff and copying a year."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from grip.core.models import AuditRecord
from grip.frameworks.models import HourlyTariff, Module, Product
from grip.programmes import services as programme_services

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("web:catalogue")


def _product(year: int, code: str, hours: str = "10") -> Product:
    return Product.objects.create(
        year=year,
        code=code,
        name=f"Product {code}",
        module=Module.objects.get(code="milieu-basistaken"),
        task_kind="toezicht",
        unit="stuk",
        settlement="pxq",
        norm_hours=Decimal(hours),
    )


def _form(year: int = 2025, code: str = "TH-09", **overrides: str) -> dict[str, str]:
    data = {
        "year": str(year),
        "code": code,
        "name": "Controle vuurwerkopslag",
        "module": str(Module.objects.get(code="milieu-basistaken").pk),
        "task_kind": "toezicht",
        "unit": "stuk",
        "settlement": "pxq",
        "norm_hours": "7,5",
    }
    data.update(overrides)
    return data


@pytest.fixture
def beheerder(client, make_user):
    client.force_login(make_user("beheerder"))
    return client


def test_the_beheerder_adds_edits_and_deletes_a_product(beheerder):
    _product(2025, "VV-01")
    page = beheerder.get(CATALOGUE + "?jaar=2025").content.decode()
    assert "Product toevoegen" in page
    assert "Catalogus kopiëren naar 2026" in page

    assert beheerder.get(reverse("web:catalogue-product-create") + "?jaar=2025").status_code == 200
    response = beheerder.post(reverse("web:catalogue-product-create"), _form(), follow=True)
    product = Product.objects.get(year=2025, code="TH-09")
    assert product.norm_hours == Decimal("7.5")
    assert response.redirect_chain[-1][0] == CATALOGUE + "?jaar=2025"
    page = response.content.decode()
    assert "Product TH-09 is toegevoegd" in page
    assert "Controle vuurwerkopslag" in page
    assert AuditRecord.objects.filter(object_id=str(product.pk)).exists()

    edit_url = reverse("web:catalogue-product-update", args=[product.pk])
    assert edit_url in page
    assert "TH-09" in beheerder.get(edit_url).content.decode()
    response = beheerder.post(edit_url, _form(name="Controle opslag", norm_hours="8"), follow=True)
    product.refresh_from_db()
    assert (product.name, product.norm_hours) == ("Controle opslag", Decimal("8"))
    assert "Product TH-09 is opgeslagen" in response.content.decode()

    delete_url = reverse("web:catalogue-product-delete", args=[product.pk])
    assert beheerder.get(delete_url).status_code == 200
    response = beheerder.post(delete_url, follow=True)
    assert not Product.objects.filter(pk=product.pk).exists()
    page = response.content.decode()
    assert "Product TH-09 is verwijderd" in page
    assert "Controle opslag" not in page


def test_the_beheerder_sets_the_tariff(beheerder):
    _product(2025, "VV-01")
    response = beheerder.post(
        reverse("web:catalogue-tariff"), {"year": "2025", "amount": "98,50"}, follow=True
    )
    assert HourlyTariff.objects.get(year=2025).amount == Decimal("98.50")
    assert "Het uurtarief van 2025 is" in response.content.decode()

    beheerder.post(reverse("web:catalogue-tariff"), {"year": "2025", "amount": "99.10"})
    assert HourlyTariff.objects.get(year=2025).amount == Decimal("99.10")


def test_a_tariff_of_zero_is_refused_without_a_change(beheerder):
    response = beheerder.post(reverse("web:catalogue-tariff"), {"year": "2025", "amount": "0"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not HourlyTariff.objects.filter(year=2025).exists()


def test_the_beheerder_copies_a_year_with_indexation(beheerder):
    _product(2025, "VV-01", "40")
    _product(2025, "TH-01", "6")
    HourlyTariff.objects.create(year=2025, amount=Decimal("100.00"))

    response = beheerder.post(
        reverse("web:catalogue-copy"),
        {"year": "2025", "indexation_percent": "3,5"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == CATALOGUE + "?jaar=2026"
    copies = {p.code: p.norm_hours for p in Product.objects.filter(year=2026)}
    assert copies == {"VV-01": Decimal("40"), "TH-01": Decimal("6")}
    assert HourlyTariff.objects.get(year=2026).amount == Decimal("103.50")
    page = response.content.decode()
    assert "Productencatalogus 2026" in page
    assert "gekopieerd" in page

    # Copying again finds 2026 filled: the reason is shown, nothing changes.
    response = beheerder.post(
        reverse("web:catalogue-copy"), {"year": "2025", "indexation_percent": "2"}
    )
    assert response.status_code == 200
    assert "heeft al een catalogus" in response.content.decode()
    assert Product.objects.filter(year=2026).count() == 2


def test_an_indexation_out_of_range_is_shown_at_its_field(beheerder):
    _product(2025, "VV-01")
    HourlyTariff.objects.create(year=2025, amount=Decimal("100.00"))
    response = beheerder.post(
        reverse("web:catalogue-copy"), {"year": "2025", "indexation_percent": "40"}
    )
    page = response.content.decode()
    assert 'id="id_indexation_percent-fout"' in page
    assert "buiten -10 % tot 25 %" in page
    assert not Product.objects.filter(year=2026).exists()


def test_a_duplicate_code_in_the_same_year_re_renders_with_an_error(beheerder):
    _product(2025, "TH-09")
    response = beheerder.post(reverse("web:catalogue-product-create"), _form(code="TH-09"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "utrecht-alert--error" in page or "grip-field-error" in page
    assert "bestaat al" in page
    assert Product.objects.filter(year=2025, code="TH-09").count() == 1
    # The same code in another year is a different product.
    beheerder.post(reverse("web:catalogue-product-create"), _form(year=2026, code="TH-09"))
    assert Product.objects.filter(year=2026, code="TH-09").exists()


def test_a_product_in_a_programme_cannot_be_deleted(client, make_user, world):
    product = world.products["TH-01"]
    version = programme_services.programme_create(
        actor=world.account_manager, participant=world.participant, year=world.year
    )
    programme_services.line_set(
        actor=world.account_manager, version=version, product=product, quantity=3
    )
    client.force_login(make_user("beheerder"))
    response = client.post(reverse("web:catalogue-product-delete", args=[product.pk]))
    assert response.status_code == 409
    assert (
        "Dit product staat in een werkprogramma en kan niet worden verwijderd."
        in response.content.decode()
    )
    assert Product.objects.filter(pk=product.pk).exists()


@pytest.mark.parametrize("role", ["accountmanager", "deelnemer"])
def test_other_roles_are_refused_on_every_page(client, make_user, eindhoven, role):
    product = _product(2025, "VV-01")
    HourlyTariff.objects.create(year=2025, amount=Decimal("100.00"))
    user = make_user(participant=eindhoven) if role == "deelnemer" else make_user(role)
    client.force_login(user)
    posts = {
        reverse("web:catalogue-product-create"): _form(code="XX-01"),
        reverse("web:catalogue-product-update", args=[product.pk]): _form(code="VV-01", name="X"),
        reverse("web:catalogue-product-delete", args=[product.pk]): {},
        reverse("web:catalogue-tariff"): {"year": "2025", "amount": "1"},
        reverse("web:catalogue-copy"): {"year": "2025", "indexation_percent": "2"},
    }
    for url, data in posts.items():
        assert client.get(url).status_code == 403, url
        assert client.post(url, data).status_code == 403, url

    product.refresh_from_db()
    assert product.name == "Product VV-01"
    assert list(Product.objects.values_list("code", flat=True)) == ["VV-01"]
    assert HourlyTariff.objects.get().amount == Decimal("100.00")
    if user.has_perm("frameworks.view_product"):
        page = client.get(CATALOGUE).content.decode()
        assert "Product toevoegen" not in page
        assert "Wijzigen" not in page
