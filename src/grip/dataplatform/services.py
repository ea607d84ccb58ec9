"""Writes people make to the catalogue: the curated fields, owners, glossary links. Each is
checked and audited; the audit trail is the catalogue's who/when history."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from grip.core.audit import Actor, audit_create
from grip.core.errors import Conflict, DomainError
from grip.core.permissions import require_permission
from grip.core.services import assign_fields, delete_audited, update_audited
from grip.dataplatform.models import Column, Dataset, DatasetKind, DatasetRole
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


# --- External datasets: registered by hand, their columns entered by people ------------------

EXTERNAL_PREFIX = "extern:"
ADD_DATASET = "dataplatform.add_dataset"
# Besides the curated fields, an external dataset says where it is described.
EXTERNAL_DATASET_FIELDS = (*DATASET_FIELDS, "landing_page")
# An external dataset has no code to harvest: people write every field of its columns.
EXTERNAL_COLUMN_FIELDS = (
    "name",
    "position",
    "data_type",
    "verbose_name",
    "help_text",
    "nullable",
    "description",
    "personal_data",
)
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_COLUMN_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def _require_external(dataset: Dataset) -> None:
    if dataset.kind != DatasetKind.EXTERNAL:
        raise DomainError(
            _(
                "De kolommen van een tabel van Grip komen uit de code; alleen een externe bron "
                "krijgt kolommen met de hand."
            ),
            code="not_external",
        )


def external_dataset_register(
    *,
    actor: Actor,
    identifier_slug: str,
    title: str,
    description: str = "",
    landing_page: str = "",
    data: Mapping[str, Any] | None = None,
) -> Dataset:
    """Register an external source (``extern:<slug>``): the VTH system's export, BAG, ...
    ``data`` holds any further curated field (publisher, theme, access rights, ...). The
    harvest never touches an external dataset."""
    require_permission(actor, ADD_DATASET)
    slug = identifier_slug.strip().lower().removeprefix(EXTERNAL_PREFIX)
    if not _SLUG.match(slug) or len(EXTERNAL_PREFIX + slug) > 120:
        raise DomainError(
            _(
                "Gebruik kleine letters, cijfers, punt, streepje of liggend streepje, "
                "zoals vth-export."
            ),
            field="identifier_slug",
            code="invalid_identifier",
        )
    if not title.strip():
        raise DomainError(_("Geef de bron een titel."), field="title", code="required")
    identifier = EXTERNAL_PREFIX + slug
    dataset = Dataset(
        identifier=identifier,
        kind=DatasetKind.EXTERNAL,
        title=title.strip(),
        description=description.strip(),
        landing_page=landing_page.strip(),
    )
    # Title and description are arguments of their own, checked above.
    assign_fields(dataset, data or {}, set(EXTERNAL_DATASET_FIELDS) - {"title", "description"})
    with transaction.atomic():
        if Dataset.objects.filter(identifier=identifier).exists():
            raise Conflict(
                _("Er is al een dataset %(identifier)s.") % {"identifier": identifier},
                field="identifier_slug",
                code="identifier_taken",
            )
        dataset.full_clean()
        dataset.save()
        audit_create(actor=actor, instance=dataset)
    return dataset


def external_dataset_update(*, actor: Actor, dataset: Dataset, data: Mapping[str, Any]) -> Dataset:
    """The curated fields of an external dataset, including its web page."""
    require_permission(actor, ADD_DATASET)
    _require_external(dataset)
    return update_audited(actor=actor, instance=dataset, data=data, fields=EXTERNAL_DATASET_FIELDS)


def _check_column_name(name: Any) -> None:
    if not isinstance(name, str) or not _COLUMN_NAME.match(name):
        raise DomainError(
            _("Een kolomnaam bestaat uit letters, cijfers, punt, streepje of liggend streepje."),
            field="name",
            code="invalid_column_name",
        )


def external_column_add(*, actor: Actor, dataset: Dataset, data: Mapping[str, Any]) -> Column:
    """Add a column to an external dataset; without a position it goes last."""
    require_permission(actor, ADD_DATASET)
    _require_external(dataset)
    column = Column(dataset=dataset)
    assign_fields(column, data, EXTERNAL_COLUMN_FIELDS)
    _check_column_name(column.name)
    with transaction.atomic():
        if dataset.columns.filter(name=column.name).exists():
            raise Conflict(
                _("Deze bron heeft al een kolom %(name)s.") % {"name": column.name},
                field="name",
                code="column_taken",
            )
        if "position" not in data:
            last = dataset.columns.aggregate(last=Max("position"))["last"]
            column.position = 0 if last is None else last + 1
        column.full_clean()
        column.save()
        audit_create(actor=actor, instance=column)
    return column


def external_column_update(*, actor: Actor, column: Column, data: Mapping[str, Any]) -> Column:
    require_permission(actor, ADD_DATASET)
    _require_external(column.dataset)
    if "name" in data:
        _check_column_name(data["name"])
        if column.dataset.columns.exclude(pk=column.pk).filter(name=data["name"]).exists():
            raise Conflict(
                _("Deze bron heeft al een kolom %(name)s.") % {"name": data["name"]},
                field="name",
                code="column_taken",
            )
    return update_audited(actor=actor, instance=column, data=data, fields=EXTERNAL_COLUMN_FIELDS)


def external_column_remove(*, actor: Actor, column: Column) -> None:
    """Remove a column of an external dataset (its last values stay in the audit trail)."""
    require_permission(actor, ADD_DATASET)
    _require_external(column.dataset)
    delete_audited(actor=actor, instance=column)
