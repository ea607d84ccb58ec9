"""Reads of the shared kernel."""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from grip.core.audit import history_of
from grip.core.models import AuditRecord, Notification
from grip.core.tenancy import User


def audit_records() -> QuerySet[AuditRecord]:
    """The audit trail, newest first, with who and what kind of object."""
    return AuditRecord.objects.select_related("actor", "content_type")


def audit_history_of(instance: models.Model) -> QuerySet[AuditRecord]:
    """Every audit record of one row, newest first (for a page's history list)."""
    return history_of(instance).order_by("-at", "-pk")


def notifications_of(*, user: User) -> QuerySet[Notification]:
    """The notifications Grip made for ``user``, newest first; none for an anonymous user."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")
