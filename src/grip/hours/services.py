"""Writes to hour registration: booking, the week's approval, month closing and corrections.

Booking rules (checked on every write, with Dutch messages for the people who book):
- hours in quarter-hour steps, more than 0 and at most 24, and at most 24 per person per day;
- the target is active and, when it belongs to a year, the date lies in that year;
- the date lies within the employee's employment;
- the week is still the employee's to change (open or rejected) and the month is not closed.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.cases.models import Case
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
from grip.frameworks.models import Product
from grip.hours.constants import (
    EDITABLE_WEEK,
    MAX_HOURS_PER_DAY,
    QUARTER,
    EntrySource,
    NonDeclarable,
    TargetKind,
    WeekStatus,
)
from grip.hours.models import BookingTarget, HourEntry, MonthClosing, WeekSheet
from grip.organisation.models import Employee
from grip.participants.models import Participant
from grip.programmes.constants import RelatedWorkKind, VersionStatus
from grip.programmes.models import ProgrammeLine

# --- who -------------------------------------------------------------------------------------


def employee_for(actor: Actor) -> Employee:
    """The employee record of the user who books; only staff with one book hours."""
    employee = (
        Employee.objects.select_related("team").filter(user_id=actor.pk).first()
        if actor is not None and actor.is_authenticated
        else None
    )
    if employee is None:
        raise NotAllowed(_("Alleen medewerkers van de dienst schrijven uren."), code="no_employee")
    return employee


def week_start_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


# --- rules ------------------------------------------------------------------------------------


def clean_hours(raw: Any, *, field: str = "hours") -> Decimal:
    try:
        value = to_decimal(raw)
    except (TypeError, ValueError):
        raise DomainError(_("'%(value)s' is geen getal.") % {"value": raw}, field=field) from None
    if value <= 0 or value > MAX_HOURS_PER_DAY:
        raise DomainError(_("Boek meer dan 0 en hoogstens 24 uur."), field=field)
    if value % QUARTER:
        raise DomainError(_("Boek in kwartieren: 0,25, 0,5, 0,75 of hele uren."), field=field)
    return value


def month_is_closed(day: datetime.date) -> bool:
    return MonthClosing.objects.filter(year=day.year, month=day.month).exists()


def booking_problem(
    *,
    employee: Employee,
    day: datetime.date,
    hours: Decimal,
    target: BookingTarget,
    day_total_elsewhere: Decimal,
) -> str | None:
    """Why this booking is refused, or None. Shared by the services and the import."""
    if not target.active:
        return _("Op %(code)s wordt niet meer geboekt.") % {"code": target.code}
    if target.year is not None and day.year != target.year:
        return _("%(code)s hoort bij %(year)s; de datum %(day)s niet.") % {
            "code": target.code,
            "year": target.year,
            "day": day.strftime("%d-%m-%Y"),
        }
    if day < employee.start_date or (employee.end_date is not None and day > employee.end_date):
        return _("%(employee)s is op %(day)s niet in dienst.") % {
            "employee": employee,
            "day": day.strftime("%d-%m-%Y"),
        }
    if day_total_elsewhere + hours > MAX_HOURS_PER_DAY:
        return _("Op %(day)s komt %(employee)s dan boven 24 uur (al %(hours)s geboekt).") % {
            "day": day.strftime("%d-%m-%Y"),
            "employee": employee,
            "hours": day_total_elsewhere,
        }
    return None


def _day_total(employee: Employee, day: datetime.date, *, exclude: int | None = None) -> Decimal:
    entries = HourEntry.objects.filter(employee=employee, date=day)
    if exclude is not None:
        entries = entries.exclude(pk=exclude)
    total: Decimal | None = entries.aggregate(total=Sum("hours"))["total"]
    return total or Decimal("0")


def _check(
    *,
    employee: Employee,
    day: datetime.date,
    hours: Decimal,
    target: BookingTarget,
    exclude: int | None = None,
) -> None:
    if month_is_closed(day):
        raise Conflict(
            _("%(month)s is afgesloten; een wijziging is een correctieboeking.")
            % {"month": day.strftime("%m-%Y")},
            code="month_closed",
        )
    problem = booking_problem(
        employee=employee,
        day=day,
        hours=hours,
        target=target,
        day_total_elsewhere=_day_total(employee, day, exclude=exclude),
    )
    if problem is not None:
        raise DomainError(problem, code="booking_refused")


def _sheet(employee: Employee, day: datetime.date, *, lock: bool = True) -> WeekSheet:
    start = week_start_of(day)
    sheet, _created = WeekSheet.objects.get_or_create(employee=employee, week_start=start)
    if lock:
        sheet = WeekSheet.objects.select_for_update().get(pk=sheet.pk)
    return sheet


def _require_own_editable(sheet: WeekSheet) -> None:
    if sheet.status not in EDITABLE_WEEK:
        raise Conflict(
            _("De week van %(day)s is %(status)s en verandert niet meer.")
            % {
                "day": sheet.week_start.strftime("%d-%m-%Y"),
                "status": sheet.get_status_display().lower(),
            },
            code="week_not_editable",
        )


# --- booking -----------------------------------------------------------------------------------


def entry_create(
    *,
    actor: Actor,
    day: datetime.date,
    hours: Any,
    target: BookingTarget,
    note: str = "",
) -> HourEntry:
    """The actor books hours on a target for a day, in their own open week."""
    require_permission(actor, "hours.add_hourentry")
    employee = employee_for(actor)
    cleaned = clean_hours(hours)
    with transaction.atomic():
        sheet = _sheet(employee, day)
        _require_own_editable(sheet)
        _check(employee=employee, day=day, hours=cleaned, target=target)
        entry = HourEntry.objects.create(
            employee=employee, date=day, hours=cleaned, target=target, week=sheet, note=note
        )
        audit_create(actor=actor, instance=entry)
    return entry


def case_target(*, actor: Actor, case: Case, year: int) -> BookingTarget:
    """The booking target of a case in a year, made the first time someone books on it.

    Its product is the one the case type realises, from that year's catalogue, so that hours
    on the case count in the participant's realisation of that product.
    """
    target = BookingTarget.objects.filter(kind=TargetKind.CASE, case=case, year=year).first()
    if target is not None:
        return target
    product = (
        Product.objects.filter(year=year, code=case.case_type.product_code).first()
        if case.case_type.product_code
        else None
    )
    with transaction.atomic():
        target, created = BookingTarget.objects.get_or_create(
            kind=TargetKind.CASE,
            case=case,
            year=year,
            defaults={
                "code": f"{case.identification}/{year}",
                "name": f"{case.identification} {case.subject}"[:200],
                "participant_id": case.participant_id,
                "product": product,
            },
        )
        if created:
            audit_create(actor=actor, instance=target)
    return target


def case_entry_create(
    *, actor: Actor, case: Case, day: datetime.date, hours: Any, note: str = ""
) -> HourEntry:
    """Book hours on a case (its target for the year of ``day``)."""
    require_permission(actor, "hours.add_hourentry")
    with transaction.atomic():
        target = case_target(actor=actor, case=case, year=day.year)
        return entry_create(actor=actor, day=day, hours=hours, target=target, note=note)


def _require_own(actor: Actor, entry: HourEntry) -> None:
    if entry.employee.user_id != getattr(actor, "pk", None):
        raise NotAllowed(_("U wijzigt alleen uw eigen uren."), code="not_own_entry")


def entry_update(
    *,
    actor: Actor,
    entry: HourEntry,
    hours: Any = None,
    target: BookingTarget | None = None,
    note: str | None = None,
) -> HourEntry:
    require_permission(actor, "hours.change_hourentry")
    _require_own(actor, entry)
    with transaction.atomic():
        sheet = WeekSheet.objects.select_for_update().get(pk=entry.week_id)
        _require_own_editable(sheet)
        locked = HourEntry.objects.select_for_update().get(pk=entry.pk)
        before = snapshot(locked)
        if hours is not None:
            locked.hours = clean_hours(hours)
        if target is not None:
            locked.target = target
        if note is not None:
            locked.note = note
        _check(
            employee=locked.employee,
            day=locked.date,
            hours=locked.hours,
            target=locked.target,
            exclude=locked.pk,
        )
        locked.save()
        audit_update(actor=actor, instance=locked, before=before)
    return locked


def entry_delete(*, actor: Actor, entry: HourEntry) -> None:
    require_permission(actor, "hours.delete_hourentry")
    _require_own(actor, entry)
    with transaction.atomic():
        sheet = WeekSheet.objects.select_for_update().get(pk=entry.week_id)
        _require_own_editable(sheet)
        if month_is_closed(entry.date):
            raise Conflict(_("Deze maand is afgesloten."), code="month_closed")
        audit_delete(actor=actor, instance=entry)
        entry.delete()


def entry_set(
    *, actor: Actor, day: datetime.date, target: BookingTarget, hours: Any
) -> HourEntry | None:
    """Make the actor's own hours on ``target`` on ``day`` what a timesheet cell says: book,
    change, or remove them when the cell is empty or 0. Returns the entry, or None.

    Hours that came from a time system or a correction, or that are split over several
    entries, are not changed through a cell: they keep their own history.
    """
    employee = employee_for(actor)
    entries = list(
        HourEntry.objects.filter(employee=employee, date=day, target=target).select_related(
            "employee"
        )
    )
    if len(entries) > 1 or any(entry.source != EntrySource.MANUAL for entry in entries):
        raise Conflict(
            _(
                "Deze uren zijn ingelezen, gecorrigeerd of over meer boekingen verdeeld; "
                "ze veranderen hier niet."
            ),
            code="cell_locked",
        )
    entry = entries[0] if entries else None
    empty = hours is None or (isinstance(hours, str) and not hours.strip())
    if not empty:
        try:
            empty = to_decimal(hours) == 0
        except (TypeError, ValueError):
            empty = False  # clean_hours below names the problem
    if empty:
        if entry is not None:
            entry_delete(actor=actor, entry=entry)
        return None
    if entry is not None:
        return entry_update(actor=actor, entry=entry, hours=hours)
    return entry_create(actor=actor, day=day, hours=hours, target=target)


def week_copy_previous(*, actor: Actor, week_start: datetime.date) -> list[HourEntry]:
    """Copy last week's bookings (not leave or sickness) into an empty week, day by day."""
    require_permission(actor, "hours.add_hourentry")
    employee = employee_for(actor)
    start = week_start_of(week_start)
    previous = HourEntry.objects.filter(
        employee=employee,
        date__gte=start - datetime.timedelta(days=7),
        date__lt=start,
        corrects__isnull=True,
    ).exclude(target__category__in=(NonDeclarable.LEAVE, NonDeclarable.SICKNESS))
    copies = []
    with transaction.atomic():
        sheet = _sheet(employee, start)
        _require_own_editable(sheet)
        if sheet.entries.exists():
            raise Conflict(
                _("Deze week heeft al uren; kopiëren kan alleen naar een lege week."),
                code="week_not_empty",
            )
        for entry in previous.select_related("target").order_by("date", "pk"):
            day = entry.date + datetime.timedelta(days=7)
            _check(employee=employee, day=day, hours=entry.hours, target=entry.target)
            copy = HourEntry.objects.create(
                employee=employee,
                date=day,
                hours=entry.hours,
                target=entry.target,
                week=sheet,
                note=entry.note,
            )
            audit_create(actor=actor, instance=copy)
            copies.append(copy)
    return copies


