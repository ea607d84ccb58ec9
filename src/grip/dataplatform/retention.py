"""The archivist's destruction and transfer lists (ADR 0006 §5, "Destruction").

A list proposes closed cases past their archive action date: ``vernietigen`` cases for a
destruction list, ``blijvend_bewaren`` cases for a transfer list (*overbrengen*). It goes from
concept to submitted to approved or rejected, and an approved list is carried out by a person:
nothing here runs on a schedule, and nothing is deleted before an archivist who did not propose
the list approved it.

Carrying out a destruction list deletes each case for real (ZGW zrc-023), with its files and
every row that cannot exist without it: status history, suspensions, the extension, relations,
documents, decisions and their mandate chain, inspections with their findings and violations,
measures and appeals. Those rows are *discovered* from the models' relations
(:func:`deletion_plan`), not listed by hand, so a model added later is deleted too, or blocks
the destruction when it merely points at the case's data. All of it happens in one transaction
with the :class:`DestructionRecord`; the files go only after the commit.

A case is left out of a list (and left out again when the list is carried out) when:

- a related case still runs (``CaseRelation`` either way: a follow-up, an objection
  (*bezwaarschrift*, ``RelationKind.BEZWAAR``), a case about the same situation);
- an objection or appeal against one of its measures is still pending (``Appeal`` *lopend*), or
  one of its measures is still in force (opgelegd, in uitvoering);
- (destruction only) a row outside the case refers to the case's data: a decision in another
  case that contests or supersedes one of its decisions (an objection decided in a case that is
  kept longer), an inspection or violation elsewhere caused by or a repeat of one of its
  violations, a measure elsewhere on one of its violations, or a booking target of the hour
  registration (hours on a case are financial records, kept on their own term; deleting the
  case would delete them).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.cases.constants import CLOSED, ArchiveNomination, ArchiveStatus
from grip.cases.models import Case, CaseRelation, Document
from grip.core.audit import Actor, audit_create, audit_create_many, audit_update, snapshot
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.models import AuditAction, AuditRecord, User
from grip.core.permissions import require_user
from grip.dataplatform.models import (
    DestructionList,
    DestructionListItem,
    DestructionListStatus,
    DestructionRecord,
    ListKind,
)
from grip.enforcement.constants import AppealOutcome, MeasureStatus
from grip.enforcement.models import Appeal, Measure

VIEW = "dataplatform.view_destructionlist"
PROPOSE = "dataplatform.add_destructionlist"
CHANGE = "dataplatform.change_destructionlist"
APPROVE = "dataplatform.approve_destructionlist"
CARRY_OUT = "dataplatform.carry_out_destructionlist"

# Lists whose cases are taken: a case is on one of these at most once (unless excluded there).
TAKING = (
    DestructionListStatus.CONCEPT,
    DestructionListStatus.SUBMITTED,
    DestructionListStatus.APPROVED,
    DestructionListStatus.CARRIED_OUT,
)
EDITABLE = (DestructionListStatus.CONCEPT, DestructionListStatus.SUBMITTED)
NOMINATION = {
    ListKind.DESTROY: ArchiveNomination.VERNIETIGEN,
    ListKind.TRANSFER: ArchiveNomination.BLIJVEND_BEWAREN,
}
_RUNNING_MEASURES = (MeasureStatus.OPGELEGD, MeasureStatus.IN_UITVOERING)
_BATCH = 500


# -- Selectors ---------------------------------------------------------------------------------


def destruction_lists() -> QuerySet[DestructionList]:
    return DestructionList.objects.select_related("proposed_by", "decided_by").annotate(
        item_count=models.Count("items", filter=Q(items__excluded=False))
    )


def items_of(destruction_list: DestructionList) -> QuerySet[DestructionListItem]:
    return destruction_list.items.order_by("excluded", "archive_action_date", "identification")


@dataclass(frozen=True)
class ListActions:
    """What a user may do with a list now; the services check the same rules again."""

    edit: bool  # leave cases out or take them back
    submit: bool
    decide: bool
    carry_out: bool
    own_list_waiting: bool  # an archivist's own list: another archivist must decide


def actions_for(user: User, destruction_list: DestructionList) -> ListActions:
    status = destruction_list.status
    is_proposer = destruction_list.proposed_by_id == user.pk
    waiting = status == DestructionListStatus.SUBMITTED and user.has_perm(APPROVE)
    return ListActions(
        edit=status in EDITABLE and (user.has_perm(CHANGE) or user.has_perm(APPROVE)),
        submit=status == DestructionListStatus.CONCEPT and user.has_perm(CHANGE),
        decide=waiting and not is_proposer,  # four eyes
        carry_out=status == DestructionListStatus.APPROVED and user.has_perm(CARRY_OUT),
        own_list_waiting=waiting and is_proposer,
    )


def record_of(destruction_list: DestructionList) -> DestructionRecord | None:
    return DestructionRecord.objects.filter(destruction_list=destruction_list).first()


def _closed() -> QuerySet[Case]:
    return Case.objects.filter(status__in=CLOSED, closed_on__isnull=False)


def cases_without_action_date() -> QuerySet[Case]:
    """Closed cases the archive cannot handle on its own: no Selectielijst class, or no action
    date (a rule's term that depends on a decision's end date, or a date to be entered)."""
    return (
        _closed()
        .filter(Q(selection_list_result__isnull=True) | Q(archive_action_date__isnull=True))
        .exclude(archive_status=ArchiveStatus.OVERGEDRAGEN)
        .select_related("case_type", "participant", "selection_list_result")
        .order_by("closed_on", "identification")
    )


def _taken_case_ids() -> QuerySet[DestructionListItem]:
    return DestructionListItem.objects.filter(
        destruction_list__status__in=TAKING, excluded=False, case__isnull=False
    )


def _running_relation(case_ref: Any) -> Exists:
    """A relation, either way, to a case that is not closed."""
    open_status = ~Q(status__in=CLOSED)
    return Exists(
        CaseRelation.objects.filter(
            Q(source=case_ref, target__in=Case.objects.filter(open_status))
            | Q(target=case_ref, source__in=Case.objects.filter(open_status))
        )
    )


def _pending_enforcement(case_ref: Any) -> Exists:
    """A measure of the case still in force, or an objection or appeal against one pending."""
    return Exists(
        Measure.objects.filter(case=case_ref).filter(
            Q(status__in=_RUNNING_MEASURES)
            | Q(pk__in=Appeal.objects.filter(outcome=AppealOutcome.LOPEND).values("measure_id"))
        )
    )


def _due(kind: str, reference_date: datetime.date) -> QuerySet[Case]:
    return (
        _closed()
        .filter(
            archive_nomination=NOMINATION[ListKind(kind)],
            archive_action_date__isnull=False,
            archive_action_date__lte=reference_date,
        )
        .exclude(archive_status=ArchiveStatus.OVERGEDRAGEN)
    )


def proposal_candidates(kind: str, reference_date: datetime.date) -> list[Case]:
    """The cases a new list of ``kind`` would propose on ``reference_date``, oldest action date
    first. Each left-out reason of the module's docstring is checked here."""
    cases = (
        _due(kind, reference_date)
        .exclude(pk__in=_taken_case_ids().values("case_id"))
        .filter(~_running_relation(OuterRef("pk")), ~_pending_enforcement(OuterRef("pk")))
        .select_related("case_type", "participant", "selection_list_result")
        .order_by("archive_action_date", "identification")
    )
    if kind == ListKind.TRANSFER:
        return list(cases)  # nothing is deleted, so nothing else can stand in the way
    return [case for case in cases if not deletion_plan([case.pk]).blockers]


