from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework import routers
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from grip.api import (
    accounts,
    cases,
    dataplatform,
    dataplatform_lineage,
    dataplatform_privacy,
    dataplatform_quality,
    enforcement,
    finance,
    frameworks,
    kpis,
    mandates,
    organisation,
    participants,
    planning,
    programmes,
    reporting,
    sites,
)

app_name = "api"


class ApiRootView(routers.APIRootView):
    """Grip's REST API; every error is application/problem+json.

    Participants and organisation, the catalogue and tariffs, and work programmes with their
    versions, lines, related work, extra work and distribution key; cases, hours, enforcement,
    indicators and reports; and account management: interactions, follow-ups, the
    participants' requests, account plans, satisfaction scores, notifications and the cockpit.
    """

    permission_classes = [IsAuthenticated]


router = DefaultRouter()
router.APIRootView = ApiRootView
# No ".json" suffix routes: JSON is the default and `?format=` remains; the suffixed variant of
# every detail action answered 500 (the actions take no `format` argument), which the
# cross-tenant suite found.
router.include_format_suffixes = False
router.register("participants", participants.ParticipantViewSet, basename="participant")
router.register("contacts", participants.ContactViewSet, basename="contact")
router.register("interactions", accounts.InteractionViewSet, basename="interaction")
router.register("follow-ups", accounts.FollowUpViewSet, basename="follow-up")
router.register(
    "participant-requests", accounts.ParticipantRequestViewSet, basename="participant-request"
)
router.register("account-plans", accounts.AccountPlanViewSet, basename="account-plan")
router.register(
    "satisfaction-scores", accounts.SatisfactionScoreViewSet, basename="satisfaction-score"
)
router.register("notifications", accounts.NotificationViewSet, basename="notification")
router.register("teams", organisation.TeamViewSet, basename="team")
router.register("functions", organisation.FunctionViewSet, basename="function")
router.register("employees", organisation.EmployeeViewSet, basename="employee")
router.register("modules", frameworks.ModuleViewSet, basename="module")
router.register("products", frameworks.ProductViewSet, basename="product")
router.register("tariffs", frameworks.TariffViewSet, basename="tariff")
router.register("programmes", programmes.ProgrammeViewSet, basename="programme")
router.register(
    "programme-versions", programmes.ProgrammeVersionViewSet, basename="programme-version"
)
router.register("programme-lines", programmes.ProgrammeLineViewSet, basename="programme-line")
router.register("related-work", programmes.RelatedWorkViewSet, basename="related-work")
router.register("extra-work", programmes.ExtraWorkViewSet, basename="extra-work")
router.register("distribution-keys", programmes.DistributionKeyViewSet, basename="distribution-key")
router.register("sites", sites.SiteViewSet, basename="site")
router.register("sbi-codes", sites.SbiCodeViewSet, basename="sbi-code")
router.register("bal-activities", sites.BalActivityViewSet, basename="bal-activity")
router.register("site-types", sites.SiteTypeViewSet, basename="site-type")
router.register("case-types", cases.CaseTypeViewSet, basename="case-type")
router.register("decision-types", cases.DecisionTypeViewSet, basename="decision-type")
router.register("equated-days", cases.EquatedDayViewSet, basename="equated-day")
router.register("cases", cases.CaseViewSet, basename="case")
router.register("documents", cases.DocumentViewSet, basename="document")
router.register("decisions", cases.DecisionViewSet, basename="decision")
router.register("mandate-decisions", mandates.MandateDecisionViewSet, basename="mandate-decision")
router.register("mandate-lines", mandates.MandateLineViewSet, basename="mandate-line")
router.register(
    "sub-mandate-decisions", mandates.SubMandateDecisionViewSet, basename="sub-mandate-decision"
)
router.register("sub-mandate-lines", mandates.SubMandateLineViewSet, basename="sub-mandate-line")
router.register(
    "enforcement/instruments", enforcement.InstrumentViewSet, basename="enforcement-instrument"
)
router.register(
    "enforcement/inspection-subjects",
    enforcement.InspectionSubjectViewSet,
    basename="enforcement-inspection-subject",
)
router.register(
    "enforcement/checklists", enforcement.ChecklistViewSet, basename="enforcement-checklist"
)
router.register(
    "enforcement/strategies", enforcement.StrategyVersionViewSet, basename="enforcement-strategy"
)
router.register(
    "enforcement/inspections", enforcement.InspectionViewSet, basename="enforcement-inspection"
)
router.register("enforcement/findings", enforcement.FindingViewSet, basename="enforcement-finding")
router.register(
    "enforcement/violations", enforcement.ViolationViewSet, basename="enforcement-violation"
)
router.register(
    "enforcement/intentions", enforcement.IntentionViewSet, basename="enforcement-intention"
)
router.register("enforcement/measures", enforcement.MeasureViewSet, basename="enforcement-measure")
router.register("enforcement/appeals", enforcement.AppealViewSet, basename="enforcement-appeal")
router.register("indicators", kpis.IndicatorViewSet, basename="indicator")
router.register("targets", kpis.TargetViewSet, basename="target")
router.register("snapshots", kpis.SnapshotViewSet, basename="snapshot")
router.register("cycles", kpis.CycleViewSet, basename="cycle")
router.register("cycle-steps", kpis.CycleStepViewSet, basename="cycle-step")
router.register("reports", reporting.ReportViewSet, basename="report")
router.register("report-packs", reporting.PackRunViewSet, basename="report-pack")
router.register("expertises", planning.ExpertiseViewSet, basename="expertise")
router.register("risk-models", planning.RiskModelViewSet, basename="risk-model")
router.register("assessments", planning.AssessmentViewSet, basename="assessment")
router.register("site-risks", planning.SiteRiskViewSet, basename="site-risk")
router.register("inspection-plans", planning.InspectionPlanViewSet, basename="inspection-plan")
router.register("plan-items", planning.PlanItemViewSet, basename="plan-item")
router.register(
    "inspector-capacities", planning.InspectorCapacityViewSet, basename="inspector-capacity"
)
router.register("datasets", dataplatform.DatasetViewSet, basename="dataset")
router.register("columns", dataplatform.ColumnViewSet, basename="column")
router.register("dataset-roles", dataplatform.DatasetRoleViewSet, basename="dataset-role")
router.register("glossary-terms", dataplatform.GlossaryTermViewSet, basename="glossary-term")
router.register("lineage-edges", dataplatform_lineage.LineageEdgeViewSet, basename="lineage-edge")
router.register("quality-checks", dataplatform_quality.CheckViewSet, basename="quality-check")
router.register("check-results", dataplatform_quality.CheckResultViewSet, basename="check-result")
router.register("incidents", dataplatform_quality.IncidentViewSet, basename="incident")
router.register(
    "processing-activities",
    dataplatform_privacy.ProcessingActivityViewSet,
    basename="processing-activity",
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("realisation/", finance.RegionalRealisationView.as_view(), name="realisation-regional"),
    path(
        "realisation/<int:participant_id>/",
        finance.ParticipantRealisationView.as_view(),
        name="realisation-participant",
    ),
    path(
        "settlement/<int:participant_id>/",
        finance.SettlementView.as_view(),
        name="settlement-participant",
    ),
    path(
        "declarable-share/",
        finance.DeclarableShareView.as_view(),
        name="declarable-share",
    ),
    path("cockpit/", accounts.CockpitView.as_view(), name="cockpit"),
    path(
        "notification-preferences/",
        accounts.NotificationPreferencesView.as_view(),
        name="notification-preferences",
    ),
    path("mandate-register/", mandates.MandateRegisterView.as_view(), name="mandate-register"),
    path("indicator-values/", kpis.IndicatorValuesView.as_view(), name="indicator-values"),
    path("enforcement/worklist/", enforcement.WorklistView.as_view(), name="enforcement-worklist"),
    path(
        "mandate-register.csv",
        mandates.MandateRegisterCsvView.as_view(),
        name="mandate-register-csv",
    ),
    path("", include(router.urls)),
]
