"""Lineage on the pages: beside every figure of a board report its definition, lineage and data
quality (live on a draft, frozen in a published report), the graph page, the manual edges, the
dataset page's "Herkomst en gebruik" and the indicator page's link.

Eindhoven's world (``book_year``) frozen at Q1 2026. Hand-computed quality of the realisation's
tables (severity-weighted mean of the latest pass rates):
- hours.hourentry: major (2) 200 rows 30 failing = 0.85, minor (1) 100 rows 4 failing = 0.96:
  (1.70 + 0.96) / 3 = 0.8867 -> 89 %;
- extern:tijdschrijf-export (feeds hours.hourentry, a manual edge): critical, 1000 rows 150
  failing -> 85 %, the weakest;
- hours.monthtotal: 20 rows, none failing -> 100 %.
After publication the export's next run is clean (100 %): the weakest becomes the hour entries,
89 %, but the published report keeps 85 %.
"""

from __future__ import annotations

import datetime
import html as html_lib
import json
import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from grip.dataplatform import lineage
from grip.dataplatform.models import (
    Check,
    CheckKind,
    CheckResult,
    Dataset,
    DatasetKind,
    Dimension,
    LineageEdge,
    LineageOrigin,
    Severity,
)
from grip.finance.tests.factories import book_year
from grip.reporting import excel, rendering, services
from grip.reporting.constants import ReportKind
from grip.reporting.sections import SECTION_DATASETS

pytestmark = pytest.mark.django_db

EXPORT = "extern:tijdschrijf-export"
OVERVIEW = reverse("web:lineage-overview")
ADD = reverse("web:lineage-edge-add")


def _html(response):
    return response.content.decode()


def _check(identifier, code, severity):
    return Check.objects.create(
        code=code,
        name=code,
        dataset=Dataset.objects.get(identifier=identifier),
        kind=CheckKind.NOT_NULL,
        columns=["id"],
        dimension=Dimension.COMPLETENESS,
        severity=severity,
    )


def _result(check, checked, failed, *, at=None):
    return CheckResult.objects.create(
        check_rule=check,
        run_at=at or timezone.now(),
        rows_checked=checked,
        rows_failed=failed,
        passed=failed == 0,
    )


@pytest.fixture
def kis(make_user):
    return make_user("kis")


@pytest.fixture
def export(kis):
    lineage.derive_edges()
    Dataset.objects.get_or_create(
        identifier=EXPORT,
        defaults={"kind": DatasetKind.EXTERNAL, "title": "Export tijdschrijfsysteem"},
    )
    lineage.edge_add_manual(
        actor=kis,
        source=("dataset", EXPORT),
        target=("dataset", "hours.hourentry"),
        column_map=[["uren", "hours"]],
    )
    return Dataset.objects.get(identifier=EXPORT)


@pytest.fixture
def quality(export):
    major = _check("hours.hourentry", "uren-major", Severity.MAJOR)
    minor = _check("hours.hourentry", "uren-minor", Severity.MINOR)
    feed = _check(EXPORT, "export-critical", Severity.CRITICAL)
    months = _check("hours.monthtotal", "maand-major", Severity.MAJOR)
    earlier = timezone.now() - datetime.timedelta(hours=1)
    _result(major, 200, 30, at=earlier)
    _result(minor, 100, 4, at=earlier)
    _result(feed, 1000, 150, at=earlier)
    _result(months, 20, 0, at=earlier)
    return feed


@pytest.fixture
def booked(hours):
    book_year(hours)
    return hours.programmes


@pytest.fixture
def draft(booked):
    q1 = services.quarter_freeze(actor=booked.account_manager, year=2026, quarter=1)
    return services.report_create(
        actor=booked.account_manager,
        snapshot=q1,
        kind=ReportKind.QUARTER,
        participant=booked.participant,
    )


def _section(html, start, end):
    """The page between two anchors (a section's heading id and the next one)."""
    return html.split(f'id="{start}"', 1)[1].split(f'id="{end}"', 1)[0]


def _annotation(fragment):
    """The text of the first annotation block in ``fragment``, tags and spaces collapsed."""
    block = fragment.split('class="grip-details grip-report-annotation"', 1)[1].split(
        "</details>", 1
    )[0]
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", block)).split())


