"""The roles of DESIGN.md as groups with permission codenames.

Code asks ``user.has_perm("app.codename")``, never which group a user is in; this table is the
one place that says which role holds which permission. Later apps add their codenames here.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

# The framework and catalogue are common knowledge of the service and all its participants.
_FRAMEWORK_READ = tuple(
    f"frameworks.view_{model}"
    for model in ("frameworkversion", "module", "moduleplacement", "product", "hourlytariff")
)

# Work programmes; a participant user reads only its own (through the tenancy scope).
_PROGRAMME_READ = tuple(
    f"programmes.view_{model}"
    for model in ("programme", "programmeversion", "programmeline", "relatedworkline", "extrawork")
)

# The register of supervised sites; a participant user reads only its own sites (through the
# tenancy scope), and the national reference lists.
_SITE_READ = tuple(
    f"sites.view_{model}"
    for model in (
        "site",
        "siteactivity",
        "establishment",
        "establishmentsbi",
        "sbicode",
        "balactivity",
        "sitetype",
    )
)

# Every member of staff books their own hours (checked per entry by the hours services).
_BOOKING = (
    "hours.add_hourentry",
    "hours.change_hourentry",
    "hours.delete_hourentry",
    "hours.view_bookingtarget",
)

# Cases, their dossier and decisions, and the mandate register; a participant user reads only its
# own (through the tenancy scope) and documents up to its clearance.
_CASE_READ = (
    "cases.view_casetype",
    "cases.view_decisiontype",
    "cases.view_equatedday",
    "cases.view_case",
    "cases.view_document",
    "cases.view_decision",
    "mandates.view_mandatedecision",
    "mandates.view_mandateline",
    "mandates.view_submandatedecision",
    "mandates.view_submandateline",
)

# Handling cases: intake, status, suspension, extension, dossier, signing (the mandate register
# decides per decision whether the signer's function may sign it).
_CASE_WORK = (
    "cases.add_case",
    "cases.change_case",
    "cases.change_case_status",
    "cases.extend_case",
    "cases.add_document",
    "cases.sign_decision",
)

# Inspections, findings, violations, measures and the strategy; a participant user reads only
# its own (through the tenancy scope), and the reference lists.
_ENFORCEMENT_READ = tuple(
    f"enforcement.view_{model}"
    for model in (
        "instrument",
        "inspectionsubject",
        "checklist",
        "checklistpoint",
        "strategyversion",
        "strategycell",
        "inspection",
        "finding",
        "violation",
        "intention",
        "measure",
        "appeal",
    )
)

# Supervision and enforcement work: inspectors record inspections, findings and violations;
# legal officers send notices and impose measures (decisions are signed under mandate).
_ENFORCEMENT_WORK = (
    "enforcement.add_inspection",
    "enforcement.change_inspection",
    "enforcement.add_violation",
    "enforcement.change_violation",
    "enforcement.add_intention",
    "enforcement.change_intention",
    "enforcement.add_measure",
    "enforcement.change_measure",
    "enforcement.add_appeal",
    "enforcement.change_appeal",
)

# Indicators, targets, frozen figures, the BIG-8 cycle and board reports; a participant user
# reads only its own participant's (through the kpis and reporting selectors).
_KPI_READ = (
    "kpis.view_target",
    "kpis.view_snapshot",
    "kpis.view_snapshotvalue",
    "kpis.view_cycle",
    "kpis.view_cyclestep",
    "kpis.view_cycledocument",
    "reporting.view_report",
)

# Keeping the BIG-8 cycle and writing board reports: account managers for their participants
# (checked per participant by the services), KIS for all, the region and the pack.
_KPI_KEEPING = (
    "kpis.freeze_snapshot",
    "kpis.change_cyclestep",
    "reporting.publish_report",
)

# The risk model, the sites' risk scores, the inspectors' capacity and the inspection
# programmes: the service's own planning, read by its staff (not by participant users).
_PLANNING_READ = tuple(
    f"planning.view_{model}"
    for model in (
        "expertise",
        "riskmodel",
        "riskrule",
        "riskclass",
        "inspectionmethod",
        "assessment",
        "siterisk",
        "inspectorcapacity",
        "inspectionplan",
        "plantheme",
        "planparticipant",
        "planitem",
    )
)

# Account management: the interaction log, follow-ups, the participants' requests, account
# plans and satisfaction scores. Staff read them; every member of staff closes the follow-ups
# they own (checked per row by the participants services).
_ACCOUNT_READ = (
    "participants.view_interaction",
    "participants.view_followup",
    "participants.change_followup",
    "participants.view_participantrequest",
    "participants.view_accountplan",
    "participants.view_satisfactionscore",
)

# The data catalogue describes tables, not participants' rows: all staff read it.
_CATALOGUE_READ = tuple(
    f"dataplatform.view_{model}"
    for model in ("dataset", "column", "datasetrole", "glossaryterm", "lineageedge")
)

# The archivist's destruction and transfer lists and the records of destructions carried out.
_RETENTION_READ = tuple(
    f"dataplatform.view_{model}"
    for model in ("destructionlist", "destructionlistitem", "destructionrecord")
)

# Data quality: the checks, their results and incidents (all staff read them).
_QUALITY_READ = tuple(
    f"dataplatform.view_{model}" for model in ("check", "checkresult", "incident", "incidentevent")
)

# What every member of the service's own staff may read.
_STAFF_READ = (
    "core.view_all_participants",
    "participants.view_participant",
    "participants.view_contactperson",
    *_ACCOUNT_READ,
    "organisation.view_team",
    "organisation.view_function",
    "organisation.view_employee",
    *_FRAMEWORK_READ,
    *_PROGRAMME_READ,
    *_SITE_READ,
    "programmes.view_distributionkey",
    *_BOOKING,
    *_CASE_READ,
    *_ENFORCEMENT_READ,
    *_KPI_READ,
    "reporting.view_packrun",
    *_PLANNING_READ,
    *_CATALOGUE_READ,
    *_QUALITY_READ,
    # The processing register (AVG art. 30): what Grip does with personal data, and why.
    "dataplatform.view_processingactivity",
)

_MASTER_DATA_WRITE = tuple(
    f"{app}.{action}_{model}"
    for app, model in (
        ("participants", "participant"),
        ("participants", "contactperson"),
        ("participants", "participantmembership"),
        ("organisation", "team"),
        ("organisation", "function"),
        ("organisation", "employee"),
        ("frameworks", "frameworkversion"),
        ("frameworks", "module"),
        ("frameworks", "moduleplacement"),
        ("frameworks", "product"),
        ("frameworks", "hourlytariff"),
    )
    for action in ("view", "add", "change", "delete")
)

ROLES: dict[str, dict[str, Any]] = {
    "beheerder": {
        "label": _("Beheerder"),
        "description": _("Stamgegevens, gebruikers, uitvoeringskader en productencatalogus."),
        "permissions": (
            *_STAFF_READ,
            *_MASTER_DATA_WRITE,
            "core.view_auditrecord",
            "core.view_user",
            "core.add_user",
            "core.change_user",
            "auth.view_group",
            # External sources of the data catalogue (the exports it receives, BAG, ...).
            "dataplatform.add_dataset",
            # The collective programme and its distribution key are the region's, not one
            # participant's: the beheerder keeps them and records the board's adoption.
            "programmes.manage_collective_programme",
            # Hour registration: targets, imports, month closing, corrections.
            "hours.view_hourentry",
            "hours.view_weeksheet",
            "hours.add_bookingtarget",
            "hours.change_bookingtarget",
            "hours.import_hours",
            "hours.add_monthclosing",
            "hours.view_monthclosing",
            "hours.correct_hourentry",
            # The register of supervised sites: sites, establishments, activities, imports.
            "sites.add_site",
            "sites.change_site",
            "sites.add_siteactivity",
            "sites.change_siteactivity",
            "sites.delete_siteactivity",
            "sites.add_establishment",
            "sites.change_establishment",
            "sites.import_sites",
            "sites.view_siteimport",
            # Case types, decision types, the Atw's equated days and the mandate registers.
            "cases.add_casetype",
            "cases.change_casetype",
            "cases.add_decisiontype",
            "cases.change_decisiontype",
            "cases.add_equatedday",
            "cases.change_equatedday",
            "mandates.add_mandatedecision",
            "mandates.change_mandatedecision",
            "mandates.revoke_mandatedecision",
            # The enforcement strategy (the matrix) and the checklists.
            "enforcement.add_strategyversion",
            "enforcement.change_strategyversion",
            "enforcement.adopt_strategyversion",
            "enforcement.add_checklist",
            "enforcement.change_checklist",
            # Destruction and transfer lists: proposes them and carries out approved ones
            # (the archivist approves).
            *_RETENTION_READ,
            "dataplatform.add_destructionlist",
            "dataplatform.change_destructionlist",
            "dataplatform.carry_out_destructionlist",
            # Lineage: manual edges between datasets, indicators and report sections.
            "dataplatform.add_lineageedge",
            "dataplatform.delete_lineageedge",
            # The processing register (new versions) and the access log: reading it,
            # and pruning it by its retention.
            "dataplatform.add_processingactivity",
            "dataplatform.view_accesslogline",
            "dataplatform.view_accesslogprune",
            "dataplatform.delete_accesslogline",
            # Data quality: checks (only the beheerder also deletes them and writes SQL
            # checks, which run on the database itself), running them, and incidents.
            "dataplatform.add_check",
            "dataplatform.change_check",
            "dataplatform.delete_check",
            "dataplatform.write_sql_check",
            "dataplatform.run_check",
            "dataplatform.change_incident",
        ),
    },
    "accountmanager": {
        "label": _("Accountmanager"),
        "description": _("Onderhoudt de relatie met enkele deelnemers; stelt hun programma op."),
        "permissions": (
            *_STAFF_READ,
            # Contacts of the participants assigned to them (checked per participant).
            "participants.add_contactperson",
            "participants.change_contactperson",
            "participants.delete_contactperson",
            # Interactions, follow-ups, requests, account plans and satisfaction scores of the
            # participants they manage or stand in for (checked per participant).
            "participants.add_interaction",
            "participants.add_followup",
            "participants.change_participantrequest",
            "participants.change_accountplan",
            "participants.change_satisfactionscore",
            # Programmes and extra work of the participants assigned to them (checked per
            # participant by the programmes services).
            "programmes.add_programme",
            "programmes.change_programme",
            "programmes.add_extrawork",
            "hours.view_hourentry",
            # The BIG-8 cycle and the board reports of their participants; freezing a quarter.
            *_KPI_KEEPING,
            # "What if the participant orders more supervision hours": advice with numbers.
            "planning.run_scenario",
        ),
    },
    "programmamanager": {
        "label": _("Programmamanager / planner"),
        "description": _("Capaciteit, risicogericht toezichtprogramma en werkverdeling."),
        "permissions": (
            *_STAFF_READ,
            "hours.view_hourentry",
            # The risk assessment, the inspectors' capacity, programmes and scenarios.
            "planning.add_assessment",
            "planning.change_inspectorcapacity",
            "planning.add_inspectionplan",
            "planning.run_scenario",
        ),
    },
    "medewerker": {
        "label": _("Medewerker"),
        "description": _("Toezichthouder, vergunningverlener, jurist of adviseur: zaken en uren."),
        "permissions": (*_STAFF_READ, *_CASE_WORK, *_ENFORCEMENT_WORK),
    },
    "teamleider": {
        "label": _("Teamleider"),
        "description": _("Keurt uren goed; bewaakt voortgang en kwaliteit van het team."),
        "permissions": (
            *_STAFF_READ,
            "hours.view_hourentry",
            "hours.view_weeksheet",
            "hours.approve_weeksheet",
            "hours.correct_hourentry",
            *_CASE_WORK,
            *_ENFORCEMENT_WORK,
        ),
    },
    "kis": {
        "label": _("KIS"),
        "description": _("Kwaliteit, innovatie en strategie: KPI's, nulmeting, datakwaliteit."),
        "permissions": (
            *_STAFF_READ,
            "core.view_auditrecord",
            "hours.view_hourentry",
            # Targets, the baseline, every BIG-8 cycle, any report and the regional pack.
            *_KPI_KEEPING,
            "kpis.add_target",
            "kpis.change_target",
            "kpis.delete_target",
            "kpis.manage_all_cycles",
            "reporting.publish_any_report",
            # The data catalogue: curated metadata, classification, owners.
            "dataplatform.change_dataset",
            "dataplatform.change_column",
            "dataplatform.add_datasetrole",
            "dataplatform.change_datasetrole",
            # External sources (VTH export, BAG, ...): registered by hand, with their columns.
            "dataplatform.add_dataset",
            # Lineage: manual edges (an external source feeding a table, trigger-filled tables).
            "dataplatform.add_lineageedge",
            "dataplatform.delete_lineageedge",
            # Data quality: checks (no SQL checks), running them, handling incidents.
            "dataplatform.add_check",
            "dataplatform.change_check",
            "dataplatform.run_check",
            "dataplatform.change_incident",
            # The risk model: drafts, their rules, classes and methods, and adoption.
            "planning.add_riskmodel",
            "planning.change_riskmodel",
            "planning.adopt_riskmodel",
            "planning.add_assessment",
        ),
    },
    "archivaris": {
        "label": _("Archivaris"),
        "description": _(
            "Beoordeelt vernietigings- en overbrengingslijsten en keurt ze goed of af."
        ),
        "permissions": (
            *_STAFF_READ,
            *_RETENTION_READ,
            "dataplatform.approve_destructionlist",
        ),
    },
    "bestuur": {
        "label": _("Bestuur / directie"),
        "description": _("Leest alles van alle deelnemers, en de rapportages."),
        # The director and managers sign decisions under the participants' mandates.
        "permissions": (*_STAFF_READ, "hours.view_hourentry", "cases.sign_decision"),
    },
    "privacy": {
        "label": _("Privacy officer / FG"),
        "description": _(
            "Houdt het verwerkingsregister bij en controleert het toegangslogboek en de audittrail."
        ),
        "permissions": (
            *_STAFF_READ,
            "core.view_auditrecord",
            "dataplatform.add_processingactivity",
            "dataplatform.view_accesslogline",
            "dataplatform.view_accesslogprune",
        ),
    },
    "deelnemer": {
        "label": _("Deelnemer-gebruiker"),
        "description": _(
            "Medewerker van een gemeente of de provincie: ziet alleen de eigen gegevens."
        ),
        "permissions": (
            "participants.view_participant",
            "participants.view_contactperson",
            *_FRAMEWORK_READ,
            *_PROGRAMME_READ,
            *_SITE_READ,
            # Recorded for its own participant only (checked by the programmes services).
            "programmes.adopt_programme",
            "programmes.decide_extrawork",
            "programmes.comment_programme",
            # Its own requests to the service: submit, follow, withdraw.
            "participants.view_participantrequest",
            "participants.submit_request",
            # Declarable hours on its own participant (through the tenancy scope).
            "hours.view_hourentry",
            *_CASE_READ,
            *_ENFORCEMENT_READ,
            *_KPI_READ,
        ),
    },
}

PARTICIPANT_ROLE = "deelnemer"


def _permission(codename: str) -> Permission:
    app_label, name = codename.split(".", 1)
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=name)
    except Permission.DoesNotExist:
        raise LookupError(f"Role table names unknown permission '{codename}'.") from None


@transaction.atomic
def sync_roles() -> None:
    """Make each role's group hold exactly the permissions of the table above."""
    for role, spec in ROLES.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set([_permission(codename) for codename in spec["permissions"]])


def sync_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    """post_migrate comes once per app with models, after that app's permissions were made;
    the roles are synced after the last one, when every permission they name exists."""
    with_models = [config for config in django_apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        sync_roles()


def role_group(role: str) -> Group:
    if role not in ROLES:
        raise LookupError(f"Unknown role '{role}'.")
    return Group.objects.get(name=role)
