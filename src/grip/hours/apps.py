from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HoursConfig(AppConfig):
    name = "grip.hours"
    label = "hours"
    verbose_name = _("Uren")