# --- the week's approval -----------------------------------------------------------------------


def week_submit(*, actor: Actor, week_start: datetime.date) -> WeekSheet:
    require_permission(actor, "hours.add_hourentry")
    employee = employee_for(actor)
    with transaction.atomic():
        sheet = _sheet(employee, week_start)
        _require_own_editable(sheet)
        if not sheet.entries.exists():
            raise DomainError(_("Een lege week wordt niet ingediend."), code="week_empty")
        before = snapshot(sheet)
        sheet.status = WeekStatus.SUBMITTED
        sheet.submitted_at = timezone.now()
        sheet.reason = ""
        sheet.save()
        audit_update(actor=actor, instance=sheet, before=before)
    return sheet


def week_decide(*, actor: Actor, sheet: WeekSheet, approve: bool, reason: str = "") -> WeekSheet:
    """The team leader approves a submitted week, or rejects it with a reason."""
    require_permission(actor, "hours.approve_weeksheet")
    leader = employee_for(actor)
    if sheet.employee_id == leader.pk:
        raise NotAllowed(_("U beoordeelt uw eigen uren niet."), code="own_week")
    if sheet.employee.team_id != leader.team_id:
        raise NotAllowed(_("U beoordeelt alleen de uren van uw eigen team."), code="not_own_team")
    if not approve and not reason.strip():
        raise DomainError(_("Geef de reden van afkeuring."), field="reason")
    with transaction.atomic():
        locked = WeekSheet.objects.select_for_update().get(pk=sheet.pk)
        if locked.status != WeekStatus.SUBMITTED:
            raise Conflict(
                _("Alleen een ingediende week wordt beoordeeld; deze is %(status)s.")
                % {"status": locked.get_status_display().lower()},
                code="illegal_transition",
            )
        before = snapshot(locked)
        locked.status = WeekStatus.APPROVED if approve else WeekStatus.REJECTED
        locked.decided_by_id = actor.pk if actor is not None else None
        locked.decided_at = timezone.now()
        locked.reason = "" if approve else reason.strip()
        locked.save()
        audit_update(actor=actor, instance=locked, before=before)
    return locked


