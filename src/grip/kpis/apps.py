from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpisConfig(AppConfig):
    """Indicator definitions, targets, the baseline, quarterly snapshots and the BIG-8 cycle."""

    name = "grip.kpis"
    label = "kpis"
    verbose_name = _("Indicatoren en beleidscyclus")
