"""The data quality pages: dashboard, checks, check form, incidents and their moves, and the
quality section of the dataset page; who may see and do what."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from grip.dataplatform import checks, harvest, quality
from grip.dataplatform.models import Check, CheckResult, Dataset, Incident
from grip.organisation.tests.factories import EmployeeFactory
from grip.sites.tests.factories import SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shipped() -> None:
    harvest.harvest_models()
    checks.sync_shipped_checks()


@pytest.fixture
def failing() -> Check:
    SiteFactory(bag_id="")
    SiteFactory(bag_id="0772010000000001")
    check = Check.objects.get(code="toezichtobject-bag-id")
    check.threshold = 0
    check.save()
    quality.run_check(check)
    return check


def login(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def text(response: Any) -> str:
    return str(response.content.decode())


def test_a_participant_user_sees_no_quality_page(
    client: Any, make_user: Any, eindhoven: Any, failing: Check
) -> None:
    login(client, make_user(participant=eindhoven))
    incident = Incident.objects.get(check_rule=failing)
    for url in (
        reverse("web:quality-dashboard"),
        reverse("web:check-list"),
        reverse("web:check-detail", args=[failing.pk]),
        reverse("web:incident-list"),
        reverse("web:incident-detail", args=[incident.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_the_dashboard_shows_scores_incidents_and_failing_checks(
    client: Any, make_user: Any, failing: Check
) -> None:
    page = text(login(client, make_user("medewerker")).get(reverse("web:quality-dashboard")))
    assert "Datakwaliteit" in page
    # 1 of 2 sites without BAG id: 50%.
    assert "50%" in page
    assert "Toezichtobjecten zonder BAG-identificatie" in page
    assert 'id="open-incidenten"' in page
    assert 'id="totaal-trend-tabel"' in page
    assert "spec-totaal-trend" in page


def test_the_dataset_page_has_a_quality_section(
    client: Any, make_user: Any, failing: Check
) -> None:
    dataset = Dataset.objects.get(identifier="sites.site")
    page = text(
        login(client, make_user("medewerker")).get(reverse("web:dataset-detail", args=[dataset.pk]))
    )
    assert 'id="kwaliteit"' in page
    assert 'id="dataset-controles"' in page
    assert "Postcode van toezichtobjecten" in page
    assert "dataset-controles-uitvoeren" not in page  # a medewerker may not run checks


def test_check_detail_run_now_and_edit(client: Any, make_user: Any, failing: Check) -> None:
    staff = login(client, make_user("medewerker"))
    page = text(staff.get(reverse("web:check-detail", args=[failing.pk])))
    assert 'id="uitslagen"' in page
    assert "controle-uitvoeren" not in page
    assert staff.post(reverse("web:check-run", args=[failing.pk])).status_code == 403
    kis = login(client, make_user("kis"))
    response = kis.post(reverse("web:check-run", args=[failing.pk]))
    assert response.status_code == 302
    assert CheckResult.objects.filter(check_rule=failing).count() == 2
    data = {"severity": "1", "threshold": "0,5", "scheduled": "on", "active": "on"}
    data["threshold"] = "0.5"
    response = kis.post(reverse("web:check-update", args=[failing.pk]), data)
    assert response.status_code == 302
    failing.refresh_from_db()
    assert (failing.severity, str(failing.threshold)) == (1, "0.5000")


def test_dataset_checks_run(client: Any, make_user: Any) -> None:
    SiteFactory()
    dataset = Dataset.objects.get(identifier="sites.site")
    response = login(client, make_user("kis")).post(
        reverse("web:dataset-checks-run", args=[dataset.pk])
    )
    assert response.status_code == 302
    active = Check.objects.filter(dataset=dataset, active=True).count()
    assert CheckResult.objects.filter(check_rule__dataset=dataset).count() == active >= 3


def test_create_a_check_through_the_form(client: Any, make_user: Any) -> None:
    kis = login(client, make_user("kis"))
    assert kis.get(reverse("web:check-create")).status_code == 200
    dataset = Dataset.objects.get(identifier="sites.site")
    data = {
        "code": "plaats-gevuld",
        "name": "Plaats gevuld",
        "dataset": dataset.pk,
        "kind": "not_null",
        "columns": "city",
        "params": "{}",
        "severity": "2",
        "threshold": "0",
        "active": "on",
    }
    assert kis.post(reverse("web:check-create"), data).status_code == 302
    assert Check.objects.get(code="plaats-gevuld").columns == ["city"]
    bad = {**data, "code": "fout", "columns": "bestaat_niet"}
    response = kis.post(reverse("web:check-create"), bad)
    assert response.status_code in {400, 422}
    assert "bestaat_niet" in text(response)
    staff = login(client, make_user("medewerker"))
    assert staff.get(reverse("web:check-create")).status_code == 403


def test_incident_moves_through_the_pages(client: Any, make_user: Any, failing: Check) -> None:
    incident = Incident.objects.get(check_rule=failing)
    staff = login(client, make_user("medewerker"))
    page = text(staff.get(reverse("web:incident-detail", args=[incident.pk])))
    assert "incident-erkennen" not in page
    assert staff.post(reverse("web:incident-acknowledge", args=[incident.pk])).status_code == 403
    kis = login(client, make_user("kis"))
    page = text(kis.get(reverse("web:incident-detail", args=[incident.pk])))
    assert "incident-erkennen" in page
    assert kis.post(reverse("web:incident-acknowledge", args=[incident.pk])).status_code == 302
    assignee: Any = EmployeeFactory()
    response = kis.post(
        reverse("web:incident-assign", args=[incident.pk]), {"toewijzen-assignee": assignee.pk}
    )
    assert response.status_code == 302
    response = kis.post(
        reverse("web:incident-resolve", args=[incident.pk]), {"oplossen-reason": ""}
    )
    assert response.status_code == 422
    response = kis.post(
        reverse("web:incident-resolve", args=[incident.pk]),
        {"oplossen-reason": "Aangevuld uit de BAG."},
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.status, incident.assignee, incident.resolution) == (
        "opgelost",
        assignee,
        "Aangevuld uit de BAG.",
    )
    listing = text(kis.get(reverse("web:incident-list") + "?status=opgelost"))
    assert "Toezichtobjecten zonder BAG-identificatie" in listing
    open_list = text(kis.get(reverse("web:incident-list")))
    assert "0 incidenten" in open_list


def test_the_menu_has_datakwaliteit(client: Any, make_user: Any) -> None:
    page = text(login(client, make_user("medewerker")).get(reverse("web:check-list")))
    assert reverse("web:quality-dashboard") in page
    assert "Datakwaliteit" in page
