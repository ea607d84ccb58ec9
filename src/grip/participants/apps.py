from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "grip.participants"
    label = "participants"
    verbose_name = _("Deelnemers")

    def ready(self) -> None:
        from grip.core import schedule
        from grip.core.tenancy import register_participant_resolver
        from grip.participants import tasks
        from grip.participants.selectors import participant_id_for_user

        register_participant_resolver(participant_id_for_user)
        schedule.register("follow-up-reminders", tasks.remind_follow_ups, hour=7)
