"""Writes to work programmes: drafting, the life cycle, amendments, the key and extra work.

Who may do what (issue 3, DESIGN.md roles):
- the account manager of a participant drafts and submits its programme and files extra work;
- a user of the participant itself records the adoption of a submitted version and decides on
  extra work (the participant's board decides; Grip records it);
- the beheerder keeps the collective programme and the distribution key.

Only a concept version changes. Every change recalculates the version's derived figures (hours
and euros from the catalogue and tariff) in the same transaction. Error messages are Dutch: the
people who read them are the users. The derived columns are not audited one by one: they
follow from audited inputs (quantities, catalogue, tariff).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.core.audit import (
    Actor,
    audit_create,
    audit_create_many,
    audit_delete,
    audit_update,
    snapshot,
)
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.numbers import to_decimal
from grip.core.permissions import require_permission
from grip.core.tenancy import participant_id_of
from grip.frameworks.constants import TaskKind, Unit
from grip.frameworks.models import HourlyTariff, Product
from grip.participants import services as participant_services
from grip.participants.models import Participant, ParticipantRequest, RequestStatus
from grip.participants.selectors import manages
from grip.programmes import calculation
from grip.programmes.constants import (
    OPEN_STATUSES,
    DistributionMethod,
    ExtraWorkStatus,
    RelatedWorkBasis,
    RelatedWorkKind,
    VersionStatus,
)
from grip.programmes.models import (
    DistributionKey,
    DistributionShare,
    ExtraWork,
    Programme,
    ProgrammeComment,
    ProgrammeLine,
    ProgrammeVersion,
    RelatedWorkLine,
    VersionTransition,
)

# --- who may ------------------------------------------------------------------------------


def _user_id(actor: Actor) -> int | None:
    return actor.pk if actor is not None and actor.is_authenticated else None


def is_account_manager_of(actor: Actor, participant: Participant | None) -> bool:
    """The participant's account manager, or the deputy standing in."""
    return participant is not None and manages(actor, participant)


def require_drafter(actor: Actor, programme: Programme) -> None:
    """The account manager (or deputy) drafts a participant's programme; the beheerder the
    collective one."""
    if programme.participant is None:
        require_permission(actor, "programmes.manage_collective_programme")
        return
    require_permission(actor, "programmes.change_programme")
    if not is_account_manager_of(actor, programme.participant):
        raise NotAllowed(
            _("Alleen de accountmanager van %(participant)s stelt het werkprogramma op.")
            % {"participant": programme.participant},
            code="not_account_manager",
        )


def require_adopter(actor: Actor, programme: Programme) -> None:
    """A participant's own user records its adoption; the beheerder records the board's."""
    if programme.participant_id is None:
        require_permission(actor, "programmes.manage_collective_programme")
        return
    require_permission(actor, "programmes.adopt_programme")
    if actor is None or participant_id_of(actor) != programme.participant_id:
        raise NotAllowed(
            _("Alleen een gebruiker van %(participant)s legt de vaststelling vast.")
            % {"participant": programme.participant},
            code="not_own_participant",
        )


def require_editable(version: ProgrammeVersion) -> None:
    if not version.is_editable:
        raise Conflict(
            _(
                "Versie %(number)s van %(programme)s is %(status)s; "
                "alleen een conceptversie wijzigt."
            )
            % {
                "number": version.number,
                "programme": version.programme,
                "status": version.get_status_display().lower(),
            }
            + " "
            + (
                _("Begin een wijziging om een vastgesteld programma te veranderen.")
                if version.status in (VersionStatus.ADOPTED, VersionStatus.SUPERSEDED)
                else _("Zet de versie eerst terug naar concept.")
            ),
            code="version_not_editable",
        )


def _locked(version: ProgrammeVersion) -> ProgrammeVersion:
    """Lock the version row so that two editors cannot race each other's recalculation."""
    return (
        ProgrammeVersion.objects.select_related("programme__participant")
        .select_for_update(of=("self",))
        .get(pk=version.pk)
    )


# --- figures ------------------------------------------------------------------------------


