"""Reads of the catalogue. The catalogue describes tables, not participants' rows: every member
of staff reads it."""

from __future__ import annotations

import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from grip.dataplatform.models import Column, Dataset, DatasetRole, GlossaryTerm


def dataset_list(*, query: str = "", domain: str = "") -> QuerySet[Dataset]:
    datasets = Dataset.objects.all()
    if domain:
        datasets = datasets.filter(domain=domain)
    if query:
        datasets = datasets.filter(
            Q(identifier__icontains=query)
            | Q(title__icontains=query)
            | Q(harvested_title__icontains=query)
            | Q(description__icontains=query)
            | Q(harvested_description__icontains=query)
            | Q(columns__name__icontains=query)
            | Q(terms__term__icontains=query)
        ).distinct()
    return datasets


def roles_on(dataset: Dataset, day: datetime.date | None = None) -> list[DatasetRole]:
    """Who holds which role for ``dataset`` on ``day`` (today)."""
    day = day or timezone.localdate()
    return list(
        dataset.roles.select_related("employee", "team")
        .filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    )


def dataset_list_with_column_counts(*, query: str = "", domain: str = "") -> QuerySet[Dataset]:
    """:func:`dataset_list` with ``column_count``: the columns that still exist (a subquery,
    because the search itself joins the columns)."""
    count = Subquery(
        Column.objects.filter(dataset=OuterRef("pk"), present=True)
        .order_by()
        .values("dataset")
        .annotate(total=Count("pk"))
        .values("total"),
        output_field=IntegerField(),
    )
    return dataset_list(query=query, domain=domain).annotate(column_count=count)


def column_list() -> QuerySet[Column]:
    return Column.objects.select_related("dataset").prefetch_related("terms")


def role_list() -> QuerySet[DatasetRole]:
    return DatasetRole.objects.select_related("dataset", "employee", "team")


def role_history_of(dataset: Dataset) -> QuerySet[DatasetRole]:
    """Every role ever held for ``dataset``, newest first per role."""
    return role_list().filter(dataset=dataset).order_by("role", "-valid_from")


def glossary() -> QuerySet[GlossaryTerm]:
    return GlossaryTerm.objects.prefetch_related("datasets").order_by("term")