def blocked_cases(kind: str, reference_date: datetime.date) -> list[tuple[Case, list[str]]]:
    """Due cases that a list leaves out, with the reasons: for the archivist's overview."""
    blocked = []
    for case in (
        _due(kind, reference_date)
        .exclude(pk__in=_taken_case_ids().values("case_id"))
        .select_related("case_type", "participant")
        .order_by("archive_action_date", "identification")
    ):
        reasons = _blocking_reasons(case, kind)
        if reasons:
            blocked.append((case, reasons))
    return blocked


def _blocking_reasons(case: Case, kind: str) -> list[str]:
    reasons = []
    ref = case.pk
    if Case.objects.filter(pk=ref).filter(_running_relation(ref)).exists():
        reasons.append(_("Een gerelateerde zaak (vervolg, bezwaar of beroep) loopt nog."))
    if Case.objects.filter(pk=ref).filter(_pending_enforcement(ref)).exists():
        reasons.append(_("Een handhavingsmaatregel loopt nog of er loopt bezwaar of beroep tegen."))
    if kind == ListKind.DESTROY:
        reasons.extend(deletion_plan([case.pk]).blockers)
    return reasons


# -- What a destruction deletes ----------------------------------------------------------------


@dataclass
class DeletionPlan:
    """The rows a destruction of some cases deletes, per model, and what stands in its way.

    ``edges`` holds (child, parent) pairs: a child row points at a parent row with a required
    foreign key, so the child table is emptied first. ``optional`` holds the nullable PROTECT
    references found (model, field name, the referring rows): they are cleared before the
    deletes when the referring rows are themselves deleted, and block the destruction when not.
    """

    rows: dict[type[models.Model], set[Any]] = field(default_factory=lambda: defaultdict(set))
    edges: set[tuple[type[models.Model], type[models.Model]]] = field(default_factory=set)
    optional: list[tuple[type[models.Model], str, set[Any]]] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)

    def order(self) -> list[type[models.Model]]:
        """The models with rows, children before parents (a topological order)."""
        remaining = {model for model, pks in self.rows.items() if pks}
        ordered: list[type[models.Model]] = []
        while remaining:
            ready = sorted(
                (
                    model
                    for model in remaining
                    if not any(
                        parent is model and child in remaining and child is not model
                        for child, parent in self.edges
                    )
                ),
                key=lambda model: model._meta.label,
            )
            if not ready:  # pragma: no cover - a cycle of required keys cannot be inserted
                raise Conflict(_("De verwijdervolgorde is niet te bepalen."), code="cycle")
            ordered.extend(ready)
            remaining.difference_update(ready)
        return ordered


