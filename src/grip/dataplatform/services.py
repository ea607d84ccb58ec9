"""Writes people make to the catalogue: the curated fields, owners, glossary links. Each is
checked and audited; the audit trail is the catalogue's who/when history."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from grip.core.audit import Actor, audit_create
from grip.core.errors import DomainError
from grip.core.permissions import require_permission
from grip.core.services import update_audited
from grip.dataplatform.models import Column, Dataset, DatasetRole
from grip.organisation.models import Employee, Team

# Only these are people's to write; the harvested fields belong to the harvest.
DATASET_FIELDS = (
    "title",
    "description",
    "publisher",
    "creator",
    "contact_point",
    "theme",
    "access_rights",
    "confidentiality",
    "refresh_frequency",
    "lifecycle_status",
    "retention",
)
COLUMN_FIELDS = ("description", "personal_data")


def dataset_update(*, actor: Actor, dataset: Dataset, data: Mapping[str, Any]) -> Dataset:
    require_permission(actor, "dataplatform.change_dataset")
    return update_audited(actor=actor, instance=dataset, data=data, fields=DATASET_FIELDS)


def column_update(*, actor: Actor, column: Column, data: Mapping[str, Any]) -> Column:
    require_permission(actor, "dataplatform.change_column")
    return update_audited(actor=actor, instance=column, data=data, fields=COLUMN_FIELDS)


def role_assign(
    *,
    actor: Actor,
    dataset: Dataset,
    role: str,
    holder: Employee | Team,
    valid_from: datetime.date,
) -> DatasetRole:
    """Give a person or team a role for a dataset from a date; whoever held it until then
    holds it until the day before (the history stays)."""
    require_permission(actor, "dataplatform.add_datasetrole")
    with transaction.atomic():
        current = (
            DatasetRole.objects.select_for_update()
            .filter(dataset=dataset, role=role, valid_to__isnull=True)
            .order_by("pk")
        )
        for held in current:
            if held.valid_from >= valid_from:
                raise DomainError(
                    _("De huidige %(role)s begon op %(date)s; kies een latere datum.")
                    % {"role": held.get_role_display().lower(), "date": held.valid_from},
                    field="valid_from",
                    code="role_overlaps",
                )
            update_audited(
                actor=actor,
                instance=held,
                data={"valid_to": valid_from - datetime.timedelta(days=1)},
                fields=("valid_to",),
            )
        assignment = DatasetRole(
            dataset=dataset,
            role=role,
            employee=holder if isinstance(holder, Employee) else None,
            team=holder if isinstance(holder, Team) else None,
            valid_from=valid_from,
        )
        assignment.full_clean()
        assignment.save()
        audit_create(actor=actor, instance=assignment)
    return assignment
