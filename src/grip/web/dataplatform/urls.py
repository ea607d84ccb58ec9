"""URLs of the data catalogue, included by grip.web.urls (names are web:...)."""

from __future__ import annotations

from django.urls import URLPattern, path

from grip.web.dataplatform import views

urlpatterns: list[URLPattern] = [
    path("datacatalogus/", views.dataset_list, name="dataset-list"),
    path("datacatalogus/begrippen/", views.glossary, name="glossary"),
    path("datacatalogus/<int:pk>/", views.dataset_detail, name="dataset-detail"),
    path("datacatalogus/<int:pk>/wijzigen/", views.dataset_update, name="dataset-update"),
    path("datacatalogus/<int:pk>/rollen/", views.role_assign, name="dataset-role-assign"),
    path("datacatalogus/kolommen/<int:pk>/", views.column_update, name="column-update"),
]
