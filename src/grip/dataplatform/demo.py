"""Demo data of the data platform, after the reporting step (80).

The catalogue itself needs no demo: every migration harvests it. The steps below give the
platform's other parts something to show: one step per part, each with its own order.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from grip.cases.models import Case
from grip.core.demodata import DEMO_PASSWORD, DemoContext, DemoLogin, demo_step
from grip.core.errors import DomainError
from grip.core.models import AuditRecord
from grip.dataplatform import accesslog, checks, lineage, privacy, quality, retention
from grip.dataplatform import services as catalogue
from grip.dataplatform.models import (
    AccessLogHead,
    AccessLogLine,
    AccessLogPrune,
    AccessRights,
    Check,
    CheckResult,
    DataRole,
    Dataset,
    DatasetKind,
    DatasetRole,
    DestructionList,
    DestructionListItem,
    DestructionRecord,
    Incident,
    IncidentEvent,
    IncidentStatus,
    LineageEdge,
    LineageOrigin,
    ListKind,
    NodeKind,
    Severity,
)
from grip.organisation.models import Employee, Function, Team
from grip.organisation.roles import role_group

# Which team owns the data of each domain (business owner); KIS stewards all of it and
# Bedrijfsvoering (information management and ICT) is the custodian.
DOMAIN_OWNER = {
    "cases": "vergunningverlening",
    "mandates": "juridische-zaken",
    "enforcement": "toezicht-handhaving",
    "sites": "toezicht-handhaving",
    "planning": "toezicht-handhaving",
    "programmes": "programmamanagement",
    "frameworks": "programmamanagement",
    "participants": "accountmanagement",
    "hours": "bedrijfsvoering",
    "finance": "bedrijfsvoering",
    "organisation": "bedrijfsvoering",
    "core": "bedrijfsvoering",
    "kpis": "kis",
    "reporting": "kis",
    "dataplatform": "kis",
}
# Domains whose data is about the physical living environment (EU theme ENVI); the rest is
# about running the service (GOVE).
ENVIRONMENT_DOMAINS = {"cases", "enforcement", "sites", "planning", "mandates"}
# Reference data that is published as open data: the execution framework's catalogue and the
# case types are public policy, and the Bal activities are public law.
OPEN_DATASETS = (
    "frameworks.frameworkversion",
    "frameworks.product",
    "frameworks.hourlytariff",
    "cases.casetype",
    "cases.decisiontype",
    "sites.balactivity",
)
CONTACT_POINT = "data@odzob.example"
# Where the external sources flow into Grip's tables (imports), with their column mappings.
MANUAL_LINEAGE = (
    (
        "extern:vth-export",
        "cases.case",
        (
            ("zaaknummer", "identification"),
            ("zaaktype", "case_type"),
            ("bevoegd_gezag", "participant"),
            ("ontvangen_op", "received_on"),
            ("status", "status"),
            ("aanvrager_naam", "person_name"),
        ),
        "De zaken uit het VTH-zaaksysteem worden nachtelijks geïmporteerd.",
    ),
    (
        "extern:tijdschrijf-export",
        "hours.hourentry",
        (("medewerker", "employee"), ("datum", "date"), ("uren", "hours")),
        "Import van de tijdschrijfexport (grip import-hours).",
    ),
    (
        "extern:bag",
        "sites.site",
        (
            ("identificatie", "bag_id"),
            ("postcode", "postcode"),
            ("huisnummer", "house_number"),
            ("huisletter", "house_letter"),
            ("huisnummertoevoeging", "house_number_addition"),
            ("woonplaats", "city"),
        ),
        "Adressen van toezichtobjecten volgen de BAG (grip import-sites).",
    ),
    (
        "extern:hr-kvk",
        "sites.establishment",
        (
            ("kvk_nummer", "kvk_number"),
            ("vestigingsnummer", "branch_number"),
            ("handelsnaam", "trade_name"),
        ),
        "Vestigingen uit het Handelsregister (grip import-sites).",
    ),
)
STEWARD_USERNAME = "kis"


def _catalogue_has_owners() -> bool:
    return DatasetRole.objects.exists()


def _reset_catalogue() -> None:
    DatasetRole.objects.all().delete()
    LineageEdge.objects.filter(origin=LineageOrigin.MANUAL).delete()


@demo_step(
    name="dataplatform-catalogue",
    order=90,
    has_data=_catalogue_has_owners,
    reset=_reset_catalogue,
)
def curate_catalogue(context: DemoContext) -> None:
    """Owners, steward and custodian for every table of Grip, and its DCAT-AP-NL metadata,
    written through the services by the steward (so the catalogue's history shows them)."""
    steward_user = get_user_model().objects.get(username=STEWARD_USERNAME)
    steward = Employee.objects.get(user=steward_user)
    teams = {team.code: team for team in Team.objects.all()}
    custodian = teams["bedrijfsvoering"]
    since = datetime.date(context.year - 1, 1, 1)
    datasets = list(Dataset.objects.filter(kind=DatasetKind.MODEL, present=True))
    for dataset in context.progress.track(datasets, label="Datacatalogus", total=len(datasets)):
        owner = teams[DOMAIN_OWNER.get(dataset.domain, "kis")]
        for role, holder in (
            (DataRole.BUSINESS_OWNER, owner),
            (DataRole.STEWARD, steward),
            (DataRole.CUSTODIAN, custodian),
        ):
            catalogue.role_assign(
                actor=steward_user, dataset=dataset, role=role, holder=holder, valid_from=since
            )
        catalogue.dataset_update(
            actor=steward_user,
            dataset=dataset,
            data={
                "publisher": "Omgevingsdienst Zuidoost-Brabant",
                "creator": owner.name,
                "contact_point": CONTACT_POINT,
                "theme": "ENVI" if dataset.domain in ENVIRONMENT_DOMAINS else "GOVE",
                "access_rights": (
                    AccessRights.PUBLIC
                    if dataset.identifier in OPEN_DATASETS
                    else AccessRights.NON_PUBLIC
                ),
            },
        )
    for source, target, column_map, note in MANUAL_LINEAGE:
        lineage.edge_add_manual(
            actor=steward_user,
            source=(NodeKind.DATASET, source),
            target=(NodeKind.DATASET, target),
            column_map=column_map,
            note=note,
        )


# -- Retention: a destruction list waiting for the archivist (ADR 0006 §5) ----------------------

PROPOSER_USERNAME = "beheerder"  # the organisation step's log-in; the archivist is "archivaris"


def _retention_has_data() -> bool:

    return DestructionList.objects.exists()


def _reset_retention() -> None:
    """Queryset deletes: a destruction record refuses ``delete()`` one by one (write-once)."""

    DestructionRecord.objects.all().delete()
    DestructionListItem.objects.all().delete()
    DestructionList.objects.all().delete()


@demo_step(
    name="dataplatform-retention",
    order=94,
    has_data=_retention_has_data,
    reset=_reset_retention,
)
def propose_destruction_list(context: DemoContext) -> None:
    """The beheerder proposes today's destruction list and submits it: the archivist finds it
    waiting. It holds whatever closed cases of the cases step are past their action date; with
    none, there is no list (nothing is faked)."""

    proposer = get_user_model().objects.get(username=PROPOSER_USERNAME)
    today = timezone.localdate()
    try:
        destruction_list = retention.destruction_list_propose(
            actor=proposer,
            kind=ListKind.DESTROY,
            reference_date=today,
            name=f"Vernietigingslijst {today:%d-%m-%Y}",
        )
    except DomainError as refusal:
        if refusal.code == "no_candidates":
            return
        raise
    retention.destruction_list_submit(actor=proposer, destruction_list=destruction_list)


# -- Data quality: shipped checks with owners, a month of runs, incidents (ADR 0006 §3) --------

QUALITY_RUN_DAYS_AGO = (28, 21, 14, 10, 7, 3, 1, 0)


def _quality_has_data() -> bool:

    return CheckResult.objects.exists()


def _reset_quality() -> None:
    """Queryset deletes: results and incident events refuse ``delete()`` one by one."""

    IncidentEvent.objects.all().delete()
    Incident.objects.all().delete()
    CheckResult.objects.all().delete()
    # The checks themselves are shipped and stay; their owners are demo staff, about to go.
    Check.objects.update(owner_employee=None, owner_team=None)


@demo_step(
    name="dataplatform-quality",
    order=92,
    has_data=_quality_has_data,
    reset=_reset_quality,
)
def run_quality_checks(context: DemoContext) -> None:
    """The steward gives every shipped check an owner (the domain's team; the critical ones
    the steward), the checks run on eight days of the last month so the trend has points, and
    of the incidents the failures opened one is acknowledged and assigned, one resolved."""

    checks.sync_shipped_checks()
    steward_user = get_user_model().objects.get(username=STEWARD_USERNAME)
    steward = Employee.objects.get(user=steward_user)
    teams = {team.code: team for team in Team.objects.all()}
    for check in Check.objects.filter(shipped=True).select_related("dataset"):
        if check.severity == Severity.CRITICAL:
            owner: dict[str, object] = {"owner_employee": steward, "owner_team": None}
        else:
            team = teams.get(DOMAIN_OWNER.get(check.dataset.domain, "kis")) or teams.get("kis")
            owner = {"owner_employee": None, "owner_team": team}
        quality.check_update(actor=steward_user, check=check, data=owner)
    now = timezone.now()
    active = list(Check.objects.filter(active=True).select_related("dataset").order_by("pk"))
    for days_ago in context.progress.track(
        QUALITY_RUN_DAYS_AGO, label="Datakwaliteit", total=len(QUALITY_RUN_DAYS_AGO)
    ):
        quality.run_checks(active, now=now - datetime.timedelta(days=days_ago))
    incidents = list(
        Incident.objects.filter(status=IncidentStatus.NEW)
        .select_related("check_rule")
        .order_by("check_rule__code")
    )
    if incidents:
        first = quality.incident_acknowledge(
            actor=steward_user, incident=incidents[0], note="Gezien; we zoeken het uit."
        )
        quality.incident_assign(actor=steward_user, incident=first, assignee=steward)
    if len(incidents) > 1:
        quality.incident_resolve(
            actor=steward_user,
            incident=incidents[1],
            reason=(
                "Bekend verschil: de demodata bevat deze gevallen bewust; "
                "na de import uit het bronsysteem opnieuw beoordelen."
            ),
        )


# -- Privacy: the privacy officer's log-in and a week of logged reads (ADR 0006 §6) -----------

PRIVACY_USERNAME = "privacy"
PRIVACY_LOGIN_TEXT = "Privacy officer / FG: het verwerkingsregister en het toegangslogboek."
# Who of the demo's log-ins opened which of the first cases with a person, and how many days ago.
PRIVACY_READERS = ("medewerker", "toezichthouder", "teamleider", "jurist")
PRIVACY_READ_DAYS = (6, 5, 5, 4, 3, 3, 2, 1, 1, 0, 0, 0)


def _privacy_has_data() -> bool:
    return get_user_model().objects.filter(username=PRIVACY_USERNAME).exists()


def _reset_privacy() -> None:
    """The log and its anchors go together: an anchor without its lines reads as a cut tail."""

    AccessLogLine.objects.all().delete()
    AccessLogPrune.objects.all().delete()
    AccessLogHead.objects.update_or_create(pk=1, defaults={"seq": 0, "hash": "0" * 64})
    AuditRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(AccessLogHead)
    ).delete()
    Employee.objects.filter(user__username=PRIVACY_USERNAME).delete()
    get_user_model().objects.filter(username=PRIVACY_USERNAME).delete()