def test_beside_the_realisation_the_draft_shows_definition_lineage_and_the_weakest_score(
    client, booked, draft, quality
):
    client.force_login(booked.account_manager)

    html = _html(client.get(reverse("web:report-detail", args=[draft.pk])))

    realisation = _section(html, "realisatie", "realisatie-maanden")
    text = _annotation(realisation)
    hourentry = Dataset.objects.get(identifier="hours.hourentry")
    today = formats.date_format(timezone.localtime(), "j F Y")
    assert str(SECTION_DATASETS["realisation"].definition) in text
    assert f"{hourentry.display_title} ( hours.hourentry )" in text
    assert "Export tijdschrijfsysteem ( extern:tijdschrijf-export )" in text
    assert f"Datakwaliteit 85 % (zwakste: Export tijdschrijfsysteem), gemeten op {today}" in text
    assert f'href="{reverse("web:dataset-detail", args=[hourentry.pk])}"' in realisation
    # The summary says the score too, in text (not colour only).
    assert "(datakwaliteit 85 %)" in text
    # The indicators section has its own block after the table.
    indicators_text = _annotation(_section(html, "indicatoren", "definities"))
    assert str(SECTION_DATASETS["indicator"].definition) in indicators_text
    # Each indicator's own block, in its definition: e.g. hours realisation reads hour entries.
    definition = html.split('id="definitie-realisatie-uren"', 1)[1].split("</dd>", 1)[0]
    assert "hours.hourentry" in definition
    assert "85" in _annotation(definition)


def test_a_published_report_keeps_the_quality_of_its_publication(
    client, booked, draft, quality, monkeypatch
):
    pdf_html = []
    monkeypatch.setattr(
        rendering,
        "render_pdf",
        lambda content: pdf_html.append(rendering.render_pdf_html(content)) or b"%PDF-1.7",
    )
    monkeypatch.setattr(excel, "render_xlsx", lambda content: b"PK")
    published = services.report_publish(actor=booked.account_manager, report=draft)
    published_on = formats.date_format(timezone.localtime(published.published_at), "j F Y")
    # The export's next run is clean: now the hour entries are the weakest (89 %).
    _result(quality, 1000, 0)
    client.force_login(booked.account_manager)

    html = _html(client.get(reverse("web:report-detail", args=[published.pk])))

    frozen = published.content["annotations"]["realisation"]
    assert frozen["score"] == {
        "percent": 85,
        "weakest": EXPORT,
        "weakest_title": "Export tijdschrijfsysteem",
    }
    assert published.content["annotated_at"] == published_on
    text = _annotation(_section(html, "realisatie", "realisatie-maanden"))
    assert f"85 % (zwakste: Export tijdschrijfsysteem), gemeten op {published_on}" in text
    # The PDF printed the same, without links.
    (printed,) = pdf_html
    block = printed.split('id="realisatie"', 1)[1].split('id="realisatie-maanden"', 1)[0]
    assert 'class="grip-report-annotation"' in block
    assert "zwakste: Export tijdschrijfsysteem" in block
    assert "<a " not in block.split('class="grip-report-annotation"', 1)[1]
    # A draft made now shows today's quality.
    live = services.annotated(services.preview(draft))
    assert (
        live.annotations["realisation"].score.percent,
        live.annotations["realisation"].score.weakest,
    ) == (
        89,
        "hours.hourentry",
    )


# --- the graph page ----------------------------------------------------------------------------


def test_the_graph_page_draws_the_edges_and_lists_them_as_a_table(client, kis, export):
    client.force_login(kis)

    response = client.get(reverse("web:lineage-graph", args=["dataset", "hours.hourentry"]))

    html = _html(response)
    assert response.status_code == 200
    spec = json.loads(
        html.split('id="spec-herkomst" type="application/json">', 1)[1].split("</script>")[0]
    )
    titles = {node["key"] for node in spec["layer"][1]["data"]["values"]}
    assert {EXPORT, "hours.hourentry", "realisatie-uren", "realisation"} <= titles
    positions = {node["key"]: node["x"] for node in spec["layer"][1]["data"]["values"]}
    assert (positions[EXPORT], positions["hours.hourentry"], positions["realisatie-uren"]) == (
        -1,
        0,
        1,
    )
    table = html.split('id="relaties"', 1)[1].split("</table>", 1)[0]
    assert "Export tijdschrijfsysteem" in table
    assert "Handmatig vastgelegd" in table
    assert '<span class="grip-code">uren</span> → <span class="grip-code">hours</span>' in table
    assert "Afgeleid uit de code" in table
    assert 'id="lijst-bovenstrooms"' in html
    assert reverse("web:lineage-graph", args=["indicator", "realisatie-uren"]) in html


def test_an_unknown_node_is_not_found(client, kis):
    client.force_login(kis)

    assert (
        client.get(reverse("web:lineage-graph", args=["dataset", "geen.tabel"])).status_code == 404
    )
    assert client.get(reverse("web:lineage-graph", args=["tabel", "cases.case"])).status_code == 404


