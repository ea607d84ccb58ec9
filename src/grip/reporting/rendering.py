"""A board report as a web page body and as a PDF, both from one template and one content.

The web page includes ``reporting/report_body.html`` with :func:`page_context`; the PDF renders
the same template in "pdf" mode inside a print wrapper (cover, contents, page numbers) and hands
it to WeasyPrint. The charts are the same Vega-Lite specifications in both: vega-embed draws
them on the page, vl-convert turns them into SVG for the PDF. WeasyPrint fetches nothing from
the network: only ``data:`` URLs and files of the reporting app's static folder are read.
"""

from __future__ import annotations

import base64
import functools
import re
import threading
from dataclasses import dataclass, fields
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import vl_convert
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from grip.reporting import charts
from grip.reporting.content import CaseLine, RelatedLine, ReportContent

STATIC_DIR = Path(__file__).resolve().parent / "static" / "reporting"
PRINT_CSS = STATIC_DIR / "report-print.css"
BODY_TEMPLATE = "reporting/report_body.html"
PDF_TEMPLATE = "reporting/report_pdf.html"
CONTENT_TYPE_PDF = "application/pdf"
_FIGURE_ATTRIBUTES = re.compile(r' data-(?:figure|value)="[^"]*"')
# A tagged PDF (structure for screen readers: headings, tables, figures with their alternative
# text), as documents a government publishes should be. It costs 0.3-0.8 s per report.
PDF_TAGS = True


# --- the charts ---------------------------------------------------------------------------------


def chart_specs(content: ReportContent) -> dict[str, dict[str, Any]]:
    """The report's charts by id ("cumulatief", "indicatoren", "controles", "deelnemers"), as
    Vega-Lite specifications; a chart without data is left out."""
    built = {
        "cumulatief": charts.cumulative_hours(content),
        "indicatoren": charts.indicator_trends(content),
        "controles": charts.inspections_by_type(content),
        "deelnemers": charts.participant_realisation(content),
    }
    return {key: spec for key, spec in built.items() if spec is not None}


# What the printed chart does without: labels Vega hid to avoid overlaps (opacity 0), empty
# background paths, and the SVG's own ARIA markup (the PDF's image carries the description).
_SVG_HIDDEN_TEXT = re.compile(r'<text[^>]*\sopacity="0"[^>]*>[^<]*</text>')
_SVG_EMPTY_PATH = re.compile(
    r'<path class="(?:background|foreground)" aria-hidden="true" d="(?:M0,0h0v0h0Z)?"[^>]*/>'
)
_SVG_ARIA = re.compile(r' (?:aria-[a-z]+|role|class|pointer-events)="[^"]*"')


def chart_svg(spec: dict[str, Any]) -> str:
    """A specification drawn as SVG by vl-convert, from the Vega-Lite version it is written for,
    without what is invisible (WeasyPrint draws SVG text letter by letter: every one counts)."""
    svg: str = vl_convert.vegalite_to_svg(spec, vl_version=charts.VEGA_LITE_VERSION)
    for pattern in (_SVG_HIDDEN_TEXT, _SVG_EMPTY_PATH, _SVG_ARIA):
        svg = pattern.sub("", svg)
    return svg


@dataclass(frozen=True)
class ChartImage:
    """A chart for the PDF: its SVG as a data URL (an image WeasyPrint draws as vectors) and
    the chart's description as the image's alternative text."""

    src: str
    alt: str


def chart_image(spec: dict[str, Any]) -> ChartImage:
    encoded = base64.b64encode(chart_svg(spec).encode("utf-8")).decode("ascii")
    return ChartImage(
        src=f"data:image/svg+xml;base64,{encoded}", alt=str(spec.get("description", ""))
    )


# --- figures shared by the outputs --------------------------------------------------------------


def case_total(content: ReportContent) -> CaseLine:
    """The cases table's total row (an average lead time does not add up: left empty)."""
    lines = content.sections.cases

    def total(name: str) -> int:
        return sum(int(getattr(line, name)) for line in lines)

    return CaseLine(
        case_type=_("Totaal"),
        received=total("received"),
        ended=total("ended"),
        decided=total("decided"),
        decided_within_term=total("decided_within_term"),
        open_at_end=total("open_at_end"),
        overdue_at_end=total("overdue_at_end"),
        average_days=None,
    )


def related_total(content: ReportContent) -> RelatedLine:
    lines = content.sections.related_work
    return RelatedLine(
        kind="totaal",
        label=_("Totaal"),
        planned_hours=sum((line.planned_hours for line in lines), Decimal(0)),
        realised_hours=sum((line.realised_hours for line in lines), Decimal(0)),
    )


