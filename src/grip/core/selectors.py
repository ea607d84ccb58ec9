"""Reads of the shared kernel."""

from __future__ import annotations

from django.db.models import QuerySet

from grip.core.models import AuditRecord


def audit_records() -> QuerySet[AuditRecord]:
    """The audit trail, newest first, with who and what kind of object."""
    return AuditRecord.objects.select_related("actor", "content_type")