def _tariff(year: int) -> Decimal:
    amount = HourlyTariff.objects.filter(year=year).values_list("amount", flat=True).first()
    if amount is None:
        raise DomainError(
            _("Voor %(year)s is nog geen uurtarief vastgesteld; de beheerder legt het eerst vast.")
            % {"year": year},
            code="no_tariff",
        )
    return amount


def recalculate(version: ProgrammeVersion) -> None:
    """Refresh norm hours, hours and euros of every line from the year's catalogue and tariff.

    Only rows whose figures differ are written, so that an edit of one quantity rewrites that
    line and the related work that follows from it, not the whole programme.
    """
    tariff = _tariff(version.programme.year)
    lines = list(version.lines.select_related("product"))
    changed_lines = []
    for line in lines:
        norm_hours = line.product.norm_hours
        line_hours = calculation.line_hours(line.quantity, norm_hours)
        figures = (norm_hours, line_hours, calculation.amount_for(line_hours, tariff))
        if (line.norm_hours, line.hours, line.amount) != figures:
            line.norm_hours, line.hours, line.amount = figures
            changed_lines.append(line)
    # Row by row: a programme has tens of lines, and bulk_update's CASE expressions cost more
    # to build than these few indexed updates (measured on the demo: 3.6 s against 0.4 s).
    for line in changed_lines:
        ProgrammeLine.objects.filter(pk=line.pk).update(
            norm_hours=line.norm_hours, hours=line.hours, amount=line.amount
        )
    direct_hours = sum((line.hours for line in lines), calculation.ZERO)
    changed_related = []
    for item in version.related_work.all():
        item_hours = calculation.related_hours(
            basis=item.basis,
            percentage=item.percentage,
            planned_hours=item.planned_hours,
            direct_hours=direct_hours,
        )
        item_figures = (item_hours, calculation.amount_for(item_hours, tariff))
        if (item.hours, item.amount) != item_figures:
            item.hours, item.amount = item_figures
            changed_related.append(item)
    for item in changed_related:
        RelatedWorkLine.objects.filter(pk=item.pk).update(hours=item.hours, amount=item.amount)
    if version.tariff != tariff:
        version.tariff = tariff
        version.save(update_fields=["tariff", "updated_at"])


# --- programmes and versions -----------------------------------------------------------------


def _check_catalogue(year: int) -> None:
    if not Product.objects.filter(year=year).exists():
        raise DomainError(
            _("Voor %(year)s is er nog geen productencatalogus; de beheerder maakt die eerst.")
            % {"year": year},
            field="year",
            code="no_catalogue",
        )
    _tariff(year)


def _transition(version: ProgrammeVersion, *, actor: Actor, to_status: str, note: str = "") -> None:
    before = snapshot(version)
    from_status = version.status
    version.status = to_status
    version.save()
    audit_update(actor=actor, instance=version, before=before)
    VersionTransition.objects.create(
        version=version,
        from_status=from_status,
        to_status=to_status,
        actor_id=_user_id(actor),
        note=note,
    )


def programme_create(
    *,
    actor: Actor,
    participant: Participant | None,
    year: int,
    copy_last_year: bool = False,
) -> ProgrammeVersion:
    """Start a participant's (or, without participant, the collective) programme for a year.

    Returns its first, concept version. With ``copy_last_year`` the lines and related work of
    last year's adopted version are copied, each product matched by its code in this year's
    catalogue; products that no longer exist are left out (the editor shows what is there).
    """
    programme = Programme(participant=participant, year=year)
    require_drafter(actor, programme)
    _check_catalogue(year)
    if Programme.objects.filter(participant=participant, year=year).exists():
        raise Conflict(
            _("Het werkprogramma %(programme)s bestaat al; open dat in plaats van een nieuw.")
            % {"programme": programme},
            code="programme_exists",
        )
    with transaction.atomic():
        programme.save()
        audit_create(actor=actor, instance=programme)
        version = ProgrammeVersion.objects.create(programme=programme, number=1)
        audit_create(actor=actor, instance=version)
        VersionTransition.objects.create(
            version=version, to_status=VersionStatus.DRAFT, actor_id=_user_id(actor)
        )
        if copy_last_year:
            previous = (
                ProgrammeVersion.objects.filter(
                    programme__participant=participant,
                    programme__year=year - 1,
                    status=VersionStatus.ADOPTED,
                )
                .select_related("programme")
                .first()
            )
            if previous is not None:
                _copy_content(previous, version, actor=actor)
        recalculate(version)
    return version


