"""The indicator, target, snapshot and BIG-8 pages: exact figures, tenancy, the forms and their
Dutch refusals, the figure-of-eight, and query-count guards on the lists.

Eindhoven's world (``book_year``): Q1 2026 realised 20 of 24.52 planned hours (81.6 %), of
which 2 hours related work (10.0 %).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grip.finance.tests.factories import book, book_year
from grip.kpis import services as kpi_services
from grip.kpis.constants import SnapshotKind, StepStatus
from grip.kpis.models import Cycle, CycleDocument, CycleStep, Snapshot, Target
from grip.reporting import services as reporting_services
from grip.reporting.models import FrozenSection

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("web:indicator-overview")
TARGETS = reverse("web:target-list")
SNAPSHOTS = reverse("web:snapshot-list")
CYCLES = reverse("web:cycle-overview")


def _html(response):
    return response.content.decode()


def _row(html: str, row_id: str) -> str:
    """The markup of one table row, by its id."""
    start = html.index(f'id="{row_id}"')
    return html[start : html.index("</tr>", start)]


@pytest.fixture
def booked(hours):
    book_year(hours)
    return hours.programmes


@pytest.fixture
def q1(booked):
    return reporting_services.quarter_freeze(actor=booked.account_manager, year=2026, quarter=1)


# --- indicators -----------------------------------------------------------------------------------


def test_the_overview_shows_live_figures_against_the_targets(client, booked, make_user, asten):
    kis = make_user("kis")
    kpi_services.target_set(
        actor=kis,
        indicator_code="realisatie-uren",
        year=2026,
        value=Decimal("80"),
        participant=booked.participant,
    )
    kpi_services.target_set(
        actor=kis,
        indicator_code="aandeel-gerelateerd-werk",
        year=2026,
        value=Decimal("5"),
        comparison="le",
    )
    client.force_login(kis)

    response = client.get(
        OVERVIEW, {"jaar": 2026, "periode": "q1", "deelnemer": booked.participant.pk}
    )

    assert response.status_code == 200
    html = _html(response)
    assert "Eindhoven: 1 januari t/m 31 maart 2026" in html
    hours_row = _row(html, "indicator-realisatie-uren")
    assert "81,6 %" in hours_row
    assert "20 gerealiseerde uren / 24,52 geplande uren" in hours_row
    assert "≥ 80,0 %" in hours_row
    assert "eigen streefwaarde" in hours_row
    assert "✓</span> gehaald" in hours_row
    related_row = _row(html, "indicator-aandeel-gerelateerd-werk")
    assert "10,0 %" in related_row
    assert "≤ 5,0 %" in related_row
    assert "streefwaarde voor alle deelnemers" in related_row
    assert "✗</span> niet gehaald" in related_row
    # The matrix: the region first, then every participant.
    assert 'id="matrix-rij-regio"' in html
    assert "81,6 %" in _row(html, f"matrix-rij-{booked.participant.pk}")
    assert f'id="matrix-rij-{asten.pk}"' in html
    assert 'href="/indicatoren/"' in html  # the menu item


def test_a_participant_user_sees_only_its_own_indicators(client, booked, asten):
    client.force_login(booked.participant_user)

    response = client.get(OVERVIEW, {"jaar": 2026, "periode": "q1", "deelnemer": asten.pk})

    assert response.status_code == 200
    assert response.context["subjects"] == [(str(booked.participant.pk), "Eindhoven")]
    assert response.context["subject_name"] == "Eindhoven"
    html = _html(response)
    assert "81,6 %" in _row(html, "indicator-realisatie-uren")
    assert 'id="matrix-rij-' not in html  # one participant: no matrix, no region
    assert "Asten" not in html
    # The organisation-wide figure is not a participant's.
    assert "alleen voor de hele omgevingsdienst" in _row(html, "indicator-declarabel-aandeel")


def test_the_indicator_page_has_definition_lineage_targets_and_trend(client, booked, q1, asten):
    client.force_login(booked.participant_user)

    response = client.get(reverse("web:indicator-detail", args=["realisatie-uren"]), {"jaar": 2026})

    assert response.status_code == 200
    html = _html(response)
    assert 'id="definitie"' in html
    assert "De geschreven uren op het programma van de deelnemer" in html
    assert "programmes.ProgrammeVersion" in _html(response).split('id="gegevens"')[1]
    assert f'id="meting-{q1.pk}"' in html
    trend = _row(html, f"trend-rij-{booked.participant.pk}")
    assert "81,6 %" in trend
    assert "20 gerealiseerde uren / 24,52 geplande uren" in trend
    assert 'id="trend-rij-regio"' not in html
    assert f'id="trend-rij-{asten.pk}"' not in html
    assert client.get(reverse("web:indicator-detail", args=["bestaat-niet"])).status_code == 404


def test_staff_see_the_region_in_the_trend(client, booked, q1, make_user):
    client.force_login(make_user("bestuur"))

    response = client.get(reverse("web:indicator-detail", args=["realisatie-uren"]), {"jaar": 2026})

    html = _html(response)
    assert "81,6 %" in _row(html, "trend-rij-regio")  # only Eindhoven has hours
    assert len(response.context["trend"]) == 23


# --- targets --------------------------------------------------------------------------------------


def test_kis_sets_and_removes_a_target(client, booked, make_user):
    client.force_login(make_user("kis"))

    response = client.post(
        f"{TARGETS}?jaar=2026",
        {
            "indicator_code": "realisatie-uren",
            "year": "2026",
            "participant": booked.participant.pk,
            "comparison": "",
            "value": "82,5",
            "note": "Afspraak <b>bestuur</b>",
        },
    )

    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.indicator_code, target.year, target.participant, target.value) == (
        "realisatie-uren",
        2026,
        booked.participant,
        Decimal("82.5"),
    )
    html = _html(client.get(TARGETS, {"jaar": 2026}))
    row = _row(html, f"streefwaarde-{target.pk}")
    assert "≥ 82,5 %" in row
    assert "Eindhoven" in row
    assert "Afspraak &lt;b&gt;bestuur&lt;/b&gt;" in row

    deleted = client.post(reverse("web:target-delete", args=[target.pk]))

    assert deleted.status_code == 302
    assert not Target.objects.exists()


def test_a_refused_target_says_why_in_dutch(client, booked, make_user):
    client.force_login(make_user("kis"))

    response = client.post(
        TARGETS,
        {
            "indicator_code": "declarabel-aandeel",
            "year": "2026",
            "participant": booked.participant.pk,
            "value": "60",
        },
    )

    assert response.status_code == 422
    assert "geldt voor de hele omgevingsdienst, niet per deelnemer" in _html(response)
    assert not Target.objects.exists()


def test_the_target_list_costs_the_same_queries_for_more_targets(client, booked, asten, make_user):
    kis = make_user("kis")
    kpi_services.target_set(
        actor=kis, indicator_code="doorlooptijd", year=2026, value=Decimal("40"), participant=asten
    )
    client.force_login(kis)
    with CaptureQueriesContext(connection) as one:
        assert client.get(TARGETS, {"jaar": 2026}).status_code == 200
    for code in ("realisatie-uren", "controles-uitgevoerd"):
        kpi_services.target_set(
            actor=kis,
            indicator_code=code,
            year=2026,
            value=Decimal("90"),
            participant=booked.participant,
        )
    with CaptureQueriesContext(connection) as three:
        response = client.get(TARGETS, {"jaar": 2026})
    assert len(response.context["rows"]) == 3
    assert len(three) == len(one)


def test_only_kis_changes_targets(client, booked):
    client.force_login(booked.account_manager)

    page = client.get(TARGETS)
    posted = client.post(
        TARGETS, {"indicator_code": "realisatie-uren", "year": "2026", "value": "80"}
    )

    assert page.status_code == 200
    assert page.context["form"] is None
    assert posted.status_code == 403
    assert not Target.objects.exists()


# --- snapshots ------------------------------------------------------------------------------------


def test_an_account_manager_freezes_a_quarter(client, booked):
    client.force_login(booked.account_manager)

    response = client.post(reverse("web:snapshot-freeze-quarter"), {"year": "2026", "quarter": "1"})

    snapshot = Snapshot.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("web:snapshot-detail", args=[snapshot.pk])
    assert (snapshot.kind, snapshot.year, snapshot.quarter) == (SnapshotKind.QUARTER, 2026, 1)
    assert snapshot.values.get(
        indicator_code="realisatie-uren", participant=booked.participant
    ).value == Decimal("81.6")
    assert FrozenSection.objects.filter(snapshot=snapshot).count() == 23  # 22 and the region

    again = client.post(reverse("web:snapshot-freeze-quarter"), {"year": "2026", "quarter": "1"})

    assert again.status_code == 409
    assert "Dit kwartaal is al bevroren" in _html(again)
    assert Snapshot.objects.count() == 1


def test_a_quarter_is_frozen_only_after_it_ended(client, booked):
    client.force_login(booked.account_manager)
    next_year = datetime.date.today().year + 1

    response = client.post(
        reverse("web:snapshot-freeze-quarter"), {"year": str(next_year), "quarter": "1"}
    )

    assert response.status_code == 422
    assert "bevries het daarna" in _html(response)
    assert not Snapshot.objects.exists()


def test_a_participant_user_freezes_nothing(client, booked):
    client.force_login(booked.participant_user)

    page = client.get(SNAPSHOTS)
    response = client.post(reverse("web:snapshot-freeze-quarter"), {"year": "2026", "quarter": "1"})

    assert page.status_code == 200
    assert page.context["quarter_form"] is None
    assert response.status_code == 403
    assert not Snapshot.objects.exists()


def test_kis_freezes_a_baseline_for_chosen_indicators(client, booked, make_user):
    client.force_login(make_user("kis"))

    response = client.post(
        reverse("web:snapshot-freeze-baseline"),
        {
            "nulmeting-start": "2026-01-01",
            "nulmeting-end": "2026-03-31",
            "nulmeting-note": "Eerste kwartaal",
            "nulmeting-codes": ["realisatie-uren"],
        },
    )

    baseline = Snapshot.objects.get()
    assert response.status_code == 302
    assert baseline.kind == SnapshotKind.BASELINE
    assert list(baseline.definitions) == ["realisatie-uren"]
    assert baseline.note == "Eerste kwartaal"

    again = client.post(
        reverse("web:snapshot-freeze-baseline"),
        {
            "nulmeting-start": "2026-01-01",
            "nulmeting-end": "2026-03-31",
            "nulmeting-codes": ["realisatie-uren"],
        },
    )

    assert again.status_code == 409
    assert "hebben al een nulmeting" in _html(again)


def test_the_snapshot_page_shows_only_what_the_user_may_see(client, booked, q1, asten, make_user):
    client.force_login(booked.participant_user)

    own = client.get(reverse("web:snapshot-detail", args=[q1.pk]))

    html = _html(own)
    assert own.status_code == 200
    assert "Meting Q1 2026" in html
    assert "1 januari 2026 t/m 31 maart 2026" in html
    assert "81,6 %" in _row(html, f"waarden-rij-{booked.participant.pk}")
    assert [row.label for row in own.context["matrix"].rows] == ["Eindhoven"]
    assert "Asten" not in html.split('id="waarden"')[1].split("</table>")[0]
    assert 'id="definitie-realisatie-uren"' in html
    assert "versie 1" in html

    client.force_login(make_user("bestuur"))
    staff = client.get(reverse("web:snapshot-detail", args=[q1.pk]))

    rows = staff.context["matrix"].rows
    assert rows[0].label == "Regio (alle deelnemers)"
    assert len(rows) == 23
    assert f'id="waarden-rij-{asten.pk}"' in _html(staff)


def test_comparing_with_today_lists_what_changed(client, hours, q1, make_user):
    client.force_login(make_user("kis"))
    url = reverse("web:snapshot-compare", args=[q1.pk])

    same = client.get(url, headers={"HX-Request": "true"})

    assert same.status_code == 200
    assert 'id="geen-verschillen"' in _html(same)
    assert "<html" not in _html(same)  # a partial for htmx

    book(hours.employee, datetime.date(2026, 3, 30), "4.52", hours.inspection)  # a late entry
    changed = client.get(url, headers={"HX-Request": "true"})

    html = _html(changed)
    differences = {
        (row["difference"].indicator_code, row["participant"]): (row["frozen"], row["now"])
        for row in changed.context["rows"]
    }
    assert differences[("realisatie-uren", "Eindhoven")] == ("81,6 %", "100,0 %")
    assert differences[("realisatie-uren", "Regio (alle deelnemers)")] == ("81,6 %", "100,0 %")
    assert "81,6 %" in html
    assert "100,0 %" in html
    assert "<html" in _html(client.get(url))  # without htmx: a whole page


def test_the_snapshot_list_costs_the_same_queries_for_more_snapshots(client, booked, q1, make_user):
    client.force_login(make_user("kis"))
    with CaptureQueriesContext(connection) as one:
        assert client.get(SNAPSHOTS).status_code == 200
    for quarter in (2, 3):
        reporting_services.quarter_freeze(actor=booked.account_manager, year=2026, quarter=quarter)
    with CaptureQueriesContext(connection) as three:
        response = client.get(SNAPSHOTS)
    assert len(response.context["snapshots"]) == 3
    assert len(three) == len(one)


# --- the BIG-8 cycle ------------------------------------------------------------------------------


def test_kis_starts_a_cycle_from_the_overview(client, booked, make_user):
    client.force_login(make_user("kis"))

    page = client.get(CYCLES, {"jaar": 2026})

    assert page.status_code == 200
    assert all(row.may_start for row in page.context["rows"])
    assert len(page.context["rows"]) == 23  # the region and 22 participants

    response = client.post(
        reverse("web:cycle-start"), {"jaar": "2026", "deelnemer": booked.participant.pk}
    )

    cycle = Cycle.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("web:cycle-detail", args=[cycle.pk])
    assert cycle.steps.count() == 8
    html = _html(client.get(CYCLES, {"jaar": 2026}))
    row = _row(html, f"cyclus-{booked.participant.pk}")
    assert row.count("niet gestart") == 8
    assert "0 van 8" in row


def test_an_account_manager_starts_only_the_cycles_of_its_participants(client, booked, asten):
    client.force_login(booked.account_manager)

    page = client.get(CYCLES, {"jaar": 2026})
    refused = client.post(reverse("web:cycle-start"), {"jaar": "2026", "deelnemer": asten.pk})

    offered = {row.label for row in page.context["rows"] if row.may_start}
    assert offered == {"Eindhoven"}
    assert refused.status_code == 302
    assert not Cycle.objects.exists()
    messages = [str(m) for m in client.get(refused.url).context["messages"]]
    assert messages == ["Alleen de accountmanager van de deelnemer of KIS houdt deze cyclus bij."]


def test_a_participant_user_sees_only_its_own_cycle(client, booked, asten, make_user):
    kis = make_user("kis")
    own = kpi_services.cycle_start(actor=kis, participant=booked.participant, year=2026)
    other = kpi_services.cycle_start(actor=kis, participant=asten, year=2026)
    region = kpi_services.cycle_start(actor=kis, participant=None, year=2026)
    client.force_login(booked.participant_user)

    page = client.get(CYCLES, {"jaar": 2026})

    assert [row.label for row in page.context["rows"]] == ["Eindhoven"]
    assert client.get(reverse("web:cycle-detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("web:cycle-detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("web:cycle-detail", args=[region.pk])).status_code == 404
    step = other.steps.get(number=1)
    assert client.post(reverse("web:cycle-step-update", args=[step.pk])).status_code == 403


def _svg(html: str) -> str:
    return html[html.index("<svg") : html.index("</svg>")]


def test_the_cycle_page_draws_the_figure_of_eight(client, booked, make_user):
    kis = make_user("kis")
    cycle = kpi_services.cycle_start(actor=kis, participant=booked.participant, year=2026)
    steps = {step.number: step for step in cycle.steps.all()}
    kpi_services.cycle_step_update(actor=kis, step=steps[1], status=StepStatus.DONE)
    kpi_services.cycle_step_update(actor=kis, step=steps[4], status=StepStatus.LATE)
    kpi_services.cycle_step_update(actor=kis, step=steps[5], status=StepStatus.IN_PROGRESS)
    client.force_login(booked.participant_user)

    html = _html(client.get(reverse("web:cycle-detail", args=[cycle.pk])))

    svg = _svg(html)
    assert 'role="img"' in svg
    assert '<title id="big8-titel">Beleidscyclus 2026 van Eindhoven</title>' in svg
    nodes = re.findall(
        r'<g class="grip-big8__node grip-big8__node--(\w+)" id="knoop-(\d)".*?'
        r'class="grip-big8__status"[^>]*>([^<]+)</text>',
        svg,
        re.S,
    )
    assert [(int(number), key, text) for key, number, text in nodes] == [
        (1, "gereed", "gereed"),
        (2, "niet_gestart", "niet gestart"),
        (3, "niet_gestart", "niet gestart"),
        (4, "achter", "loopt achter"),
        (5, "bezig", "bezig"),
        (6, "niet_gestart", "niet gestart"),
        (7, "niet_gestart", "niet gestart"),
        (8, "niet_gestart", "niet gestart"),
    ]
    assert "Stap 1, Probleem- en risicoanalyse: gereed." in svg  # the description
    # Beside it, the steps as lists with their status in words.
    assert 'Uitvoeringsprogramma</a> <span class="grip-step grip-step--bezig">' in html
    assert 'id="stap-8"' in html
    assert "<form" not in html.split('id="stap-1"')[1]  # a participant user changes nothing


def test_the_cycle_page_shows_the_grip_data_of_steps_5_to_8(client, booked, q1, make_user):
    cycle = kpi_services.cycle_start(
        actor=make_user("kis"), participant=booked.participant, year=2026
    )
    client.force_login(booked.account_manager)

    response = client.get(reverse("web:cycle-detail", args=[cycle.pk]))

    html = _html(response)
    programme = html.split('id="stap-5-gegevens"')[1].split("</ul>")[0]
    assert "Versie 1, vastgesteld op 2 januari 2026" in programme
    assert "/werkprogrammas/" in programme
    execution = html.split('id="stap-6-gegevens"')[1].split("</ul>")[0]
    assert (
        "20 van 24,52 geplande uren gerealiseerd (81,6 %); bevroren in meting Q1 2026" in execution
    )
    assert f"/realisatie/{booked.participant.pk}/?jaar=2026" in execution
    assert f"/zaken/?deelnemer={booked.participant.pk}" in execution
    monitoring = html.split('id="stap-7-gegevens"')[1].split("</ul>")[0]
    assert reverse("web:snapshot-detail", args=[q1.pk]) in monitoring
    evaluation = html.split('id="stap-8-gegevens"')[1].split("</ul>")[0]
    assert "Nog geen gepubliceerde rapportage." in evaluation


def test_the_account_manager_updates_a_step_and_adds_a_link(client, booked, make_user):
    cycle = kpi_services.cycle_start(
        actor=make_user("kis"), participant=booked.participant, year=2026
    )
    step = cycle.steps.get(number=2)
    client.force_login(booked.account_manager)

    response = client.post(
        reverse("web:cycle-step-update", args=[step.pk]),
        {
            "stap-2-status": StepStatus.DONE,
            "stap-2-owner": booked.account_manager.pk,
            "stap-2-planned_on": "2026-03-01",
            "stap-2-completed_on": "2026-02-20",
            "stap-2-notes": "Vastgesteld in het AB.",
        },
    )

    assert response.status_code == 302
    assert response.url.endswith("#stap-2")
    step.refresh_from_db()
    assert (step.status, step.owner, step.planned_on, step.completed_on, step.notes) == (
        StepStatus.DONE,
        booked.account_manager,
        datetime.date(2026, 3, 1),
        datetime.date(2026, 2, 20),
        "Vastgesteld in het AB.",
    )

    added = client.post(
        reverse("web:cycle-document-add", args=[step.pk]),
        {"document-2-title": "Doelenbesluit 2026", "document-2-url": "https://example.org/doelen"},
    )

    assert added.status_code == 302
    assert CycleDocument.objects.get().title == "Doelenbesluit 2026"
    html = _html(client.get(reverse("web:cycle-detail", args=[cycle.pk])))
    section = html.split('id="stap-2"')[1].split("</section>")[0]
    assert '<a class="utrecht-link" href="https://example.org/doelen"' in section
    assert "20 februari 2026" in section
    assert "Vastgesteld in het AB." in section


def test_a_step_of_another_participant_is_refused_in_dutch(client, booked, make_user):
    cycle = kpi_services.cycle_start(
        actor=make_user("kis"), participant=booked.participant, year=2026
    )
    step = cycle.steps.get(number=3)
    client.force_login(make_user("accountmanager"))  # not Eindhoven's

    page = client.get(reverse("web:cycle-detail", args=[cycle.pk]))
    response = client.post(
        reverse("web:cycle-step-update", args=[step.pk]),
        {"stap-3-status": StepStatus.IN_PROGRESS, "stap-3-notes": "Mag niet"},
    )

    assert "Alleen de accountmanager van de deelnemer of KIS houdt deze cyclus bij." in _html(page)
    assert response.status_code == 403
    html = _html(response)
    assert "Dit is niet gelukt; er is niets gewijzigd." in html
    form = html.split('id="stap-3-formulier"')[1].split("</form>")[0]
    assert "Alleen de accountmanager van de deelnemer of KIS houdt deze cyclus bij." in form
    step.refresh_from_db()
    assert (step.status, step.notes) == (StepStatus.NOT_STARTED, "")


def test_the_cycle_overview_costs_the_same_queries_for_more_cycles(
    client, booked, asten, make_user
):
    kis = make_user("kis")
    own = kpi_services.cycle_start(actor=kis, participant=booked.participant, year=2026)
    kpi_services.cycle_step_update(
        actor=kis, step=CycleStep.objects.get(cycle=own, number=1), owner=kis
    )
    client.force_login(kis)
    with CaptureQueriesContext(connection) as one:
        assert client.get(CYCLES, {"jaar": 2026}).status_code == 200
    kpi_services.cycle_start(actor=kis, participant=asten, year=2026)
    region = kpi_services.cycle_start(actor=kis, participant=None, year=2026)
    kpi_services.cycle_step_update(
        actor=kis, step=CycleStep.objects.get(cycle=region, number=1), owner=kis
    )
    with CaptureQueriesContext(connection) as three:
        response = client.get(CYCLES, {"jaar": 2026})
    assert sum(1 for row in response.context["rows"] if row.cycle) == 3
    assert len(three) == len(one)
