from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "grip.web"
    label = "web"
    verbose_name = _("Gebruikersinterface")

    def ready(self) -> None:
        # The pages the links in notifications lead to (grip.core.links; domain apps know no
        # URLs). A forecast warning is about a participant: it links to its realisation.
        from django.urls import reverse

        from grip.core import links
        from grip.participants.models import FollowUp, Participant, ParticipantRequest
        from grip.reporting.models import Report

        links.register(FollowUp, lambda obj: reverse("web:follow-up-detail", args=[obj.pk]))
        links.register(
            Participant, lambda obj: reverse("web:realisation-participant", args=[obj.pk])
        )
        links.register(Report, lambda obj: reverse("web:report-detail", args=[obj.pk]))
        links.register(ParticipantRequest, lambda obj: reverse("web:request-detail", args=[obj.pk]))
