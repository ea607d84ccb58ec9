from django.contrib.auth import views as auth_views
from django.urls import path

from grip.web import (
    cases,
    catalogue,
    hours_import,
    mandates,
    programmes,
    realisation,
    sites,
    timesheet,
    views,
)
from grip.web.accounts import urls as accounts_urls
from grip.web.dataplatform import urls as dataplatform_urls
from grip.web.enforcement import inspections, measures, strategy, violations
from grip.web.kpis import cycles, indicators, snapshots, targets
from grip.web.planning import capacity, overview, plans, riskmodels, risks
from grip.web.portal import urls as portal_urls
from grip.web.reporting import packs, reports

app_name = "web"

urlpatterns = [
    path("uren/inlezen/", hours_import.hours_import, name="hours-import"),
    path("", views.dashboard, name="dashboard"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("deelnemers/", views.participant_list, name="participant-list"),
    path("deelnemers/<int:pk>/", views.participant_detail, name="participant-detail"),
    path("organisatie/", views.team_list, name="team-list"),
    path("organisatie/teams/<int:pk>/", views.team_detail, name="team-detail"),
    path("audittrail/", views.audit_list, name="audit-list"),
    path("productencatalogus/", views.catalogue, name="catalogue"),
    path(
        "productencatalogus/producten/nieuw/",
        catalogue.product_create,
        name="catalogue-product-create",
    ),
    path(
        "productencatalogus/producten/<int:pk>/",
        catalogue.product_update,
        name="catalogue-product-update",
    ),
    path(
        "productencatalogus/producten/<int:pk>/verwijderen/",
        catalogue.product_delete,
        name="catalogue-product-delete",
    ),
    path("productencatalogus/uurtarief/", catalogue.tariff_set, name="catalogue-tariff"),
    path("productencatalogus/kopieren/", catalogue.catalogue_copy, name="catalogue-copy"),
    # Work programmes
    path("werkprogrammas/", programmes.overview, name="programme-overview"),
    path("werkprogrammas/opstellen/", programmes.programme_create, name="programme-create"),
    path(
        "werkprogrammas/collectief/<int:year>/",
        programmes.collective,
        name="programme-collective",
    ),
    path("werkprogrammas/<int:pk>/", programmes.programme_detail, name="programme-detail"),
    path("werkprogrammas/<int:pk>/wijzigen/", programmes.programme_amend, name="programme-amend"),
    path(
        "werkprogrammas/<int:pk>/meerwerk/",
        programmes.extra_work_request,
        name="programme-extra-work-request",
    ),
    path(
        "werkprogrammas/meerwerk/<int:pk>/besluit/",
        programmes.extra_work_decide,
        name="programme-extra-work-decide",
    ),
    path(
        "werkprogrammas/versies/<int:pk>/indienen/",
        programmes.version_submit,
        name="programme-version-submit",
    ),
    path(
        "werkprogrammas/versies/<int:pk>/terug-naar-concept/",
        programmes.version_return,
        name="programme-version-return",
    ),
    path(
        "werkprogrammas/versies/<int:pk>/vaststellen/",
        programmes.version_adopt,
        name="programme-version-adopt",
    ),
    path(
        "werkprogrammas/versies/<int:pk>/verwijderen/",
        programmes.version_discard,
        name="programme-version-discard",
    ),
    path(
        "werkprogrammas/versies/<int:pk>/vergelijk/",
        programmes.version_compare,
        name="programme-version-compare",
    ),
    path(
        "werkprogrammas/versies/<int:pk>/excel/",
        programmes.version_export,
        name="programme-version-export",
    ),
    path(
        "werkprogrammas/versies/<int:pk>/excel/inlezen/",
        programmes.version_import,
        name="programme-version-import",
    ),
    path(
        "werkprogrammas/versies/<int:pk>/regels/",
        programmes.line_add,
        name="programme-line-add",
    ),
    path("werkprogrammas/regels/<int:pk>/", programmes.line_update, name="programme-line-update"),
    path(
        "werkprogrammas/regels/<int:pk>/verwijderen/",
        programmes.line_delete,
        name="programme-line-delete",
    ),
    path(
        "werkprogrammas/versies/<int:pk>/gerelateerd/<slug:kind>/",
        programmes.related_work_save,
        name="programme-related-save",
    ),
    path(
        "werkprogrammas/gerelateerd/<int:pk>/verwijderen/",
        programmes.related_work_delete,
        name="programme-related-delete",
    ),
    # Hours: the own week, approval, month closing, corrections
    path("uren/", timesheet.week, name="timesheet"),
    path("uren/cel/", timesheet.cell, name="timesheet-cell"),
    path("uren/kopieren/", timesheet.copy_previous, name="timesheet-copy"),
    path("uren/indienen/", timesheet.submit, name="timesheet-submit"),
    path("uren/goedkeuren/", timesheet.approval, name="timesheet-approval"),
    path("uren/goedkeuren/<int:pk>/", timesheet.decide, name="timesheet-decide"),
    path("uren/maanden/", timesheet.months, name="timesheet-months"),
    path(
        "uren/boekingen/<int:pk>/corrigeren/",
        timesheet.correct,
        name="timesheet-correct",
    ),
    # Realisation and settlement
    path("realisatie/", realisation.dashboard, name="realisation"),
    path(
        "realisatie/declarabiliteit/",
        realisation.declarable_share,
        name="realisation-declarable",
    ),
    path("realisatie/<int:pk>/", realisation.participant_detail, name="realisation-participant"),
    path(
        "realisatie/<int:pk>/afrekening.xlsx",
        realisation.settlement_export,
        name="realisation-settlement-export",
    ),
    path("realisatie/<int:pk>/boekingen/", realisation.entries, name="realisation-entries"),
    # The register of supervised sites
    path("toezichtobjecten/", sites.site_list, name="site-list"),
    path("toezichtobjecten/inlezen/", sites.site_import, name="site-import"),
    path("toezichtobjecten/<int:pk>/", sites.site_detail, name="site-detail"),
    # Cases: the list, saved views, intake, the case page and its actions, signing
    path("zaken/", cases.case_list, name="case-list"),
    path("zaken/overzichten/", cases.saved_view_save, name="case-view-save"),
    path(
        "zaken/overzichten/<int:pk>/verwijderen/",
        cases.saved_view_delete,
        name="case-view-delete",
    ),
    path("zaken/nieuw/", cases.case_create, name="case-create"),
    path("zaken/toezichtobjecten/", cases.site_options, name="case-site-options"),
    path("zaken/<int:pk>/", cases.case_detail, name="case-detail"),
    path("zaken/<int:pk>/status/", cases.case_status, name="case-status"),
    path("zaken/<int:pk>/opschorten/", cases.case_suspend, name="case-suspend"),
    path("zaken/<int:pk>/hervatten/", cases.case_resume, name="case-resume"),
    path("zaken/<int:pk>/verlengen/", cases.case_extend, name="case-extend"),
    path("zaken/<int:pk>/ingebrekestelling/", cases.case_notice, name="case-notice-of-default"),
    path("zaken/<int:pk>/relateren/", cases.case_relate, name="case-relate"),
    path("zaken/<int:pk>/documenten/", cases.case_document_add, name="case-document-add"),
    path("zaken/<int:pk>/uren/", cases.case_hours_book, name="case-hours"),
    path("zaken/<int:pk>/besluit/", cases.decision_sign, name="case-decision-sign"),
    path("zaken/documenten/<int:pk>/", cases.document_download, name="case-document-download"),
    path(
        "zaken/besluiten/<int:pk>/intrekken/",
        cases.decision_withdraw,
        name="case-decision-withdraw",
    ),
    # Supervision and enforcement: the work list, inspections, violations, measures, strategy
    path("toezicht/", inspections.worklist, name="enforcement-worklist"),
    path("toezicht/controles/", inspections.inspection_list, name="inspection-list"),
    path("toezicht/controles/nieuw/", inspections.inspection_create, name="inspection-create"),
    path("toezicht/controles/<int:pk>/", inspections.inspection_detail, name="inspection-detail"),
    path(
        "toezicht/controles/<int:pk>/bevindingen/",
        inspections.inspection_finding_add,
        name="inspection-finding-add",
    ),
    path(
        "toezicht/controles/<int:pk>/afronden/",
        inspections.inspection_complete,
        name="inspection-complete",
    ),
    path(
        "toezicht/controles/<int:pk>/overtreding/",
        inspections.violation_record,
        name="violation-record",
    ),
    path(
        "toezicht/controles/<int:pk>/verplaatsen/",
        inspections.inspection_reschedule,
        name="inspection-reschedule",
    ),
    path(
        "toezicht/controles/<int:pk>/laten-vervallen/",
        inspections.inspection_cancel,
        name="inspection-cancel",
    ),
    path("toezicht/bevindingen/<int:pk>/", inspections.finding_record, name="finding-record"),
    path("toezicht/overtredingen/", violations.violation_list, name="violation-list"),
    path(
        "toezicht/overtredingen/<int:pk>/",
        violations.violation_detail,
        name="violation-detail",
    ),
    path(
        "toezicht/overtredingen/<int:pk>/maatregel/",
        violations.violation_impose,
        name="violation-impose",
    ),
    path(
        "toezicht/overtredingen/<int:pk>/voornemen/",
        violations.violation_intention,
        name="violation-intention",
    ),
    path(
        "toezicht/overtredingen/<int:pk>/hersteld/",
        violations.violation_repaired,
        name="violation-repaired",
    ),
    path(
        "toezicht/overtredingen/<int:pk>/niet-handhaven/",
        violations.violation_no_enforcement,
        name="violation-no-enforcement",
    ),
    path(
        "toezicht/voornemens/<int:pk>/zienswijze/",
        violations.intention_response,
        name="intention-response",
    ),
    path("toezicht/maatregelen/", measures.measure_list, name="measure-list"),
    path("toezicht/maatregelen/<int:pk>/", measures.measure_detail, name="measure-detail"),
    path(
        "toezicht/maatregelen/<int:pk>/verbeurd/",
        measures.measure_forfeit,
        name="measure-forfeit",
    ),
    path(
        "toezicht/maatregelen/<int:pk>/invorderen/",
        measures.measure_collect,
        name="measure-collect",
    ),
    path(
        "toezicht/maatregelen/<int:pk>/status/",
        measures.measure_status,
        name="measure-status",
    ),
    path(
        "toezicht/maatregelen/<int:pk>/beroep/",
        measures.measure_appeal_lodge,
        name="measure-appeal-lodge",
    ),
    path(
        "toezicht/beroepen/<int:pk>/uitspraak/",
        measures.appeal_decide,
        name="appeal-decide",
    ),
    path("toezicht/strategie/", strategy.strategy_list, name="strategy-list"),
    path("toezicht/strategie/<int:pk>/", strategy.strategy_detail, name="strategy-detail"),
    path(
        "toezicht/strategie/<int:pk>/nieuwe-versie/",
        strategy.strategy_draft_create,
        name="strategy-draft-create",
    ),
    path(
        "toezicht/strategie/<int:pk>/wijzigen/",
        strategy.strategy_update,
        name="strategy-update",
    ),
    path(
        "toezicht/strategie/<int:pk>/vaststellen/",
        strategy.strategy_adopt,
        name="strategy-adopt",
    ),
    path(
        "toezicht/strategie/<int:pk>/cellen/<str:code>/",
        strategy.strategy_cell_update,
        name="strategy-cell-update",
    ),
    # The risk-based inspection programme: risks, programmes and scenarios, model, capacity
    path("toezichtprogramma/", overview.overview, name="planning-overview"),
    path("toezichtprogramma/nieuw/", overview.plan_create, name="planning-plan-create"),
    path(
        "toezichtprogramma/risico/berekenen/",
        overview.assessment_run,
        name="planning-assessment-run",
    ),
    path("toezichtprogramma/risico/", risks.risk_list, name="planning-risk-list"),
    path("toezichtprogramma/risico/<int:pk>/", risks.risk_detail, name="planning-risk-detail"),
    path("toezichtprogramma/model/", riskmodels.model_list, name="planning-model-list"),
    path(
        "toezichtprogramma/model/<int:pk>/",
        riskmodels.model_detail,
        name="planning-model-detail",
    ),
    path(
        "toezichtprogramma/model/<int:pk>/parameters/",
        riskmodels.model_update,
        name="planning-model-update",
    ),
    path(
        "toezichtprogramma/model/<int:pk>/vaststellen/",
        riskmodels.model_adopt,
        name="planning-model-adopt",
    ),
    path(
        "toezichtprogramma/model/<int:pk>/nieuwe-versie/",
        riskmodels.model_copy,
        name="planning-model-copy",
    ),
    path(
        "toezichtprogramma/model/<int:pk>/regels/nieuw/",
        riskmodels.rule_create,
        name="planning-rule-create",
    ),
    path(
        "toezichtprogramma/model/regels/<int:pk>/",
        riskmodels.rule_update,
        name="planning-rule-update",
    ),
    path(
        "toezichtprogramma/model/regels/<int:pk>/verwijderen/",
        riskmodels.rule_delete,
        name="planning-rule-delete",
    ),
    path(
        "toezichtprogramma/model/<int:pk>/klassen/nieuw/",
        riskmodels.class_create,
        name="planning-class-create",
    ),
    path(
        "toezichtprogramma/model/klassen/<int:pk>/",
        riskmodels.class_update,
        name="planning-class-update",
    ),
    path(
        "toezichtprogramma/model/klassen/<int:pk>/verwijderen/",
        riskmodels.class_delete,
        name="planning-class-delete",
    ),
    path(
        "toezichtprogramma/model/<int:pk>/methoden/nieuw/",
        riskmodels.method_create,
        name="planning-method-create",
    ),
    path(
        "toezichtprogramma/model/methoden/<int:pk>/",
        riskmodels.method_update,
        name="planning-method-update",
    ),
    path(
        "toezichtprogramma/model/methoden/<int:pk>/verwijderen/",
        riskmodels.method_delete,
        name="planning-method-delete",
    ),
    path(
        "toezichtprogramma/capaciteit/",
        capacity.capacity_next_year,
        name="planning-capacity-next-year",
    ),
    path(
        "toezichtprogramma/capaciteit/<int:year>/",
        capacity.capacity,
        name="planning-capacity",
    ),
    path("toezichtprogramma/<int:pk>/", plans.plan_detail, name="planning-plan-detail"),
    path("toezichtprogramma/<int:pk>/status/", plans.plan_status, name="planning-plan-status"),
    path("toezichtprogramma/<int:pk>/excel/", plans.plan_excel, name="planning-plan-excel"),
    path(
        "toezichtprogramma/<int:pk>/scenario/",
        plans.scenario_create,
        name="planning-scenario-create",
    ),
    # Mandate registers
    path("mandaten/", mandates.register_list, name="mandate-list"),
    path("mandaten/ondermandaten/", mandates.sub_mandate_list, name="sub-mandate-list"),
    path(
        "mandaten/ondermandaten/nieuw/",
        mandates.sub_mandate_decision_create,
        name="sub-mandate-decision-create",
    ),
    path(
        "mandaten/ondermandaten/<int:pk>/regels/nieuw/",
        mandates.sub_mandate_line_add,
        name="sub-mandate-line-add",
    ),
    path(
        "mandaten/ondermandaten/<int:pk>/intrekken/",
        mandates.sub_mandate_decision_revoke,
        name="sub-mandate-decision-revoke",
    ),
    path("mandaten/<int:participant_id>/", mandates.register, name="mandate-register"),
    path(
        "mandaten/<int:participant_id>/mandaatregister.csv",
        mandates.register_export,
        name="mandate-register-export",
    ),
    path(
        "mandaten/<int:participant_id>/besluiten/nieuw/",
        mandates.mandate_decision_create,
        name="mandate-decision-create",
    ),
    path(
        "mandaten/besluiten/<int:pk>/regels/nieuw/",
        mandates.mandate_line_add,
        name="mandate-line-add",
    ),
    path(
        "mandaten/besluiten/<int:pk>/intrekken/",
        mandates.mandate_decision_revoke,
        name="mandate-decision-revoke",
    ),
    # Indicators, targets and snapshots (metingen)
    path("indicatoren/", indicators.overview, name="indicator-overview"),
    path("indicatoren/streefwaarden/", targets.target_list, name="target-list"),
    path(
        "indicatoren/streefwaarden/<int:pk>/verwijderen/",
        targets.target_delete,
        name="target-delete",
    ),
    path("indicatoren/metingen/", snapshots.snapshot_list, name="snapshot-list"),
    path(
        "indicatoren/metingen/kwartaal/",
        snapshots.freeze_quarter,
        name="snapshot-freeze-quarter",
    ),
    path(
        "indicatoren/metingen/nulmeting/",
        snapshots.freeze_baseline,
        name="snapshot-freeze-baseline",
    ),
    path("indicatoren/metingen/<int:pk>/", snapshots.snapshot_detail, name="snapshot-detail"),
    path(
        "indicatoren/metingen/<int:pk>/vergelijk/",
        snapshots.snapshot_compare,
        name="snapshot-compare",
    ),
    path("indicatoren/<slug:code>/", indicators.indicator_detail, name="indicator-detail"),
    # The BIG-8 policy cycle
    path("beleidscyclus/", cycles.cycle_overview, name="cycle-overview"),
    path("beleidscyclus/starten/", cycles.cycle_start, name="cycle-start"),
    path("beleidscyclus/<int:pk>/", cycles.cycle_detail, name="cycle-detail"),
    path("beleidscyclus/stappen/<int:pk>/", cycles.step_update, name="cycle-step-update"),
    path(
        "beleidscyclus/stappen/<int:pk>/documenten/",
        cycles.document_add,
        name="cycle-document-add",
    ),
    # Board reports and the regional pack
    path("rapportages/", reports.report_list, name="report-list"),
    path("rapportages/nieuw/", reports.report_create, name="report-create"),
    path("rapportages/pakket/", packs.pack_start, name="pack-start"),
    path("rapportages/pakket/<int:pk>/", packs.pack_run, name="pack-run"),
    path("rapportages/pakket/<int:pk>/voortgang/", packs.pack_progress, name="pack-progress"),
    path("rapportages/<int:pk>/", reports.report_detail, name="report-detail"),
    path(
        "rapportages/<int:pk>/opvallende-zaken/",
        reports.report_notable,
        name="report-notable",
    ),
    path("rapportages/<int:pk>/publiceren/", reports.report_publish, name="report-publish"),
    path(
        "rapportages/<int:pk>/download/<slug:file_format>/",
        reports.report_download,
        name="report-download",
    ),
]

# Account management (the cockpit) and the participant portal keep their own URL lists.
urlpatterns += accounts_urls.urlpatterns + portal_urls.urlpatterns
urlpatterns += dataplatform_urls.urlpatterns
