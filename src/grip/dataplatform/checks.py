"""The quality checks Grip ships, as data, synced like the harvest (after every migrate).

The code owns a shipped check's dataset, kind, columns, params, name, description and
dimension; a sync rewrites those. People own its threshold, owner, severity and whether it is
active or scheduled: a sync sets them only when it creates the check. A shipped check that has
gone from this list is made inactive, never deleted (its results stay).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from grip.cases.constants import CaseStatus
from grip.dataplatform.models import Check, CheckKind, Dataset, Dimension, Severity


@dataclass(frozen=True)
class ShippedCheck:
    code: str
    dataset: str  # the dataset's identifier
    kind: str
    name: str
    description: str
    dimension: str
    columns: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    # People's fields, set only when the check is created.
    severity: int = Severity.MAJOR
    threshold: str = "0"
    scheduled: bool = True


HOURS_IN_CLOSED_MONTH = {
    "sqlite": (
        "SELECT e.id FROM hours_hourentry e JOIN hours_monthclosing m"
        " ON m.year = CAST(strftime('%Y', e.date) AS INTEGER)"
        " AND m.month = CAST(strftime('%m', e.date) AS INTEGER)"
        " WHERE e.created_at > m.closed_at ORDER BY e.id"
    ),
    "postgresql": (
        "SELECT e.id FROM hours_hourentry e JOIN hours_monthclosing m"
        " ON m.year = EXTRACT(YEAR FROM e.date) AND m.month = EXTRACT(MONTH FROM e.date)"
        " WHERE e.created_at > m.closed_at ORDER BY e.id"
    ),
}

# A programme counts once a version was adopted (vastgesteld, or since amended: vervangen).
PARTICIPANTS_WITHOUT_PROGRAMME = (
    "SELECT p.id"
    " FROM participants_participant p WHERE p.valid_from <= %(year_end)s"
    " AND (p.valid_to IS NULL OR p.valid_to >= %(year_start)s)"
    " AND NOT EXISTS (SELECT 1 FROM programmes_programme g"
    " JOIN programmes_programmeversion v ON v.programme_id = g.id"
    " WHERE g.participant_id = p.id AND g.year = %(year)s"
    " AND v.status IN ('vastgesteld', 'vervangen')) ORDER BY p.id"
)
PARTICIPANTS_THIS_YEAR = (
    "SELECT COUNT(*)"
    " FROM participants_participant p WHERE p.valid_from <= %(year_end)s"
    " AND (p.valid_to IS NULL OR p.valid_to >= %(year_start)s)"
)

SHIPPED: tuple[ShippedCheck, ...] = (
    ShippedCheck(
        code="toezichtobject-bag-id",
        dataset="sites.site",
        kind=CheckKind.NOT_NULL,
        columns=["bag_id"],
        params={"filter": {"end_date__isnull": True}},
        dimension=Dimension.COMPLETENESS,
        name="Toezichtobjecten zonder BAG-identificatie",
        description=(
            "Een lopend toezichtobject hoort aan een BAG-adres gekoppeld te zijn; zonder "
            "BAG-identificatie is het niet te vinden op de kaart en niet te koppelen aan de "
            "basisregistratie."
        ),
        threshold="0.1",
    ),
    ShippedCheck(
        code="toezichtobject-postcode",
        dataset="sites.site",
        kind=CheckKind.PATTERN,
        columns=["postcode"],
        params={"preset": "postcode"},
        dimension=Dimension.VALIDITY,
        name="Postcode van toezichtobjecten",
        description=(
            "Een ingevulde postcode is vier cijfers (niet beginnend met 0) en twee "
            "hoofdletters, zonder de lettercombinaties SA, SD en SS."
        ),
    ),
    ShippedCheck(
        code="toezichtobject-huisnummer",
        dataset="sites.site",
        kind=CheckKind.RANGE,
        columns=["house_number"],
        params={"min": 1, "max": 99999},
        dimension=Dimension.VALIDITY,
        name="Huisnummer van toezichtobjecten",
        description="Een huisnummer in de BAG ligt tussen 1 en 99999.",
        severity=Severity.MINOR,
    ),
    ShippedCheck(
        code="vestiging-kvk-nummer",
        dataset="sites.establishment",
        kind=CheckKind.PATTERN,
        columns=["kvk_number"],
        params={"preset": "kvk"},
        dimension=Dimension.VALIDITY,
        name="KvK-nummer van vestigingen",
        description="Een KvK-nummer is precies acht cijfers (Handelsregister).",
        severity=Severity.CRITICAL,
    ),
    ShippedCheck(
        code="vestiging-sbi-code",
        dataset="sites.establishment",
        kind=CheckKind.NOT_NULL,
        columns=["sbi_links"],
        params={"filter": {"sites__isnull": False}},
        dimension=Dimension.COMPLETENESS,
        name="Vestigingen van toezichtobjecten zonder SBI-code",
        description=(
            "Een vestiging waar een toezichtobject bij hoort, heeft ten minste één SBI-code; "
            "zonder die code valt het object buiten de branche-analyses en de risicoklassen."
        ),
        threshold="0.05",
    ),
    ShippedCheck(
        code="zaak-wettelijke-termijn-zonder-uiterste-datum",
        dataset="cases.case",
        kind=CheckKind.NOT_NULL,
        columns=["due_on"],
        params={"filter": {"case_type__statutory": True, "decided_on__isnull": True}},
        dimension=Dimension.COMPLETENESS,
        name="Zaken met een wettelijke termijn zonder uiterste datum",
        description=(
            "Een lopende zaak van een zaaktype met een wettelijke beslistermijn heeft een "
            "uiterste datum; zonder die datum bewaakt niemand de termijn en dreigt een "
            "beschikking van rechtswege."
        ),
        severity=Severity.CRITICAL,
    ),
    ShippedCheck(
        code="zaak-ontvangen-niet-in-toekomst",
        dataset="cases.case",
        kind=CheckKind.NOT_FUTURE,
        columns=["received_on"],
        dimension=Dimension.VALIDITY,
        name="Ontvangstdatum van zaken niet in de toekomst",
        description="Een zaak kan niet later ontvangen zijn dan vandaag.",
    ),
    ShippedCheck(
        code="zaak-zaaknummer-uniek",
        dataset="cases.case",
        kind=CheckKind.UNIQUE,
        columns=["identification"],
        dimension=Dimension.UNIQUENESS,
        name="Zaaknummers zijn uniek",
        description=(
            "Elk zaaknummer komt één keer voor; dubbele nummers verwarren aanvrager en archief."
        ),
        severity=Severity.CRITICAL,
    ),
    ShippedCheck(
        code="zaak-status-uit-waardelijst",
        dataset="cases.case",
        kind=CheckKind.ACCEPTED_VALUES,
        columns=["status"],
        params={"values": list(CaseStatus.values)},
        dimension=Dimension.VALIDITY,
        name="Status van zaken uit de waardelijst",
        description=(
            "De status van een zaak is een code uit de waardelijst van Grip, ook na een "
            "import uit een ander zaaksysteem."
        ),
    ),
    ShippedCheck(
        code="zaak-object-van-dezelfde-deelnemer",
        dataset="cases.case",
        kind=CheckKind.SQL,
        params={
            "sql": (
                "SELECT c.id FROM cases_case c JOIN sites_site s ON s.id = c.site_id"
                " WHERE s.participant_id <> c.participant_id ORDER BY c.id"
            ),
            "total_sql": "SELECT COUNT(*) FROM cases_case WHERE site_id IS NOT NULL",
        },
        dimension=Dimension.CONSISTENCY,
        name="Zaken over een toezichtobject van een andere deelnemer",
        description=(
            "Het toezichtobject van een zaak valt onder het bevoegd gezag van dezelfde "
            "deelnemer als de zaak."
        ),
        severity=Severity.CRITICAL,
    ),
    ShippedCheck(
        code="zaak-actualiteit",
        dataset="cases.case",
        kind=CheckKind.FRESHNESS,
        params={"column": "created_at", "max_age_hours": 7 * 24},
        dimension=Dimension.TIMELINESS,
        name="Actualiteit van zaken",
        description=(
            "Er komt elke week ten minste één nieuwe zaak binnen; blijft dat uit, dan loopt "
            "de koppeling met het zaaksysteem waarschijnlijk niet."
        ),
    ),
    ShippedCheck(
        code="zaak-aantal-rijen",
        dataset="cases.case",
        kind=CheckKind.ROW_COUNT_CHANGE,
        params={"max_change": 0.2},
        dimension=Dimension.TIMELINESS,
        name="Plotselinge verandering van het aantal zaken",
        description=(
            "Het aantal zaken verandert tussen twee runs met hoogstens 20%; een grotere "
            "sprong wijst op een mislukte of dubbele import."
        ),
        severity=Severity.MINOR,
    ),
    ShippedCheck(
        code="uren-in-afgesloten-maand",
        dataset="hours.hourentry",
        kind=CheckKind.SQL,
        params={"sql": HOURS_IN_CLOSED_MONTH},
        dimension=Dimension.CONSISTENCY,
        name="Urenboekingen in een afgesloten maand",
        description=(
            "Na het afsluiten van een maand komen er geen boekingen meer bij in die maand; "
            "een correctie is een tegenboeking in een open maand."
        ),
        severity=Severity.CRITICAL,
    ),
    ShippedCheck(
        code="uren-datum-niet-in-toekomst",
        dataset="hours.hourentry",
        kind=CheckKind.NOT_FUTURE,
        columns=["date"],
        dimension=Dimension.VALIDITY,
        name="Uren niet in de toekomst geboekt",
        description="Uren worden geschreven op de dag dat ze gewerkt zijn, niet vooruit.",
    ),
    ShippedCheck(
        code="uren-actualiteit",
        dataset="hours.hourentry",
        kind=CheckKind.FRESHNESS,
        params={"column": "created_at", "max_age_hours": 72},
        dimension=Dimension.TIMELINESS,
        name="Actualiteit van de urenregistratie",
        description=(
            "De jongste urenboeking is hoogstens drie dagen oud; anders loopt de import uit "
            "het tijdschrijfsysteem niet."
        ),
    ),
    ShippedCheck(
        code="deelnemer-vastgesteld-programma",
        dataset="participants.participant",
        kind=CheckKind.SQL,
        params={
            "sql": PARTICIPANTS_WITHOUT_PROGRAMME,
            "total_sql": PARTICIPANTS_THIS_YEAR,
        },
        dimension=Dimension.CONSISTENCY,
        name="Deelnemers zonder vastgesteld werkprogramma dit jaar",
        description=(
            "Elke deelnemer heeft voor het lopende jaar een vastgesteld werkprogramma; "
            "zonder dat programma zijn uren en facturen niet te verantwoorden."
        ),
        threshold="0.2",
    ),
    ShippedCheck(
        code="toezichtobject-identificatie-uniek",
        dataset="sites.site",
        kind=CheckKind.UNIQUE,
        columns=["participant", "bag_id", "name"],
        params={"filter": {"end_date__isnull": True, "bag_id__gt": ""}},
        dimension=Dimension.UNIQUENESS,
        name="Dubbele toezichtobjecten",
        description=(
            "Eén deelnemer heeft op één BAG-adres niet twee lopende toezichtobjecten met "
            "dezelfde naam; dat is vrijwel altijd een dubbele invoer."
        ),
    ),
)

DEFINITION_FIELDS = ("name", "description", "kind", "columns", "params", "dimension")


@transaction.atomic
def sync_shipped_checks() -> dict[str, int]:
    """Write the shipped checks: create the new, rewrite the code's fields of the existing,
    make those no longer shipped inactive. Datasets not yet harvested are skipped."""
    datasets = {dataset.identifier: dataset for dataset in Dataset.objects.all()}
    counts = {"created": 0, "updated": 0, "retired": 0, "skipped": 0}
    codes = {spec.code for spec in SHIPPED}
    for spec in SHIPPED:
        dataset = datasets.get(spec.dataset)
        if dataset is None:
            counts["skipped"] += 1
            continue
        definition = {name: getattr(spec, name) for name in DEFINITION_FIELDS}
        definition["kind"] = str(spec.kind)
        definition["dimension"] = str(spec.dimension)
        check = Check.objects.filter(code=spec.code).first()
        if check is None:
            Check.objects.create(
                code=spec.code,
                dataset=dataset,
                shipped=True,
                severity=spec.severity,
                threshold=spec.threshold,
                scheduled=spec.scheduled,
                **definition,
            )
            counts["created"] += 1
            continue
        changed = check.dataset_id != dataset.pk or not check.shipped
        for name, value in definition.items():
            if getattr(check, name) != value:
                setattr(check, name, value)
                changed = True
        if changed:
            check.dataset = dataset
            check.shipped = True
            check.save()
            counts["updated"] += 1
    retired = Check.objects.filter(shipped=True, active=True).exclude(code__in=codes)
    counts["retired"] = retired.update(active=False)
    return counts
