from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "grip.finance"
    label = "finance"
    verbose_name = _("Financiën")

    def ready(self) -> None:
        from grip.core import schedule
        from grip.finance import tasks

        schedule.register("forecast-warnings", tasks.warn_forecasts, hour=7)
