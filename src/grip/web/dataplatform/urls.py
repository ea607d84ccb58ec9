"""URLs of the data catalogue, included by grip.web.urls (names are web:...)."""

from __future__ import annotations

from django.urls import URLPattern, path

from grip.web.dataplatform import dcat as dcat_views
from grip.web.dataplatform import external, lineage, privacy, views
from grip.web.dataplatform import quality as quality_views
from grip.web.dataplatform import retention as archive

urlpatterns: list[URLPattern] = [
    path("datacatalogus/", views.dataset_list, name="dataset-list"),
    path("datacatalogus/begrippen/", views.glossary, name="glossary"),
    path("datacatalogus/<int:pk>/", views.dataset_detail, name="dataset-detail"),
    path("datacatalogus/<int:pk>/wijzigen/", views.dataset_update, name="dataset-update"),
    path("datacatalogus/<int:pk>/rollen/", views.role_assign, name="dataset-role-assign"),
    path("datacatalogus/kolommen/<int:pk>/", views.column_update, name="column-update"),
    # External sources: registered by hand, their columns kept by people.
    path("datacatalogus/extern/nieuw/", external.external_register, name="external-register"),
    path("datacatalogus/<int:pk>/kolommen/", external.external_columns, name="external-columns"),
    path(
        "datacatalogus/<int:pk>/kolommen/toevoegen/",
        external.external_column_add,
        name="external-column-add",
    ),
    path(
        "datacatalogus/kolommen/<int:pk>/verwijderen/",
        external.external_column_remove,
        name="external-column-remove",
    ),
    # DCAT-AP-NL 3.0 of the open datasets (no login: public metadata), and dataset URIs.
    path("datacatalogus/dcat.ttl", dcat_views.dcat_turtle, name="dcat-turtle"),
    path("datacatalogus/dcat.jsonld", dcat_views.dcat_jsonld, name="dcat-jsonld"),
    path("datacatalogus/id/<str:identifier>", dcat_views.dataset_uri, name="dataset-uri"),
    # Lineage: the graph around a dataset, indicator or report section; manual edges.
    path("datacatalogus/herkomst/", lineage.lineage_overview, name="lineage-overview"),
    path("datacatalogus/herkomst/toevoegen/", lineage.lineage_edge_add, name="lineage-edge-add"),
    path(
        "datacatalogus/herkomst/relaties/<int:pk>/verwijderen/",
        lineage.lineage_edge_delete,
        name="lineage-edge-delete",
    ),
    path(
        "datacatalogus/herkomst/<str:kind>/<str:key>/",
        lineage.lineage_graph,
        name="lineage-graph",
    ),
    # The processing register (AVG art. 30) and the access log.
    path("verwerkingen/", privacy.activity_list, name="processing-list"),
    path("verwerkingen/nieuw/", privacy.activity_create, name="processing-create"),
    path("verwerkingen/<slug:code>/", privacy.activity_detail, name="processing-detail"),
    path(
        "verwerkingen/<slug:code>/v<int:version>/",
        privacy.activity_version,
        name="processing-version",
    ),
    path(
        "verwerkingen/<slug:code>/nieuwe-versie/",
        privacy.activity_new_version,
        name="processing-new-version",
    ),
    path("toegangslogboek/", privacy.access_log, name="access-log"),
    # The archive: destruction and transfer lists (ADR 0006 §5).
    path(
        "archief/vernietigingslijsten/",
        archive.destruction_list_index,
        name="destruction-list-index",
    ),
    path(
        "archief/vernietigingslijsten/nieuw/",
        archive.destruction_list_propose,
        name="destruction-list-propose",
    ),
    path(
        "archief/vernietigingslijsten/<int:pk>/",
        archive.destruction_list_detail,
        name="destruction-list-detail",
    ),
    path(
        "archief/vernietigingslijsten/<int:pk>/indienen/",
        archive.destruction_list_submit,
        name="destruction-list-submit",
    ),
    path(
        "archief/vernietigingslijsten/<int:pk>/beoordelen/",
        archive.destruction_list_decide,
        name="destruction-list-decide",
    ),
    path(
        "archief/vernietigingslijsten/<int:pk>/uitvoeren/",
        archive.destruction_list_carry_out,
        name="destruction-list-carry-out",
    ),
    path(
        "archief/regels/<int:pk>/uitzonderen/",
        archive.item_exclude,
        name="destruction-item-exclude",
    ),
    path("archief/regels/<int:pk>/opnemen/", archive.item_include, name="destruction-item-include"),
    path("archief/zonder-archiefactiedatum/", archive.unresolved_cases, name="archive-unresolved"),
    # Data quality: scores, checks and their results, incidents (ADR 0006 §3).
    path("datakwaliteit/", quality_views.dashboard, name="quality-dashboard"),
    path("datakwaliteit/controles/", quality_views.check_list, name="check-list"),
    path("datakwaliteit/controles/nieuw/", quality_views.check_create, name="check-create"),
    path("datakwaliteit/controles/<int:pk>/", quality_views.check_detail, name="check-detail"),
    path(
        "datakwaliteit/controles/<int:pk>/wijzigen/",
        quality_views.check_update,
        name="check-update",
    ),
    path("datakwaliteit/controles/<int:pk>/uitvoeren/", quality_views.check_run, name="check-run"),
    path(
        "datakwaliteit/datasets/<int:pk>/uitvoeren/",
        quality_views.dataset_checks_run,
        name="dataset-checks-run",
    ),
    path("datakwaliteit/incidenten/", quality_views.incident_list, name="incident-list"),
    path(
        "datakwaliteit/incidenten/<int:pk>/",
        quality_views.incident_detail,
        name="incident-detail",
    ),
    path(
        "datakwaliteit/incidenten/<int:pk>/erkennen/",
        quality_views.incident_acknowledge,
        name="incident-acknowledge",
    ),
    path(
        "datakwaliteit/incidenten/<int:pk>/toewijzen/",
        quality_views.incident_assign,
        name="incident-assign",
    ),
    path(
        "datakwaliteit/incidenten/<int:pk>/oplossen/",
        quality_views.incident_resolve,
        name="incident-resolve",
    ),
]
