"""Writes on the mandate register, and signing a decision under mandate.

Signing succeeds only when the mandate check (:mod:`grip.mandates.verdict`) finds a valid chain
and the Awb 10:3 exclusions do not apply; on refusal it raises with one sentence that names the
missing link and writes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from grip.cases import services as case_services
from grip.cases.constants import DecisionKind
from grip.cases.models import Case, CaseType, Decision, DecisionType, Document
from grip.core.audit import Actor, audit_create, audit_update, snapshot
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.models import User
from grip.core.permissions import require_permission, require_user
from grip.core.tenancy import participant_id_of
from grip.mandates.models import (
    DecisionMandate,
    MandateDecision,
    MandateLine,
    SubMandateDecision,
    SubMandateLine,
)
from grip.mandates.verdict import Verdict, verdict
from grip.organisation.models import Employee, Function
from grip.participants.models import Participant


class MandateRefused(Conflict):
    """The signer holds no valid mandate for this decision; ``message`` names the link."""

    code = "mandate_refused"


def signer_function(actor: User) -> Function:
    """The function the actor holds on the service's books; signing needs one."""
    employee = Employee.objects.filter(user_id=actor.pk).select_related("function").first()
    if employee is None:
        raise MandateRefused(
            _("U bent niet als medewerker met een functie geregistreerd, dus zonder mandaat.")
        )
    return employee.function


def awb_10_3_refusal(
    *,
    actor: User,
    decision_type: DecisionType,
    contested_decision: Decision | None,
    report_author: Employee | None,
) -> str | None:
    """The personal exclusions of Awb 10:3, in one sentence, or None."""
    if decision_type.kind == DecisionKind.BESLUIT_OP_BEZWAAR:
        if contested_decision is None:
            return _("Een besluit op bezwaar noemt het besluit waartegen het bezwaar is gericht.")
        if contested_decision.signed_by_id == actor.pk:
            return _(
                "U nam het bestreden besluit zelf en mag daarom niet op het bezwaar beslissen "
                "(Awb 10:3 lid 2)."
            )
    if decision_type.kind == DecisionKind.BESTUURLIJKE_BOETE:
        if report_author is None:
            return _("Een bestuurlijke boete noemt wie het rapport van de overtreding opstelde.")
        if report_author.user_id == actor.pk:
            return _(
                "U stelde het rapport van de overtreding op en mag de boete daarom niet "
                "opleggen (Awb 10:3 lid 4)."
            )
    return None


def signing_verdict(
    *,
    actor: User,
    case: Case,
    decision_type: DecisionType,
    decision_date: datetime.date,
    amount: Decimal | None = None,
    contested_decision: Decision | None = None,
    report_author: Employee | None = None,
) -> Verdict:
    """What signing would do, without signing: the chain it would use or the refusal."""
    personal = awb_10_3_refusal(
        actor=actor,
        decision_type=decision_type,
        contested_decision=contested_decision,
        report_author=report_author,
    )
    if personal:
        return Verdict(False, personal)
    try:
        function = signer_function(actor)
    except MandateRefused as refusal:
        return Verdict(False, refusal.message)
    return verdict(
        participant=case.participant,
        case_type=case.case_type,
        decision_type=decision_type,
        function=function,
        on=decision_date,
        signer_name=actor.get_full_name() or actor.get_username(),
        amount=amount,
    )


def decision_sign(
    *,
    actor: Actor,
    case: Case,
    decision_type: DecisionType,
    decision_date: datetime.date,
    summary: str,
    amount: Decimal | None = None,
    contested_decision: Decision | None = None,
    report_author: Employee | None = None,
    document: Document | None = None,
    supersedes: Decision | None = None,
) -> Decision:
    """Sign a decision in a case on behalf of the case's participant."""
    actor = require_user(actor, "cases.sign_decision")
    if participant_id_of(actor) is not None:
        raise NotAllowed(_("Alleen medewerkers van de omgevingsdienst ondertekenen besluiten."))
    if not summary.strip():
        raise DomainError(_("Een besluit heeft een inhoud."), field="summary", code="required")
    if (
        contested_decision is not None
        and contested_decision.case.participant_id != case.participant_id
    ):
        raise DomainError(
            _("Het bestreden besluit hoort bij een andere deelnemer."),
            field="contested_decision",
            code="other_participant",
        )
    if document is not None and document.case_id != case.pk:
        raise DomainError(
            _("Het document hoort niet bij deze zaak."), field="document", code="other_case"
        )
    if supersedes is not None:
        supersedes = Decision.objects.get(pk=supersedes.pk)  # its current withdrawal state
        if supersedes.case_id != case.pk:
            raise DomainError(
                _("Het vervangen besluit hoort niet bij deze zaak."),
                field="supersedes",
                code="other_case",
            )
        if supersedes.withdrawn_on is None:
            raise Conflict(
                _("Trek het besluit eerst in; daarna kan een nieuw besluit het vervangen."),
                field="supersedes",
                code="not_withdrawn",
            )
    case_services.decision_check_before_signing(
        case=case, decision_type=decision_type, decision_date=decision_date
    )
    answer = signing_verdict(
        actor=actor,
        case=case,
        decision_type=decision_type,
        decision_date=decision_date,
        amount=amount,
        contested_decision=contested_decision,
        report_author=report_author,
    )
    if not answer.allowed or answer.mandate_line is None:
        raise MandateRefused(answer.refusal, field="decision_type")
    with transaction.atomic():
        decision = case_services.decision_record(
            actor=actor,
            case=case,
            decision_type=decision_type,
            decision_date=decision_date,
            summary=summary,
            signer_function=signer_function(actor),
            namens=answer.namens,
            amount=amount,
            contested_decision=contested_decision,
            report_author=report_author,
            document=document,
            supersedes=supersedes,
        )
        used = DecisionMandate.objects.create(
            decision=decision,
            mandate_line=answer.mandate_line,
            sub_mandate_line=answer.sub_mandate_line,
            chain=list(answer.chain),
        )
        audit_create(actor=actor, instance=used)
    case.refresh_from_db()
    return decision


