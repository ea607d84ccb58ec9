from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    """Inspections, findings, violations, the enforcement strategy and measures."""

    name = "grip.enforcement"
    label = "enforcement"
    verbose_name = _("Toezicht en handhaving")
