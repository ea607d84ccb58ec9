"""The data catalogue pages: the dataset list and search, one dataset with its columns, roles
and history, the forms of the KIS role, and the glossary."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from grip.dataplatform import harvest
from grip.dataplatform.models import Column, DataRole, Dataset, GlossaryTerm
from grip.organisation.tests.factories import EmployeeFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalogue() -> None:
    harvest.harvest_models()
    harvest.load_glossary()


@pytest.fixture
def case_dataset() -> Dataset:
    return Dataset.objects.get(identifier="cases.case")


@pytest.fixture
def kis(client: Any, make_user: Any) -> Any:
    client.force_login(make_user("kis"))
    return client


@pytest.fixture
def staff(client: Any, make_user: Any) -> Any:
    client.force_login(make_user("medewerker"))
    return client


def text(response: Any) -> str:
    return str(response.content.decode())


@pytest.mark.parametrize("url_name", ["dataset-list", "glossary"])
def test_a_participant_user_may_not_read_the_catalogue(
    client: Any, make_user: Any, eindhoven: Any, case_dataset: Dataset, url_name: str
) -> None:
    client.force_login(make_user(participant=eindhoven))
    assert client.get(reverse(f"web:{url_name}")).status_code == 403
    detail = reverse("web:dataset-detail", args=[case_dataset.pk])
    assert client.get(detail).status_code == 403


def test_the_list_shows_every_dataset_with_its_columns_and_menu_item(kis: Any) -> None:
    response = kis.get(reverse("web:dataset-list"))
    assert response.status_code == 200
    page = text(response)
    assert "Datacatalogus" in page
    assert f"{Dataset.objects.count()} datasets." in page
    assert f'href="{reverse("web:dataset-list")}"' in page  # the menu item
    first = response.context["page"][0]
    assert first.column_count == first.columns.filter(present=True).count() > 0
    case = kis.get(reverse("web:dataset-list"), {"q": "cases.case"}).context["page"]
    rows = {dataset.identifier: dataset for dataset in case}
    expected = Dataset.objects.get(identifier="cases.case").columns.filter(present=True).count()
    assert rows["cases.case"].column_count == expected
    assert response.context["page"].paginator.count > 50
    assert "pagina=2" in page


def test_search_and_domain_filter(staff: Any, case_dataset: Dataset) -> None:
    response = staff.get(reverse("web:dataset-list"), {"q": "cases.case"})
    found = [dataset.identifier for dataset in response.context["page"]]
    assert "cases.case" in found
    assert all("case" in identifier for identifier in found)
    assert case_dataset.display_title in text(response)

    by_domain = staff.get(reverse("web:dataset-list"), {"domein": "hours"})
    domains = {dataset.domain for dataset in by_domain.context["page"]}
    assert domains == {"hours"}
    assert 'value="hours" selected' in text(by_domain)

    nothing = staff.get(reverse("web:dataset-list"), {"q": "bestaat-zeker-niet-xyz"})
    assert "0 datasets." in text(nothing)


def test_a_member_of_staff_reads_the_dataset_without_forms(
    staff: Any, case_dataset: Dataset
) -> None:
    response = staff.get(reverse("web:dataset-detail", args=[case_dataset.pk]))
    assert response.status_code == 200
    page = text(response)
    assert "Metadata (DCAT-AP-NL)" in page
    assert 'id="kolommen"' in page
    assert "participant_id" in page
    for form_id in ("dataset-wijzigen", "rol-toewijzen", '-wijzigen" action'):
        assert form_id not in page
    assert "/datacatalogus/kolommen/" not in page


def test_the_glossary_shows_terms_and_linked_datasets(staff: Any) -> None:
    term = GlossaryTerm.objects.filter(datasets__isnull=False).first()
    response = staff.get(reverse("web:glossary"))
    assert response.status_code == 200
    page = text(response)
    assert term is not None
    assert term.term in page
    linked = term.datasets.first()
    assert linked is not None
    assert reverse("web:dataset-detail", args=[linked.pk]) in page


def test_kis_edits_the_metadata_and_it_shows_in_the_history(
    kis: Any, case_dataset: Dataset
) -> None:
    detail = reverse("web:dataset-detail", args=[case_dataset.pk])
    page = text(kis.get(detail))
    assert 'id="dataset-wijzigen"' in page
    assert 'id="rol-toewijzen"' in page
    data = {
        "title": "Zaken van de omgevingsdienst",
        "description": "Alle zaken.",
        "publisher": "Omgevingsdienst",
        "creator": "",
        "contact_point": "data@example.nl",
        "theme": "ENVI",
        "access_rights": "niet_publiek",
        "confidentiality": case_dataset.confidentiality,
        "refresh_frequency": "dagelijks",
        "lifecycle_status": "in_gebruik",
        "retention": "Selectielijst 2020",
    }
    response = kis.post(reverse("web:dataset-update", args=[case_dataset.pk]), data)
    assert response.status_code == 302
    case_dataset.refresh_from_db()
    assert case_dataset.title == "Zaken van de omgevingsdienst"
    assert case_dataset.refresh_frequency == "dagelijks"
    page = text(kis.get(detail))
    assert "Zaken van de omgevingsdienst" in page
    history = page.split('id="historie"')[1]
    assert "title" in history
    assert "contact_point" in history


def test_an_invalid_value_is_shown_at_its_field(kis: Any, case_dataset: Dataset) -> None:
    response = kis.post(
        reverse("web:dataset-update", args=[case_dataset.pk]),
        {"contact_point": "geen-adres", "access_rights": "publiek"},
    )
    assert response.status_code == 422
    page = text(response)
    assert 'id="id_contact_point-fout"' in page
    assert 'aria-invalid="true"' in page
    case_dataset.refresh_from_db()
    assert case_dataset.contact_point == ""


def test_kis_classifies_a_column(kis: Any, case_dataset: Dataset) -> None:
    column = case_dataset.columns.get(name="status")
    url = reverse("web:column-update", args=[column.pk])
    prefix = f"kolom{column.pk}"
    response = kis.post(
        url, {f"{prefix}-description": "Waar de zaak staat.", f"{prefix}-personal_data": "geen"}
    )
    assert response.status_code == 302
    column.refresh_from_db()
    assert column.description == "Waar de zaak staat."

    wrong = kis.post(url, {f"{prefix}-personal_data": "onzin"})
    assert wrong.status_code == 422
    assert f'id="id_{prefix}-personal_data-fout"' in text(wrong)


def test_a_role_handover_shows_today_and_in_the_history(kis: Any, case_dataset: Dataset) -> None:
    today = timezone.localdate()
    first: Any = EmployeeFactory(first_name="Eva", last_name="Eigenaar")
    team: Any = TeamFactory(name="Team Data")
    url = reverse("web:dataset-role-assign", args=[case_dataset.pk])
    earlier = today - datetime.timedelta(days=30)
    assert (
        kis.post(
            url, {"role": DataRole.BUSINESS_OWNER, "employee": first.pk, "valid_from": earlier}
        ).status_code
        == 302
    )
    assert (
        kis.post(
            url, {"role": DataRole.BUSINESS_OWNER, "team": team.pk, "valid_from": today}
        ).status_code
        == 302
    )
    page = text(kis.get(reverse("web:dataset-detail", args=[case_dataset.pk])))
    now = page.split('id="rollen-nu"')[1].split("</dl>")[0]
    assert "Team Data" in now
    assert "Eva Eigenaar" not in now
    history = page.split('id="rollen-historie"')[1].split("</table>")[0]
    assert "Eva Eigenaar" in history
    assert "Team Data" in history
    handed_over = today - datetime.timedelta(days=1)
    assert f"{handed_over.day}-{handed_over.month}-{handed_over.year}" in history

    overlap = kis.post(
        url, {"role": DataRole.BUSINESS_OWNER, "employee": first.pk, "valid_from": earlier}
    )
    assert overlap.status_code == 422
    assert 'id="id_valid_from-fout"' in text(overlap)

    neither = kis.post(url, {"role": DataRole.STEWARD, "valid_from": today})
    assert neither.status_code == 422
    assert 'id="id_team-fout"' in text(neither)


def test_a_member_of_staff_may_not_post(staff: Any, case_dataset: Dataset) -> None:
    column = Column.objects.filter(dataset=case_dataset).first()
    assert column is not None
    posts = [
        (reverse("web:dataset-update", args=[case_dataset.pk]), {"title": "Niet van mij"}),
        (reverse("web:column-update", args=[column.pk]), {}),
        (
            reverse("web:dataset-role-assign", args=[case_dataset.pk]),
            {"role": "eigenaar", "valid_from": "2025-01-01"},
        ),
    ]
    for url, data in posts:
        assert staff.post(url, data).status_code == 403
    case_dataset.refresh_from_db()
    assert case_dataset.title != "Niet van mij"
