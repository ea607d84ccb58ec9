from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """The risk model over the supervised sites and the risk-based inspection programme."""

    name = "grip.planning"
    label = "planning"
    verbose_name = _("Risicogericht toezichtprogramma")
