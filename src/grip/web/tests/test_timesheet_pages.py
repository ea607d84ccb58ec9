"""The hours pages: the own week (htmx and plain), copy, submit, approval, months, corrections."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grip.core.models import AuditRecord
from grip.hours import services
from grip.hours.constants import TargetKind
from grip.hours.models import BookingTarget, HourEntry, MonthClosing, WeekSheet
from grip.organisation.models import Team
from grip.organisation.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
MONDAY = datetime.date(2026, 3, 2)
WEEK = "2026-W10"
WEEK_URL = reverse("web:timesheet") + f"?week={WEEK}"


def _login(client, user):
    client.force_login(user)
    return client


def _cell(target, day=MONDAY):
    return f"uren-{target.pk}-{day.isoformat()}"


def _book(user, target, day=MONDAY, amount="4"):
    return services.entry_create(actor=user, day=day, hours=amount, target=target)


# --- the own week ----------------------------------------------------------------------------


def test_the_week_shows_the_grid_with_contract_hours(client, hours):
    _book(hours.employee, hours.inspection, amount="7.5")
    response = _login(client, hours.employee).get(WEEK_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Week 10: 2 maart t/m 8 maart 2026" in html
    assert f'name="{_cell(hours.inspection)}" value="7,5"' in html
    assert "Uren op Periodieke controle op maandag 2 maart" in html
    grid = response.context["grid"]
    assert [total.contract for total in grid.day_totals] == [Decimal("7.20")] * 5 + [0, 0]
    assert grid.day_totals[0].difference == Decimal("0.30")
    assert grid.total == Decimal("7.5")
    assert grid.status == "open"


def test_a_week_parameter_may_be_a_date_and_defaults_to_this_week(client, hours):
    _login(client, hours.employee)
    response = client.get(reverse("web:timesheet") + "?week=2026-03-05")
    assert response.context["grid"].week_start == MONDAY
    response = client.get(reverse("web:timesheet"))
    assert response.context["grid"].week_start.weekday() == 0


def test_one_cell_is_booked_through_htmx(client, hours):
    _login(client, hours.employee)
    name = _cell(hours.inspection, MONDAY + datetime.timedelta(days=1))
    response = client.post(reverse("web:timesheet-cell"), {name: "7,75"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="cel-{name}"' in html
    assert 'value="7,75"' in html
    assert 'id="dagtotaal-1">7,75<' in html
    assert 'id="weektotaal">7,75<' in html
    assert 'hx-swap-oob="true"' in html
    entry = HourEntry.objects.get()
    assert (entry.date, entry.hours, entry.target) == (
        datetime.date(2026, 3, 3),
        Decimal("7.75"),
        hours.inspection,
    )
    # Changing and emptying the cell changes and removes the entry.
    client.post(reverse("web:timesheet-cell"), {name: "6"}, **HTMX)
    assert HourEntry.objects.get().hours == Decimal("6")
    client.post(reverse("web:timesheet-cell"), {name: ""}, **HTMX)
    assert not HourEntry.objects.exists()


def test_a_refused_cell_shows_its_error_and_writes_nothing(client, hours):
    _login(client, hours.employee)
    name = _cell(hours.inspection)
    for amount, reason in (("25", "hoogstens 24"), ("1,1", "kwartieren")):
        response = client.post(reverse("web:timesheet-cell"), {name: amount}, **HTMX)
        assert response.status_code == 200  # htmx swaps it; the cell says why
        html = response.content.decode()
        assert reason in html
        assert 'aria-invalid="true"' in html
        assert f'value="{amount}"' in html
    assert not HourEntry.objects.exists()
    assert not AuditRecord.objects.filter(content_type__model="hourentry").exists()


def test_the_whole_grid_is_saved_without_javascript(client, hours):
    _book(hours.employee, hours.inspection, amount="4")
    _login(client, hours.employee)
    response = client.post(
        WEEK_URL,
        {
            "week": WEEK,
            _cell(hours.inspection): "5,5",
            _cell(hours.inspection, MONDAY + datetime.timedelta(days=2)): "3",
            "nieuw_doel": str(hours.related.pk),
            f"nieuw-{MONDAY.isoformat()}": "2,25",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == WEEK_URL
    booked = {
        (entry.target.code, entry.date.day, entry.hours)
        for entry in HourEntry.objects.select_related("target")
    }
    assert booked == {
        (hours.inspection.code, 2, Decimal("5.5")),
        (hours.inspection.code, 4, Decimal("3")),
        (hours.related.code, 2, Decimal("2.25")),
    }
    page = client.get(WEEK_URL)
    assert "De uren zijn opgeslagen." in page.content.decode()


def test_a_refused_cell_in_the_grid_leaves_nothing_half_written(client, hours):
    entry = _book(hours.employee, hours.inspection, amount="4")
    _login(client, hours.employee)
    wednesday = _cell(hours.inspection, MONDAY + datetime.timedelta(days=2))
    thursday = _cell(hours.inspection, MONDAY + datetime.timedelta(days=3))
    response = client.post(
        WEEK_URL,
        {"week": WEEK, _cell(hours.inspection): "6", wednesday: "25", thursday: "1,1"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "2 cellen zijn geweigerd; er is niets opgeslagen." in html
    assert f'id="{wednesday}-fout"' in html
    assert f'id="{thursday}-fout"' in html
    assert "hoogstens 24" in html
    assert "kwartieren" in html
    assert f'name="{_cell(hours.inspection)}" value="6"' not in html  # the stored 4 shows again
    entry.refresh_from_db()
    assert entry.hours == Decimal("4")
    assert HourEntry.objects.count() == 1


def test_an_htmx_grid_post_answers_the_page_with_its_errors(client, hours):
    _login(client, hours.employee)
    response = client.post(
        WEEK_URL, {"week": WEEK, "nieuw_doel": "", f"nieuw-{MONDAY.isoformat()}": "3"}, **HTMX
    )
    assert response.status_code == 200
    assert "Kies het boekingsdoel van de nieuwe regel." in response.content.decode()
    assert not HourEntry.objects.exists()


def test_a_new_row_without_hours_shows_the_empty_row(client, hours):
    _login(client, hours.employee)
    response = client.post(WEEK_URL, {"week": WEEK, "nieuw_doel": str(hours.leave.pk)})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert f'name="{_cell(hours.leave)}"' in page.content.decode()


def test_copy_last_week_and_submit(client, hours):
    _book(hours.employee, hours.inspection, day=MONDAY - datetime.timedelta(days=7), amount="8")
    _login(client, hours.employee)
    response = client.post(reverse("web:timesheet-copy"), {"week": WEEK})
    assert response["Location"] == WEEK_URL
    assert HourEntry.objects.filter(date=MONDAY, hours=8).exists()
    # Copying into a week that has hours is refused, with the service's reason.
    response = client.post(reverse("web:timesheet-copy"), {"week": WEEK}, follow=True)
    assert "kopiëren kan alleen naar een lege week" in response.content.decode()

    response = client.post(reverse("web:timesheet-submit"), {"week": WEEK}, follow=True)
    assert "De week is ingediend bij uw teamleider." in response.content.decode()
    sheet = WeekSheet.objects.get(week_start=MONDAY)
    assert sheet.status == "ingediend"
    # A submitted week shows no inputs any more and refuses a cell.
    page = client.get(WEEK_URL).content.decode()
    assert f'name="{_cell(hours.inspection)}"' not in page
    response = client.post(reverse("web:timesheet-cell"), {_cell(hours.inspection): "2"}, **HTMX)
    assert "verandert niet meer" in response.content.decode()
    assert HourEntry.objects.get(date=MONDAY).hours == Decimal("8")


def test_an_empty_week_is_not_submitted(client, hours):
    _login(client, hours.employee)
    response = client.post(reverse("web:timesheet-submit"), {"week": WEEK}, follow=True)
    assert "Een lege week wordt niet ingediend." in response.content.decode()
    assert not WeekSheet.objects.filter(status="ingediend").exists()


def test_the_week_page_costs_the_same_queries_for_one_or_many_targets(client, hours):
    _book(hours.employee, hours.inspection)
    _login(client, hours.employee)
    client.get(WEEK_URL)  # warm up sessions and permission caches
    with CaptureQueriesContext(connection) as one:
        client.get(WEEK_URL)
    for number in range(8):
        target = BookingTarget.objects.create(
            code=f"PROJECT-{number}", name=f"Project {number}", kind=TargetKind.PROJECT
        )
        for offset in range(3):
            _book(hours.employee, target, day=MONDAY + datetime.timedelta(days=offset), amount="1")
    with CaptureQueriesContext(connection) as many:
        response = client.get(WEEK_URL)
    assert len(response.context["grid"].rows) == 9
    assert len(many) == len(one)


# --- approval --------------------------------------------------------------------------------


def _submitted(hours, user=None):
    user = user or hours.employee
    _book(user, hours.inspection, amount="6")
    _book(user, hours.leave, day=MONDAY + datetime.timedelta(days=1), amount="7.25")
    return services.week_submit(actor=user, week_start=MONDAY)


def test_the_team_leader_sees_submitted_weeks_with_totals_and_approves(client, hours):
    sheet = _submitted(hours)
    _login(client, hours.leader)
    page = client.get(reverse("web:timesheet-approval"))
    assert page.status_code == 200
    [summary] = page.context["summaries"]
    assert summary.sheet == sheet
    assert (summary.declarable, summary.non_declarable, summary.total) == (
        Decimal("6"),
        Decimal("7.25"),
        Decimal("13.25"),
    )
    assert summary.day_totals[:2] == [Decimal("6"), Decimal("7.25")]

    response = client.post(
        reverse("web:timesheet-decide", args=[sheet.pk]), {"besluit": "goedkeuren"}, follow=True
    )
    assert "is goedgekeurd" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == "goedgekeurd"
    assert sheet.decided_by == hours.leader


def test_a_rejection_needs_a_reason_and_the_employee_reads_it(client, hours):
    sheet = _submitted(hours)
    _login(client, hours.leader)
    url = reverse("web:timesheet-decide", args=[sheet.pk])
    response = client.post(url, {"besluit": "afkeuren", "reden": " "}, follow=True)
    assert "Geef de reden van afkeuring." in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == "ingediend"
    client.post(url, {"besluit": "afkeuren", "reden": "TH-01 hoort bij Helmond"})
    sheet.refresh_from_db()
    assert (sheet.status, sheet.reason) == ("afgekeurd", "TH-01 hoort bij Helmond")

    _login(client, hours.employee)
    page = client.get(WEEK_URL).content.decode()
    assert "TH-01 hoort bij Helmond" in page
    assert f'name="{_cell(hours.inspection)}"' in page  # editable again


def test_another_teams_leader_neither_sees_nor_decides_the_week(client, hours):
    sheet = _submitted(hours)
    other_team = Team.objects.exclude(pk=sheet.employee.team_id).first()
    stranger = EmployeeFactory(user__role="teamleider", team=other_team).user
    _login(client, stranger)
    assert client.get(reverse("web:timesheet-approval")).context["summaries"] == []
    response = client.post(
        reverse("web:timesheet-decide", args=[sheet.pk]), {"besluit": "goedkeuren"}
    )
    assert response.status_code == 404
    sheet.refresh_from_db()
    assert sheet.status == "ingediend"


@pytest.mark.parametrize("url_name", ["web:timesheet", "web:timesheet-approval"])
def test_a_participant_user_may_not_open_the_hours_pages(client, hours, make_user, url_name):
    _login(client, make_user(participant=hours.programmes.participant))
    assert client.get(reverse(url_name)).status_code == 403


def test_a_medewerker_may_not_approve_or_close(client, hours):
    _login(client, hours.employee)
    assert client.get(reverse("web:timesheet-approval")).status_code == 403
    assert client.get(reverse("web:timesheet-months")).status_code == 403


def test_the_menu_offers_hours_to_staff(client, hours):
    page = _login(client, hours.employee).get(reverse("web:dashboard")).content.decode()
    assert reverse("web:timesheet") in page


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(reverse("web:timesheet"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


# --- months and corrections ------------------------------------------------------------------


def test_a_month_is_closed_once_its_weeks_are_approved(client, hours, make_user):
    sheet = _submitted(hours)
    _login(client, make_user("beheerder"))
    page = client.get(reverse("web:timesheet-months") + "?jaar=2026")
    assert page.status_code == 200
    assert len(page.context["rows"]) == 12
    url = reverse("web:timesheet-months")
    response = client.post(url, {"jaar": "2026", "maand": "3"}, follow=True)
    assert "1 weekstaten met uren in deze maand zijn nog niet goedgekeurd." in (
        response.content.decode()
    )
    assert not MonthClosing.objects.exists()

    services.week_decide(actor=hours.leader, sheet=sheet, approve=True)
    response = client.post(url, {"jaar": "2026", "maand": "3"}, follow=True)
    assert "Maart 2026 is afgesloten." in response.content.decode()
    assert MonthClosing.objects.filter(year=2026, month=3).exists()
    assert "Afgesloten op" in response.content.decode()


def _closed_entry(hours):
    sheet = _submitted(hours)
    services.week_decide(actor=hours.leader, sheet=sheet, approve=True)
    beheerder = EmployeeFactory(user__role="beheerder").user
    services.month_close(actor=beheerder, year=2026, month=3)
    return HourEntry.objects.get(target=hours.inspection)


def test_the_team_leader_corrects_an_entry_of_a_closed_month(client, hours):
    entry = _closed_entry(hours)
    _login(client, hours.leader)
    url = reverse("web:timesheet-correct", args=[entry.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"datum": "2026-04-06", "reden": "", "vervangend_doel": ""}, follow=False
    )
    assert response.status_code == 422
    assert "Geef de reden van de correctie." in response.content.decode()
    assert not HourEntry.objects.filter(corrects=entry).exists()

    response = client.post(
        url,
        {
            "datum": "2026-04-06",
            "reden": "Hoort bij planning",
            "vervangend_doel": str(hours.related.pk),
        },
        follow=True,
    )
    assert "De correctieboeking is vastgelegd." in response.content.decode()
    counter = HourEntry.objects.get(corrects=entry)
    moved = HourEntry.objects.get(source="correctie", corrects__isnull=True)
    assert (counter.hours, counter.date) == (Decimal("-6"), datetime.date(2026, 4, 6))
    assert (moved.hours, moved.target) == (Decimal("6"), hours.related)
    assert "Hoort bij planning" in response.content.decode()


def test_corrections_are_refused_to_a_medewerker_and_hidden_from_strangers(
    client, hours, make_user
):
    entry = _closed_entry(hours)
    _login(client, hours.colleague)
    assert client.get(reverse("web:timesheet-correct", args=[entry.pk])).status_code == 403
    leave = HourEntry.objects.get(target=hours.leave)
    other_team = Team.objects.exclude(pk=leave.employee.team_id).first()
    stranger = EmployeeFactory(user__role="teamleider", team=other_team).user
    _login(client, stranger)
    # Another team's leave is not theirs to see.
    assert client.get(reverse("web:timesheet-correct", args=[leave.pk])).status_code == 404
