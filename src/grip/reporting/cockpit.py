"""The account manager's cockpit: every participant they look after on one page.

For each participant: the work programme's status (this year and next), realisation and the
year-end forecast with its warning, overdue cases, indicators off target, open follow-ups,
recent interactions, open requests and the last satisfaction score. The participant portal
shows the same summary of its own participant; the service's own notes (follow-ups,
interactions) are staff-only in the participants selectors, so a participant user gets none.

Reads only; every participant comes from a tenancy-scoped selector.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from grip.cases import selectors as case_selectors
from grip.cases.models import Case
from grip.cases.selectors import DueFilter
from grip.core.periods import year_start
from grip.core.tenancy import User
from grip.finance import selectors as finance_selectors
from grip.finance.periods import Period
from grip.finance.selectors import Forecast
from grip.kpis import selectors as kpi_selectors
from grip.kpis.selectors import Figure
from grip.participants import selectors as participant_selectors
from grip.participants.models import (
    OPEN_REQUEST_STATUSES,
    FollowUp,
    FollowUpStatus,
    Interaction,
    Participant,
    ParticipantRequest,
    RequestStatus,
    SatisfactionScore,
)
from grip.programmes.constants import OPEN_STATUSES, VersionStatus
from grip.programmes.models import Programme, ProgrammeVersion
from grip.reporting import selectors as report_selectors
from grip.reporting.constants import ReportStatus
from grip.reporting.models import Report

RECENT_INTERACTIONS = 3
OVERDUE_CASE_EXAMPLES = 5


# Next year's programme is drafted in the autumn (the participants adopt it before the year
# starts): from this month on, its absence asks for attention.
NEXT_YEAR_DRAFTING_FROM_MONTH = 9


@dataclass(frozen=True)
class ProgrammeStatus:
    year: int
    programme: Programme | None
    adopted: ProgrammeVersion | None
    open: ProgrammeVersion | None  # a concept or submitted version being worked on
    as_of: datetime.date = field(default_factory=timezone.localdate, repr=False)

    @property
    def needs_attention(self) -> bool:
        """A year that has begun without an adopted programme; next year without any programme
        once its drafting season has started."""
        if self.year <= self.as_of.year:
            return self.adopted is None
        return self.programme is None and self.as_of.month >= NEXT_YEAR_DRAFTING_FROM_MONTH


@dataclass
class Account:
    participant: Participant
    is_deputy: bool
    programmes: list[ProgrammeStatus]
    realised_percent: Decimal | None  # realised hours as % of the plan to date
    forecast: Forecast
    overdue_cases: int
    overdue_examples: list[Case]
    off_target: list[Figure]
    open_follow_ups: list[FollowUp]
    recent_interactions: list[Interaction]
    open_requests: list[ParticipantRequest]
    satisfaction: SatisfactionScore | None
    latest_report: Report | None
    today: datetime.date = field(repr=False, default_factory=timezone.localdate)

    @property
    def overdue_follow_ups(self) -> list[FollowUp]:
        return [item for item in self.open_follow_ups if item.is_overdue(self.today)]

    @property
    def warnings(self) -> int:
        """How many things ask for attention: the order of the cockpit's cards."""
        return (
            sum(status.needs_attention for status in self.programmes)
            + int(self.forecast.warning)
            + int(self.overdue_cases > 0)
            + len(self.off_target)
            + len(self.overdue_follow_ups)
            + sum(request.status == RequestStatus.SUBMITTED for request in self.open_requests)
        )


def _programme_statuses(
    participants: list[Participant], years: tuple[int, ...], today: datetime.date
) -> dict[int, list[ProgrammeStatus]]:
    programmes = {
        (programme.participant_id, programme.year): programme
        for programme in Programme.objects.filter(
            participant__in=participants, year__in=years
        ).prefetch_related("versions")
    }
    result: dict[int, list[ProgrammeStatus]] = {}
    for participant in participants:
        statuses = []
        for year in years:
            programme = programmes.get((participant.pk, year))
            versions = list(programme.versions.all()) if programme else []
            statuses.append(
                ProgrammeStatus(
                    year=year,
                    programme=programme,
                    adopted=next((v for v in versions if v.status == VersionStatus.ADOPTED), None),
                    open=next((v for v in versions if v.status in OPEN_STATUSES), None),
                    as_of=today,
                )
            )
        result[participant.pk] = statuses
    return result