def _insert_lines(
    *,
    actor: Actor,
    version: ProgrammeVersion,
    rows: list[tuple[Product, Decimal, str]],
) -> None:
    """Add lines in one insert, with their figures, and their audit records in another."""
    if not rows:
        return
    tariff = _tariff(version.programme.year)
    lines = []
    for product, quantity, note in rows:
        line_hours = calculation.line_hours(quantity, product.norm_hours)
        lines.append(
            ProgrammeLine(
                version=version,
                product=product,
                quantity=quantity,
                note=note,
                norm_hours=product.norm_hours,
                hours=line_hours,
                amount=calculation.amount_for(line_hours, tariff),
            )
        )
    audit_create_many(actor=actor, instances=ProgrammeLine.objects.bulk_create(lines))


def _insert_related(*, actor: Actor, version: ProgrammeVersion, rows: list[dict[str, Any]]) -> None:
    """Add related-work items in one insert; their hours follow in :func:`recalculate`."""
    if rows:
        items = [RelatedWorkLine(version=version, **values) for values in rows]
        audit_create_many(actor=actor, instances=RelatedWorkLine.objects.bulk_create(items))


def _copy_content(source: ProgrammeVersion, target: ProgrammeVersion, *, actor: Actor) -> None:
    same_year = source.programme.year == target.programme.year
    products = {
        product.code: product for product in Product.objects.filter(year=target.programme.year)
    }
    rows = []
    for line in source.lines.select_related("product"):
        product = line.product if same_year else products.get(line.product.code)
        if product is not None and product_problem(target.programme, product) is None:
            rows.append((product, line.quantity, line.note))
    _insert_lines(actor=actor, version=target, rows=rows)
    _insert_related(
        actor=actor,
        version=target,
        rows=[
            {
                "kind": item.kind,
                "basis": item.basis,
                "percentage": item.percentage,
                "planned_hours": item.planned_hours,
                "note": item.note,
            }
            for item in source.related_work.all()
        ],
    )


def version_submit(*, actor: Actor, version: ProgrammeVersion, note: str = "") -> ProgrammeVersion:
    require_drafter(actor, version.programme)
    with transaction.atomic():
        version = _locked(version)
        if version.status != VersionStatus.DRAFT:
            raise Conflict(
                _("Alleen een conceptversie kan worden ingediend; deze is %(status)s.")
                % {"status": version.get_status_display().lower()},
                code="illegal_transition",
            )
        if not version.lines.exists():
            raise DomainError(
                "A programme without lines cannot be submitted.", code="programme_empty"
            )
        recalculate(version)  # the figures submitted are those of today's catalogue
        version.submitted_at = timezone.now()
        _transition(version, actor=actor, to_status=VersionStatus.SUBMITTED, note=note)
    return version


def version_return(*, actor: Actor, version: ProgrammeVersion, note: str) -> ProgrammeVersion:
    """Send a submitted version back to concept: withdrawn by its drafter or sent back."""
    try:
        require_drafter(actor, version.programme)
    except NotAllowed:
        require_adopter(actor, version.programme)
    if not note.strip():
        raise DomainError(_("Geef aan waarom de versie terug naar concept gaat."), field="note")
    with transaction.atomic():
        version = _locked(version)
        if version.status != VersionStatus.SUBMITTED:
            raise Conflict(
                _("Alleen een ingediende versie kan terug naar concept."), code="illegal_transition"
            )
        version.submitted_at = None
        _transition(version, actor=actor, to_status=VersionStatus.DRAFT, note=note)
    return version