def enforcement_rows(content: ReportContent) -> list[tuple[str, str, int]]:
    """The enforcement overview: (key, Dutch label, count) in the order the report shows."""
    enforcement = content.sections.enforcement
    labels = {
        "planned": _("Geplande controles"),
        "performed_of_planned": _("Daarvan uitgevoerd"),
        "performed": _("Uitgevoerde controles (alle)"),
        "first_inspections": _("Eerste controles"),
        "first_compliant": _("Daarvan zonder overtreding"),
        "violations": _("Geconstateerde overtredingen"),
        "reinspected_violations": _("Overtredingen hergecontroleerd"),
        "repaired_at_first_reinspection": _("Daarvan hersteld bij de eerste hercontrole"),
        "intentions": _("Voornemens tot een last"),
        "court_rulings": _("Uitspraken van de rechter"),
        "court_upheld": _("Daarvan besluit in stand"),
    }
    names = {item.name for item in fields(enforcement)}
    return [
        (key, label, getattr(enforcement, key)) for key, label in labels.items() if key in names
    ]


def body_context(content: ReportContent, mode: str) -> dict[str, Any]:
    """What ``reporting/report_body.html`` reads, with the charts as specifications ("page")
    or as SVG ("pdf")."""
    if mode not in ("page", "pdf"):
        raise ValueError(f"Unknown mode {mode!r}")
    specs = chart_specs(content)
    drawn: dict[str, Any] = dict(specs)
    if mode == "pdf":
        drawn = {key: chart_image(spec) for key, spec in specs.items()}
    return {
        "content": content,
        "charts": drawn,
        "mode": mode,
        "case_total": case_total(content),
        "related_total": related_total(content),
        "enforcement_rows": enforcement_rows(content),
    }


def page_context(content: ReportContent) -> dict[str, Any]:
    """The web page's context to ``{% include "reporting/report_body.html" %}``: content,
    charts (id -> Vega-Lite spec, embedded with json_script as ``spec-<id>`` next to
    ``<div id="grafiek-<id>">``), mode "page" and the totals. A page may add
    ``snapshot_url`` to link the figures to their snapshot."""
    return body_context(content, "page")


def render_body_html(content: ReportContent, mode: str = "page") -> str:
    return render_to_string(BODY_TEMPLATE, body_context(content, mode))


# --- the PDF ------------------------------------------------------------------------------------


class _Headings(HTMLParser):
    """The h2 and h3 headings with an id, for the contents."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        anchor = dict(attrs).get("id")
        if tag in ("h2", "h3") and anchor:
            self._open = (int(tag[1]), anchor)
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag == f"h{self._open[0]}":
            level, anchor = self._open
            self.found.append((level, anchor, " ".join("".join(self._text).split())))
            self._open = None


def outline(body_html: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The contents of a rendered body: (anchor, title, [(anchor, title) of its subsections])."""
    parser = _Headings()
    parser.feed(body_html)
    result: list[tuple[str, str, list[tuple[str, str]]]] = []
    for level, anchor, title in parser.found:
        if level == 2 or not result:
            result.append((anchor, title, []))
        else:
            result[-1][2].append((anchor, title))
    return result


def render_pdf_html(content: ReportContent) -> str:
    """The complete HTML document the PDF is printed from."""
    body = render_body_html(content, "pdf")
    return render_to_string(
        PDF_TEMPLATE,
        {
            "content": content,
            "body": mark_safe(body),  # noqa: S308 - our own rendered template
            "outline": outline(body),
            "service_name": getattr(settings, "GRIP_SERVICE_NAME", ""),
        },
    )


@functools.cache
def _print_css() -> str:
    return PRINT_CSS.read_text(encoding="utf-8")


_local = threading.local()


def _weasy_setup() -> tuple[Any, Any]:
    """This thread's font configuration and parsed print stylesheet: made once per thread (a
    fresh one per PDF costs about 0.3 s; Pango's objects are not shared between threads)."""
    setup = getattr(_local, "weasy", None)
    if setup is None:
        from weasyprint import CSS  # type: ignore[import-untyped]
        from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

        fonts = FontConfiguration()
        setup = (fonts, CSS(string=_print_css(), font_config=fonts, url_fetcher=_fetcher()))
        _local.weasy = setup
    return setup


def _fetcher() -> Any:
    """A WeasyPrint URL fetcher that reads data: URLs and the reporting static folder only."""
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    class LocalFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:"):
                path = Path(url.removeprefix("file://").split("?")[0]).resolve()
                if path.is_relative_to(STATIC_DIR):
                    return super().fetch(url, headers)
            raise ValueError(f"Grip's PDF reads no resource outside the report: {url}")

    return LocalFetcher(allowed_protocols=("data", "file"), fail_on_errors=False)


def render_pdf(content: ReportContent) -> bytes:
    """The report as an A4 PDF: cover, contents with page numbers, the body, charts as SVG."""
    from weasyprint import HTML

    fonts, stylesheet = _weasy_setup()
    # The page's data-figure/data-value attributes are for comparing the outputs; the printed
    # document has no use for them and parses faster without.
    html = _FIGURE_ATTRIBUTES.sub("", render_pdf_html(content))
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_fetcher())
    pdf: bytes = document.write_pdf(stylesheets=[stylesheet], font_config=fonts, pdf_tags=PDF_TAGS)
    return pdf
