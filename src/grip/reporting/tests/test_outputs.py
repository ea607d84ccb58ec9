"""The three outputs of a board report (page, PDF, workbook) from one hand-built content.

No database: the content is built by hand as the building module would build it, with
realistic figures of a participant and of the region. The PDF's text is read back with
pdftotext (poppler-utils); without it these tests skip locally and fail in CI.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import re
import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import altair as alt
import openpyxl
import pytest
from altair.utils.schemapi import validate_jsonschema
from django.test import override_settings

from grip.reporting import charts, excel, rendering
from grip.reporting.annotations import AnnotatedDataset, Annotation, QualityScore
from grip.reporting.content import (
    CaseLine,
    CountLine,
    EnforcementSection,
    IndicatorLine,
    KeyFigure,
    MonthPoint,
    ParticipantLine,
    ProductLine,
    RealisationSection,
    RelatedLine,
    ReportContent,
    SectionData,
    TrendPoint,
)
from grip.reporting.templatetags.report_format import number, raw, target, with_unit

D = Decimal
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
NOTABLE = (
    "In het derde kwartaal is de achterstand bij de omgevingsvergunningen ingelopen.\n"
    "De wachttijd daalde naar 41 dagen.\n\n"
    "<script>alert('x')</script> & de afspraken met <b>Rijkswaterstaat</b> lopen."
)


# --- content built by hand ----------------------------------------------------------------------


def _indicator(code, name, value, unit="procent", target=None, comparison="", met=None, **extra):
    baseline = extra.pop("baseline", None)
    trend = extra.pop("trend", [])
    return IndicatorLine(
        code=code,
        name=name,
        definition=extra.pop("definition", f"De definitie van {name.lower()}."),
        definition_version=extra.pop("definition_version", 1),
        unit=unit,
        direction=extra.pop("direction", "hoger"),
        scope=extra.pop("scope", "deelnemer"),
        value=value,
        numerator=extra.pop("numerator", None),
        denominator=extra.pop("denominator", None),
        numerator_label=extra.pop("numerator_label", "binnen termijn"),
        denominator_label=extra.pop("denominator_label", "besluiten"),
        target=target,
        comparison=comparison,
        target_source="norm" if target is not None else "",
        met=met,
        baseline=baseline,
        baseline_period="1 januari t/m 31 december 2025" if baseline is not None else "",
        trend=trend,
        snapshot_id=7,
        snapshot_label="Q3 2026",
    )


def _indicators() -> list[IndicatorLine]:
    return [
        _indicator(
            "beslissingen-binnen-termijn",
            "Besluiten binnen de wettelijke termijn",
            D("89.0"),
            target=D("90"),
            comparison="≥",
            met=False,
            numerator=D("258"),
            denominator=D("290"),
            baseline=D("84.3"),
            trend=[
                TrendPoint("Nulmeting", D("84.3")),
                TrendPoint("Q1", D("87.9")),
                TrendPoint("Q2", D("92.4")),
                TrendPoint("Q3", D("89.0")),
            ],
        ),
        _indicator(
            "naleving-eerste-controle",
            "Naleving bij de eerste controle",
            D("58.0"),
            target=D("60"),
            comparison="≥",
            met=False,
            numerator=D("184"),
            denominator=D("317"),
            numerator_label="zonder overtreding",
            denominator_label="eerste controles",
            baseline=D("54.8"),
            trend=[
                TrendPoint("Nulmeting", D("54.8")),
                TrendPoint("Q1", None),
                TrendPoint("Q2", D("60.1")),
                TrendPoint("Q3", D("58.0")),
            ],
        ),
        _indicator(
            "dwangsom-niet-tijdig",
            "Vergunningprocedures met een dwangsom wegens niet tijdig beslissen",
            D("0.7"),
            target=D("1"),
            comparison="<",
            met=True,
            direction="lager",
            numerator=D("1"),
            denominator=D("136"),
            trend=[TrendPoint("Q3", D("0.7"))],
        ),
        _indicator(
            "doorlooptijd",
            "Gemiddelde doorlooptijd",
            D("18.6"),
            unit="dagen",
            direction="lager",
            numerator=D("24180"),
            denominator=D("1300"),
            trend=[TrendPoint("Q3", D("18.6"))],
        ),
        _indicator(
            "declarabel-aandeel",
            "Declarabel aandeel van de uren",
            D("40.6"),
            scope="organisatie",
            trend=[TrendPoint("Q3", D("40.6"))],
        ),
        _indicator("handhaving-in-stand", "Handhavingsbesluiten in stand bij de rechter", None),
    ]


def _months(planned_year: Decimal, realised_share: Decimal) -> list[MonthPoint]:
    points = []
    for month, label in enumerate(MONTHS, start=1):
        planned = (planned_year * month / 12).quantize(D("0.01"))
        realised = (planned * realised_share).quantize(D("0.01")) if month <= 9 else None
        points.append(MonthPoint(month, label, planned, realised))
    return points


def _sections(scale: int = 1) -> SectionData:
    realisation = RealisationSection(
        has_programme=True,
        tariff=D("101.65"),
        plan_year_hours=D("24608.75") * scale,
        plan_year_amount=D("2501479.45") * scale,
        planned_hours=D("18385.68") * scale,
        planned_amount=D("1868904.41") * scale,
        realised_hours=D("20442.00") * scale,
        realised_amount=D("2077929.30") * scale,
        forecast_hours=D("27361.08") * scale,
        forecast_amount=D("2781253.78") * scale,
        forecast_deviation_percent=D("11.2"),
        forecast_warning=True,
        months=_months(D("24608.75") * scale, D("1.112")),
        products=[
            ProductLine(
                "HH-01",
                "Voornemen last onder dwangsom",
                D("543.90"),
                D("615.00"),
                D("91"),
                D("68.0"),
                47,
            ),
            ProductLine(
                "TH-01",
                "Periodieke controle milieubelastende activiteit, categorie 1",
                D("9050.20"),
                D("9288.75"),
                D("2021"),
                D("1508.6"),
                1589,
            ),
            ProductLine(
                "PR-01", "Projectleiding op verzoek", D("892.00"), D("946.50"), None, None, None
            ),
        ],
    )
    return SectionData(
        realisation=realisation,
        cases=[
            CaseLine(
                "Aanvraag omgevingsvergunning milieubelastende activiteit",
                149,
                130,
                126,
                106,
                33,
                2,
                D("56.3"),
            ),
            CaseLine(
                "Melding milieubelastende activiteit (Bal)", 1203, 1150, 40, 37, 61, 0, D("12.4")
            ),
            CaseLine("Advies aan een deelnemer", 412, 398, 0, 0, 14, 0, None),
        ],
        enforcement=EnforcementSection(
            planned=546,
            performed_of_planned=543,
            performed=544,
            by_type=[
                CountLine("periodiek", 171),
                CountLine("hercontrole", 227),
                CountLine("themacontrole", 43),
                CountLine("incidenteel", 43),
            ],
            violations=169,
            intentions=70,
            measures=[CountLine("waarschuwing", 135), CountLine("last onder dwangsom", 13)],
            first_inspections=317,
            first_compliant=184,
            reinspected_violations=166,
            repaired_at_first_reinspection=122,
            court_rulings=3,
            court_upheld=2,
        ),
        related_work=[
            RelatedLine(
                "afstemming",
                "Afstemming van het programma met deelnemer en ketenpartners",
                D("485.70"),
                D("536.25"),
            ),
            RelatedLine(
                "bestuursinformatie", "Bestuurlijke informatievoorziening", D("93.39"), D("101.50")
            ),
        ],
    )


def _content(**changes) -> ReportContent:
    sections = changes.pop("sections", _sections())
    base = ReportContent(
        title="Kwartaalrapportage Q3 2026 — Helmond",
        participant_id=12,
        participant_name="Helmond",
        kind="kwartaal",
        kind_label="kwartaalrapportage",
        year=2026,
        quarter=3,
        period_label="1 januari t/m 30 september 2026",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 9, 30),
        snapshot_id=7,
        snapshot_label="Q3 2026",
        frozen_at="6 oktober 2026",
        key_figures=[
            KeyFigure("Realisatie programma (uren)", D("111.2"), "%"),
            KeyFigure("Gerealiseerde uren", D("20442.00"), "uren"),
            KeyFigure("Gerealiseerd bedrag", D("2077929.30"), "€"),
            KeyFigure("Prognose einde jaar (uren)", D("27361.08"), "uren"),
            KeyFigure("Besluiten binnen de wettelijke termijn", D("89.0"), "%"),
            KeyFigure("Naleving bij de eerste controle", D("58.0"), "%"),
        ],
        summary=[
            "Van de uren die tot het einde van de periode gepland waren, is 111,2 % gerealiseerd "
            "(20.442 van 18.386 uur).",
            "1 van de 3 indicatoren met een streefwaarde halen die.",
        ],
        indicators=_indicators(),
        sections=sections,
        notable_items=NOTABLE,
    )
    return replace(base, **changes)


def _regional() -> ReportContent:
    names = [
        ("Asten", D("110.4"), True, 3, 4),
        ("Bergeijk", D("88.0"), True, 3, 5),
        ("Eindhoven", D("111.2"), True, 2, 4),
        ("Helmond", D("97.2"), False, 4, 4),
        ("Nuenen, Gerwen en Nederwetten", D("106.9"), False, 3, 4),
        ("Provincie Noord-Brabant", None, False, 0, 0),
    ]
    return _content(
        title="Kwartaalrapportage Q3 2026 — Regio (alle deelnemers)",
        participant_id=None,
        participant_name="Regio",
        sections=_sections(scale=6),
        participants=[
            ParticipantLine(pk, name, percent, warning, met, with_target)
            for pk, (name, percent, warning, met, with_target) in enumerate(names, start=1)
        ],
        notable_items="",
    )


@pytest.fixture
def report_content() -> ReportContent:
    return _content()


@pytest.fixture
def regional_report_content() -> ReportContent:
    return _regional()


# --- reading the outputs back -------------------------------------------------------------------


class _Figures(HTMLParser):
    """Every data-figure of a page with its data-value."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, str] = {}
        self.duplicates: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if "data-figure" in found:
            key, value = found["data-figure"], found.get("data-value", "")
            if key in self.figures and self.figures[key] != value:
                self.duplicates.append(key)
            self.figures[key] = value