def version_adopt(
    *,
    actor: Actor,
    version: ProgrammeVersion,
    adopted_on: datetime.date,
    decision_reference: str,
) -> ProgrammeVersion:
    """Record the adoption of a submitted version; the one adopted before is superseded."""
    require_adopter(actor, version.programme)
    if not decision_reference.strip():
        raise DomainError(
            _("Geef het kenmerk van het vaststellingsbesluit."), field="decision_reference"
        )
    if adopted_on > timezone.localdate():
        raise DomainError(
            _("De datum van vaststelling ligt niet in de toekomst."), field="adopted_on"
        )
    with transaction.atomic():
        version = _locked(version)
        if version.status != VersionStatus.SUBMITTED:
            raise Conflict(
                _("Alleen een ingediende versie kan worden vastgesteld; deze is %(status)s.")
                % {"status": version.get_status_display().lower()},
                code="illegal_transition",
            )
        previous = (
            ProgrammeVersion.objects.select_for_update()
            .filter(programme_id=version.programme_id, status=VersionStatus.ADOPTED)
            .order_by("number")
            .first()
        )
        if previous is not None:
            _transition(
                previous,
                actor=actor,
                to_status=VersionStatus.SUPERSEDED,
                note=f"Vervangen door versie {version.number}.",
            )
        version.adopted_on = adopted_on
        version.decision_reference = decision_reference.strip()
        version.adopted_by_id = _user_id(actor)
        _transition(version, actor=actor, to_status=VersionStatus.ADOPTED)
        participant_services.requests_settle(
            actor=actor,
            requests=list(version.requests.all()),
            to_status=RequestStatus.DONE,
            answer=_("Opgenomen in versie %(number)s, vastgesteld op %(date)s (%(reference)s).")
            % {
                "number": version.number,
                "date": adopted_on.strftime("%d-%m-%Y"),
                "reference": version.decision_reference,
            },
        )
    return version


def version_amend(*, actor: Actor, programme: Programme, explanation: str) -> ProgrammeVersion:
    """Open an amendment: a concept copy of the adopted version, which stays as it is."""
    require_drafter(actor, programme)
    if not explanation.strip():
        raise DomainError(_("Geef aan waarom het programma wordt gewijzigd."), field="explanation")
    with transaction.atomic():
        versions = list(
            ProgrammeVersion.objects.select_for_update()
            .filter(programme=programme)
            .order_by("number")
        )
        if any(version.status in OPEN_STATUSES for version in versions):
            raise Conflict(
                _("%(programme)s heeft al een versie in bewerking; rond die eerst af.")
                % {"programme": programme},
                code="version_in_progress",
            )
        adopted = next((v for v in versions if v.status == VersionStatus.ADOPTED), None)
        if adopted is None:
            raise Conflict(
                _("%(programme)s heeft geen vastgestelde versie om te wijzigen.")
                % {"programme": programme},
                code="nothing_to_amend",
            )
        amendment = ProgrammeVersion.objects.create(
            programme=programme,
            number=versions[-1].number + 1,
            based_on=adopted,
            explanation=explanation.strip(),
        )
        audit_create(actor=actor, instance=amendment)
        VersionTransition.objects.create(
            version=amendment,
            to_status=VersionStatus.DRAFT,
            actor_id=_user_id(actor),
            note=explanation.strip(),
        )
        _copy_content(adopted, amendment, actor=actor)
        recalculate(amendment)
    return amendment


def version_discard(*, actor: Actor, version: ProgrammeVersion) -> None:
    """Throw away a concept amendment; the adopted version it was based on stays in force."""
    require_drafter(actor, version.programme)
    with transaction.atomic():
        version = _locked(version)
        if version.status != VersionStatus.DRAFT or version.based_on_id is None:
            raise Conflict(
                _("Alleen een wijziging in concept kan worden verwijderd."),
                code="illegal_transition",
            )
        # The requests it answered are open again: the account manager takes them up anew.
        participant_services.requests_settle(
            actor=actor,
            requests=list(version.requests.all()),
            to_status=RequestStatus.IN_PROGRESS,
            answer=_("De programmawijziging %(number)s is ingetrokken.")
            % {"number": version.number},
        )
        for line in version.lines.all():
            audit_delete(actor=actor, instance=line)
        for item in version.related_work.all():
            audit_delete(actor=actor, instance=item)
        for comment in version.comments.all():
            audit_delete(actor=actor, instance=comment)
        audit_delete(actor=actor, instance=version)
        version.delete()


# --- lines -----------------------------------------------------------------------------------