def _reverse_relations(model: type[models.Model]) -> list[Any]:
    """Every one-to-many and one-to-one relation pointing at ``model``, including the hidden
    ones (``related_name="+"``), which ``_meta.related_objects`` leaves out."""
    return [
        relation
        for relation in model._meta.get_fields(include_hidden=True)
        if relation.auto_created
        and not relation.concrete
        and (relation.one_to_many or relation.one_to_one)
    ]


def _pks(queryset: QuerySet[Any]) -> set[Any]:
    return set(queryset.values_list("pk", flat=True))


def deletion_plan(case_ids: Sequence[int]) -> DeletionPlan:
    """Walk the relations from the cases, as Django's Collector does, but without deleting:
    a CASCADE or a required PROTECT reference is a row that belongs to the case and is deleted
    with it; SET_NULL and DO_NOTHING references are left to the delete itself (a list's item
    keeps its text and loses its case); a *nullable* PROTECT reference is a row that may exist
    without the case, so it must be deleted with it for another reason or it blocks."""
    plan = DeletionPlan()
    plan.rows[Case] = set(case_ids)
    queue: list[tuple[type[models.Model], set[Any]]] = [(Case, set(case_ids))]
    while queue:
        model, pks = queue.pop()
        for relation in _reverse_relations(model):
            on_delete = relation.on_delete
            if on_delete in (models.SET_NULL, models.SET_DEFAULT, models.DO_NOTHING):
                continue
            child = relation.related_model
            referring = _pks(
                child._base_manager.filter(**{f"{relation.field.name}__in": list(pks)})
            )
            if not referring:
                continue
            if relation.field.null and on_delete in (models.PROTECT, models.RESTRICT):
                plan.optional.append((child, relation.field.name, referring))
                continue
            new = referring - plan.rows[child]
            plan.edges.add((child, model))
            if new:
                plan.rows[child] |= new
                queue.append((child, new))
    for child, name, referring in plan.optional:
        outside = referring - plan.rows[child]
        if outside:
            plan.blockers.append(
                _("%(count)s × %(model)s buiten de zaak verwijst ernaar (%(field)s).")
                % {
                    "count": len(outside),
                    "model": child._meta.verbose_name,
                    "field": getattr(child._meta.get_field(name), "verbose_name", name),
                }
            )
    # A many-to-many link row found from one side would silently drop the link from a row on
    # the other side that is kept (a measure elsewhere on one of the case's violations).
    for model, pks in list(plan.rows.items()):
        if not model._meta.auto_created or not pks:
            continue
        for fk in model._meta.concrete_fields:
            related: Any = fk.related_model
            if not fk.is_relation or related is None:
                continue
            targets = set(model._base_manager.filter(pk__in=pks).values_list(fk.attname, flat=True))
            kept = targets - plan.rows.get(related, set())
            if kept:
                plan.blockers.append(
                    _("%(count)s × %(model)s buiten de zaak is eraan gekoppeld.")
                    % {"count": len(kept), "model": related._meta.verbose_name}
                )
    return plan


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    items = sorted(values)
    for start in range(0, len(items), _BATCH):
        yield items[start : start + _BATCH]