def page_figures(content: ReportContent) -> dict[str, str]:
    parser = _Figures()
    parser.feed(rendering.render_body_html(content, "page"))
    assert parser.duplicates == []
    return parser.figures


def sheet_tables(sheet) -> dict[str, dict[str, dict[str, object]]]:
    """A sheet's tables by title: {row label (first column): {header: value}}."""
    rows = list(sheet.iter_rows(values_only=True))
    tables: dict[str, dict[str, dict[str, object]]] = {}
    index = 2  # below the report title and the snapshot line
    while index < len(rows):
        if rows[index][0] is not None and index + 1 < len(rows) and rows[index + 1][0] is not None:
            title, headers = rows[index][0], rows[index + 1]
            body: dict[str, dict[str, object]] = {}
            index += 2
            while index < len(rows) and any(value is not None for value in rows[index]):
                row = rows[index]
                body[str(row[0])] = {str(h): v for h, v in zip(headers, row, strict=False) if h}
                index += 1
            tables[str(title)] = body
        index += 1
    return tables


REALISATION_CELLS = {
    "plan_year_hours": ("Uren en bedragen", "Plan heel 2026", "Uren"),
    "plan_year_amount": ("Uren en bedragen", "Plan heel 2026", "Bedrag (€)"),
    "planned_hours": ("Uren en bedragen", "Plan tot en met de periode", "Uren"),
    "planned_amount": ("Uren en bedragen", "Plan tot en met de periode", "Bedrag (€)"),
    "realised_hours": ("Uren en bedragen", "Gerealiseerd", "Uren"),
    "realised_amount": ("Uren en bedragen", "Gerealiseerd", "Bedrag (€)"),
    "forecast_hours": ("Uren en bedragen", "Prognose einde jaar", "Uren"),
    "forecast_amount": ("Uren en bedragen", "Prognose einde jaar", "Bedrag (€)"),
    "tariff": ("Uren en bedragen", "Uurtarief", "Bedrag (€)"),
    "percent": ("Realisatie en prognose", "Realisatie tot en met de periode", "Waarde (%)"),
    "forecast_deviation_percent": (
        "Realisatie en prognose",
        "Afwijking prognose van het jaarplan",
        "Waarde (%)",
    ),
}
PRODUCT_HEADERS = {
    "planned_hours": "Gepland (uren)",
    "realised_hours": "Gerealiseerd (uren)",
    "ordered": "Besteld (aantal)",
    "due": "Naar rato (aantal)",
    "delivered": "Geleverd (aantal)",
}
INDICATOR_HEADERS = {
    "value": "Waarde",
    "target": "Norm",
    "baseline": "Nulmeting",
    "numerator": "Teller",
    "denominator": "Noemer",
}
CASE_HEADERS = {
    "received": "Ontvangen",
    "ended": "Afgerond",
    "decided": "Besloten",
    "decided_within_term": "Binnen termijn",
    "within_percent": "Binnen termijn (%)",
    "open_at_end": "Open aan het eind",
    "overdue_at_end": "Daarvan over termijn",
    "average_days": "Doorlooptijd (dagen)",
}
RELATED_HEADERS = {
    "planned_hours": "Gepland (uren)",
    "realised_hours": "Gerealiseerd (uren)",
    "percent": "Realisatie (%)",
}
PARTICIPANT_HEADERS = {
    "realisation_percent": "Realisatie uren (%)",
    "indicators_met": "Normen gehaald",
    "indicators_with_target": "Indicatoren met norm",
}


