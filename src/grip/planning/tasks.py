"""Background work of the planning app, through Django's tasks API (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from grip.planning import services


@task()
def solve_plan(plan_id: int) -> None:
    """Solve one programme or scenario; its status and answer are kept on the plan."""
    services.run_plan(plan_id)
