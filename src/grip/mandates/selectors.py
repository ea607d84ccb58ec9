"""Reads of the mandate register, through the tenancy scope."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from grip.core.tenancy import User, scope_to_user
from grip.mandates.models import (
    DecisionMandate,
    MandateDecision,
    MandateLine,
    SubMandateDecision,
    SubMandateLine,
)
from grip.participants.models import Participant

_LINES = Prefetch(
    "lines",
    queryset=MandateLine.objects.select_related("function").prefetch_related(
        "decision_types", "case_types", "excluded_decision_types"
    ),
)
_SUB_LINES = Prefetch(
    "lines",
    queryset=SubMandateLine.objects.select_related("function").prefetch_related(
        "decision_types", "participants"
    ),
)


def mandate_decision_list_for(
    *, user: User, participant_id: int | None = None
) -> QuerySet[MandateDecision]:
    queryset = scope_to_user(
        MandateDecision.objects.select_related("participant").prefetch_related(_LINES),
        user=user,
    )
    if participant_id:
        queryset = queryset.filter(participant_id=participant_id)
    return queryset


def mandate_decision_detail_for(*, user: User, pk: int) -> MandateDecision:
    try:
        return mandate_decision_list_for(user=user).get(pk=pk)
    except MandateDecision.DoesNotExist:
        raise Http404 from None


def mandate_line_list_for(*, user: User) -> QuerySet[MandateLine]:
    return scope_to_user(
        MandateLine.objects.select_related(
            "decision", "decision__participant", "function"
        ).prefetch_related("decision_types", "case_types", "excluded_decision_types"),
        user=user,
        participant_field="decision__participant",
    )


def sub_mandate_decision_list(
    *, participant: Participant | None = None
) -> QuerySet[SubMandateDecision]:
    """The director's sub-mandate decisions; for one participant, only the lines that apply
    to it (lines without participants apply to every participant)."""
    queryset = SubMandateDecision.objects.select_related("mandator_function")
    if participant is None:
        return queryset.prefetch_related(_SUB_LINES)
    lines = SubMandateLine.objects.filter(
        Q(participants__isnull=True) | Q(participants=participant)
    ).distinct()
    return queryset.prefetch_related(
        Prefetch(
            "lines",
            queryset=lines.select_related("function").prefetch_related(
                "decision_types", "participants"
            ),
        )
    )


@dataclass(frozen=True)
class Register:
    """A participant's published mandate register: its decisions and the sub-mandates."""

    participant: Participant
    decisions: list[MandateDecision]
    sub_mandates: list[SubMandateDecision]
    as_of: datetime.date


def register_for(*, user: User, participant_id: int, as_of: datetime.date) -> Register:
    participants = scope_to_user(Participant.objects.all(), user=user, participant_field="pk")
    try:
        participant = participants.get(pk=participant_id)
    except Participant.DoesNotExist:
        raise Http404 from None
    return Register(
        participant=participant,
        decisions=list(mandate_decision_list_for(user=user, participant_id=participant.pk)),
        sub_mandates=list(sub_mandate_decision_list(participant=participant)),
        as_of=as_of,
    )


def mandate_used_by(decision_id: int) -> DecisionMandate | None:
    return (
        DecisionMandate.objects.filter(decision_id=decision_id)
        .select_related("mandate_line", "sub_mandate_line")
        .first()
    )