def workbook_value(book, content: ReportContent, key: str) -> object:
    """The workbook cell the page's figure ``key`` corresponds to, found by sheet, table title,
    row label and column header."""

    def cell(sheet, table, row, header):
        return sheet_tables(book[sheet])[table][row][header]

    section, rest = key.split(".", 1)
    if section == "key":
        return cell("Samenvatting", "Kerncijfers", rest, "Waarde")
    if section == "realisation":
        return cell("Realisatie", *REALISATION_CELLS[rest])
    if section == "month":
        label, field = rest.split(".")
        header = {
            "planned_cumulative": "Plan cumulatief (uren)",
            "realised_cumulative": "Gerealiseerd cumulatief (uren)",
        }[field]
        return cell("Realisatie", "Cumulatieve uren per maand", label, header)
    if section == "product":
        code, field = rest.rsplit(".", 1)
        return cell("Realisatie", "Producten", code, PRODUCT_HEADERS[field])
    if section == "indicator":
        code, field = rest.split(".", 1)
        if field.startswith("trend."):
            return cell("Indicatoren", "Verloop sinds de nulmeting", code, field.split(".", 1)[1])
        return cell("Indicatoren", "Indicatoren tegenover hun norm", code, INDICATOR_HEADERS[field])
    if section == "cases":
        case_type, field = rest.rsplit(".", 1)
        return cell("Zaken", "Zaken per zaaktype", case_type, CASE_HEADERS[field])
    if section == "enforcement":
        if rest.startswith("type."):
            return cell("Handhaving", "Uitgevoerde controles per soort", rest[5:], "Aantal")
        if rest.startswith("measure."):
            return cell("Handhaving", "Opgelegde maatregelen per instrument", rest[8:], "Aantal")
        labels = {k: label for k, label, _ in rendering.enforcement_rows(content)}
        return cell("Handhaving", "Toezicht en handhaving", labels[rest], "Aantal")
    if section == "related":
        kind, field = rest.rsplit(".", 1)
        return cell("Gerelateerd werk", "Gerelateerde werkzaamheden", kind, RELATED_HEADERS[field])
    if section == "participant":
        name, field = rest.rsplit(".", 1)
        return cell("Deelnemers", "Deelnemers", name, PARTICIPANT_HEADERS[field])
    raise AssertionError(f"No workbook place for {key}")