def _clean_quantity(product: Product, raw: Any) -> Decimal:
    try:
        quantity = to_decimal(raw)
    except (TypeError, ValueError):
        raise DomainError(
            _("'%(value)s' is geen getal.") % {"value": raw}, field="quantity"
        ) from None
    if quantity < 0:
        raise DomainError(_("Een aantal is nooit negatief."), field="quantity")
    if quantity != quantity.quantize(Decimal("0.01")):
        raise DomainError(_("Een aantal heeft hoogstens twee decimalen."), field="quantity")
    if product.unit == Unit.PIECE and quantity != quantity.to_integral_value():
        raise DomainError(
            _("%(code)s wordt per stuk geteld; geef een geheel getal.") % {"code": product.code},
            field="quantity",
        )
    return quantity


def product_problem(programme: Programme, product: Product) -> str | None:
    """Why ``product`` cannot be a line of ``programme``, or None when it can.

    Related work is planned in its own block (a percentage or hours per kind), so the
    catalogue's related-work products are not ordered as lines: that would count it twice.
    Collective tasks belong to the collective programme, which the key spreads over everyone.
    """
    if product.year != programme.year:
        return _("%(code)s hoort bij de catalogus van %(product_year)s, niet van %(year)s.") % {
            "code": product.code,
            "product_year": product.year,
            "year": programme.year,
        }
    if product.task_kind == TaskKind.RELATED_WORK:
        return _(
            "%(code)s is gerelateerd werk; plan dat als percentage of uren bij de "
            "gerelateerde werkzaamheden."
        ) % {"code": product.code}
    if programme.is_collective and product.task_kind != TaskKind.COLLECTIVE:
        return _("Het collectieve programma bevat alleen collectieve taken.")
    if not programme.is_collective and product.task_kind == TaskKind.COLLECTIVE:
        return _("%(code)s is een collectieve taak; die staat in het collectieve programma.") % {
            "code": product.code
        }
    return None


def _check_product(version: ProgrammeVersion, product: Product) -> None:
    problem = product_problem(version.programme, product)
    if problem is not None:
        raise DomainError(problem, field="product", code="product_not_allowed")


def line_set(
    *,
    actor: Actor,
    version: ProgrammeVersion,
    product: Product,
    quantity: Any,
    note: str | None = None,
) -> ProgrammeLine:
    """Order ``quantity`` of ``product`` in a concept version, adding or changing its line."""
    require_drafter(actor, version.programme)
    _check_product(version, product)
    cleaned = _clean_quantity(product, quantity)
    with transaction.atomic():
        version = _locked(version)
        require_editable(version)
        line = ProgrammeLine.objects.filter(version=version, product=product).first()
        if line is None:
            line = ProgrammeLine.objects.create(
                version=version, product=product, quantity=cleaned, note=note or ""
            )
            audit_create(actor=actor, instance=line)
        else:
            before = snapshot(line)
            line.quantity = cleaned
            if note is not None:
                line.note = note
            line.save()
            audit_update(actor=actor, instance=line, before=before)
        recalculate(version)
    line.refresh_from_db()
    return line


def line_delete(*, actor: Actor, line: ProgrammeLine) -> None:
    require_drafter(actor, line.version.programme)
    with transaction.atomic():
        version = _locked(line.version)
        require_editable(version)
        audit_delete(actor=actor, instance=line)
        line.delete()
        recalculate(version)


def related_work_set(
    *,
    actor: Actor,
    version: ProgrammeVersion,
    kind: str,
    basis: str,
    percentage: Any = None,
    planned_hours: Any = None,
    note: str | None = None,
) -> RelatedWorkLine:
    """Plan one kind of related work as a percentage of the direct hours or as fixed hours."""
    require_drafter(actor, version.programme)
    if kind not in RelatedWorkKind.values:
        raise DomainError(
            _("'%(kind)s' is geen soort gerelateerd werk.") % {"kind": kind}, field="kind"
        )
    value_percentage, value_hours = _clean_related(basis, percentage, planned_hours)
    with transaction.atomic():
        version = _locked(version)
        require_editable(version)
        item = RelatedWorkLine.objects.filter(version=version, kind=kind).first()
        values = {"basis": basis, "percentage": value_percentage, "planned_hours": value_hours}
        if note is not None:
            values["note"] = note
        if item is None:
            item = RelatedWorkLine.objects.create(version=version, kind=kind, **values)
            audit_create(actor=actor, instance=item)
        else:
            before = snapshot(item)
            for name, value in values.items():
                setattr(item, name, value)
            item.save()
            audit_update(actor=actor, instance=item, before=before)
        recalculate(version)
    item.refresh_from_db()
    return item


