"""Writes to work programmes: drafting, the life cycle, amendments, the key and extra work.

Who may do what (issue 3, DESIGN.md roles):
- the account manager of a participant drafts and submits its programme and files extra work;
- a user of the participant itself records the adoption of a submitted version and decides on
  extra work (the participant's board decides; Grip records it);
- the beheerder keeps the collective programme and the distribution key.

Only a concept version changes. Every change recalculates the version's derived figures (hours
and euros from the catalogue and tariff) in the same transaction. The derived columns are not
audited one by one: they follow from audited inputs (quantities, catalogue, tariff).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from grip.core.audit import Actor, audit_create, audit_delete, audit_update, snapshot
from grip.core.errors import Conflict, DomainError, NotAllowed
from grip.core.numbers import to_decimal
from grip.core.permissions import require_permission
from grip.core.tenancy import participant_id_of
from grip.frameworks.constants import Unit
from grip.frameworks.models import HourlyTariff, Product
from grip.participants.models import Participant
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
    ProgrammeLine,
    ProgrammeVersion,
    RelatedWorkLine,
    VersionTransition,
)

# --- who may ------------------------------------------------------------------------------


def _user_id(actor: Actor) -> int | None:
    return actor.pk if actor is not None and actor.is_authenticated else None


def is_account_manager_of(actor: Actor, participant: Participant | None) -> bool:
    manager = participant.account_manager if participant is not None else None
    return (
        manager is not None and manager.user_id is not None and manager.user_id == _user_id(actor)
    )


def require_drafter(actor: Actor, programme: Programme) -> None:
    """The account manager drafts a participant's programme; the beheerder the collective one."""
    if programme.participant is None:
        require_permission(actor, "programmes.manage_collective_programme")
        return
    require_permission(actor, "programmes.change_programme")
    if not is_account_manager_of(actor, programme.participant):
        raise NotAllowed(
            f"Only the account manager of {programme.participant} drafts its programme.",
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
            f"Only a user of {programme.participant} records the adoption of its programme.",
            code="not_own_participant",
        )


