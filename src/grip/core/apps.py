from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "grip.core"
    label = "core"
    verbose_name = _("Kern")

    def ready(self) -> None:
        # Each app adds its demo-data step by defining `demo.py`; importing it registers it.
        autodiscover_modules("demo")
