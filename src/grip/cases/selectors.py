"""Reads of cases, always through the tenancy scope; documents also by confidentiality."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from grip.cases import deadlines
from grip.cases.constants import CLOSED, CaseStatus, LegalRegime
from grip.cases.models import (
    Case,
    CaseRelation,
    CaseStatusChange,
    CaseType,
    Decision,
    DecisionType,
    Document,
    EquatedDay,
    PenaltyScale,
    SavedCaseView,
)
from grip.core.tenancy import User, scope_to_user
from grip.participants.selectors import clearance_of

DUE_SOON_DAYS = 10
# A case's term runs until it is decided or closed (a closing status sets closed_on); the
# partial index case_running_due_on holds exactly these rows.
RUNNING = {"decided_on__isnull": True, "closed_on__isnull": True}


class DueFilter:
    OVERDUE = "verlopen"
    SOON = "bijna"
    ON_TIME = "op_tijd"
    SUSPENDED = "opgeschort"
    VALUES = (OVERDUE, SOON, ON_TIME, SUSPENDED)


@dataclass(frozen=True)
class DeadlineInputs:
    """What the deadline engine needs of a case, read from the database once."""

    term: deadlines.Term
    max_extension: deadlines.Term
    suspensions: tuple[deadlines.Suspension, ...]
    extension: deadlines.Extension | None
    calendar: deadlines.AtwCalendar


def atw_calendar() -> deadlines.AtwCalendar:
    """The Atw calendar with the equated days kept as data."""
    return deadlines.AtwCalendar(
        equated_days=frozenset(EquatedDay.objects.values_list("date", flat=True))
    )


def case_deadline_inputs(
    case: Case, *, calendar: deadlines.AtwCalendar | None = None
) -> DeadlineInputs:
    case_type = case.case_type
    extension = getattr(case, "extension", None) if case.pk else None
    return DeadlineInputs(
        term=deadlines.Term(
            weeks=case_type.term_weeks, days=case_type.term_days, statutory=case_type.statutory
        ),
        max_extension=deadlines.Term(weeks=case_type.max_extension_weeks),
        suspensions=tuple(
            deadlines.Suspension(start=s.start, end=s.end) for s in case.suspensions.all()
        )
        if case.pk
        else (),
        extension=(
            deadlines.Extension(
                decided_on=extension.decided_on, term=deadlines.Term(weeks=extension.weeks)
            )
            if extension
            else None
        ),
        calendar=calendar or atw_calendar(),
    )


def deadline_of(
    case: Case,
    *,
    as_of: datetime.date | None = None,
    calendar: deadlines.AtwCalendar | None = None,
) -> deadlines.Deadline | None:
    """The engine's deadline for a case; None when its case type has no term at all."""
    inputs = case_deadline_inputs(case, calendar=calendar)
    if not inputs.term.as_days:
        return None
    return deadlines.compute_deadline(
        received=case.received_on,
        term=inputs.term,
        suspensions=inputs.suspensions,
        extension=inputs.extension,
        calendar=inputs.calendar,
        as_of=as_of or timezone.localdate(),
    )


def penalty_scale_on(day: datetime.date) -> deadlines.PenaltyScale:
    row = PenaltyScale.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if row is None:
        return deadlines.PenaltyScale()
    return deadlines.PenaltyScale(
        grace_days=row.grace_days,
        max_days=row.max_days,
        tiers=tuple((int(days), Decimal(str(amount))) for days, amount in row.tiers),
    )


@dataclass(frozen=True)
class CaseDeadline:
    """Everything the case page says about time: the deadline, its state and the risks."""

    deadline: deadlines.Deadline | None
    status: deadlines.DeadlineStatus | None
    permit_by_default_risk: bool
    penalty_claim: deadlines.PenaltyClaim | None


def case_deadline(case: Case, *, today: datetime.date | None = None) -> CaseDeadline:
    today = today or timezone.localdate()
    deadline = deadline_of(case, as_of=today)
    if deadline is None:
        return CaseDeadline(None, None, False, None)
    decided_on = case.decided_on or (case.closed_on if case.status in CLOSED else None)
    status = deadlines.deadline_status(deadline, today=today, decided_on=decided_on)
    risk = deadlines.permit_by_default_risk(
        regime=case.regime,
        procedure=case.case_type.procedure,
        deadline=deadline,
        today=today,
        decided_on=case.decided_on,
    )
    claim = None
    if case.regime == LegalRegime.OMGEVINGSWET:
        claim = deadlines.penalty_claim(
            deadline=deadline,
            notice_received=case.notice_of_default_on,
            today=today,
            decided_on=case.decided_on,
            scale=penalty_scale_on(case.notice_of_default_on or today),
        )
    return CaseDeadline(deadline, status, risk, claim)


# --- lists ------------------------------------------------------------------------------------


def case_type_list(*, on: datetime.date | None = None) -> QuerySet[CaseType]:
    queryset = CaseType.objects.select_related("default_team").prefetch_related("decision_types")
    return queryset.valid_on(on) if on else queryset


def decision_type_list() -> QuerySet[DecisionType]:
    return DecisionType.objects.all()