def _execute(plan: DeletionPlan) -> dict[str, int]:
    """Delete the plan's rows; the caller holds the transaction. Returns rows per table."""
    # Clear the optional references between rows that are all deleted (a decision's document,
    # a superseded decision, a re-inspection's cause): they may form cycles, and PROTECT
    # refuses a delete while any row still points at the one deleted.
    if plan.blockers:  # pragma: no cover - the callers leave blocked cases out first
        raise Conflict(" ".join(plan.blockers), code="destruction_blocked")
    for child, name, referring in plan.optional:
        for chunk in _chunks(referring & plan.rows[child]):
            child._base_manager.filter(pk__in=chunk).update(**{name: None})
    counts: dict[str, int] = defaultdict(int)
    for model in plan.order():
        for chunk in _chunks(plan.rows[model]):
            # A queryset delete, never Model.delete(): decisions, documents, measures and
            # mandate rows refuse delete() one by one on purpose (they are never deleted in
            # daily work); destruction after an approved list is the one lawful exception.
            _total, per_model = model._base_manager.filter(pk__in=chunk).delete()
            for label, number in per_model.items():
                if number:
                    counts[label] += number
    return dict(sorted(counts.items()))


# -- Services ----------------------------------------------------------------------------------


def _name_of(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _lock(destruction_list: DestructionList) -> DestructionList:
    return DestructionList.objects.select_for_update().order_by("pk").get(pk=destruction_list.pk)


def _item_for(case: Case, destruction_list: DestructionList) -> DestructionListItem:
    closed_on, action_date = case.closed_on, case.archive_action_date
    if closed_on is None or action_date is None:  # pragma: no cover - candidates have both
        raise Conflict(_("Zaak %(case)s heeft geen data.") % {"case": case}, code="no_dates")
    return DestructionListItem(
        destruction_list=destruction_list,
        case=case,
        identification=case.identification,
        case_type=case.case_type.name,
        participant=case.participant.name,
        result=case.get_result_display() if case.result else "",
        selection_list_class=str(case.selection_list_result or ""),
        closed_on=closed_on,
        archive_action_date=action_date,
    )


def destruction_list_propose(
    *, actor: Actor, kind: str, reference_date: datetime.date, name: str
) -> DestructionList:
    """A concept list with every candidate of ``kind`` on ``reference_date``."""
    user = require_user(actor, PROPOSE)
    if kind not in ListKind.values:
        raise DomainError(_("Onbekende soort lijst."), field="kind", code="invalid")
    if not name.strip():
        raise DomainError(_("Geef de lijst een naam."), field="name", code="required")
    if reference_date > timezone.localdate():
        raise DomainError(
            _("De peildatum ligt in de toekomst."), field="reference_date", code="future"
        )
    with transaction.atomic():
        candidates = proposal_candidates(kind, reference_date)
        if not candidates:
            raise DomainError(
                _("Er zijn op deze peildatum geen zaken om op een lijst te zetten."),
                field="reference_date",
                code="no_candidates",
            )
        destruction_list = DestructionList.objects.create(
            name=name.strip(), kind=kind, reference_date=reference_date, proposed_by=user
        )
        audit_create(actor=user, instance=destruction_list)
        items = DestructionListItem.objects.bulk_create(
            [_item_for(case, destruction_list) for case in candidates]
        )
        audit_create_many(actor=user, instances=items)
    return destruction_list


def _require_editor(actor: Actor) -> User:
    """The proposer's side (change) or the archivist (approve) may leave cases out."""
    user = require_user(actor, VIEW)
    if not (user.has_perm(CHANGE) or user.has_perm(APPROVE)):
        raise NotAllowed(_("U hebt geen recht om dit te doen."), code="permission_denied")
    return user


def _require_editable(destruction_list: DestructionList) -> None:
    if destruction_list.status not in EDITABLE:
        raise Conflict(
            _("Een lijst die %(status)s is, verandert niet meer.")
            % {"status": destruction_list.get_status_display().lower()},
            code="list_closed",
        )


def _set_exclusion(user: User, item: DestructionListItem, *, excluded: bool, reason: str) -> None:
    """Mark a (locked) item left out or taken back, audited; the caller holds the transaction."""
    before = snapshot(item)
    item.excluded, item.exclusion_reason = excluded, reason
    item.save(update_fields=["excluded", "exclusion_reason", "updated_at"])
    audit_update(actor=user, instance=item, before=before)


def item_exclude(*, actor: Actor, item: DestructionListItem, reason: str) -> DestructionListItem:
    """Leave a case out of the list, with the reason (it stays on the list, marked)."""
    user = _require_editor(actor)
    if not reason.strip():
        raise DomainError(
            _("Geef aan waarom de zaak wordt uitgezonderd."),
            field="exclusion_reason",
            code="required",
        )
    with transaction.atomic():
        _require_editable(_lock(item.destruction_list))
        locked = DestructionListItem.objects.select_for_update().get(pk=item.pk)
        _set_exclusion(user, locked, excluded=True, reason=reason.strip())
    return locked


def item_include(*, actor: Actor, item: DestructionListItem) -> DestructionListItem:
    """Take an excluded case back on the list, unless another list has taken it since."""
    user = _require_editor(actor)
    with transaction.atomic():
        _require_editable(_lock(item.destruction_list))
        locked = DestructionListItem.objects.select_for_update().get(pk=item.pk)
        if locked.case_id is None:
            raise Conflict(_("Deze zaak bestaat niet meer."), code="case_gone")
        if (
            _taken_case_ids()
            .filter(case_id=locked.case_id)
            .exclude(destruction_list=locked.destruction_list_id)
            .exists()
        ):
            raise Conflict(
                _("Deze zaak staat inmiddels op een andere lijst."), code="on_other_list"
            )
        _set_exclusion(user, locked, excluded=False, reason="")
    return locked


def _set_status(user: User, destruction_list: DestructionList, **values: Any) -> DestructionList:
    before = snapshot(destruction_list)
    for name, value in values.items():
        setattr(destruction_list, name, value)
    destruction_list.save()
    audit_update(actor=user, instance=destruction_list, before=before)
    return destruction_list


def destruction_list_submit(*, actor: Actor, destruction_list: DestructionList) -> DestructionList:
    """Hand a concept list to the archivist."""
    user = require_user(actor, CHANGE)
    with transaction.atomic():
        locked = _lock(destruction_list)
        if locked.status != DestructionListStatus.CONCEPT:
            raise Conflict(_("Alleen een concept wordt ingediend."), code="not_concept")
        if not locked.items.filter(excluded=False).exists():
            raise DomainError(
                _("Alle zaken zijn uitgezonderd; er valt niets te beoordelen."),
                code="empty_list",
            )
        return _set_status(
            user, locked, status=DestructionListStatus.SUBMITTED, submitted_at=timezone.now()
        )


def destruction_list_decide(
    *, actor: Actor, destruction_list: DestructionList, approve: bool, note: str = ""
) -> DestructionList:
    """The archivist approves or rejects a submitted list; never the list's proposer."""
    user = require_user(actor, APPROVE)
    with transaction.atomic():
        locked = _lock(destruction_list)
        if locked.status != DestructionListStatus.SUBMITTED:
            raise Conflict(_("Alleen een ingediende lijst wordt beoordeeld."), code="not_submitted")
        if locked.proposed_by_id == user.pk:
            raise NotAllowed(
                _("Wie een lijst voorstelt, keurt haar niet zelf goed of af."),
                code="four_eyes",
            )
        if not approve and not note.strip():
            raise DomainError(
                _("Licht toe waarom de lijst wordt afgewezen."), field="note", code="required"
            )
        return _set_status(
            user,
            locked,
            status=DestructionListStatus.APPROVED if approve else DestructionListStatus.REJECTED,
            decided_by=user,
            decided_at=timezone.now(),
            decision_note=note.strip(),
        )


def _audit_destroyed(*, actor: User, case: Case, destruction_list: DestructionList) -> None:
    """The audit record of a destroyed case. Written directly rather than through
    ``audit_delete``: that would keep a snapshot of every column, the very data the destruction
    removes. The record says which case went, by which list, and nothing more."""
    AuditRecord.objects.create(
        actor=actor,
        action=AuditAction.DELETE,
        content_type=ContentType.objects.get_for_model(Case),
        object_id=str(case.pk),
        object_repr=case.identification,
        before={"identification": case.identification, "destruction_list": destruction_list.pk},
        after=None,
    )


def destruction_list_carry_out(
    *, actor: Actor, destruction_list: DestructionList
) -> DestructionRecord:
    """Carry out an approved list in one transaction: destroy (or, for a transfer list, mark
    as transferred) every case not excluded, and write the record. A case that became blocked
    since the approval (a related case reopened, an objection lodged) is excluded with the
    reason, never destroyed. Any failure rolls everything back; the files of the deleted
    documents are removed only once the transaction has committed."""
    user = require_user(actor, CARRY_OUT)
    with transaction.atomic():
        locked = _lock(destruction_list)
        if locked.status != DestructionListStatus.APPROVED:
            raise Conflict(
                _("Alleen een goedgekeurde lijst wordt uitgevoerd."), code="not_approved"
            )
        items = list(locked.items.select_for_update().filter(excluded=False).order_by("pk"))
        cases = {
            case.pk: case
            for case in Case.objects.select_for_update()
            .filter(pk__in=[item.case_id for item in items if item.case_id])
            .order_by("pk")
        }
        done: list[Case] = []
        for item in items:
            case = cases.get(item.case_id) if item.case_id else None
            reasons = (
                [_("De zaak bestaat niet meer.")]
                if case is None
                else _still_due(case, locked) or _blocking_reasons(case, locked.kind)
            )
            if reasons:
                _set_exclusion(
                    user,
                    item,
                    excluded=True,
                    reason=_("Bij uitvoering uitgezonderd: %(reasons)s")
                    % {"reasons": " ".join(reasons)},
                )
            else:
                assert case is not None  # noqa: S101 - reasons is empty only with a case
                done.append(case)
        counts: dict[str, int] = {}
        if locked.kind == ListKind.TRANSFER:
            for case in done:
                before = snapshot(case)
                case.archive_status = ArchiveStatus.OVERGEDRAGEN
                case.save(update_fields=["archive_status", "updated_at"])
                audit_update(actor=user, instance=case, before=before)
            if done:
                counts = {Case._meta.label: len(done)}
        elif done:
            plan = deletion_plan([case.pk for case in done])
            files = list(
                Document.objects.filter(pk__in=plan.rows.get(Document, set()))
                .exclude(file="")
                .values_list("file", flat=True)
            )
            for case in done:
                _audit_destroyed(actor=user, case=case, destruction_list=locked)
            counts = _execute(plan)
            storage = Document._meta.get_field("file").storage
            transaction.on_commit(lambda: _remove_files(storage, files))
        _set_status(user, locked, status=DestructionListStatus.CARRIED_OUT)
        record = DestructionRecord.objects.create(
            destruction_list=locked,
            carried_out_at=timezone.now(),
            carried_out_by=_name_of(user),
            approved_by=_name_of(locked.decided_by) if locked.decided_by else "",
            cases_destroyed=len(done),
            rows_deleted=counts,
            identifications=sorted(case.identification for case in done),
        )
        audit_create(actor=user, instance=record)
    return record


def _still_due(case: Case, destruction_list: DestructionList) -> list[str]:
    if not _due(destruction_list.kind, destruction_list.reference_date).filter(pk=case.pk).exists():
        return [_("De zaak voldoet niet meer aan de voorwaarden (status, nominatie of datum).")]
    return []


def _remove_files(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)