def _require_editable(version: ProgrammeVersion) -> None:
    if not version.is_editable:
        raise Conflict(
            f"Version {version.number} of {version.programme} is "
            f"{version.get_status_display().lower()}; only a concept version changes. "
            + (
                "Start an amendment to change an adopted programme."
                if version.status in (VersionStatus.ADOPTED, VersionStatus.SUPERSEDED)
                else "Return it to concept first."
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
            f"No hourly tariff has been set for {year}; the beheerder sets it first.",
            code="no_tariff",
        )
    return amount


def recalculate(version: ProgrammeVersion) -> None:
    """Refresh norm hours, hours and euros of every line from the year's catalogue and tariff."""
    tariff = _tariff(version.programme.year)
    lines = list(version.lines.select_related("product"))
    for line in lines:
        line.norm_hours = line.product.norm_hours
        line.hours = calculation.line_hours(line.quantity, line.norm_hours)
        line.amount = calculation.amount_for(line.hours, tariff)
    ProgrammeLine.objects.bulk_update(lines, ["norm_hours", "hours", "amount"])
    direct_hours = sum((line.hours for line in lines), calculation.ZERO)
    related = list(version.related_work.all())
    for item in related:
        item.hours = calculation.related_hours(
            basis=item.basis,
            percentage=item.percentage,
            planned_hours=item.planned_hours,
            direct_hours=direct_hours,
        )
        item.amount = calculation.amount_for(item.hours, tariff)
    RelatedWorkLine.objects.bulk_update(related, ["hours", "amount"])
    if version.tariff != tariff:
        version.tariff = tariff
        version.save(update_fields=["tariff", "updated_at"])


# --- programmes and versions -----------------------------------------------------------------


def _check_catalogue(year: int) -> None:
    if not Product.objects.filter(year=year).exists():
        raise DomainError(
            f"{year} has no product catalogue yet; the beheerder makes it first.",
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
            f"{programme} already exists; open it instead of starting another.",
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


def _copy_content(source: ProgrammeVersion, target: ProgrammeVersion, *, actor: Actor) -> None:
    same_year = source.programme.year == target.programme.year
    products = {
        product.code: product for product in Product.objects.filter(year=target.programme.year)
    }
    for line in source.lines.select_related("product"):
        product = line.product if same_year else products.get(line.product.code)
        if product is None:
            continue
        copy = ProgrammeLine.objects.create(
            version=target, product=product, quantity=line.quantity, note=line.note
        )
        audit_create(actor=actor, instance=copy)
    for item in source.related_work.all():
        copy_item = RelatedWorkLine.objects.create(
            version=target,
            kind=item.kind,
            basis=item.basis,
            percentage=item.percentage,
            planned_hours=item.planned_hours,
            note=item.note,
        )
        audit_create(actor=actor, instance=copy_item)


def version_submit(*, actor: Actor, version: ProgrammeVersion, note: str = "") -> ProgrammeVersion:
    require_drafter(actor, version.programme)
    with transaction.atomic():
        version = _locked(version)
        if version.status != VersionStatus.DRAFT:
            raise Conflict(
                f"Only a concept version can be submitted; this one is "
                f"{version.get_status_display().lower()}.",
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
        raise DomainError("Say why the version goes back to concept.", field="note")
    with transaction.atomic():
        version = _locked(version)
        if version.status != VersionStatus.SUBMITTED:
            raise Conflict(
                "Only a submitted version can go back to concept.", code="illegal_transition"
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
            "Give the reference of the adoption decision.", field="decision_reference"
        )
    if adopted_on > timezone.localdate():
        raise DomainError("An adoption date lies not in the future.", field="adopted_on")
    with transaction.atomic():
        version = _locked(version)
        if version.status != VersionStatus.SUBMITTED:
            raise Conflict(
                f"Only a submitted version can be adopted; this one is "
                f"{version.get_status_display().lower()}.",
                code="illegal_transition",
            )
        previous = (
            ProgrammeVersion.objects.select_for_update()
            .filter(programme_id=version.programme_id, status=VersionStatus.ADOPTED)
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
    return version


def version_amend(*, actor: Actor, programme: Programme, explanation: str) -> ProgrammeVersion:
    """Open an amendment: a concept copy of the adopted version, which stays as it is."""
    require_drafter(actor, programme)
    if not explanation.strip():
        raise DomainError("Say why the programme is amended.", field="explanation")
    with transaction.atomic():
        versions = list(
            ProgrammeVersion.objects.select_for_update()
            .filter(programme=programme)
            .order_by("number")
        )
        if any(version.status in OPEN_STATUSES for version in versions):
            raise Conflict(
                f"{programme} already has a version in progress; finish that one first.",
                code="version_in_progress",
            )
        adopted = next((v for v in versions if v.status == VersionStatus.ADOPTED), None)
        if adopted is None:
            raise Conflict(f"{programme} has no adopted version to amend.", code="nothing_to_amend")
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
            raise Conflict("Only a concept amendment can be discarded.", code="illegal_transition")
        for line in version.lines.all():
            audit_delete(actor=actor, instance=line)
        for item in version.related_work.all():
            audit_delete(actor=actor, instance=item)
        audit_delete(actor=actor, instance=version)
        version.delete()


# --- lines -----------------------------------------------------------------------------------


def _clean_quantity(product: Product, raw: Any) -> Decimal:
    try:
        quantity = to_decimal(raw)
    except (TypeError, ValueError):
        raise DomainError(f"'{raw}' is not a number.", field="quantity") from None
    if quantity < 0:
        raise DomainError("A quantity is never negative.", field="quantity")
    if quantity != quantity.quantize(Decimal("0.01")):
        raise DomainError("A quantity has at most two decimals.", field="quantity")
    if product.unit == Unit.PIECE and quantity != quantity.to_integral_value():
        raise DomainError(
            f"{product.code} is counted per piece; give a whole number.", field="quantity"
        )
    return quantity


def _check_product(version: ProgrammeVersion, product: Product) -> None:
    if product.year != version.programme.year:
        raise DomainError(
            f"{product.code} belongs to the {product.year} catalogue, "
            f"not to {version.programme.year}.",
            field="product",
            code="product_wrong_year",
        )


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
        _require_editable(version)
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
        _require_editable(version)
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
        raise DomainError(f"'{kind}' is not a kind of related work.", field="kind")
    value_percentage, value_hours = _clean_related(basis, percentage, planned_hours)
    with transaction.atomic():
        version = _locked(version)
        _require_editable(version)
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
            raise DomainError(f"'{raw}' is not a number.", field=field) from None
        if value < 0 or value != value.quantize(Decimal("0.01")):
            raise DomainError("Give a positive number with at most two decimals.", field=field)
        return value

    if basis == RelatedWorkBasis.PERCENTAGE:
        if percentage in (None, "") or planned_hours not in (None, ""):
            raise DomainError(
                "Related work by percentage has a percentage and no hours.", field="percentage"
            )
        value = number(percentage, "percentage")
        if value > 100:
            raise DomainError("A percentage lies between 0 and 100.", field="percentage")
        return value, None
    if basis == RelatedWorkBasis.HOURS:
        if planned_hours in (None, "") or percentage not in (None, ""):
            raise DomainError(
                "Related work in hours has hours and no percentage.", field="planned_hours"
            )
        return None, number(planned_hours, "planned_hours")
    raise DomainError(f"'{basis}' is not a basis; use percentage or uren.", field="basis")


def related_work_delete(*, actor: Actor, item: RelatedWorkLine) -> None:
    require_drafter(actor, item.version.programme)
    with transaction.atomic():
        version = _locked(item.version)
        _require_editable(version)
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
        _require_editable(version)
        existing = {line.product_id: line for line in version.lines.all()}
        for product, (quantity, note) in lines.items():
            _check_product(version, product)
            line = existing.pop(product.pk, None)
            if line is None:
                created = ProgrammeLine.objects.create(
                    version=version, product=product, quantity=quantity, note=note
                )
                audit_create(actor=actor, instance=created)
                changed = True
            elif line.quantity != quantity or line.note != note:
                before = snapshot(line)
                line.quantity, line.note = quantity, note
                line.save()
                audit_update(actor=actor, instance=line, before=before)
                changed = True
        for line in existing.values():
            audit_delete(actor=actor, instance=line)
            line.delete()
            changed = True
        existing_related = {item.kind: item for item in version.related_work.all()}
        for kind, (basis, percentage, planned_hours, note) in related_work.items():
            item = existing_related.pop(kind, None)
            values = {
                "basis": basis,
                "percentage": percentage,
                "planned_hours": planned_hours,
                "note": note,
            }
            if item is None:
                new_item = RelatedWorkLine.objects.create(version=version, kind=kind, **values)
                audit_create(actor=actor, instance=new_item)
                changed = True
            elif any(getattr(item, name) != value for name, value in values.items()):
                before = snapshot(item)
                for name, value in values.items():
                    setattr(item, name, value)
                item.save()
                audit_update(actor=actor, instance=item, before=before)
                changed = True
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
        raise DomainError(f"'{method}' is not a distribution method.", field="method")
    cleaned: dict[Participant, Decimal] = {}
    for participant, raw in weights.items():
        try:
            weight = to_decimal(raw)
        except (TypeError, ValueError):
            raise DomainError(f"{participant}: '{raw}' is not a number.", field="weights") from None
        if weight < 0:
            raise DomainError(f"{participant}: a weight is never negative.", field="weights")
        cleaned[participant] = weight
    if sum(cleaned.values(), Decimal("0")) <= 0:
        raise DomainError("At least one participant must carry a share.", field="weights")
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
            f"Only the account manager of {participant} files its extra work.",
            code="not_account_manager",
        )
    if product.year != year:
        raise DomainError(
            f"{product.code} belongs to the {product.year} catalogue, not to {year}.",
            field="product",
            code="product_wrong_year",
        )
    if not description.strip():
        raise DomainError("Describe the extra work.", field="description")
    cleaned = _clean_quantity(product, quantity)
    if cleaned <= 0:
        raise DomainError("Extra work has a positive quantity.", field="quantity")
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
            f"Only a user of {work.participant} decides on its extra work.",
            code="not_own_participant",
        )
    if not approve and not note.strip():
        raise DomainError("Say why the extra work is rejected.", field="note")
    with transaction.atomic():
        locked = ExtraWork.objects.select_for_update().get(pk=work.pk)
        if locked.status != ExtraWorkStatus.REQUESTED:
            raise Conflict(
                f"This extra work is already {locked.get_status_display().lower()}.",
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