def case_list_for(
    *,
    user: User,
    participant_id: int | None = None,
    case_type_code: str | None = None,
    team_id: int | None = None,
    status: str | None = None,
    due: str | None = None,
    assigned_to_id: int | None = None,
    query: str | None = None,
    site_id: int | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Case]:
    """Cases the user may see, filtered. ``status`` is a status, 'open' or 'gesloten';
    ``due`` one of :class:`DueFilter`'s values (open cases only)."""
    today = today or timezone.localdate()
    queryset = scope_to_user(
        Case.objects.select_related("participant", "case_type", "team", "assigned_to", "site"),
        user=user,
    )
    if participant_id:
        queryset = queryset.filter(participant_id=participant_id)
    if case_type_code:
        queryset = queryset.filter(case_type__code=case_type_code)
    if team_id:
        queryset = queryset.filter(team_id=team_id)
    if assigned_to_id:
        queryset = queryset.filter(assigned_to_id=assigned_to_id)
    if site_id:
        queryset = queryset.filter(site_id=site_id)
    if status == "open":
        queryset = queryset.exclude(status__in=CLOSED).exclude(status=CaseStatus.BESLOTEN)
    elif status == "gesloten":
        queryset = queryset.filter(Q(status__in=CLOSED) | Q(status=CaseStatus.BESLOTEN))
    elif status:
        queryset = queryset.filter(status=status)
    if due:
        running = queryset.filter(**RUNNING)
        if due == DueFilter.SUSPENDED:
            queryset = running.filter(status=CaseStatus.OPGESCHORT)
        else:
            running = running.exclude(status=CaseStatus.OPGESCHORT)
            soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
            if due == DueFilter.OVERDUE:
                queryset = running.filter(due_on__lt=today)
            elif due == DueFilter.SOON:
                queryset = running.filter(due_on__gte=today, due_on__lte=soon)
            elif due == DueFilter.ON_TIME:
                queryset = running.filter(due_on__gt=soon)
    if query:
        queryset = queryset.filter(
            Q(identification__icontains=query)
            | Q(subject__icontains=query)
            | Q(site__name__icontains=query)
        )
    return queryset


def case_detail_for(*, user: User, pk: int) -> Case:
    try:
        return case_list_for(user=user).get(pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None


def case_counts_for(*, user: User, today: datetime.date | None = None) -> dict[str, int]:
    """How many open cases are overdue, due soon, on time, suspended: the lights' totals."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    running = case_list_for(user=user).filter(**RUNNING)
    counts = running.aggregate(
        verlopen=Count("pk", filter=Q(due_on__lt=today) & ~Q(status=CaseStatus.OPGESCHORT)),
        bijna=Count(
            "pk",
            filter=Q(due_on__gte=today, due_on__lte=soon) & ~Q(status=CaseStatus.OPGESCHORT),
        ),
        op_tijd=Count("pk", filter=Q(due_on__gt=soon) & ~Q(status=CaseStatus.OPGESCHORT)),
        opgeschort=Count("pk", filter=Q(status=CaseStatus.OPGESCHORT)),
        open=Count("pk"),
    )
    return {key: int(value or 0) for key, value in counts.items()}


def status_history_of(case: Case) -> QuerySet[CaseStatusChange]:
    return case.status_history.select_related("actor").order_by("on", "id")


def related_cases_for(*, user: User, case: Case) -> list[tuple[str, Case]]:
    """The cases related to ``case`` either way, that the user may see, with the relation."""
    visible = case_list_for(user=user)
    outgoing = CaseRelation.objects.filter(source=case, target__in=visible).select_related(
        "target", "target__case_type"
    )
    incoming = CaseRelation.objects.filter(target=case, source__in=visible).select_related(
        "source", "source__case_type"
    )
    return [(relation.get_kind_display(), relation.target) for relation in outgoing] + [
        (relation.get_kind_display(), relation.source) for relation in incoming
    ]


def document_list_for(*, user: User, case: Case | None = None) -> QuerySet[Document]:
    """Documents the user may see: its participants' cases, up to its clearance."""
    queryset = scope_to_user(
        Document.objects.select_related("case", "case__participant"),
        user=user,
        participant_field="case__participant",
    ).filter(confidentiality__in=clearance_of(user=user))
    return queryset.filter(case=case) if case is not None else queryset


def document_detail_for(*, user: User, pk: int) -> Document:
    try:
        return document_list_for(user=user).get(pk=pk)
    except Document.DoesNotExist:
        raise Http404 from None


def decision_list_for(*, user: User, case: Case | None = None) -> QuerySet[Decision]:
    queryset = scope_to_user(
        Decision.objects.select_related(
            "case", "decision_type", "signer_function", "superseded_by"
        ),
        user=user,
        participant_field="case__participant",
    )
    return queryset.filter(case=case) if case is not None else queryset


def decision_detail_for(*, user: User, pk: int) -> Decision:
    try:
        return decision_list_for(user=user).get(pk=pk)
    except Decision.DoesNotExist:
        raise Http404 from None


def saved_views_of(*, user: User) -> QuerySet[SavedCaseView]:
    if not user.is_authenticated:
        return SavedCaseView.objects.none()
    return SavedCaseView.objects.filter(user_id=user.pk)
