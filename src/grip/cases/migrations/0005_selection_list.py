"""The Selectielijst 2020 as data, the proposed retention rules and the decision types' results.

Loads ``cases/data/selectielijst-2020/`` (VNG's reference-list fixtures, see PROVENANCE.md):

- every process type of both years (2017 and 2020 numbering);
- every result with a valuation (the two "Vervallen" rows without one are skipped), joined to
  its *2017* process type on ``nummer`` (every result in the fixtures points at pk 1-29), with
  its full number: "11.2" for a generic result, "11.1.6" for a specific one;
- the retention rules proposed in docs/adr/0006-data-platform.md §5 for the reference case
  types of 0002 (the archivist confirms them before go-live), keyed by case-type code and
  result, valid from 1 January 2020, the class found by its number;
- the case result each reference decision type gives when it ends a case.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "selectielijst-2020"
VALID_FROM = datetime.date(2020, 1, 1)

PERMITS = ("aanvraag-omgevingsvergunning", "aanvraag-omgevingsvergunning-uitgebreid")

# (case-type codes, result, selection-list number, afleidingswijze, process term)
RULES: list[tuple[tuple[str, ...], str, str, str, str]] = [
    # 11 Toestemming verlenen
    (PERMITS, "verleend", "11.1.6", "afgehandeld", ""),  # omgevingsvergunning milieu: blijvend
    (PERMITS, "geweigerd", "11.2", "afgehandeld", ""),
    # An applicant's withdrawal is 11.4 Afgebroken (11.3 "Ingetrokken" is a revoked permit);
    # both say vernietigen P1Y (ADR 0006 §5).
    (PERMITS, "ingetrokken", "11.4", "afgehandeld", ""),
    (PERMITS, "afgebroken", "11.4", "afgehandeld", ""),
    # The term runs from the end of the maatwerkvoorschrift: the decision's end date.
    (("aanvraag-maatwerkvoorschrift",), "verleend", "11.1", "vervaldatum_besluit", ""),
    (("aanvraag-maatwerkvoorschrift",), "geweigerd", "11.2", "afgehandeld", ""),
    (("aanvraag-maatwerkvoorschrift",), "ingetrokken", "11.4", "afgehandeld", ""),
    (("aanvraag-maatwerkvoorschrift",), "afgebroken", "11.4", "afgehandeld", ""),
    # A melding (also one answered with maatwerkvoorschriften) is kept permanently.
    (("melding-bal",), "afgehandeld", "11.1.3", "afgehandeld", ""),
    (("melding-bal",), "verleend", "11.1.3", "afgehandeld", ""),
    (("melding-bal",), "ingetrokken", "11.4", "afgehandeld", ""),
    (("melding-bal",), "afgebroken", "11.4", "afgehandeld", ""),
    # Open in the ADR (11.1.3 as a melding, or 19.1 Verwerkt): proposed as a melding.
    (("informatie-bal",), "afgehandeld", "11.1.3", "afgehandeld", ""),
    (("informatie-bal",), "ingetrokken", "11.4", "afgehandeld", ""),
    (("informatie-bal",), "afgebroken", "11.4", "afgehandeld", ""),
    # 12 Toezien en handhaven. Inspections at the service's establishments are inspections
    # of environmental permits (12.1.11, P20Y); 12.1 (P5Y) is the alternative without one.
    (("controle",), "toezicht_uitgevoerd", "12.1.11", "afgehandeld", ""),
    (("controle",), "handhaving_uitgevoerd", "12.2", "afgehandeld", ""),
    (("controle",), "ingetrokken", "12.3", "afgehandeld", ""),
    (("controle",), "afgebroken", "12.3", "afgehandeld", ""),
    (("handhavingsverzoek",), "handhaving_uitgevoerd", "12.2", "afgehandeld", ""),
    (("handhavingsverzoek",), "afgewezen", "12.1", "afgehandeld", ""),
    (("handhavingsverzoek",), "ingetrokken", "12.3", "afgehandeld", ""),
    (("handhavingsverzoek",), "afgebroken", "12.3", "afgehandeld", ""),
    # 13 Geschillen
    (("bezwaarschrift", "klacht-gedraging"), "afgehandeld", "13.1", "afgehandeld", ""),
    (("bezwaarschrift", "klacht-gedraging"), "ingetrokken", "13.2", "afgehandeld", ""),
    (("bezwaarschrift", "klacht-gedraging"), "afgebroken", "13.2", "afgehandeld", ""),
    # 6 Verzoek afhandelen: "melding overlast"
    (("milieuklacht",), "afgehandeld", "6.1", "afgehandeld", ""),
    (("milieuklacht",), "ingetrokken", "6.3", "afgehandeld", ""),
    (("milieuklacht",), "afgebroken", "6.3", "afgehandeld", ""),
    # 21 Informatie verstrekken (advice)
    (("adviesverzoek",), "verstrekt", "21.1", "afgehandeld", ""),
    (("adviesverzoek",), "ingetrokken", "21.3", "afgehandeld", ""),
    (("adviesverzoek",), "afgebroken", "21.3", "afgehandeld", ""),
]

# decision-type code (0002) -> the case result when it ends the case
DECISION_RESULTS = {
    "omgevingsvergunning-verlenen": "verleend",
    "omgevingsvergunning-weigeren": "geweigerd",
    "maatwerkvoorschrift-stellen": "verleend",
    "maatwerkvoorschrift-weigeren": "geweigerd",
    "handhavingsverzoek-toewijzen": "handhaving_uitgevoerd",
    "handhavingsverzoek-afwijzen": "afgewezen",
    "last-onder-dwangsom": "handhaving_uitgevoerd",
    "last-onder-bestuursdwang": "handhaving_uitgevoerd",
    "invordering-dwangsom": "handhaving_uitgevoerd",
    "bestuurlijke-boete": "handhaving_uitgevoerd",
    "besluit-op-bezwaar": "afgehandeld",
}


def _fixture(name):
    with (DATA / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def load(apps, schema_editor):
    ProcessType = apps.get_model("cases", "SelectionListProcessType")
    Result = apps.get_model("cases", "SelectionListResult")
    RetentionRule = apps.get_model("cases", "RetentionRule")
    DecisionType = apps.get_model("cases", "DecisionType")

    fixture_numbers = {}  # fixture pk of a process type -> its nummer
    process_2017 = {}  # nummer -> the 2017 process type
    for row in _fixture("selectielijst_2020_procestypen.json"):
        fields = row["fields"]
        process = ProcessType.objects.create(
            number=fields["nummer"],
            year=fields["jaar"],
            name=fields["naam"],
            process_object=fields.get("procesobject") or "",
            explanation=fields.get("toelichting") or "",
        )
        fixture_numbers[row["pk"]] = fields["nummer"]
        if fields["jaar"] == 2017:
            process_2017[fields["nummer"]] = process

    rows = sorted(_fixture("selectielijst_2020_resultaten.json"), key=lambda row: row["pk"])
    by_pk = {row["pk"]: row for row in rows}
    created = {}  # fixture pk -> result
    for row in rows:
        fields = row["fields"]
        if not fields.get("waardering"):
            continue  # "Vervallen": merged into another result
        process_number = fixture_numbers[fields["proces_type"]]
        generic_pk = fields.get("generiek_resultaat")
        if generic_pk:
            generic_number = by_pk[generic_pk]["fields"]["nummer"]
            number = f"{process_number}.{generic_number}.{fields['nummer']}"
        else:
            number = f"{process_number}.{fields['nummer']}"
        created[row["pk"]] = Result.objects.create(
            uuid=fields["uuid"],
            process_type=process_2017[process_number],
            number=number,
            generic=created[generic_pk] if generic_pk else None,
            name=fields["naam"],
            description=fields.get("omschrijving") or "",
            valuation=fields["waardering"],
            process_term=fields.get("procestermijn") or "",
            retention_term=fields.get("bewaartermijn") or "",
            explanation=fields.get("toelichting") or "",
        )

    classes = {result.number: result for result in created.values()}
    for codes, result, number, afleidingswijze, process_term in RULES:
        for code in codes:
            RetentionRule.objects.create(
                case_type_code=code,
                result=result,
                selection_list_result=classes[number],
                afleidingswijze=afleidingswijze,
                process_term=process_term,
                valid_from=VALID_FROM,
            )

    for code, result in DECISION_RESULTS.items():
        DecisionType.objects.filter(code=code, result="").update(result=result)


def unload(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    ProcessType = apps.get_model("cases", "SelectionListProcessType")
    Result = apps.get_model("cases", "SelectionListResult")
    RetentionRule = apps.get_model("cases", "RetentionRule")
    DecisionType = apps.get_model("cases", "DecisionType")
    uuids = [
        row["fields"]["uuid"]
        for row in _fixture("selectielijst_2020_resultaten.json")
        if row["fields"].get("waardering")
    ]
    codes = {code for rule in RULES for code in rule[0]}
    RetentionRule.objects.filter(case_type_code__in=codes, valid_from=VALID_FROM).delete()
    for code, result in DECISION_RESULTS.items():
        DecisionType.objects.filter(code=code, result=result).update(result="")
    Case.objects.filter(selection_list_result__uuid__in=uuids).update(selection_list_result=None)
    Result.objects.filter(uuid__in=uuids, generic__isnull=False).delete()
    Result.objects.filter(uuid__in=uuids).delete()
    for row in _fixture("selectielijst_2020_procestypen.json"):
        fields = row["fields"]
        ProcessType.objects.filter(
            number=fields["nummer"], year=fields["jaar"], results__isnull=True
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_archiving")]

    operations = [migrations.RunPython(load, unload)]
