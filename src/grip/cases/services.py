"""Writes on cases: intake, the state machine, suspensions, the extension, the dossier.

Every service runs in one transaction, checks the actor's permission and the case's
participant, writes an audit record, and recomputes the case's deadline when a suspension or
the extension changed it. Decisions are created only by the signing service in
``grip.mandates.services`` after the mandate check, through :func:`decision_record`.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.cases import archive, deadlines
from grip.cases.constants import (
    CLOSED,
    SERVICE_ONLY,
    Afleidingswijze,
    ArchiveStatus,
    CaseStatus,
    DecisionKind,
    DocumentType,
    LegalRegime,
    RelationKind,
    SuspensionReason,
    allowed_next,
)
from grip.cases.models import (
    Case,
    CaseRelation,
    CaseStatusChange,
    CaseType,
    Decision,
    DecisionType,
    Document,
    EquatedDay,
    Extension,
    SavedCaseView,
    Suspension,
)
from grip.cases.selectors import (
    case_deadline_inputs,
    deadline_of,
    decision_facts_of,
    retention_rule_for,
)
from grip.core.audit import Actor, audit_create, audit_update, snapshot
from grip.core.classification import Confidentiality
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.models import User
from grip.core.permissions import require_user
from grip.core.tenancy import participant_id_of
from grip.organisation.models import Employee, Function, Team
from grip.participants.models import Participant
from grip.sites.models import Establishment, Site

_CASE_FIELDS = (
    "subject",
    "site",
    "location_description",
    "establishment",
    "person_name",
    "person_contact",
    "regime",
    "assigned_to",
    "team",
)


def _require_staff(actor: User) -> None:
    """Case work is done by the service's staff; a participant user only reads."""
    if participant_id_of(actor) is not None:
        raise NotAllowed(_("Alleen medewerkers van de omgevingsdienst behandelen zaken."))


def _refresh_deadline(case: Case) -> None:
    """Store the engine's due dates on the case (for lists), from its suspensions and extension."""
    deadline = deadline_of(case, as_of=timezone.localdate())
    case.original_due_on = deadline.original_due if deadline else None
    case.due_on = deadline.due if deadline else None
    case.save(update_fields=["original_due_on", "due_on", "updated_at"])


