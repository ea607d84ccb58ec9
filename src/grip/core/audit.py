"""The audit trail, written by services in the same transaction as the change they record.

A service calls :func:`audit_create` after it creates a row, :func:`snapshot` before and
:func:`audit_update` after it changes one, and :func:`audit_delete` just before it deletes one,
all inside its ``transaction.atomic`` block, so that a change and its audit record are committed
or rolled back together. ``grip.core.services`` wraps the common cases.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from grip.core.models import AuditAction, AuditRecord, User

Snapshot = dict[str, Any]
Actor = User | AnonymousUser | None


def _json_value(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return str(value)  # keeps the cents exactly
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""  # the stored file's name, not its content
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    return value


def snapshot(instance: models.Model) -> Snapshot:
    """The row's own column values (foreign keys as their id), ready to store as JSON."""
    values: Snapshot = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"created_at", "updated_at"}:
            continue
        values[field.attname] = _json_value(field.value_from_object(instance))
    return values


_AUDIT_BATCH = 5000  # rows per executemany call


def _write(
    *,
    actor: Actor,
    action: str,
    instance: models.Model,
    before: Snapshot | None,
    after: Snapshot | None,
) -> AuditRecord:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit records are written inside the service's transaction.")
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditRecord.objects.create(
        actor=user,
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        before=before,
        after=after,
    )


def audit_create(*, actor: Actor, instance: models.Model) -> AuditRecord:
    return _write(
        actor=actor,
        action=AuditAction.CREATE,
        instance=instance,
        before=None,
        after=snapshot(instance),
    )


def audit_create_many(*, actor: Actor, instances: Sequence[models.Model]) -> None:
    """Record the creation of many rows of one model at once (after their bulk insert).

    The records go in with ``executemany`` over prepared values rather than through
    ``bulk_create``: building a model instance per record cost more than the insert itself
    (an import of 35,000 sites writes some 150,000 records).
    """
    if not instances:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("Audit records are written inside the service's transaction.")
    user = actor if actor is not None and actor.is_authenticated else None
    content_type = ContentType.objects.get_for_model(instances[0], for_concrete_model=True)
    meta = AuditRecord._meta
    at = meta.get_field("at").get_db_prep_save(timezone.now(), connection)
    after = meta.get_field("after")
    columns = ("at", "actor_id", "action", "content_type_id", "object_id", "object_repr", "after")
    statement = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - our own names
        connection.ops.quote_name(meta.db_table),
        ", ".join(connection.ops.quote_name(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    rows = [
        (
            at,
            user.pk if user is not None else None,
            AuditAction.CREATE.value,
            content_type.pk,
            str(instance.pk),
            str(instance)[:255],
            after.get_db_prep_save(snapshot(instance), connection),
        )
        for instance in instances
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _AUDIT_BATCH):
            cursor.executemany(statement, rows[start : start + _AUDIT_BATCH])


def audit_update(*, actor: Actor, instance: models.Model, before: Snapshot) -> AuditRecord | None:
    """Record a change; nothing is recorded when no value changed."""
    after = snapshot(instance)
    if after == before:
        return None
    return _write(
        actor=actor, action=AuditAction.UPDATE, instance=instance, before=before, after=after
    )


def audit_delete(*, actor: Actor, instance: models.Model) -> AuditRecord:
    """Record a delete: call it just before ``instance.delete()``, while the row has its key."""
    return _write(
        actor=actor,
        action=AuditAction.DELETE,
        instance=instance,
        before=snapshot(instance),
        after=None,
    )


def history_of(instance: models.Model) -> models.QuerySet[AuditRecord]:
    """Every audit record of one row, newest first."""
    return AuditRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
    ).select_related("actor")
