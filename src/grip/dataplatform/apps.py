from typing import Any

from django.apps import AppConfig
from django.apps import apps as django_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def harvest_after_migrate(sender: Any, **kwargs: Any) -> None:
    """After `grip migrate` (not after a test's flush, which sends no plan), once every app's
    tables exist: harvest the models into the catalogue, then load what refers to them (the
    external sources, the glossary, the processing register, derived lineage, shipped checks)."""
    if "plan" not in kwargs:
        return
    with_models = [config for config in django_apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    # Imported here: the app registry is ready only once migrate runs.
    from grip.dataplatform import checks, external, harvest, lineage, privacy

    harvest.harvest_models()  # first: everything below refers to the datasets
    external.load_external_datasets()
    harvest.load_glossary()
    privacy.load_processing_activities()
    lineage.derive_edges()
    checks.sync_shipped_checks()


class DataplatformConfig(AppConfig):
    """The data platform: catalogue, glossary and ownership, quality, lineage, retention,
    privacy and the analytics export (ADR 0006)."""

    name = "grip.dataplatform"
    label = "dataplatform"
    verbose_name = _("Dataplatform")

    def ready(self) -> None:
        from grip.core import schedule
        from grip.dataplatform import accesslog, lineage, quality_tasks
        from grip.reporting.annotations import register_annotator

        post_migrate.connect(harvest_after_migrate, dispatch_uid="grip.dataplatform.harvest")
        schedule.register("access-log-anchor", accesslog.anchor_access_log, hour=1)
        schedule.register("quality-checks", quality_tasks.run_scheduled_checks, hour=5)
        # Beside every figure of a board report: definition, lineage and data quality.
        register_annotator(lineage.annotate_figures)
