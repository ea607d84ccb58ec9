"""Audited create, update and delete for rows that need no more rules than their model's.

Apps with richer rules write their own services and still use :mod:`grip.core.audit`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, TypeVar

from django.db import models, transaction

from grip.core.audit import Actor, audit_create, audit_delete, audit_update, snapshot
from grip.core.errors import DomainError

_Model = TypeVar("_Model", bound=models.Model)


def refuse_unknown_fields(data: Mapping[str, Any], allowed: Collection[str]) -> None:
    """Refuse a change that names a field this service does not write (the first, by name)."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise DomainError(
            f"Field '{unknown[0]}' cannot be set here.", field=unknown[0], code="field_not_writable"
        )


def assign_fields(
    instance: models.Model, data: Mapping[str, Any], allowed: Collection[str]
) -> None:
    """Set the given fields on an unsaved or locked row, refusing any it may not write."""
    refuse_unknown_fields(data, allowed)
    for name, value in data.items():
        setattr(instance, name, value)


def create_audited(
    *, actor: Actor, model: type[_Model], data: Mapping[str, Any], fields: Collection[str]
) -> _Model:
    """Validate and save a new row and its audit record in one transaction."""
    instance = model()
    assign_fields(instance, data, fields)
    instance.full_clean()
    with transaction.atomic():
        instance.save()
        audit_create(actor=actor, instance=instance)
    return instance


def update_audited(
    *, actor: Actor, instance: _Model, data: Mapping[str, Any], fields: Collection[str]
) -> _Model:
    """Validate and save changes to a row, recording the values before and after."""
    with transaction.atomic():
        locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
        before = snapshot(locked)
        assign_fields(locked, data, fields)
        locked.full_clean()
        locked.save()
        audit_update(actor=actor, instance=locked, before=before)
    return locked


def delete_audited(*, actor: Actor, instance: models.Model) -> None:
    """Delete a row, keeping its last values in the audit trail."""
    with transaction.atomic():
        audit_delete(actor=actor, instance=instance)
        instance.delete()
