"""Reads of the catalogue. The catalogue describes tables, not participants' rows: every member
of staff reads it."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from grip.dataplatform.models import Dataset, DatasetRole


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