def _clean_related(
    basis: str, percentage: Any, planned_hours: Any
) -> tuple[Decimal | None, Decimal | None]:
    def number(raw: Any, field: str) -> Decimal:
        try:
            value = to_decimal(raw)
        except (TypeError, ValueError):
            raise DomainError(
                _("'%(value)s' is geen getal.") % {"value": raw}, field=field
            ) from None
        if value < 0 or value != value.quantize(Decimal("0.01")):
            raise DomainError(
                _("Geef een positief getal met hoogstens twee decimalen."), field=field
            )
        return value

    if basis == RelatedWorkBasis.PERCENTAGE:
        if percentage in (None, "") or planned_hours not in (None, ""):
            raise DomainError(
                _("Gerelateerd werk als percentage heeft een percentage en geen uren."),
                field="percentage",
            )
        value = number(percentage, "percentage")
        if value > 100:
            raise DomainError(_("Een percentage ligt tussen 0 en 100."), field="percentage")
        return value, None
    if basis == RelatedWorkBasis.HOURS:
        if planned_hours in (None, "") or percentage not in (None, ""):
            raise DomainError(
                _("Gerelateerd werk in uren heeft uren en geen percentage."), field="planned_hours"
            )
        return None, number(planned_hours, "planned_hours")
    raise DomainError(
        _("'%(basis)s' is geen grondslag; kies percentage of uren.") % {"basis": basis},
        field="basis",
    )


def related_work_delete(*, actor: Actor, item: RelatedWorkLine) -> None:
    require_drafter(actor, item.version.programme)
    with transaction.atomic():
        version = _locked(item.version)
        require_editable(version)
        audit_delete(actor=actor, instance=item)
        item.delete()
        recalculate(version)


def version_replace_content(
    *,
    actor: Actor,
    version: ProgrammeVersion,
    lines: Mapping[Product, tuple[Decimal, str]],
    related_work: Mapping[str, tuple[str, Decimal | None, Decimal | None, str]],
) -> bool:
    """Make a concept version hold exactly these lines and related work (the Excel import).

    Rows that are already as given are not touched, so that importing the same file twice
    changes nothing and writes no audit records. Returns whether anything changed.
    """
    require_drafter(actor, version.programme)
    changed = False
    with transaction.atomic():
        version = _locked(version)
        require_editable(version)
        existing = {line.product_id: line for line in version.lines.all()}
        new_lines: list[tuple[Product, Decimal, str]] = []
        for product, (raw_quantity, note) in lines.items():
            _check_product(version, product)
            quantity = _clean_quantity(product, raw_quantity)
            line = existing.pop(product.pk, None)
            if line is None:
                new_lines.append((product, quantity, note))
                changed = True
            elif line.quantity != quantity or line.note != note:
                before = snapshot(line)
                line.quantity, line.note = quantity, note
                line.save()
                audit_update(actor=actor, instance=line, before=before)
                changed = True
        _insert_lines(actor=actor, version=version, rows=new_lines)
        for line in existing.values():
            audit_delete(actor=actor, instance=line)
            line.delete()
            changed = True
        new_related: list[dict[str, Any]] = []
        existing_related = {item.kind: item for item in version.related_work.all()}
        for kind, (basis, raw_percentage, raw_hours, note) in related_work.items():
            if kind not in RelatedWorkKind.values:
                raise DomainError(
                    _("'%(kind)s' is geen soort gerelateerd werk.") % {"kind": kind}, field="kind"
                )
            percentage, planned_hours = _clean_related(basis, raw_percentage, raw_hours)
            item = existing_related.pop(kind, None)
            values = {
                "basis": basis,
                "percentage": percentage,
                "planned_hours": planned_hours,
                "note": note,
            }
            if item is None:
                new_related.append({"kind": kind, **values})
                changed = True
            elif any(getattr(item, name) != value for name, value in values.items()):
                before = snapshot(item)
                for name, value in values.items():
                    setattr(item, name, value)
                item.save()
                audit_update(actor=actor, instance=item, before=before)
                changed = True
        _insert_related(actor=actor, version=version, rows=new_related)
        for item in existing_related.values():
            audit_delete(actor=actor, instance=item)
            item.delete()
            changed = True
        if changed:
            recalculate(version)
    return changed


