from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MandatesConfig(AppConfig):
    name = "grip.mandates"
    label = "mandates"
    verbose_name = _("Mandaten")
