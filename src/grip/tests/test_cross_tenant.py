"""The hostile cross-tenant suite: Asten's user against every page and API endpoint.

The demo (scale small) is the world: every app keeps its demo current, so the world grows with
the product. Every participant but Asten gets a marked name before the demo is loaded, and every
free-text value of their rows is marked after it (see ``crosstenant``). The probe then walks
every URL pattern of the project. A new endpoint with a path parameter the probe does not know
fails here until its target is named below: that is the point.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client, TestCase, override_settings
from django.utils import timezone

from grip.cases.models import Case, SavedCaseView
from grip.core.classification import Confidentiality
from grip.core.demodata import Progress, load_demo
from grip.core.models import User
from grip.dataplatform.models import (
    Check,
    Column,
    DataRole,
    Dataset,
    DatasetRole,
    DestructionList,
    DestructionListItem,
    Incident,
    LineageEdge,
    ProcessingActivity,
)
from grip.enforcement.models import (
    Appeal,
    Finding,
    Inspection,
    Intention,
    Measure,
    StrategyVersion,
    Violation,
)
from grip.frameworks.models import Product
from grip.hours.models import HourEntry, WeekSheet
from grip.kpis import registry
from grip.kpis.models import Cycle, CycleStep, Snapshot, Target
from grip.mandates.models import MandateDecision, SubMandateDecision
from grip.organisation.models import Team
from grip.participants.models import (
    FollowUp,
    Interaction,
    Participant,
    ParticipantMembership,
    ParticipantRequest,
)
from grip.planning.models import (
    Assessment,
    InspectionMethod,
    InspectionPlan,
    RiskClass,
    RiskModel,
    RiskRule,
    SiteRisk,
)
from grip.programmes.models import (
    ExtraWork,
    Programme,
    ProgrammeLine,
    ProgrammeVersion,
    RelatedWorkLine,
)
from grip.reporting.constants import ReportKind
from grip.reporting.models import PackRun, Report
from grip.sites.models import Site
from grip.tests import crosstenant
from grip.tests.crosstenant import MARKER, Other, Probe

A_CODE = "GM0743"  # Asten
SEED = 9

# Every path parameter of a page, by URL name: a model (an object of another participant, or
# any row of a shared model) or a function of the probe.
WEB_TARGETS: dict[str, dict[str, Any]] = {
    name: {"pk": model}
    for model, names in {
        Participant: ("participant-detail", "realisation-participant", "realisation-entries"),
        Team: ("team-detail",),
        Product: ("catalogue-product-update", "catalogue-product-delete"),
        Programme: ("programme-detail", "programme-amend", "programme-extra-work-request"),
        ExtraWork: ("programme-extra-work-decide",),
        ProgrammeVersion: (
            "programme-version-submit",
            "programme-version-return",
            "programme-version-adopt",
            "programme-version-discard",
            "programme-version-compare",
            "programme-version-export",
            "programme-version-import",
            "programme-line-add",
            "programme-related-save",
        ),
        ProgrammeLine: ("programme-line-update", "programme-line-delete"),
        RelatedWorkLine: ("programme-related-delete",),
        WeekSheet: ("timesheet-decide",),
        HourEntry: ("timesheet-correct",),
        Site: ("site-detail",),
        Inspection: (
            "inspection-detail",
            "inspection-finding-add",
            "inspection-complete",
            "violation-record",
            "inspection-reschedule",
            "inspection-cancel",
        ),
        Finding: ("finding-record",),
        Violation: (
            "violation-detail",
            "violation-impose",
            "violation-intention",
            "violation-repaired",
            "violation-no-enforcement",
        ),
        Intention: ("intention-response",),
        Measure: (
            "measure-detail",
            "measure-forfeit",
            "measure-collect",
            "measure-status",
            "measure-appeal-lodge",
        ),
        Appeal: ("appeal-decide",),
        StrategyVersion: (
            "strategy-detail",
            "strategy-draft-create",
            "strategy-update",
            "strategy-adopt",
        ),
        SiteRisk: ("planning-risk-detail",),
        RiskModel: (
            "planning-model-detail",
            "planning-model-update",
            "planning-model-adopt",
            "planning-model-copy",
            "planning-rule-create",
            "planning-class-create",
            "planning-method-create",
        ),
        RiskRule: ("planning-rule-update", "planning-rule-delete"),
        RiskClass: ("planning-class-update", "planning-class-delete"),
        InspectionMethod: ("planning-method-update", "planning-method-delete"),
        InspectionPlan: (
            "planning-plan-detail",
            "planning-plan-status",
            "planning-plan-excel",
            "planning-scenario-create",
        ),
        SubMandateDecision: ("sub-mandate-line-add", "sub-mandate-decision-revoke"),
        MandateDecision: ("mandate-line-add", "mandate-decision-revoke"),
        Target: ("target-delete",),
        Snapshot: ("snapshot-detail", "snapshot-compare"),
        Cycle: ("cycle-detail",),
        CycleStep: ("cycle-step-update", "cycle-document-add"),
        PackRun: ("pack-run", "pack-progress"),
        Report: ("report-detail", "report-notable", "report-publish", "report-download"),
    }.items()
    for name in names
}
WEB_TARGETS = {f"web:{name}": kwargs for name, kwargs in WEB_TARGETS.items()}


def _case_targets() -> None:
    from grip.cases.models import Case, Decision, Document

    for name in (
        "case-detail",
        "case-status",
        "case-suspend",
        "case-resume",
        "case-extend",
        "case-notice-of-default",
        "case-relate",
        "case-document-add",
        "case-hours",
        "case-decision-sign",
    ):
        WEB_TARGETS[f"web:{name}"] = {"pk": Case}
    WEB_TARGETS["web:case-document-download"] = {"pk": Document}
    WEB_TARGETS["web:case-decision-withdraw"] = {"pk": Decision}


_case_targets()


def _another_participant(probe: Probe) -> int:
    return probe.others[0]


def _another_users_saved_view(probe: Probe) -> int:
    return (
        SavedCaseView.objects.exclude(user__participant_membership__participant=probe.a)
        .values_list("pk", flat=True)
        .first()
        or 0
    )


for _name in (
    "mandate-register",
    "mandate-register-export",
    "mandate-decision-create",
):
    WEB_TARGETS[f"web:{_name}"] = {"participant_id": Other(_another_participant)}
WEB_TARGETS["web:realisation-settlement-export"] = {"pk": Participant}
WEB_TARGETS["web:case-view-delete"] = {"pk": Other(_another_users_saved_view)}
WEB_TARGETS["web:programme-related-save"]["kind"] = lambda probe: "toezicht"
WEB_TARGETS["web:report-download"]["file_format"] = lambda probe: "pdf"
WEB_TARGETS["web:strategy-cell-update"] = {
    "pk": StrategyVersion,
    "code": lambda probe: StrategyVersion.objects.first().cells.first().code,  # type: ignore[union-attr]
}
for _name, _model in {
    "interaction-list": Participant,
    "follow-up-add": Participant,
    "account-plan": Participant,
    "satisfaction-record": Participant,
    "interaction-detail": Interaction,
    "interaction-follow-up-add": Interaction,
    "follow-up-detail": FollowUp,
    "follow-up-close": FollowUp,
    "follow-up-reschedule": FollowUp,
    "request-detail": ParticipantRequest,
    "request-move": ParticipantRequest,
    "request-to-amendment": ParticipantRequest,
    "programme-comment-add": ProgrammeVersion,
}.items():
    WEB_TARGETS[f"web:{_name}"] = {"pk": _model}
# The data catalogue describes tables, not participants' rows (shared models).
for _name, _model in {
    "dataset-detail": Dataset,
    "dataset-update": Dataset,
    "dataset-role-assign": Dataset,
    "column-update": Column,
    "external-columns": Dataset,
    "external-column-add": Dataset,
    "external-column-remove": Column,
}.items():
    WEB_TARGETS[f"web:{_name}"] = {"pk": _model}
# The archive's destruction lists: the service's own records, staff only.
for _name, _model in {
    "destruction-list-detail": DestructionList,
    "destruction-list-submit": DestructionList,
    "destruction-list-decide": DestructionList,
    "destruction-list-carry-out": DestructionList,
    "destruction-item-exclude": DestructionListItem,
    "destruction-item-include": DestructionListItem,
}.items():
    WEB_TARGETS[f"web:{_name}"] = {"pk": _model}
# Data quality: checks and incidents are the service's own (staff only).
for _name, _model in {
    "check-detail": Check,
    "check-update": Check,
    "check-run": Check,
    "dataset-checks-run": Dataset,
    "incident-detail": Incident,
    "incident-acknowledge": Incident,
    "incident-assign": Incident,
    "incident-resolve": Incident,
}.items():
    WEB_TARGETS[f"web:{_name}"] = {"pk": _model}
WEB_TARGETS["web:dataset-uri"] = {
    "identifier": lambda probe: Dataset.objects.earliest("pk").identifier
}
WEB_TARGETS["web:indicator-detail"] = {"code": lambda probe: registry.INDICATORS[0].code}
# Lineage (staff only): the graph goes by node kind and key, an edge by its pk.
WEB_TARGETS["web:lineage-graph"] = {
    "kind": lambda probe: "dataset",
    "key": lambda probe: "cases.case",
}
WEB_TARGETS["web:lineage-edge-delete"] = {"pk": LineageEdge}
# The processing register is the service's own (staff only); its pages go by code and version.
for _name in ("processing-detail", "processing-new-version"):
    WEB_TARGETS[f"web:{_name}"] = {
        "code": lambda probe: ProcessingActivity.objects.earliest("pk").code
    }
WEB_TARGETS["web:processing-version"] = {
    "code": lambda probe: ProcessingActivity.objects.earliest("pk").code,
    "version": lambda probe: ProcessingActivity.objects.earliest("pk").version,
}


def _another_users_notification(probe: Probe) -> int:
    from grip.core.models import Notification

    return Notification.objects.exclude(user=probe.user).values_list("pk", flat=True).first() or 0


API_TARGETS: dict[str, dict[str, Any]] = {
    "api:notification-detail": {"pk": Other(_another_users_notification)},
    "api:enforcement-strategy-cell": {
        "pk": StrategyVersion,
        "code": lambda probe: StrategyVersion.objects.first().cells.first().code,  # type: ignore[union-attr]
    },
    "api:indicator-detail": {"code": lambda probe: registry.INDICATORS[0].code},
    "api:realisation-participant": {"participant_id": Other(_another_participant)},
    "api:settlement-participant": {"participant_id": Other(_another_participant)},
}

PARAMETERS = {
    "format": lambda probe: "json",
    "year": lambda probe: timezone.localdate().year,
}


@pytest.mark.django_db
class CrossTenantTest(TestCase):
    a: Participant
    user: User
    marked: int

    @classmethod
    def setUpTestData(cls) -> None:
        cls.a = Participant.objects.get(code=A_CODE)
        crosstenant.rename_other_participants(cls.a)
        load_demo(
            scale="small",
            seed=SEED,
            year=timezone.localdate().year,
            progress=Progress(io.StringIO()),
        )
        cls.marked = crosstenant.mark_other_participants(cls.a)
        cls.user = ParticipantMembership.objects.get(participant=cls.a).user
        # The most trusting clearance: even with it, nothing of another participant shows.
        ParticipantMembership.objects.filter(user=cls.user).update(
            clearance=Confidentiality.ZEER_GEHEIM
        )
        cls.complete_world()

    @classmethod
    def complete_world(cls) -> None:
        """What the small demo does not make: another user's saved view, a scenario of another
        participant, a regional pack run and a data steward."""
        other = ParticipantMembership.objects.exclude(participant=cls.a).first()
        assert other is not None
        SavedCaseView.objects.create(user=other.user, name=f"{MARKER} view", query="status=open")
        if not InspectionPlan.objects.exclude(scenario_participant=cls.a).filter(
            scenario_participant__isnull=False
        ):
            assessment = Assessment.objects.first() or Assessment.objects.create(
                model=RiskModel.objects.get(status="vastgesteld"), as_of=timezone.localdate()
            )
            base = InspectionPlan.objects.filter(based_on__isnull=True).first()
            base = base or InspectionPlan.objects.create(
                year=timezone.localdate().year, title="Programma", assessment=assessment
            )
            InspectionPlan.objects.create(
                year=base.year,
                title=f"{MARKER} scenario",
                assessment=assessment,
                based_on=base,
                scenario_participant=other.participant,
                scenario_hours=100,
            )
        if not DatasetRole.objects.exists():
            DatasetRole.objects.create(
                dataset=Dataset.objects.earliest("pk"),
                role=DataRole.STEWARD,
                team=Team.objects.earliest("pk"),
                valid_from=timezone.localdate(),
            )
        if not DestructionListItem.objects.exclude(case__participant=cls.a).exists():
            case = Case.objects.exclude(participant=cls.a).order_by("pk").first()
            assert case is not None
            DestructionListItem.objects.create(
                destruction_list=DestructionList.objects.create(
                    name=f"{MARKER} lijst",
                    reference_date=timezone.localdate(),
                    proposed_by=other.user,
                ),
                case=case,
                identification=case.identification,
                case_type=MARKER,
                participant=MARKER,
                result=MARKER,
                selection_list_class=MARKER,
                closed_on=case.received_on,
                archive_action_date=case.received_on,
            )
        if not PackRun.objects.exists():
            PackRun.objects.create(
                snapshot=Snapshot.objects.earliest("pk"),
                kind=ReportKind.QUARTER,
                started_by=other.user,
            )

    def probe(self, urlconf: str | None = None) -> Probe:
        # A server error is a finding like any other, not an exception that ends the run.
        client = Client(raise_request_exception=False)
        return Probe(
            client=client,
            a=self.a,
            user=self.user,
            targets={**WEB_TARGETS, **API_TARGETS},
            parameters=PARAMETERS,
            urlconf=urlconf,
        )

    def test_every_endpoint_refuses_another_participants_data(self) -> None:
        report = self.probe().run()
        print(
            f"\ncross-tenant: {report.endpoints} URL patterns, {report.exercised} exercised, "
            f"{report.requests} requests, {self.marked} marked fields"
        )
        assert not report.findings, crosstenant.lines(report)
        assert report.exercised == report.endpoints

    def test_the_probe_catches_a_leaky_endpoint(self) -> None:
        from grip.cases.models import Case

        probe = self.probe(urlconf="grip.tests.leaky_urls")
        probe.targets = {
            name: {"pk": Case}
            for name in ("unscoped-case-detail", "unscoped-case-touch", "scoped-case-detail")
        }
        leaky = [
            endpoint
            for endpoint in crosstenant.discover("grip.tests.leaky_urls")
            if not endpoint.name.startswith(("web:", "api:"))
        ]
        with override_settings(ROOT_URLCONF="grip.tests.leaky_urls"):
            report = probe.run(leaky)
        problems: dict[str, list[str]] = {}
        for finding in report.findings:
            problems.setdefault(finding.endpoint, []).append(finding.problem)

        assert report.endpoints == 5
        detail = " ".join(problems["unscoped-case-detail"])
        assert "shows another participant's data" in detail
        assert "not 403/404/405" in detail
        listing = " ".join(problems["unscoped-case-list"])
        assert "JSON names other participants" in listing
        assert "changed data" in " ".join(problems["unscoped-case-touch"])
        assert problems["riddle"] == [
            "no target for the path parameter 'pk'; add it to the probe's targets "
            "(tests/test_cross_tenant.py)"
        ]
        assert "scoped-case-detail" not in problems, problems.get("scoped-case-detail")