def _privacy_logins() -> list[DemoLogin]:
    if not _privacy_has_data():
        return []
    return [DemoLogin("privacy", PRIVACY_USERNAME, PRIVACY_LOGIN_TEXT)]


@demo_step(
    name="dataplatform-privacy",
    order=96,
    has_data=_privacy_has_data,
    reset=_reset_privacy,
    logins=_privacy_logins,
)
def log_personal_data_reads(context: DemoContext) -> None:
    """The privacy officer (a log-in of its own: no function of the organisation step holds
    the role), the register from its seed, and a week of logged case reads by the demo's staff,
    anchored, so the access log and its check have something to show."""

    privacy.load_processing_activities()
    first, last = context.faker.first_name(), context.faker.last_name()
    user = get_user_model().objects.create(
        username=PRIVACY_USERNAME,
        first_name=first,
        last_name=last,
        email="privacy@odzob.example",
        password=make_password(DEMO_PASSWORD),
    )
    user.groups.add(role_group("privacy"))
    Employee.objects.create(
        user=user,
        employee_number="P99001",
        first_name=first,
        last_name=last,
        email="privacy@odzob.example",
        team=Team.objects.get(code="bedrijfsvoering"),
        function=Function.objects.get(code="medewerker-bedrijfsvoering"),
        contract_hours_per_week=32,
        start_date=datetime.date(context.year - 3, 1, 1),
    )
    readers = list(
        get_user_model().objects.filter(username__in=PRIVACY_READERS).order_by("username")
    )
    cases = list(
        Case.objects.exclude(person_name="")
        .select_related("case_type")
        .order_by("pk")[: len(PRIVACY_READ_DAYS)]
    )
    if not readers or not cases:
        return
    now = timezone.now()
    for number, (case, days_ago) in enumerate(zip(cases, PRIVACY_READ_DAYS, strict=False)):
        moment = now - datetime.timedelta(days=days_ago, hours=number % 7, minutes=number * 7)
        accesslog.record_case_read(
            actor=readers[number % len(readers)],
            name=accesslog.CASE_READ,
            case=case,
            start_time=moment,
            end_time=moment + datetime.timedelta(milliseconds=40 + number),
        )
    accesslog.write_anchor()