def _next_identification(received_on: datetime.date) -> str:
    prefix = f"Z-{received_on.year}-"
    last = (
        Case.objects.filter(identification__startswith=prefix)
        .order_by("-identification")
        .values_list("identification", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:06d}"


def _record_status(
    *, actor: User, case: Case, to_status: str, on: datetime.date, note: str = ""
) -> CaseStatusChange:
    change = CaseStatusChange.objects.create(
        case=case,
        from_status=case.status,
        status=to_status,
        on=on,
        actor=actor,
        note=note,
    )
    case.status = to_status
    fields = ["status", "closed_on", "updated_at"]
    if to_status in CLOSED:
        case.closed_on = on
        case.result = archive.case_result(
            status=to_status,
            cim_object=case.case_type.cim_object,
            decisions=decision_facts_of(case),
        )
        _apply_archive_fields(case)
        fields += _ARCHIVE_FIELDS
    case.save(update_fields=fields)
    return change


_ARCHIVE_FIELDS = list(archive.ARCHIVE_FIELDS)


def _apply_archive_fields(case: Case) -> None:
    """Fill the archive fields of a closed case from its result's retention rule (ADR 0006 §5,
    zrc-021); without a rule they stay empty and the case is listed for the archivist. A
    brondatum the handler recorded (afleidingswijze eigenschap) is kept."""
    rule = retention_rule_for(
        case_type_code=case.case_type.code, result=case.result, on=case.closed_on
    )
    fields = archive.archive_fields(case, rule, settings.ARCHIVE_TRANSFER_TERM)
    case.archive_nomination = fields.nomination
    case.selection_list_result = fields.selection_list_result
    if rule is not None and rule.afleidingswijze != Afleidingswijze.EIGENSCHAP:
        case.archive_source_date = fields.source_date
    case.archive_action_date = fields.action_date
    case.archive_status = fields.status


def _check_transition(case: Case, to_status: str) -> None:
    procedure = case.case_type.procedure
    if to_status not in allowed_next(procedure, case.status):
        allowed = ", ".join(
            str(CaseStatus(s).label) for s in sorted(allowed_next(procedure, case.status))
        )
        raise Conflict(
            _(
                "Een zaak met status '%(current)s' kan bij de %(procedure)s niet naar "
                "'%(target)s'; mogelijk is: %(allowed)s."
            )
            % {
                "current": CaseStatus(case.status).label,
                "procedure": case.case_type.get_procedure_display(),
                "target": CaseStatus(to_status).label,
                "allowed": allowed or _("niets meer"),
            },
            field="status",
            code="illegal_transition",
        )


def case_create(
    *,
    actor: Actor,
    participant: Participant,
    case_type: CaseType,
    subject: str,
    received_on: datetime.date,
    regime: str = LegalRegime.OMGEVINGSWET,
    site: Site | None = None,
    location_description: str = "",
    establishment: Establishment | None = None,
    person_name: str = "",
    person_contact: str = "",
    assigned_to: Employee | None = None,
    team: Team | None = None,
) -> Case:
    """Take in a case: status 'ontvangen', its deadline computed from the case type."""
    actor = require_user(actor, "cases.add_case")
    _require_staff(actor)
    if received_on > timezone.localdate():
        raise DomainError(
            _("De ontvangstdatum ligt in de toekomst."), field="received_on", code="future_date"
        )
    if not CaseType.objects.valid_on(received_on).filter(pk=case_type.pk).exists():
        raise DomainError(
            _("Zaaktype '%(type)s' is niet geldig op %(day)s.")
            % {"type": case_type, "day": received_on.strftime("%d-%m-%Y")},
            field="case_type",
            code="case_type_not_valid",
        )
    if site is not None and site.participant_id != participant.pk:
        raise DomainError(
            _("Toezichtobject '%(site)s' valt niet onder %(participant)s.")
            % {"site": site, "participant": participant},
            field="site",
            code="site_of_other_participant",
        )
    if site is None and not location_description:
        raise DomainError(
            _("Geef een toezichtobject of een locatie op."),
            field="location_description",
            code="no_location",
        )
    case = Case(
        participant=participant,
        case_type=case_type,
        subject=subject,
        received_on=received_on,
        regime=regime,
        site=site,
        location_description=location_description,
        establishment=establishment or (site.establishment if site else None),
        person_name=person_name,
        person_contact=person_contact,
        assigned_to=assigned_to,
        team=team or case_type.default_team,
    )
    for attempt in range(3):
        case.identification = _next_identification(received_on)
        case.full_clean()
        try:
            with transaction.atomic():
                case.save()
                CaseStatusChange.objects.create(
                    case=case,
                    status=CaseStatus.ONTVANGEN,
                    on=received_on,
                    actor=actor,
                    note=_("Zaak aangemaakt."),
                )
                _refresh_deadline(case)
                audit_create(actor=actor, instance=case)
            return case
        except IntegrityError:
            # Another intake took the same number at the same moment: take the next one.
            case.pk = None
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def case_update(*, actor: Actor, case: Case, data: dict[str, Any]) -> Case:
    """Change a case's descriptive fields (not its status, dates or deadline)."""
    actor = require_user(actor, "cases.change_case")
    _require_staff(actor)
    for name in data:
        if name not in _CASE_FIELDS:
            raise DomainError(
                _("Veld '%(field)s' kan hier niet worden gewijzigd.") % {"field": name},
                field=name,
                code="field_not_writable",
            )
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        before = snapshot(locked)
        for name, value in data.items():
            setattr(locked, name, value)
        if locked.site_id and locked.site and locked.site.participant_id != locked.participant_id:
            raise DomainError(
                _("Dit toezichtobject valt niet onder de deelnemer van de zaak."),
                field="site",
                code="site_of_other_participant",
            )
        locked.full_clean()
        locked.save()
        audit_update(actor=actor, instance=locked, before=before)
    return locked


def status_change(
    *, actor: Actor, case: Case, to_status: str, on: datetime.date | None = None, note: str = ""
) -> CaseStatusChange:
    """Move a case along its procedure's state machine; illegal steps are refused."""
    actor = require_user(actor, "cases.change_case_status")
    _require_staff(actor)
    if to_status in SERVICE_ONLY:
        raise Conflict(
            _(
                "Status '%(status)s' volgt uit opschorten of ondertekenen, niet uit een "
                "statuswijziging."
            )
            % {"status": CaseStatus(to_status).label},
            field="status",
            code="service_only_status",
        )
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("case_type").get(pk=case.pk)
        _check_transition(locked, to_status)
        if on < locked.received_on:
            raise DomainError(
                _("Een status kan niet vóór de ontvangstdatum liggen."),
                field="on",
                code="before_receipt",
            )
        before = snapshot(locked)
        change = _record_status(actor=actor, case=locked, to_status=to_status, on=on, note=note)
        if to_status == CaseStatus.BUITEN_BEHANDELING:
            open_suspension = locked.suspensions.filter(end__isnull=True).first()
            if open_suspension:
                open_suspension.end = on
                open_suspension.save(update_fields=["end"])
        audit_update(actor=actor, instance=locked, before=before)
    case.refresh_from_db()
    return change


def suspend(
    *,
    actor: Actor,
    case: Case,
    start: datetime.date,
    reason: str = SuspensionReason.AANVULLING,
    note: str = "",
) -> Suspension:
    """Stop the clock, for example until an incomplete application is completed (Awb 4:15)."""
    actor = require_user(actor, "cases.change_case_status")
    _require_staff(actor)
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("case_type").get(pk=case.pk)
        _check_transition(locked, CaseStatus.OPGESCHORT)
        inputs = case_deadline_inputs(locked)
        refusal = deadlines.suspension_refusal(
            received=locked.received_on,
            suspensions_existing=inputs.suspensions,
            new=deadlines.Suspension(start=start, end=None),
            decided_on=locked.decided_on,
        )
        if refusal:
            raise Conflict(refusal, field="start", code="suspension_refused")
        suspension = Suspension.objects.create(
            case=locked,
            reason=reason,
            start=start,
            note=note,
            created_by=actor,
        )
        _record_status(
            actor=actor, case=locked, to_status=CaseStatus.OPGESCHORT, on=start, note=note
        )
        _refresh_deadline(locked)
        audit_create(actor=actor, instance=suspension)
    case.refresh_from_db()
    return suspension


def resume(*, actor: Actor, case: Case, end: datetime.date, note: str = "") -> Suspension:
    """Restart the clock: the application was completed (or the completion term passed)."""
    actor = require_user(actor, "cases.change_case_status")
    _require_staff(actor)
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("case_type").get(pk=case.pk)
        suspension = locked.suspensions.filter(end__isnull=True).first()
        if suspension is None:
            raise Conflict(_("Deze zaak is niet opgeschort."), field="end", code="not_suspended")
        if end < suspension.start:
            raise DomainError(
                _("De zaak kan niet hervat worden vóór de opschorting begon (%(start)s).")
                % {"start": suspension.start.strftime("%d-%m-%Y")},
                field="end",
                code="end_before_start",
            )
        _check_transition(locked, CaseStatus.IN_BEHANDELING)
        before = snapshot(suspension)
        suspension.end = end
        suspension.save(update_fields=["end"])
        _record_status(
            actor=actor, case=locked, to_status=CaseStatus.IN_BEHANDELING, on=end, note=note
        )
        _refresh_deadline(locked)
        audit_update(actor=actor, instance=suspension, before=before)
    case.refresh_from_db()
    return suspension


def extend(
    *, actor: Actor, case: Case, decided_on: datetime.date, weeks: int, reason: str
) -> Extension:
    """Extend the term once, by at most the case type's maximum, before the term expires."""
    actor = require_user(actor, "cases.extend_case")
    _require_staff(actor)
    if not reason.strip():
        raise DomainError(_("Een verlenging heeft een reden."), field="reason", code="required")
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("case_type").get(pk=case.pk)
        if locked.status in CLOSED or locked.decided_on:
            raise Conflict(_("Een afgehandelde zaak wordt niet meer verlengd."), code="case_closed")
        inputs = case_deadline_inputs(locked)
        existing = Extension.objects.filter(case=locked).first()
        refusal = deadlines.extension_refusal(
            received=locked.received_on,
            term=inputs.term,
            suspensions=inputs.suspensions,
            extension=deadlines.Extension(decided_on=decided_on, term=deadlines.Term(weeks=weeks)),
            max_extension=inputs.max_extension,
            calendar=inputs.calendar,
            existing=(
                deadlines.Extension(
                    decided_on=existing.decided_on, term=deadlines.Term(weeks=existing.weeks)
                )
                if existing
                else None
            ),
        )
        if refusal:
            raise Conflict(refusal, field="decided_on", code="extension_refused")
        extension = Extension.objects.create(
            case=locked,
            decided_on=decided_on,
            weeks=weeks,
            reason=reason,
            created_by=actor,
        )
        _refresh_deadline(locked)
        audit_create(actor=actor, instance=extension)
    case.refresh_from_db()
    return extension


def notice_of_default_record(*, actor: Actor, case: Case, received_on: datetime.date) -> Case:
    """Record the applicant's notice of default (ingebrekestelling, Awb 4:17)."""
    actor = require_user(actor, "cases.change_case")
    _require_staff(actor)
    if received_on < case.received_on:
        raise DomainError(
            _("De ingebrekestelling kan niet vóór de aanvraag zijn ontvangen."),
            field="received_on",
            code="before_receipt",
        )
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        before = snapshot(locked)
        locked.notice_of_default_on = received_on
        locked.save(update_fields=["notice_of_default_on", "updated_at"])
        audit_update(actor=actor, instance=locked, before=before)
    return locked


def archive_source_date_set(*, actor: Actor, case: Case, source_date: datetime.date | None) -> Case:
    """Record the brondatum of the archive procedure for a case whose retention rule derives it
    from a date the handler knows (afleidingswijze eigenschap); a closed case's archive action
    date is recomputed from it."""
    actor = require_user(actor, "cases.change_case")
    _require_staff(actor)
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("case_type").get(pk=case.pk)
        if locked.archive_status != ArchiveStatus.NOG_TE_ARCHIVEREN:
            raise Conflict(
                _("Deze zaak is al gearchiveerd; de brondatum verandert niet meer."),
                field="archive_source_date",
                code="archived",
            )
        if locked.closed_on is not None:
            rule = retention_rule_for(
                case_type_code=locked.case_type.code, result=locked.result, on=locked.closed_on
            )
            if rule is not None and rule.afleidingswijze != Afleidingswijze.EIGENSCHAP:
                raise Conflict(
                    _(
                        "De brondatum van deze zaak volgt uit de bewaarregel (afleidingswijze "
                        "'%(way)s') en wordt niet ingevoerd."
                    )
                    % {"way": rule.get_afleidingswijze_display()},
                    field="archive_source_date",
                    code="source_date_derived",
                )
        if source_date is not None and source_date < locked.received_on:
            raise DomainError(
                _("De brondatum ligt niet vóór de ontvangst van de zaak."),
                field="archive_source_date",
                code="before_receipt",
            )
        before = snapshot(locked)
        locked.archive_source_date = source_date
        fields = ["archive_source_date", "updated_at"]
        if locked.closed_on is not None:
            _apply_archive_fields(locked)
            fields += _ARCHIVE_FIELDS
        locked.save(update_fields=fields)
        audit_update(actor=actor, instance=locked, before=before)
    return locked


def archive_fields_refresh(*, actor: Actor, case: Case) -> Case:
    """Recompute a closed case's archive fields from the retention rules as they are now (after
    the archivist added or corrected a rule); the result stays as it was set at closure."""
    actor = require_user(actor, "cases.change_case")
    _require_staff(actor)
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("case_type").get(pk=case.pk)
        if locked.closed_on is None:
            raise Conflict(
                _("Alleen een afgesloten zaak heeft archiefgegevens."), code="case_not_closed"
            )
        if locked.archive_status != ArchiveStatus.NOG_TE_ARCHIVEREN:
            raise Conflict(_("Deze zaak is al gearchiveerd."), code="archived")
        before = snapshot(locked)
        _apply_archive_fields(locked)
        locked.save(update_fields=[*_ARCHIVE_FIELDS, "updated_at"])
        audit_update(actor=actor, instance=locked, before=before)
    return locked


def relate(*, actor: Actor, case: Case, other: Case, kind: str = RelationKind.ONDERWERP) -> None:
    """Link two cases of the same participant."""
    actor = require_user(actor, "cases.change_case")
    _require_staff(actor)
    if other.pk == case.pk:
        raise DomainError(_("Een zaak is niet aan zichzelf gerelateerd."), code="self_relation")
    if other.participant_id != case.participant_id:
        raise DomainError(
            _("Alleen zaken van dezelfde deelnemer worden aan elkaar gerelateerd."),
            field="other",
            code="other_participant",
        )
    with transaction.atomic():
        relation, created = CaseRelation.objects.get_or_create(
            source=case, target=other, defaults={"kind": kind}
        )
        if created:
            audit_create(actor=actor, instance=relation)


def document_add(
    *,
    actor: Actor,
    case: Case,
    title: str,
    document_type: str,
    upload: File[Any],
    document_date: datetime.date | None = None,
    confidentiality: str = Confidentiality.ZAAKVERTROUWELIJK,
    author: str = "",
) -> Document:
    """Put a file in the case's dossier, with its checksum; documents are never removed."""
    actor = require_user(actor, "cases.add_document")
    _require_staff(actor)
    if document_type not in DocumentType.values:
        raise DomainError(_("Onbekend documenttype."), field="document_type", code="invalid")
    if confidentiality not in Confidentiality.values:
        raise DomainError(
            _("Onbekende vertrouwelijkheid."), field="confidentiality", code="invalid"
        )
    digest = hashlib.sha256()
    size = 0
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    if size == 0:
        raise DomainError(_("Het bestand is leeg."), field="file", code="empty_file")
    limit = settings.GRIP_DOCUMENT_MAX_MB * 1024 * 1024
    if size > limit:
        raise DomainError(
            _("Het bestand is groter dan %(megabytes)s MB.")
            % {"megabytes": settings.GRIP_DOCUMENT_MAX_MB},
            field="file",
            code="file_too_large",
        )
    upload.seek(0)
    name = (upload.name or "document").rsplit("/", 1)[-1]
    document = Document(
        case=case,
        title=title,
        document_type=document_type,
        confidentiality=confidentiality,
        author=author or actor.get_full_name() or actor.get_username(),
        document_date=document_date or timezone.localdate(),
        file_name=name,
        content_type=getattr(upload, "content_type", "") or "application/octet-stream",
        size=size,
        sha256=digest.hexdigest(),
    )
    document.created_by = actor
    with transaction.atomic():
        document.file.save(name, upload, save=False)
        document.full_clean()
        document.save()
        audit_create(actor=actor, instance=document)
    return document


def decision_record(
    *,
    actor: User,
    case: Case,
    decision_type: DecisionType,
    decision_date: datetime.date,
    summary: str,
    signer_function: Function,
    namens: str,
    amount: Decimal | None = None,
    contested_decision: Decision | None = None,
    report_author: Employee | None = None,
    document: Document | None = None,
    supersedes: Decision | None = None,
) -> Decision:
    """Write a decision and move the case to 'besloten'. Called only by the signing service,
    inside its transaction, after the mandate check passed."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("decision_record runs inside the signing service's transaction.")
    locked = Case.objects.select_for_update().select_related("case_type").get(pk=case.pk)
    before = snapshot(locked)
    first_decision = locked.decided_on is None
    decision = Decision(
        case=locked,
        decision_type=decision_type,
        decision_date=decision_date,
        summary=summary,
        amount=amount,
        signed_by=actor,
        signer_name=actor.get_full_name() or actor.get_username(),
        signer_function=signer_function,
        namens=namens,
        contested_decision=contested_decision,
        report_author=report_author,
        document=document,
        supersedes=supersedes,
    )
    decision.full_clean()
    decision.save()
    audit_create(actor=actor, instance=decision)
    # The decision that ends the procedure moves the case on; later decisions (a sanction, a
    # decision replacing a withdrawn one) do not change the status again.
    if first_decision and decision_type.kind != DecisionKind.PROCEDUREEL:
        _check_transition(locked, CaseStatus.BESLOTEN)
        _record_status(
            actor=actor,
            case=locked,
            to_status=CaseStatus.BESLOTEN,
            on=decision_date,
            note=str(decision_type),
        )
        locked.decided_on = decision_date
        locked.save(update_fields=["decided_on", "updated_at"])
        audit_update(actor=actor, instance=locked, before=before)
    return decision


def decision_check_before_signing(
    *, case: Case, decision_type: DecisionType, decision_date: datetime.date
) -> None:
    """The case-side rules for a new decision; the mandate check is the mandates app's."""
    if decision_date < case.received_on:
        raise DomainError(
            _("Een besluit kan niet vóór de ontvangst van de zaak zijn genomen."),
            field="decision_date",
            code="before_receipt",
        )
    if decision_date > timezone.localdate():
        raise DomainError(
            _("Een besluit wordt niet vooruit gedateerd."),
            field="decision_date",
            code="future_date",
        )
    if not case.case_type.decision_types.filter(pk=decision_type.pk).exists():
        raise DomainError(
            _("Besluittype '%(type)s' hoort niet bij zaaktype '%(case_type)s'.")
            % {"type": decision_type, "case_type": case.case_type},
            field="decision_type",
            code="decision_type_not_in_case_type",
        )
    if case.decided_on is None and decision_type.kind != DecisionKind.PROCEDUREEL:
        _check_transition(case, CaseStatus.BESLOTEN)


def decision_withdraw(
    *, actor: Actor, decision: Decision, on: datetime.date, reason: str
) -> Decision:
    """Mark a decision withdrawn; it stays in the dossier. A new one may supersede it."""
    actor = require_user(actor, "cases.sign_decision")
    _require_staff(actor)
    if not reason.strip():
        raise DomainError(_("Een intrekking heeft een reden."), field="reason", code="required")
    with transaction.atomic():
        locked = Decision.objects.select_for_update().get(pk=decision.pk)
        if locked.withdrawn_on:
            raise Conflict(_("Dit besluit is al ingetrokken."), code="already_withdrawn")
        if on < locked.decision_date:
            raise DomainError(
                _("Een besluit wordt niet ingetrokken vóór het genomen is."),
                field="on",
                code="before_decision",
            )
        before = snapshot(locked)
        locked.withdrawn_on = on
        locked.withdrawal_reason = reason
        locked.save(update_fields=["withdrawn_on", "withdrawal_reason"])
        audit_update(actor=actor, instance=locked, before=before)
    return locked


def saved_view_set(*, actor: Actor, name: str, query: str) -> SavedCaseView:
    """Save (or overwrite) one of the actor's own named filters of the case list."""
    if not isinstance(actor, User) or not actor.is_authenticated:
        raise NotAllowed(_("Log in om een overzicht op te slaan."))
    name = name.strip()
    if not name:
        raise DomainError(_("Geef het overzicht een naam."), field="name", code="required")
    view, _created = SavedCaseView.objects.update_or_create(
        user=actor, name=name, defaults={"query": query[:500]}
    )
    return view


def saved_view_delete(*, actor: Actor, view: SavedCaseView) -> None:
    if actor is None or view.user_id != actor.pk:
        raise NotAllowed(_("Dit is niet uw opgeslagen overzicht."))
    view.delete()


# --- reference data: case types and equated days (the beheerder) ---------------------------

_CASE_TYPE_FIELDS = (
    "name",
    "cim_object",
    "plichttype",
    "procedure",
    "term_weeks",
    "term_days",
    "statutory",
    "max_extension_weeks",
    "product_code",
    "default_team",
    "selection_list_category",
)


def case_type_create(
    *,
    actor: Actor,
    code: str,
    valid_from: datetime.date,
    data: dict[str, Any],
    decision_types: Sequence[DecisionType] = (),
) -> CaseType:
    """A new case type, version 1."""
    actor = require_user(actor, "cases.add_casetype")
    if CaseType.objects.filter(code=code).exists():
        raise Conflict(
            _("Zaaktype '%(code)s' bestaat al; maak een nieuwe versie.") % {"code": code},
            field="code",
            code="exists",
        )
    return _case_type_save(
        actor=actor,
        case_type=CaseType(code=code, version=1, valid_from=valid_from),
        data=data,
        decision_types=decision_types,
    )


def case_type_new_version(
    *,
    actor: Actor,
    case_type: CaseType,
    valid_from: datetime.date,
    data: dict[str, Any],
    decision_types: Sequence[DecisionType] | None = None,
) -> CaseType:
    """A new version of a case type from ``valid_from``; the current one ends the day before.

    Cases keep the version they were taken in under, so their deadlines do not change.
    """
    actor = require_user(actor, "cases.add_casetype")
    with transaction.atomic():
        latest = (
            CaseType.objects.select_for_update()
            .filter(code=case_type.code)
            .order_by("-version")
            .first()
        )
        if latest is None or latest.pk != case_type.pk:
            raise Conflict(
                _("Alleen van de laatste versie van een zaaktype wordt een nieuwe versie gemaakt."),
                code="not_latest_version",
            )
        if valid_from <= latest.valid_from:
            raise DomainError(
                _("De nieuwe versie gaat in na %(day)s, de ingangsdatum van de huidige.")
                % {"day": latest.valid_from.strftime("%d-%m-%Y")},
                field="valid_from",
                code="not_after_current",
            )
        before = snapshot(latest)
        latest.valid_to = valid_from - datetime.timedelta(days=1)
        latest.save(update_fields=["valid_to", "updated_at"])
        audit_update(actor=actor, instance=latest, before=before)
        copy = CaseType(
            code=latest.code,
            version=latest.version + 1,
            valid_from=valid_from,
            **{name: getattr(latest, name) for name in _CASE_TYPE_FIELDS},
        )
        return _case_type_save(
            actor=actor,
            case_type=copy,
            data=data,
            decision_types=(
                list(latest.decision_types.all()) if decision_types is None else decision_types
            ),
        )


def _case_type_save(
    *,
    actor: User,
    case_type: CaseType,
    data: dict[str, Any],
    decision_types: Sequence[DecisionType],
) -> CaseType:
    for name, value in data.items():
        if name not in _CASE_TYPE_FIELDS:
            raise DomainError(
                _("Veld '%(field)s' kan hier niet worden gezet.") % {"field": name},
                field=name,
                code="field_not_writable",
            )
        setattr(case_type, name, value)
    case_type.full_clean()
    with transaction.atomic():
        case_type.save()
        case_type.decision_types.set(decision_types)
        audit_create(actor=actor, instance=case_type)
    return case_type


def equated_day_add(
    *, actor: Actor, day: datetime.date, name: str, decree_reference: str = ""
) -> EquatedDay:
    """Record a day equated to a general holiday by royal decree (Atw art. 3 lid 3)."""
    actor = require_user(actor, "cases.add_equatedday")
    if EquatedDay.objects.filter(date=day).exists():
        raise Conflict(_("Deze dag is al gelijkgesteld."), field="date", code="exists")
    equated = EquatedDay(date=day, name=name, decree_reference=decree_reference)
    equated.full_clean()
    with transaction.atomic():
        equated.save()
        audit_create(actor=actor, instance=equated)
    # Open cases whose term touches the day get their stored due date recomputed.
    for case in Case.objects.running().filter(
        received_on__lte=day, due_on__gte=day - datetime.timedelta(days=7)
    ):
        _refresh_deadline(case)
    return equated