def accounts(
    *, user: User, participants: list[Participant], today: datetime.date | None = None
) -> list[Account]:
    """The summary of each participant given, which the caller took from a scoped selector."""
    today = today or timezone.localdate()
    if not participants:
        return []
    statuses = _programme_statuses(participants, (today.year, today.year + 1), today)
    realisations = {
        realisation.participant.pk: realisation
        for realisation in finance_selectors.realisations(
            participants=participants, period=Period.year_to_date(today.year, today), as_of=today
        )
    }
    figures = kpi_selectors.live_figures(
        user=user, start=year_start(today.year), end=today, participants=participants
    )
    off_target: dict[int, list[Figure]] = {participant.pk: [] for participant in participants}
    for by_participant in figures.values():
        for participant_id, figure in by_participant.items():
            if participant_id in off_target and figure.met is False:
                off_target[participant_id].append(figure)
    ids = [participant.pk for participant in participants]
    overdue = case_selectors.case_list_for(user=user, due=DueFilter.OVERDUE, today=today).filter(
        participant_id__in=ids
    )
    follow_ups = participant_selectors.follow_up_list_for(user=user).filter(
        participant_id__in=ids, status=FollowUpStatus.OPEN
    )
    requests = participant_selectors.request_list_for(user=user).filter(
        participant_id__in=ids, status__in=OPEN_REQUEST_STATUSES
    )
    scores = participant_selectors.satisfaction_list_for(user=user).filter(participant_id__in=ids)
    reports = report_selectors.report_list_for(user=user).filter(
        participant_id__in=ids, status=ReportStatus.PUBLISHED
    )
    overdue_counts = dict(
        overdue.order_by().values_list("participant_id").annotate(count=Count("pk"))
    )
    open_follow_ups = _by_participant(follow_ups)
    open_requests = _by_participant(requests)
    latest_scores = _by_participant(scores.order_by("participant_id", "-year"))
    latest_reports = _by_participant(reports.order_by("participant_id", "-published_at"))
    result = []
    for participant in participants:
        realisation = realisations[participant.pk]
        own_overdue = overdue.filter(participant=participant).order_by("due_on", "pk")
        result.append(
            Account(
                participant=participant,
                is_deputy=participant.deputy_account_manager is not None
                and participant.deputy_account_manager.user_id == user.pk,
                programmes=statuses[participant.pk],
                realised_percent=realisation.percent,
                forecast=realisation.forecast,
                overdue_cases=overdue_counts.get(participant.pk, 0),
                overdue_examples=(
                    list(own_overdue[:OVERDUE_CASE_EXAMPLES])
                    if overdue_counts.get(participant.pk)
                    else []
                ),
                off_target=sorted(
                    off_target[participant.pk], key=lambda figure: figure.indicator.code
                ),
                open_follow_ups=open_follow_ups.get(participant.pk, []),
                recent_interactions=list(
                    participant_selectors.interaction_list_for(user=user).filter(
                        participant=participant
                    )[:RECENT_INTERACTIONS]
                ),
                open_requests=open_requests.get(participant.pk, []),
                satisfaction=next(iter(latest_scores.get(participant.pk, [])), None),
                latest_report=next(iter(latest_reports.get(participant.pk, [])), None),
                today=today,
            )
        )
    return result


def _by_participant(rows: QuerySet[Any]) -> dict[int, list[Any]]:
    """One query, grouped by participant in the query's order."""
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.participant_id].append(row)
    return grouped


def cockpit_for(*, user: User, today: datetime.date | None = None) -> list[Account]:
    """The participants ``user`` manages or stands in for, most attention first."""
    visible = participant_selectors.participant_list_for(user=user)
    managed = list(
        visible.filter(pk__in=participant_selectors.participants_managed_by(user=user)).order_by(
            "name"
        )
    )
    return sorted(
        accounts(user=user, participants=managed, today=today),
        key=lambda account: (-account.warnings, account.participant.name),
    )
