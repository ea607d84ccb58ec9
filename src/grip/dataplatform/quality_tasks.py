"""The data-quality work through Django's tasks API (django-tasks): the daily run of the
scheduled checks, and a run on demand from a page or the API."""

from __future__ import annotations

from django_tasks import task

from grip.core.models import User


@task()
def run_scheduled_checks() -> int:
    """Run every active, scheduled check (registered as the daily job "quality-checks")."""
    from grip.dataplatform import quality

    return len(quality.run_checks())


@task()
def run_checks_now(check_ids: list[int], user_id: int | None = None) -> int:
    """Run these checks now, on behalf of the user who asked (who held ``run_check``)."""
    from grip.dataplatform import quality
    from grip.dataplatform.models import Check

    actor = User.objects.filter(pk=user_id).first() if user_id is not None else None
    checks = Check.objects.filter(pk__in=check_ids, active=True).select_related("dataset")
    return len(quality.run_checks(checks.order_by("pk"), actor=actor))
