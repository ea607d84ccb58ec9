from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "grip.cases"
    label = "cases"
    verbose_name = _("Zaken")

    def ready(self) -> None:
        from django.core import checks

        from grip.cases.checks import check_archive_transfer_term

        checks.register(check_archive_transfer_term)
