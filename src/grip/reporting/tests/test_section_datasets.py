"""Every figure group of the board report says what it means and which tables it reads."""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps

from grip.kpis import registry
from grip.reporting.sections import SECTION_DATASETS

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "reporting"
# data-figure="<prefix>.…" directly, or a count table's figure="<prefix>.…" argument.
FIGURE = re.compile(r'\b(?:data-figure|figure)="([a-z_]+)[.{]')


def _prefixes() -> set[str]:
    found = set()
    for template in TEMPLATES.glob("*.html"):
        found |= set(FIGURE.findall(template.read_text(encoding="utf-8")))
    return found


def test_every_figure_prefix_in_the_templates_has_an_entry():
    prefixes = _prefixes()

    assert prefixes == {
        "indicator",
        "realisation",
        "product",
        "month",
        "cases",
        "enforcement",
        "related",
        "participant",
        "key",
    }
    assert prefixes <= set(SECTION_DATASETS)


def test_every_entry_has_a_definition_and_tables_that_exist():
    for prefix, source in SECTION_DATASETS.items():
        assert len(str(source.definition)) > 40, prefix
        assert str(source.title), prefix
        assert source.datasets, prefix
        for label in source.datasets:
            model = apps.get_model(label)  # raises LookupError for a label naming no model
            assert model._meta.label == label, (prefix, label)
        for code in source.indicators:
            assert code in registry.BY_CODE, (prefix, code)


def test_the_sections_name_what_section_data_reads():
    # realisation (finance.realisations), cases (case_flow), enforcement (summary, court).
    assert "hours.HourEntry" in SECTION_DATASETS["realisation"].datasets
    assert "frameworks.HourlyTariff" in SECTION_DATASETS["realisation"].datasets
    assert set(SECTION_DATASETS["cases"].datasets) == {"cases.Case", "cases.CaseType"}
    assert "enforcement.Appeal" in SECTION_DATASETS["enforcement"].datasets
    assert set(SECTION_DATASETS["key"].indicators) == {
        "beslissingen-binnen-termijn",
        "naleving-eerste-controle",
    }
