from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "grip.organisation"
    label = "organisation"
    verbose_name = _("Organisatie")

    def ready(self) -> None:
        from grip.organisation.roles import sync_roles_after_migrate

        # Permissions exist only after migrate; the role groups follow them.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="grip-sync-roles")