# --- the register -------------------------------------------------------------------------------


_Line = TypeVar("_Line", MandateLine, SubMandateLine)


def _line_save(*, actor: Actor, line: _Line, relations: dict[str, Sequence[Any]]) -> _Line:
    """Validate and save a register line with its many-to-many lists, audited."""
    line.full_clean()
    with transaction.atomic():
        line.save()
        for name, items in relations.items():
            getattr(line, name).set(items)
        audit_create(actor=actor, instance=line)
    return line


def _require_register_keeper(actor: Actor) -> None:
    require_permission(actor, "mandates.add_mandatedecision")


def mandate_decision_create(
    *,
    actor: Actor,
    participant: Participant,
    mandator: str,
    title: str,
    decision_date: datetime.date,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    publication_reference: str = "",
) -> MandateDecision:
    _require_register_keeper(actor)
    decision = MandateDecision(
        participant=participant,
        mandator=mandator,
        title=title,
        decision_date=decision_date,
        valid_from=valid_from,
        valid_to=valid_to,
        publication_reference=publication_reference,
    )
    decision.full_clean()
    with transaction.atomic():
        decision.save()
        audit_create(actor=actor, instance=decision)
    return decision


def mandate_line_add(
    *,
    actor: Actor,
    decision: MandateDecision,
    power: str,
    function: Function,
    decision_types: Sequence[DecisionType] = (),
    case_types: Sequence[CaseType] = (),
    excluded_decision_types: Sequence[DecisionType] = (),
    legal_basis: str = "",
    sub_mandate_allowed: bool = False,
    max_amount: Decimal | None = None,
    conditions: str = "",
) -> MandateLine:
    _require_register_keeper(actor)
    if not decision_types and not case_types:
        raise DomainError(
            _("Een mandaatregel noemt besluittypen of zaaktypen."),
            field="decision_types",
            code="required",
        )
    if decision.revoked_on:
        raise Conflict(_("Dit mandaatbesluit is ingetrokken."), code="revoked")
    line = MandateLine(
        decision=decision,
        power=power,
        function=function,
        legal_basis=legal_basis,
        sub_mandate_allowed=sub_mandate_allowed,
        max_amount=max_amount,
        conditions=conditions,
    )
    return _line_save(
        actor=actor,
        line=line,
        relations={
            "decision_types": decision_types,
            "case_types": case_types,
            "excluded_decision_types": excluded_decision_types,
        },
    )


def mandate_decision_revoke(
    *, actor: Actor, decision: MandateDecision, on: datetime.date, reason: str
) -> MandateDecision:
    """End a mandate decision from a date; it stays in the register as revoked."""
    require_permission(actor, "mandates.revoke_mandatedecision")
    return _revoke(actor=actor, decision=decision, on=on, reason=reason)


_Revocable = TypeVar("_Revocable", MandateDecision, SubMandateDecision)


def _revoke(*, actor: Actor, decision: _Revocable, on: datetime.date, reason: str) -> _Revocable:
    if not reason.strip():
        raise DomainError(_("Een intrekking heeft een reden."), field="reason", code="required")
    with transaction.atomic():
        locked = type(decision).objects.select_for_update().get(pk=decision.pk)
        if locked.revoked_on:
            raise Conflict(_("Dit besluit is al ingetrokken."), code="already_revoked")
        if on < locked.valid_from:
            raise DomainError(
                _("Intrekken kan niet vóór de ingangsdatum."), field="on", code="before_start"
            )
        before = snapshot(locked)
        locked.revoked_on = on
        locked.revocation_reason = reason
        locked.full_clean()
        locked.save()
        audit_update(actor=actor, instance=locked, before=before)
    return locked


def sub_mandate_decision_create(
    *,
    actor: Actor,
    title: str,
    decision_date: datetime.date,
    mandator_function: Function,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    reference: str = "",
) -> SubMandateDecision:
    _require_register_keeper(actor)
    decision = SubMandateDecision(
        title=title,
        decision_date=decision_date,
        mandator_function=mandator_function,
        valid_from=valid_from,
        valid_to=valid_to,
        reference=reference,
    )
    decision.full_clean()
    with transaction.atomic():
        decision.save()
        audit_create(actor=actor, instance=decision)
    return decision


def sub_mandate_line_add(
    *,
    actor: Actor,
    decision: SubMandateDecision,
    power: str,
    function: Function,
    decision_types: Sequence[DecisionType],
    participants: Sequence[Participant] = (),
    max_amount: Decimal | None = None,
    conditions: str = "",
) -> SubMandateLine:
    _require_register_keeper(actor)
    if not decision_types:
        raise DomainError(
            _("Een ondermandaatregel noemt besluittypen."),
            field="decision_types",
            code="required",
        )
    if decision.revoked_on:
        raise Conflict(_("Dit ondermandaatbesluit is ingetrokken."), code="revoked")
    line = SubMandateLine(
        decision=decision,
        power=power,
        function=function,
        max_amount=max_amount,
        conditions=conditions,
    )
    return _line_save(
        actor=actor,
        line=line,
        relations={"decision_types": decision_types, "participants": participants},
    )


def sub_mandate_decision_revoke(
    *, actor: Actor, decision: SubMandateDecision, on: datetime.date, reason: str
) -> SubMandateDecision:
    require_permission(actor, "mandates.revoke_mandatedecision")
    return _revoke(actor=actor, decision=decision, on=on, reason=reason)
