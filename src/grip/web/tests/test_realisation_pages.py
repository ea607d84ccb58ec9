"""The realisation pages: regional dashboard, one participant, settlement xlsx, entries; tenancy."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grip.finance.tests.factories import D, book, book_year
from grip.organisation.models import Employee

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def test_the_regional_dashboard_lists_participants_with_totals(client, hours, make_user):
    book_year(hours)
    _login(client, make_user("bestuur"))

    response = client.get(reverse("web:realisation"), {"jaar": 2026, "periode": "Q1"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Realisatie 2026 kwartaal 1" in page
    assert f'id="deelnemer-{hours.programmes.participant.pk}"' in page
    regional = response.context["regional"]
    assert len(regional.rows) == 22
    assert regional.realised_hours == Decimal("20.00")
    assert regional.planned_hours == Decimal("24.52")
    assert 'href="/realisatie/"' in page  # the menu item


def test_a_participant_user_sees_only_its_own_participant(client, hours, asten):
    book_year(hours)
    world = hours.programmes
    _login(client, world.participant_user)

    dashboard = client.get(reverse("web:realisation"), {"jaar": 2026})
    own = client.get(reverse("web:realisation-participant", args=[world.participant.pk]))
    other = client.get(reverse("web:realisation-participant", args=[asten.pk]))
    other_export = client.get(reverse("web:realisation-settlement-export", args=[asten.pk]))
    other_entries = client.get(reverse("web:realisation-entries", args=[asten.pk]))

    assert [row.participant for row in dashboard.context["regional"].rows] == [world.participant]
    assert own.status_code == 200
    assert (other.status_code, other_export.status_code, other_entries.status_code) == (
        404,
        404,
        404,
    )


def test_the_participant_page_shows_figures_charts_and_settlement(client, hours):
    book_year(hours)
    world = hours.programmes
    _login(client, world.account_manager)

    response = client.get(
        reverse("web:realisation-participant", args=[world.participant.pk]),
        {"jaar": 2026, "periode": "Q1"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    realisation = response.context["realisation"]
    assert (realisation.planned_hours, realisation.realised_hours) == (
        Decimal("24.52"),
        Decimal("20.00"),
    )
    spec = json.loads(page.split('id="spec-cumulatief" type="application/json">')[1].split("<")[0])
    assert spec["mark"]["type"] == "line"
    assert {value["reeks"] for value in spec["data"]["values"]} == {"Plan", "Gerealiseerd"}
    assert 'id="tabel-cumulatief"' in page
    assert 'id="per-taaksoort"' in page
    assert "vega-embed-6.29.0/vega-embed.min.js" in page
    # Drill-down from a product's realised hours to its entries (the account manager may).
    entries_url = reverse("web:realisation-entries", args=[world.participant.pk])
    assert f"{entries_url}?jaar=2026&amp;product=TH-01" in page
    assert 'id="afrekening"' in page


def test_vega_is_loaded_only_on_the_realisation_pages(client, hours, make_user):
    _login(client, make_user("bestuur"))

    response = client.get(reverse("web:programme-overview"))

    assert "vega" not in response.content.decode()


def test_the_settlement_downloads_as_xlsx_with_numbers(client, hours):
    book_year(hours)
    world = hours.programmes
    _login(client, world.participant_user)

    response = client.get(
        reverse("web:realisation-settlement-export", args=[world.participant.pk]), {"jaar": 2026}
    )

    assert response.status_code == 200
    assert "afrekening-GM0772-2026.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[3][:3] == ("Code", "Omschrijving", "Financiering")
    inspection = next(row for row in rows if row[0] == "TH-01")
    assert inspection[5] == 20  # realised hours as a number
    assert inspection[8] == pytest.approx(1829.70)  # 3 pieces x EUR 609.90


def test_the_entries_behind_a_figure(client, hours, make_user):
    book_year(hours)
    world = hours.programmes
    _login(client, make_user("accountmanager"))

    response = client.get(
        reverse("web:realisation-entries", args=[world.participant.pk]),
        {"jaar": 2026, "product": "TH-01", "maand": 2},
    )

    assert response.status_code == 200
    assert [entry.hours for entry in response.context["page"]] == [
        Decimal("7.50"),
        Decimal("-1.50"),
    ]


@pytest.mark.parametrize("role", [None, "medewerker"])
def test_entries_need_the_view_permission(client, hours, make_user, role):
    if role:
        _login(client, make_user(role))

    response = client.get(
        reverse("web:realisation-entries", args=[hours.programmes.participant.pk])
    )

    assert response.status_code == (302 if role is None else 403)


# --- declarable share -------------------------------------------------------------------------


def _book_declarable(hours):
    """6 h on Eindhoven's TH-01 (declarable) and 2 h leave (not) for the employee in 2026."""
    book(hours.employee, D(2026, 1, 5), "6", hours.inspection)
    book(hours.employee, D(2026, 1, 6), "2", hours.leave)


def test_the_declarable_share_per_team_and_employee(client, hours, make_user):
    _book_declarable(hours)
    employee = Employee.objects.get(user=hours.employee)
    team = employee.team
    members = Employee.objects.filter(team=team).count()
    _login(client, make_user("bestuur"))

    response = client.get(
        reverse("web:realisation-declarable"), {"jaar": 2026, "periode": "jaar", "team": team.pk}
    )

    assert response.status_code == 200
    row = next(row["share"] for row in response.context["team_rows"] if row["team"] == team)
    assert (row.fte, row.booked_hours, row.declarable_hours, row.share_percent) == (
        Decimal(members),
        Decimal("8.00"),
        Decimal("6.00"),
        Decimal("75.0"),
    )
    assert row.norm_hours == Decimal(1300 * members)
    shares = dict(response.context["employee_rows"])
    own = shares[employee]
    assert (own.share_percent, own.norm_hours, own.norm_percent) == (
        Decimal("75.0"),
        Decimal("1300.00"),
        Decimal("0.5"),  # 6 of 1300
    )
    page = response.content.decode()
    assert f'id="medewerker-{employee.pk}"' in page
    assert "75,0 %" in page


def test_the_dashboard_links_to_the_declarable_share_only_for_who_may_see_it(
    client, hours, make_user
):
    url = reverse("web:realisation-declarable")
    _login(client, make_user("bestuur"))
    assert url in client.get(reverse("web:realisation")).content.decode()

    _login(client, make_user("medewerker"))
    assert url not in client.get(reverse("web:realisation")).content.decode()


def test_an_unknown_team_is_not_found(client, hours, make_user):
    _login(client, make_user("bestuur"))

    response = client.get(reverse("web:realisation-declarable"), {"team": 999999})

    assert response.status_code == 404


def test_the_declarable_share_is_not_for_participants_or_employees(client, hours, make_user):
    for user in (hours.programmes.participant_user, make_user("medewerker")):
        _login(client, user)

        assert client.get(reverse("web:realisation-declarable")).status_code == 403
