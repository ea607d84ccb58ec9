"""Reads of cases, always through the tenancy scope; documents also by confidentiality."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from grip.cases import archive, deadlines
from grip.cases.constants import CLOSED, CaseStatus, CimObject, LegalRegime, Plichttype
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
    RetentionRule,
    SavedCaseView,
)
from grip.core.dbfunctions import DaysBetween
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


# --- figures for the indicators (kpis), per participant -----------------------------------------
# Each takes participant ids and a period and answers for all of them in one or two queries; the
# kpis app decides who may see which participant.


@dataclass(frozen=True)
class TermCounts:
    """Cases that ended in a period, and how many of them by their deadline."""

    total: int
    within: int


def _ended_on() -> Coalesce:
    """The day a case ended: its decision, else its closing (a complaint ends without one)."""
    return Coalesce("decided_on", "closed_on")


def _term_counts(queryset: QuerySet[Case]) -> dict[int, TermCounts]:
    rows = (
        queryset.filter(due_on__isnull=False)
        .values("participant_id")
        .annotate(total=Count("pk"), within=Count("pk", filter=Q(ended__lte=F("due_on"))))
        .order_by()
    )
    return {row["participant_id"]: TermCounts(row["total"], row["within"]) for row in rows}


def decisions_within_term(
    *, participant_ids: list[int], start: datetime.date, end: datetime.date
) -> dict[int, TermCounts]:
    """Decisions on cases with a statutory term taken in [start, end], and how many of them
    were taken on or before the case's last day (suspensions and extension included)."""
    return _term_counts(
        Case.objects.filter(
            participant_id__in=participant_ids,
            case_type__statutory=True,
            decided_on__range=(start, end),
        ).annotate(ended=F("decided_on"))
    )


def complaints_within_term(
    *, participant_ids: list[int], start: datetime.date, end: datetime.date
) -> dict[int, TermCounts]:
    """Complaints and incident reports (CIM Incident) ended in [start, end], and how many by
    their term: Awb 9:11 for conduct, the work agreements' term for environmental nuisance."""
    return _term_counts(
        Case.objects.annotate(ended=_ended_on()).filter(
            participant_id__in=participant_ids,
            case_type__cim_object=CimObject.INCIDENT,
            ended__range=(start, end),
        )
    )


@dataclass(frozen=True)
class PenaltyCounts:
    permit_decisions: int
    with_claim: int


def permit_penalty_claims(
    *, participant_ids: list[int], start: datetime.date, end: datetime.date
) -> dict[int, PenaltyCounts]:
    """Permit applications decided in [start, end], and those whose lateness cost a penalty
    (Awb 4:17: a notice of default after the term, and no decision within two weeks of it)."""
    permits = Case.objects.filter(
        participant_id__in=participant_ids,
        case_type__cim_object=CimObject.VERZOEK,
        case_type__plichttype=Plichttype.AANVRAAG_VERGUNNING,
        decided_on__range=(start, end),
    )
    counts = {
        row["participant_id"]: row["total"]
        for row in permits.values("participant_id").annotate(total=Count("pk")).order_by()
    }
    claims: dict[int, int] = {}
    # Only the few cases with a notice of default need the penalty rule, applied as the case
    # page applies it.
    noticed = permits.filter(notice_of_default_on__isnull=False, due_on__isnull=False).values_list(
        "participant_id",
        "regime",
        "case_type__procedure",
        "due_on",
        "notice_of_default_on",
        "decided_on",
    )
    scale = penalty_scale_on(end)
    for participant_id, regime, procedure, due_on, notice_on, decided_on in noticed:
        if due_on is None or decided_on is None:  # pragma: no cover - filtered in the query
            continue
        applies = deadlines.penalty_claim_applies(regime=regime, procedure=procedure)
        days = deadlines.penalty_running_days(
            due=due_on,
            notice_received=notice_on,
            decided_on=decided_on,
            today=decided_on,
            grace_days=scale.grace_days,
        )
        if applies and days > 0:
            claims[participant_id] = claims.get(participant_id, 0) + 1
    return {pk: PenaltyCounts(total, claims.get(pk, 0)) for pk, total in counts.items()}


@dataclass(frozen=True)
class LeadTime:
    case_type_code: str
    case_type_name: str
    cases: int
    total_days: int

    @property
    def average_days(self) -> Decimal | None:
        if not self.cases:
            return None
        return (Decimal(self.total_days) / self.cases).quantize(Decimal("0.1"))


def lead_times(
    *, participant_ids: list[int], start: datetime.date, end: datetime.date
) -> dict[int, list[LeadTime]]:
    """Per participant and case type: the cases that ended in [start, end] and their days from
    receipt to the decision (or to closing, for a case that ends without one)."""
    return lead_times_of(case_flow(participant_ids=participant_ids, start=start, end=end))


def lead_times_of(flows: dict[int, list[CaseFlow]]) -> dict[int, list[LeadTime]]:
    """:func:`lead_times` from the flows already read."""
    return {
        pk: [
            LeadTime(flow.case_type_code, flow.case_type_name, flow.ended, flow.ended_days)
            for flow in rows
            if flow.ended
        ]
        for pk, rows in flows.items()
    }


def products_delivered(
    *, participant_ids: list[int], start: datetime.date, end: datetime.date
) -> dict[int, dict[str, int]]:
    """Per participant and product code: cases of a product-realising case type that ended in
    [start, end]. A case realises the product its case type names (hours count there too)."""
    return products_of(case_flow(participant_ids=participant_ids, start=start, end=end))