# --- distribution key -----------------------------------------------------------------------


def distribution_key_set(
    *,
    actor: Actor,
    year: int,
    method: str,
    weights: Mapping[Participant, Any],
    source: str = "",
) -> DistributionKey:
    """Set the year's key for the collective tasks; the shares replace the ones before."""
    require_permission(actor, "programmes.manage_collective_programme")
    if method not in DistributionMethod.values:
        raise DomainError(
            _("'%(method)s' is geen verdeelmethode.") % {"method": method}, field="method"
        )
    cleaned: dict[Participant, Decimal] = {}
    for participant, raw in weights.items():
        try:
            weight = to_decimal(raw)
        except (TypeError, ValueError):
            raise DomainError(
                _("%(participant)s: '%(value)s' is geen getal.")
                % {"participant": participant, "value": raw},
                field="weights",
            ) from None
        if weight < 0:
            raise DomainError(
                _("%(participant)s: een gewicht is nooit negatief.") % {"participant": participant},
                field="weights",
            )
        cleaned[participant] = weight
    if sum(cleaned.values(), Decimal("0")) <= 0:
        raise DomainError(_("Ten minste één deelnemer draagt een aandeel."), field="weights")
    with transaction.atomic():
        key = DistributionKey.objects.select_for_update().filter(year=year).first()
        if key is None:
            key = DistributionKey.objects.create(year=year, method=method, source=source)
            audit_create(actor=actor, instance=key)
        else:
            before = snapshot(key)
            key.method, key.source = method, source
            key.save()
            audit_update(actor=actor, instance=key, before=before)
            for share in key.shares.all():
                audit_delete(actor=actor, instance=share)
            key.shares.all().delete()
        for participant, weight in cleaned.items():
            share = DistributionShare.objects.create(
                key=key, participant=participant, weight=weight
            )
            audit_create(actor=actor, instance=share)
    return key


# --- extra work --------------------------------------------------------------------------


def extra_work_request(
    *,
    actor: Actor,
    participant: Participant,
    year: int,
    product: Product,
    quantity: Any,
    description: str,
) -> ExtraWork:
    """The account manager asks the participant to approve work beyond its programme."""
    require_permission(actor, "programmes.add_extrawork")
    if not is_account_manager_of(actor, participant):
        raise NotAllowed(
            _("Alleen de accountmanager van %(participant)s vraagt meerwerk aan.")
            % {"participant": participant},
            code="not_account_manager",
        )
    if product.year != year:
        raise DomainError(
            _("%(code)s hoort bij de catalogus van %(product_year)s, niet van %(year)s.")
            % {"code": product.code, "product_year": product.year, "year": year},
            field="product",
            code="product_wrong_year",
        )
    if not description.strip():
        raise DomainError(_("Omschrijf het meerwerk."), field="description")
    cleaned = _clean_quantity(product, quantity)
    if cleaned <= 0:
        raise DomainError(_("Meerwerk heeft een positief aantal."), field="quantity")
    tariff = _tariff(year)
    work_hours = calculation.line_hours(cleaned, product.norm_hours)
    with transaction.atomic():
        work = ExtraWork.objects.create(
            participant=participant,
            year=year,
            product=product,
            quantity=cleaned,
            description=description.strip(),
            hours=work_hours,
            amount=calculation.amount_for(work_hours, tariff),
            requested_by_id=_user_id(actor),
        )
        audit_create(actor=actor, instance=work)
    return work


