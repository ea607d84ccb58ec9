from typing import Any

from django.apps import AppConfig
from django.apps import apps as django_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def harvest_after_migrate(sender: Any, **kwargs: Any) -> None:
    """After `grip migrate` (not after a test's flush, which sends no plan), once every app's
    tables exist: harvest the models into the catalogue and load the glossary."""
    if "plan" not in kwargs:
        return
    with_models = [config for config in django_apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    from grip.dataplatform import harvest

    harvest.load_glossary()
    harvest.harvest_models()


class DataplatformConfig(AppConfig):
    """The data platform: catalogue, glossary, ownership (and later quality, lineage,
    retention, privacy and the analytics export)."""

    name = "grip.dataplatform"
    label = "dataplatform"
    verbose_name = _("Dataplatform")

    def ready(self) -> None:
        post_migrate.connect(harvest_after_migrate, dispatch_uid="grip.dataplatform.harvest")