def products_of(flows: dict[int, list[CaseFlow]]) -> dict[int, dict[str, int]]:
    """:func:`products_delivered` from the flows already read."""
    result: dict[int, dict[str, int]] = {}
    for pk, rows in flows.items():
        for flow in rows:
            if flow.product_code and flow.ended:
                products = result.setdefault(pk, {})
                products[flow.product_code] = products.get(flow.product_code, 0) + flow.ended
    return result


def realising_product_codes() -> frozenset[str]:
    """The product codes that some case type realises: the products counted in cases."""
    return frozenset(
        CaseType.objects.exclude(product_code="").values_list("product_code", flat=True)
    )


@dataclass(frozen=True)
class CaseFlow:
    """The cases of one participant and case type in a period: in, out, on time and overdue."""

    case_type_code: str
    case_type_name: str
    received: int
    ended: int
    decided: int
    decided_within_term: int
    open_at_end: int
    overdue_at_end: int
    product_code: str = ""  # the product the case type realises, if any
    ended_days: int = 0  # days from receipt to the end, summed over the cases ended


def case_flow(
    *, participant_ids: list[int], start: datetime.date, end: datetime.date
) -> dict[int, list[CaseFlow]]:
    """Per participant and case type: received and ended in [start, end], decisions by their
    deadline, and the cases still open at ``end`` (and past their deadline then)."""
    ended = _ended_on()
    in_period = Q(received_on__range=(start, end))
    still_open = Q(received_on__lte=end) & (Q(ended__isnull=True) | Q(ended__gt=end))
    rows = (
        Case.objects.annotate(ended=ended)
        .filter(participant_id__in=participant_ids)
        .filter(in_period | Q(ended__range=(start, end)) | still_open)
        .values("participant_id", "case_type__code", "case_type__name", "case_type__product_code")
        .annotate(
            received=Count("pk", filter=in_period),
            ended_days=Sum(
                DaysBetween("ended", "received_on"), filter=Q(ended__range=(start, end))
            ),
            ended_count=Count("pk", filter=Q(ended__range=(start, end))),
            decided=Count("pk", filter=Q(decided_on__range=(start, end))),
            within=Count(
                "pk",
                filter=Q(decided_on__range=(start, end), due_on__isnull=False)
                & Q(decided_on__lte=F("due_on")),
            ),
            open_at_end=Count("pk", filter=still_open),
            overdue=Count("pk", filter=still_open & Q(due_on__lt=end)),
        )
        .order_by("participant_id", "case_type__code")
    )
    result: dict[int, list[CaseFlow]] = {}
    for row in rows:
        result.setdefault(row["participant_id"], []).append(
            CaseFlow(
                case_type_code=row["case_type__code"],
                case_type_name=row["case_type__name"],
                received=row["received"],
                ended=row["ended_count"],
                decided=row["decided"],
                decided_within_term=row["within"],
                open_at_end=row["open_at_end"],
                overdue_at_end=row["overdue"],
                product_code=row["case_type__product_code"],
                ended_days=row["ended_days"] or 0,
            )
        )
    return result


# --- retention and archiving (ADR 0006 §5) -----------------------------------------------------


def retention_rule_for(
    *, case_type_code: str, result: str, on: datetime.date | None
) -> RetentionRule | None:
    """The retention rule for a case type's cases with ``result``, valid on ``on`` (the closing
    date): the one with the latest ``valid_from`` not after it."""
    if not result or on is None:
        return None
    return (
        RetentionRule.objects.select_related("selection_list_result")
        .filter(case_type_code=case_type_code, result=result, valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )


def retention_rules_by_key() -> dict[tuple[str, str], list[RetentionRule]]:
    """Every rule by (case-type code, result), latest ``valid_from`` first: for bulk work."""
    rules: dict[tuple[str, str], list[RetentionRule]] = {}
    for rule in RetentionRule.objects.select_related("selection_list_result").order_by(
        "case_type_code", "result", "-valid_from"
    ):
        rules.setdefault((rule.case_type_code, rule.result), []).append(rule)
    return rules


def decision_facts_of(case: Case) -> list[archive.DecisionFact]:
    """The case's decisions as :func:`grip.cases.archive.case_result` reads them."""
    return [
        archive.DecisionFact(
            result=result, kind=kind, decision_date=decided, withdrawn=withdrawn is not None
        )
        for result, kind, decided, withdrawn in Decision.objects.filter(case=case)
        .order_by("decision_date", "pk")
        .values_list(
            "decision_type__result", "decision_type__kind", "decision_date", "withdrawn_on"
        )
    ]


def cases_without_retention_rule() -> QuerySet[Case]:
    """Closed cases no retention rule applied to (no nomination): for the archivist, who adds a
    rule and has the fields recomputed."""
    return (
        Case.objects.filter(status__in=CLOSED, archive_nomination="")
        .select_related("participant", "case_type")
        .order_by("closed_on", "pk")
    )


def cases_without_archive_action_date() -> QuerySet[Case]:
    """Closed cases with a nomination but no archive action date yet: the brondatum is a
    decision's end date Grip does not know (vervaldatum besluit) or a date the handler has
    still to record (eigenschap)."""
    return (
        Case.objects.filter(status__in=CLOSED, archive_action_date__isnull=True)
        .exclude(archive_nomination="")
        .select_related("participant", "case_type", "selection_list_result")
        .order_by("closed_on", "pk")
    )
