"""The monthly forecast warning: a participant whose year-end forecast strays from its plan."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from grip.core import links
from grip.core.models import NotificationKind
from grip.core.notifications import Message, notify
from grip.finance import selectors
from grip.finance.periods import Period
from grip.participants.models import Participant
from grip.participants.notifications import account_managers_of, participant_users_of


def warn_forecasts(*, today: datetime.date | None = None) -> int:
    """Tell the account managers and the participant's own users when its forecast for this
    year deviates from the plan by more than the threshold; at most once a month per
    participant. Returns how many notifications were made."""
    today = today or timezone.localdate()
    participants = list(Participant.objects.valid_on(today).order_by("name"))
    made = 0
    for realisation in selectors.realisations(
        participants=participants, period=Period.whole_year(today.year), as_of=today
    ):
        forecast = realisation.forecast
        if not forecast.warning or forecast.hours is None:
            continue
        participant = realisation.participant
        direction = _("boven") if forecast.hours > forecast.plan_hours else _("onder")
        message = Message(
            subject=_("Prognose %(participant)s %(year)s wijkt %(percent)s%% af")
            % {
                "participant": participant,
                "year": today.year,
                "percent": f"{abs(forecast.deviation_percent or 0):.0f}",
            },
            body=_(
                "Bij het huidige tempo komt %(participant)s eind %(year)s uit op %(forecast)s "
                "uur, %(direction)s het programma van %(plan)s uur (afwijking %(percent)s%%, "
                "signaal vanaf %(threshold)s%%). Tot en met %(as_of)s is %(realised)s uur "
                "gerealiseerd."
            )
            % {
                "participant": participant,
                "year": today.year,
                "forecast": f"{forecast.hours:.0f}",
                "direction": direction,
                "plan": f"{forecast.plan_hours:.0f}",
                "percent": f"{forecast.deviation_percent:.1f}",
                "threshold": forecast.threshold_percent,
                "as_of": forecast.as_of.strftime("%d-%m-%Y"),
                "realised": f"{forecast.realised_hours:.0f}",
            },
            link=links.page_of(participant),
        )
        made += len(
            notify(
                users=[*account_managers_of(participant), *participant_users_of(participant)],
                kind=NotificationKind.FORECAST_WARNING,
                key=f"forecast:{participant.pk}:{today:%Y-%m}",
                message=message,
            )
        )
    return made