def pdf_text(pdf: bytes, tmp_path: Path, page: int | None = None) -> str:
    if not Path(PDFTOTEXT).exists():
        if os.environ.get("CI"):
            pytest.fail(f"pdftotext not found at {PDFTOTEXT}; install poppler-utils.")
        pytest.skip("pdftotext not found (apt-get install poppler-utils)")
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(
        [PDFTOTEXT, "-layout", *pages, str(source), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


@pytest.fixture(scope="module")
def participant_pdf() -> bytes:
    with override_settings(GRIP_SERVICE_NAME="Omgevingsdienst Zuidoost-Brabant"):
        return rendering.render_pdf(_content())


@pytest.fixture(scope="module")
def regional_pdf() -> bytes:
    return rendering.render_pdf(_regional())


# --- the PDF ------------------------------------------------------------------------------------


def test_pdf_names_the_participant_and_its_key_figures_in_dutch_notation(participant_pdf, tmp_path):
    text = pdf_text(participant_pdf, tmp_path)

    assert participant_pdf.startswith(b"%PDF-")
    assert "Helmond" in text
    for figure in ("111,2 %", "20.442 uur", "€ 2.077.929", "27.361 uur", "89,0 %", "58,0 %"):
        assert figure in text, figure
    # The indicators with their targets and the counts behind them.
    assert "≥ 90 %" in text
    assert "Binnen termijn: 258; besluiten: 290." in " ".join(text.split())


def test_pdf_has_a_cover_contents_and_page_numbers(participant_pdf, tmp_path):
    cover = " ".join(pdf_text(participant_pdf, tmp_path, page=1).split())
    contents = pdf_text(participant_pdf, tmp_path, page=2)
    text = pdf_text(participant_pdf, tmp_path)
    pages = int(re.search(r"pagina 1 van (\d+)", text).group(1))

    assert "Omgevingsdienst Zuidoost-Brabant" in cover
    assert "Bestuursrapportage".upper() in cover
    assert "Kwartaalrapportage Q3 2026 — Helmond" in cover
    assert "1 januari t/m 30 september 2026" in cover
    assert "Q3 2026" in cover
    assert "6 oktober 2026" in cover
    assert pages >= 5
    assert f"pagina {pages} van {pages}" in text
    assert "Inhoud" in contents
    # The contents give each section's page, and the section is on that page.
    for title in ("Indicatoren en normen", "Zaken en termijnen", "Opvallende zaken"):
        page = int(re.search(re.escape(title) + r"\s*\.+\s*(\d+)", contents).group(1))
        assert title in pdf_text(participant_pdf, tmp_path, page=page), title
    assert "Deelnemers" not in contents


def test_regional_pdf_lists_the_participants(regional_pdf, tmp_path):
    text = pdf_text(regional_pdf, tmp_path)

    assert "Regio (alle deelnemers)" in text
    assert "Deelnemers" in pdf_text(regional_pdf, tmp_path, page=2)
    assert "Nuenen, Gerwen en Nederwetten" in text
    assert "122.652" in text  # 6 × 20.442 realised hours, in the realisation table
    assert "De accountmanager heeft geen opvallende zaken vermeld." in text


def test_notable_items_are_escaped_text_with_paragraphs(report_content, participant_pdf, tmp_path):
    html = rendering.render_body_html(report_content, "page")
    text = " ".join(pdf_text(participant_pdf, tmp_path).split())

    assert "<script>alert" not in html
    assert "<b>Rijkswaterstaat" not in html
    assert (
        "<p>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; de afspraken met "
        "&lt;b&gt;Rijkswaterstaat&lt;/b&gt; lopen.</p>" in html
    )
    assert "ingelopen.<br>De wachttijd daalde naar 41 dagen.</p>" in html
    assert "<script>alert('x')</script> & de afspraken met <b>Rijkswaterstaat</b> lopen." in text


def test_pdf_charts_are_the_page_specs_drawn_as_svg(report_content, monkeypatch):
    drawn = []
    real = rendering.vl_convert.vegalite_to_svg

    def recording(spec, **options):
        drawn.append(spec)
        return real(spec, **options)

    monkeypatch.setattr(rendering.vl_convert, "vegalite_to_svg", recording)
    html = rendering.render_body_html(report_content, "pdf")
    page = rendering.page_context(report_content)["charts"]

    assert list(page) == ["cumulatief", "indicatoren", "controles"]
    assert drawn == list(page.values())
    images = re.findall(
        r'<img class="grip-report-chart__image" src="data:image/svg\+xml;base64,', html
    )
    assert len(images) == 3
    assert 'alt="Lijngrafiek van de geplande en de gerealiseerde uren' in html


def test_pdf_reads_nothing_from_the_network():
    fetcher = rendering._fetcher()

    with pytest.raises(ValueError, match="reads no resource"):
        fetcher("https://example.org/logo.png")
    with pytest.raises(ValueError, match="reads no resource"):
        fetcher("file:///etc/passwd")
    assert fetcher("data:text/plain;base64,R3JpcA==").read() == b"Grip"


# --- the page -----------------------------------------------------------------------------------


def test_page_embeds_each_chart_spec_beside_its_div(regional_report_content):
    context = rendering.page_context(regional_report_content)
    html = rendering.render_body_html(regional_report_content, "page")

    assert context["mode"] == "page"
    assert context["content"] is regional_report_content
    assert list(context["charts"]) == ["cumulatief", "indicatoren", "controles", "deelnemers"]
    for name, spec in context["charts"].items():
        assert f'<div class="grip-chart" id="grafiek-{name}" aria-hidden="true"></div>' in html
        script = re.search(
            rf'<script id="spec-{name}" type="application/json">(.*?)</script>', html, re.S
        )
        assert json.loads(script.group(1)) == spec


def test_every_indicator_links_to_its_definition(report_content):
    html = rendering.render_body_html(report_content, "page")

    for line in report_content.indicators:
        assert f'href="#definitie-{line.code}"' in html
        assert f'id="definitie-{line.code}"' in html
    assert "Definitie versie 1; lager is beter." in " ".join(html.split())
    assert "Uit meting Q3 2026, bevroren op 6 oktober 2026." in " ".join(html.split())


def test_contents_are_the_bodys_headings(regional_report_content):
    body = rendering.render_body_html(regional_report_content, "pdf")
    outline = rendering.outline(body)

    assert [anchor for anchor, _title, _children in outline] == [
        "samenvatting",
        "realisatie",
        "indicatoren",
        "zaken",
        "handhaving",
        "gerelateerd-werk",
        "deelnemers",
        "opvallende-zaken",
    ]
    assert outline[1][2] == [
        ("realisatie-maanden", "Uren per maand"),
        ("realisatie-producten", "Producten"),
    ]


def test_report_filters_write_dutch_numbers():
    assert number(D("20442.00")) == "20.442"
    assert number(D("100615.75")) == "100.616"  # rounded, not cut off
    assert number(D("1508.65"), 1) == "1.508,7"
    assert number(None) == "—"
    assert number(D("90"), "auto") == "90"
    assert number(D("0.5"), "auto") == "0,5"
    assert with_unit(D("111.2"), "%") == "111,2\u00a0%"
    assert with_unit(D("2077929.30"), "€") == "€\u00a02.077.929"
    assert with_unit(D("18.6"), "dagen") == "18,6\u00a0dagen"
    assert target(D("90"), "procent") == "90\u00a0%"
    assert raw(D("20442.00")) == "20442.00"
    assert raw(None) == ""


# --- the workbook -------------------------------------------------------------------------------


@pytest.mark.parametrize("build", [_content, _regional], ids=["deelnemer", "regio"])
def test_workbook_figures_equal_the_pages(build):
    content = build()
    figures = page_figures(content)
    book = openpyxl.load_workbook(io.BytesIO(excel.render_xlsx(content)))

    assert len(figures) > 100
    mismatches = {}
    for key, value in figures.items():
        cell = workbook_value(book, content, key)
        expected = None if value == "" else float(Decimal(value))
        if cell != expected:
            mismatches[key] = (value, cell)
    assert mismatches == {}


def test_workbook_has_a_sheet_per_section():
    participant = openpyxl.load_workbook(io.BytesIO(excel.render_xlsx(_content())))
    regional = openpyxl.load_workbook(io.BytesIO(excel.render_xlsx(_regional())))

    sections = [
        "Samenvatting",
        "Realisatie",
        "Indicatoren",
        "Zaken",
        "Handhaving",
        "Gerelateerd werk",
        "Opvallende zaken",
    ]
    assert participant.sheetnames == sections
    assert regional.sheetnames == [*sections[:-1], "Deelnemers", "Opvallende zaken"]


def test_workbook_numbers_are_numbers_with_the_unit_in_the_header():
    book = openpyxl.load_workbook(io.BytesIO(excel.render_xlsx(_content())))
    sheet = book["Realisatie"]

    assert sheet["A1"].value == "Kwartaalrapportage Q3 2026 — Helmond"
    assert sheet["A2"].value.startswith("Meting Q3 2026, bevroren op 6 oktober 2026")
    assert [cell.value for cell in sheet[5]][:3] == ["Onderdeel", "Uren", "Bedrag (€)"]
    assert all(cell.font.bold for cell in sheet[5][:3])
    assert sheet.freeze_panes == "A6"
    realised = sheet["B8"]
    assert (sheet["A8"].value, realised.value, realised.data_type) == ("Gerealiseerd", 20442, "n")
    assert sheet["C8"].value == 2077929.3
    assert sheet["C8"].number_format == '"€" #,##0.00'
    cases = book["Zaken"]
    assert [cell.value for cell in cases[5]][5] == "Binnen termijn (%)"
    assert (cases["F6"].value, cases["F6"].data_type) == (84.1, "n")
    assert cases["A9"].value == "Totaal"
    assert cases["B9"].value == 149 + 1203 + 412
    notes = book["Opvallende zaken"]
    assert notes["A5"].value.startswith("In het derde kwartaal")
    assert notes["A6"].value.startswith("<script>alert('x')</script> &")


def test_workbook_carries_the_annotations_as_the_page_does():
    content = replace(
        _content(),
        annotated_at="6 oktober 2026",
        annotations={
            "realisation": Annotation(
                definition="Uren geboekt op het programma.",
                datasets=[
                    AnnotatedDataset("hours.entry", "Urenboekingen"),
                    AnnotatedDataset("programmes.programmeline", "Programmaregels"),
                ],
                score=QualityScore(85, "hours.entry", "Urenboekingen"),
            ),
            "indicator.beslissingen-binnen-termijn": Annotation(definition="Binnen de termijn."),
        },
    )
    book = openpyxl.load_workbook(io.BytesIO(excel.render_xlsx(content)))

    assert book.sheetnames[-1] == "Herkomst en kwaliteit"
    sheet = book["Herkomst en kwaliteit"]
    assert sheet["A4"].value == ("Definitie, herkomst en datakwaliteit (gemeten op 6 oktober 2026)")
    assert [cell.value for cell in sheet[6]] == [
        "Realisatie van het programma",
        "Uren geboekt op het programma.",
        "Urenboekingen (hours.entry), Programmaregels (programmes.programmeline)",
        85,
        "Urenboekingen",
    ]
    indicator = [cell.value for cell in sheet[7]]
    assert indicator[0] == next(
        line.name for line in content.indicators if line.code == "beslissingen-binnen-termijn"
    )
    assert indicator[2:] == ["niet vastgelegd", None, "nog geen controles"]


# --- the charts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("build", [_content, _regional], ids=["deelnemer", "regio"])
def test_chart_specs_are_valid_vega_lite_5_with_dutch_texts(build):
    specs = rendering.chart_specs(build())
    schema = alt.vegalite.v5.schema.load_schema()

    for name, spec in specs.items():
        validate_jsonschema(spec, schema)
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v5."), name
        assert spec["config"]["locale"]["number"]["decimal"] == ","
        assert spec["description"], name
        assert spec["title"]["text"], name


def test_indicator_chart_has_the_key_indicators_and_their_targets(report_content):
    spec = charts.indicator_trends(report_content)
    values = spec["data"]["values"]

    assert {row["code"] for row in values} == {
        "beslissingen-binnen-termijn",
        "naleving-eerste-controle",
        "dwangsom-niet-tijdig",
    }
    naleving = [row for row in values if row["code"] == "naleving-eerste-controle"]
    assert [(row["punt"], row["waarde"], row["norm"]) for row in naleving] == [
        ("Nulmeting", 54.8, 60.0),
        ("Q2", 60.1, 60.0),
        ("Q3", 58.0, 60.0),
    ]


def test_participant_chart_only_in_the_regional_report(report_content, regional_report_content):
    spec = charts.participant_realisation(regional_report_content)

    assert charts.participant_realisation(report_content) is None
    bars = (
        spec["layer"][0]["data"]["values"] if "data" in spec["layer"][0] else spec["data"]["values"]
    )
    assert ("Provincie Noord-Brabant", None) not in [
        (v["deelnemer"], v["realisatie"]) for v in bars
    ]
    assert {"deelnemer": "Asten", "realisatie": 110.4} in bars
    assert spec["layer"][1]["data"]["values"] == [{"plan": 100}]