# --- closing and corrections -------------------------------------------------------------------


def month_close(*, actor: Actor, year: int, month: int) -> MonthClosing:
    """Close a month once every week with hours in it is approved."""
    require_permission(actor, "hours.add_monthclosing")
    if not 1 <= month <= 12:
        raise DomainError(_("Een maand ligt tussen 1 en 12."), field="month")
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    with transaction.atomic():
        if MonthClosing.objects.filter(year=year, month=month).exists():
            raise Conflict(_("Deze maand is al afgesloten."), code="month_closed")
        waiting = (
            WeekSheet.objects.filter(entries__date__gte=first, entries__date__lt=following)
            .exclude(status=WeekStatus.APPROVED)
            .distinct()
            .count()
        )
        if waiting:
            raise Conflict(
                _("%(count)s weekstaten met uren in deze maand zijn nog niet goedgekeurd.")
                % {"count": waiting},
                code="weeks_not_approved",
            )
        closing = MonthClosing.objects.create(
            year=year, month=month, closed_by_id=getattr(actor, "pk", None)
        )
        audit_create(actor=actor, instance=closing)
    return closing


def entry_correct(
    *,
    actor: Actor,
    entry: HourEntry,
    on: datetime.date,
    reason: str,
    replacement: BookingTarget | None = None,
) -> list[HourEntry]:
    """Correct an entry of a closed month: a counter-entry on ``on`` (an open month) and,
    when the hours belonged elsewhere, the same hours on ``replacement``."""
    require_permission(actor, "hours.correct_hourentry")
    if not reason.strip():
        raise DomainError(_("Geef de reden van de correctie."), field="reason")
    if not month_is_closed(entry.date):
        raise Conflict(
            _("De maand van deze boeking is open; wijzig de boeking zelf."), code="month_open"
        )
    if entry.corrects_id is not None or entry.corrections.exists():
        raise Conflict(_("Deze boeking is al gecorrigeerd."), code="already_corrected")
    if month_is_closed(on):
        raise Conflict(_("Een correctie wordt in een open maand geboekt."), code="month_closed")
    with transaction.atomic():
        sheet = _sheet(entry.employee, on)
        counter = HourEntry.objects.create(
            employee=entry.employee,
            date=on,
            hours=-entry.hours,
            target=entry.target,
            week=sheet,
            note=reason.strip(),
            source=EntrySource.CORRECTION,
            corrects=entry,
        )
        audit_create(actor=actor, instance=counter)
        made = [counter]
        if replacement is not None:
            problem = booking_problem(
                employee=entry.employee,
                day=on,
                hours=entry.hours,
                target=replacement,
                day_total_elsewhere=_day_total(entry.employee, on),
            )
            if problem is not None:
                raise DomainError(problem, field="replacement")
            moved = HourEntry.objects.create(
                employee=entry.employee,
                date=on,
                hours=entry.hours,
                target=replacement,
                week=sheet,
                note=reason.strip(),
                source=EntrySource.CORRECTION,
            )
            audit_create(actor=actor, instance=moved)
            made.append(moved)
    return made


