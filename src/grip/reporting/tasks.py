"""Background work of the reporting app, through Django's tasks API (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from grip.reporting import services


@task()
def publish_pack(run_id: int) -> None:
    """Publish the regional pack of one run; progress is kept on the run."""
    services.run_pack(run_id)