def extra_work_decide(*, actor: Actor, work: ExtraWork, approve: bool, note: str = "") -> ExtraWork:
    """The participant approves or rejects requested extra work; a rejection says why."""
    require_permission(actor, "programmes.decide_extrawork")
    if actor is None or participant_id_of(actor) != work.participant_id:
        raise NotAllowed(
            _("Alleen een gebruiker van %(participant)s besluit over het meerwerk.")
            % {"participant": work.participant},
            code="not_own_participant",
        )
    if not approve and not note.strip():
        raise DomainError(_("Geef aan waarom het meerwerk wordt afgewezen."), field="note")
    with transaction.atomic():
        locked = ExtraWork.objects.select_for_update().get(pk=work.pk)
        if locked.status != ExtraWorkStatus.REQUESTED:
            raise Conflict(
                _("Over dit meerwerk is al besloten: %(status)s.")
                % {"status": locked.get_status_display().lower()},
                code="illegal_transition",
            )
        before = snapshot(locked)
        locked.status = ExtraWorkStatus.APPROVED if approve else ExtraWorkStatus.REJECTED
        locked.decided_by_id = _user_id(actor)
        locked.decided_at = timezone.now()
        locked.decision_note = note.strip()
        locked.save()
        audit_update(actor=actor, instance=locked, before=before)
    return locked


# --- requests and comments of the participant --------------------------------------------------


def request_to_amendment(
    *, actor: Actor, request: ParticipantRequest, explanation: str = ""
) -> ProgrammeVersion:
    """Take a participant's request into its programme for the request's year.

    A concept version being worked on takes the request in (an amendment, or the year's first
    draft that was never adopted); otherwise the adopted programme is amended (a concept copy,
    ``version_amend``). Without any programme for the year the account manager drafts it first;
    a submitted version waits for its adoption or goes back to concept first.
    """
    programme = (
        Programme.objects.select_related("participant")
        .filter(participant_id=request.participant_id, year=request.year)
        .first()
    )
    if programme is None:
        raise Conflict(
            _("%(participant)s heeft nog geen werkprogramma %(year)s; stel dat eerst op.")
            % {"participant": request.participant, "year": request.year},
            code="no_programme",
        )
    require_drafter(actor, programme)
    if not request.is_open or request.status == RequestStatus.IN_AMENDMENT:
        raise Conflict(
            _("Dit verzoek is %(status)s en wordt niet (opnieuw) opgenomen.")
            % {"status": request.get_status_display().lower()},
            code="illegal_transition",
        )
    with transaction.atomic():
        open_version = (
            ProgrammeVersion.objects.select_for_update()
            .filter(programme=programme, status__in=OPEN_STATUSES)
            .order_by("pk")
            .first()
        )
        if open_version is not None and open_version.status != VersionStatus.DRAFT:
            raise Conflict(
                _(
                    "Versie %(number)s is ingediend en wacht op vaststelling; zet die terug "
                    "naar concept of wacht de vaststelling af."
                )
                % {"number": open_version.number},
                code="version_submitted",
            )
        version = open_version or version_amend(
            actor=actor,
            programme=programme,
            explanation=explanation.strip()
            or _("Op verzoek van %(participant)s: %(title)s")
            % {"participant": request.participant, "title": request.title},
        )
        version.requests.add(request)
        participant_services.request_take_into_amendment(
            actor=actor,
            request=request,
            answer=_("Opgenomen in conceptversie %(number)s van het werkprogramma %(year)s.")
            % {"number": version.number, "year": programme.year},
        )
    return version


def comment_add(*, actor: Actor, version: ProgrammeVersion, text: str) -> ProgrammeComment:
    """A remark on a concept or submitted version, by the participant's own user or by its
    account manager (who answers)."""
    require_permission(actor, "programmes.view_programmeversion")
    programme = version.programme
    own_user = (
        actor is not None
        and programme.participant_id is not None
        and participant_id_of(actor) == programme.participant_id
        and actor.has_perm("programmes.comment_programme")
    )
    if not own_user and not is_account_manager_of(actor, programme.participant):
        raise NotAllowed(
            _("Alleen %(participant)s en de accountmanager reageren op dit programma.")
            % {"participant": programme.participant or _("de regio")},
            code="not_own_participant",
        )
    if version.status not in OPEN_STATUSES:
        raise Conflict(
            _("Reageren kan op een concept- of ingediende versie; deze is %(status)s.")
            % {"status": version.get_status_display().lower()},
            code="version_closed",
        )
    if not text.strip():
        raise DomainError(_("Schrijf uw reactie."), field="text", code="required")
    with transaction.atomic():
        comment = ProgrammeComment.objects.create(
            version=version, author_id=_user_id(actor), text=text.strip()
        )
        audit_create(actor=actor, instance=comment)
    return comment
