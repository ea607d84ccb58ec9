from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Board reports per participant and for the region: page, PDF and Excel from one source."""

    name = "grip.reporting"
    label = "reporting"
    verbose_name = _("Rapportages")