# --- booking targets --------------------------------------------------------------------------


def _non_declarable_targets() -> list[BookingTarget]:
    return [
        BookingTarget(
            code=f"INDIRECT-{category.upper()}",
            name=str(label),
            kind=TargetKind.NON_DECLARABLE,
            category=category,
        )
        for category, label in NonDeclarable.choices
    ]


def targets_sync(*, actor: Actor, year: int) -> int:
    """Make the booking targets of a year: one per product in an adopted programme of each
    participant, one per kind of related work, and the non-declarable categories. Idempotent;
    returns how many were added. Codes are what a time system books on:
    ``GM0772-2026-TH-01``, ``GM0772-2026-GW-planning``, ``INDIRECT-VERLOF``."""
    require_permission(actor, "hours.add_bookingtarget")
    existing = set(BookingTarget.objects.values_list("code", flat=True))
    wanted: list[BookingTarget] = []
    lines = (
        ProgrammeLine.objects.filter(
            version__status=VersionStatus.ADOPTED,
            version__programme__year=year,
            version__programme__participant__isnull=False,
        )
        .select_related("product", "version__programme__participant")
        .order_by("version__programme__participant__code", "product__code")
    )
    participants: dict[int, Participant] = {}
    for line in lines:
        participant = line.version.programme.participant
        if participant is None:  # filtered out above; keeps the type checker sure
            continue
        participants[participant.pk] = participant
        wanted.append(
            BookingTarget(
                code=f"{participant.code}-{year}-{line.product.code}",
                name=f"{participant}: {line.product.name}",
                kind=TargetKind.PRODUCT,
                participant=participant,
                year=year,
                product=line.product,
            )
        )
    for participant in participants.values():
        for kind, label in RelatedWorkKind.choices:
            wanted.append(
                BookingTarget(
                    code=f"{participant.code}-{year}-GW-{kind}",
                    name=f"{participant}: {label}",
                    kind=TargetKind.RELATED_WORK,
                    participant=participant,
                    year=year,
                    related_work_kind=kind,
                )
            )
    wanted += _non_declarable_targets()
    new = [target for target in wanted if target.code not in existing]
    with transaction.atomic():
        created = BookingTarget.objects.bulk_create(new)
        audit_create_many(actor=actor, instances=created)
    return len(created)