def test_kis_records_and_removes_a_manual_edge(client, kis):
    lineage.derive_edges()
    Dataset.objects.get_or_create(
        identifier="extern:vth-export", defaults={"kind": DatasetKind.EXTERNAL}
    )
    client.force_login(kis)
    back = reverse("web:lineage-graph", args=["dataset", "cases.case"])

    response = client.post(
        ADD,
        {
            "source_kind": "dataset",
            "source_key": "extern:vth-export",
            "target_kind": "dataset",
            "target_key": "cases.case",
            "column_map": "zaaknummer -> reference\n\nbehandelaar = handler",
            "note": "Elke nacht",
            "volgende": back,
        },
    )

    edge = LineageEdge.objects.get(origin=LineageOrigin.MANUAL)
    assert response.status_code == 302
    assert response.url == back
    assert edge.column_map == [["zaaknummer", "reference"], ["behandelaar", "handler"]]
    assert edge.created_by == kis
    assert ("dataset", "extern:vth-export") in lineage.upstream("indicator", "doorlooptijd")

    removed = client.post(reverse("web:lineage-edge-delete", args=[edge.pk]), {"volgende": back})

    assert removed.status_code == 302
    assert not LineageEdge.objects.filter(origin=LineageOrigin.MANUAL).exists()


def test_a_bad_edge_is_refused_at_its_field_in_dutch(client, kis):
    client.force_login(kis)

    unknown = client.post(
        ADD,
        {
            "source_kind": "dataset",
            "source_key": "extern:bestaat-niet",
            "target_kind": "dataset",
            "target_key": "cases.case",
        },
    )
    bad_map = client.post(
        ADD,
        {
            "source_kind": "dataset",
            "source_key": "cases.case",
            "target_kind": "indicator",
            "target_key": "doorlooptijd",
            "column_map": "alleen een kolom",
        },
    )

    assert unknown.status_code == 422
    assert "Dataset extern:bestaat-niet staat niet in de datacatalogus." in _html(unknown)
    assert bad_map.status_code == 422
    assert "Regel 1: schrijf" in _html(bad_map)
    assert not LineageEdge.objects.filter(origin=LineageOrigin.MANUAL).exists()


def test_a_derived_edge_cannot_be_removed(client, kis):
    lineage.derive_edges()
    edge = LineageEdge.objects.filter(origin=LineageOrigin.DERIVED).first()
    client.force_login(kis)

    response = client.post(reverse("web:lineage-edge-delete", args=[edge.pk]))

    assert response.status_code == 409
    assert "alleen handmatige relaties worden verwijderd" in _html(response)
    assert LineageEdge.objects.filter(pk=edge.pk).exists()


def test_staff_read_lineage_but_only_kis_and_the_beheerder_keep_it(client, make_user, eindhoven):
    lineage.derive_edges()
    edge = LineageEdge.objects.filter(origin=LineageOrigin.DERIVED).first()
    graph = reverse("web:lineage-graph", args=["section", "cases"])
    medewerker = make_user("medewerker")
    client.force_login(medewerker)

    page = client.get(graph)

    assert page.status_code == 200
    assert 'id="herkomst-toevoegen"' not in _html(page)
    assert client.get(OVERVIEW).status_code == 200
    assert client.post(ADD, {}).status_code == 403
    assert client.post(reverse("web:lineage-edge-delete", args=[edge.pk])).status_code == 403
    client.force_login(make_user("beheerder"))
    assert 'id="herkomst-toevoegen"' in _html(client.get(graph))
    client.force_login(make_user(participant=eindhoven))
    assert client.get(graph).status_code == 403
    assert client.get(OVERVIEW).status_code == 403


# --- the dataset and indicator pages -------------------------------------------------------------


def test_the_dataset_page_says_where_the_data_comes_from_and_where_it_is_used(client, kis, export):
    hourentry = Dataset.objects.get(identifier="hours.hourentry")
    client.force_login(kis)

    html = _html(client.get(reverse("web:dataset-detail", args=[hourentry.pk])))

    section = html.split('id="herkomst-gebruik"', 1)[1].split("</dl>", 1)[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    assert "Komt uit Export tijdschrijfsysteem ( extern:tijdschrijf-export )" in text
    assert "Programmarealisatie in uren" in text
    assert "Declarabel aandeel van de uren" in text
    assert "Realisatie van het programma" in text
    assert "Uren per maand" in text
    assert reverse("web:lineage-graph", args=["dataset", "hours.hourentry"]) in html


def test_the_indicator_page_links_to_its_lineage(client, kis):
    url = reverse("web:indicator-detail", args=["doorlooptijd"])
    link = reverse("web:lineage-graph", args=["indicator", "doorlooptijd"])
    client.force_login(kis)

    assert link in _html(client.get(url))
