"""Pages for hours: the own week (a grid of targets × days), approval, month closing, corrections.

Reads go through ``grip.hours.selectors``, writes through ``grip.hours.services``; the services
decide who may do what and check the booking rules. A cell is saved on its own through htmx (the
cell comes back with the day totals out of band) or, without JavaScript, the whole grid is posted
and every changed cell is written in one transaction: when any cell is refused nothing is
written, and every refusal is shown next to its cell.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from grip.core.errors import DomainError
from grip.hours import selectors, services
from grip.hours.models import BookingTarget
from grip.organisation.models import Employee
from grip.web.feedback import dutch_message, dutch_number, is_htmx

BOOK_PERMISSION = "hours.add_hourentry"
CELL_NAME = re.compile(r"^uren-(?P<target>\d+)-(?P<day>\d{4}-\d{2}-\d{2})$")
NEW_CELL_PREFIX = "nieuw-"
WEEK_PARAMETER = re.compile(r"^(?P<year>\d{4})-W(?P<week>\d{1,2})$")


# --- small helpers --------------------------------------------------------------------------


def _hours_text(value: Decimal | None) -> str:
    """Hours as a cell shows them: '8', '7,5', '0,25'; empty for none."""
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _is_empty(text: str) -> bool:
    try:
        return text == "" or Decimal(text) == 0
    except InvalidOperation:
        return False


def _unchanged(text: str, current: Decimal | None) -> bool:
    if _is_empty(text):
        return current is None or current == 0
    try:
        return current is not None and Decimal(text) == current
    except InvalidOperation:
        return False


def cell_name(target_id: int, day: datetime.date) -> str:
    return f"uren-{target_id}-{day.isoformat()}"


def week_parameter(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _parse_week(text: str) -> datetime.date:
    """``2026-W10`` or a date in that week; anything else means this week."""
    match = WEEK_PARAMETER.match(text.strip())
    try:
        if match:
            return datetime.date.fromisocalendar(int(match["year"]), int(match["week"]), 1)
        if text:
            return selectors.week_start_of(datetime.date.fromisoformat(text.strip()))
    except ValueError:
        pass
    return selectors.week_start_of(timezone.localdate())


def _week_url(week_start: datetime.date, **extra: str) -> str:
    query = f"?week={week_parameter(week_start)}"
    for key, value in extra.items():
        query += f"&{key}={value}"
    return reverse("web:timesheet") + query


def _employee_or_none(request: HttpRequest) -> Employee | None:
    return selectors.employee_of(request.user)


# --- the grid as the page shows it ----------------------------------------------------------


@dataclass
class CellView:
    name: str
    day: datetime.date
    value: str
    locked: bool
    error: str = ""


@dataclass
class RowView:
    target: BookingTarget
    cells: list[CellView]
    total: Decimal


def _row_view(row: selectors.WeekRow, posted: dict[str, str], errors: dict[str, str]) -> RowView:
    cells = []
    for cell in row.cells:
        name = cell_name(row.target.pk, cell.day)
        cells.append(
            CellView(
                name=name,
                day=cell.day,
                value=posted[name] if name in errors else _hours_text(cell.hours),
                locked=cell.locked,
                error=errors.get(name, ""),
            )
        )
    return RowView(target=row.target, cells=cells, total=row.total)


def _targets_by_group(targets: list[BookingTarget]) -> list[tuple[str, list[BookingTarget]]]:
    groups: dict[str, list[BookingTarget]] = {}
    for target in targets:
        label = str(target.participant) if target.participant else _("Niet-declarabel")
        groups.setdefault(label, []).append(target)
    return list(groups.items())


def _week_context(
    request: HttpRequest,
    employee: Employee,
    week_start: datetime.date,
    *,
    posted: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    extra_target: BookingTarget | None = None,
    notice: str = "",
) -> dict[str, Any]:
    posted = posted or {}
    errors = errors or {}
    grid = selectors.week_for(
        employee=employee,
        week_start=week_start,
        extra_targets=[extra_target] if extra_target is not None else [],
    )
    days = grid.days
    bookable = [
        target
        for target in selectors.bookable_targets(
            employee=employee, years={days[0].year, days[-1].year}
        )
        if target.pk not in grid.target_ids
    ]
    new_cells = [
        CellView(
            name=f"{NEW_CELL_PREFIX}{day.isoformat()}",
            day=day,
            value=posted.get(f"{NEW_CELL_PREFIX}{day.isoformat()}", ""),
            locked=day in grid.closed_days,
            error=errors.get(f"{NEW_CELL_PREFIX}{day.isoformat()}", ""),
        )
        for day in days
    ]
    return {
        "employee": employee,
        "grid": grid,
        "days": days,
        "rows": [_row_view(row, posted, errors) for row in grid.rows],
        "editable": grid.is_editable,
        "week": week_parameter(grid.week_start),
        "week_number": grid.week_start.isocalendar()[1],
        "week_url": _week_url(grid.week_start),
        "previous_url": _week_url(grid.week_start - datetime.timedelta(days=7)),
        "next_url": _week_url(grid.week_start + datetime.timedelta(days=7)),
        "this_week_url": reverse("web:timesheet"),
        "target_groups": _targets_by_group(bookable),
        "new_cells": new_cells,
        "new_target": posted.get("nieuw_doel", ""),
        "new_error": errors.get("nieuw_doel", ""),
        "errors": errors,
        "notice": notice,
        "may_approve": request.user.has_perm("hours.approve_weeksheet"),
        "may_close": request.user.has_perm("hours.add_monthclosing"),
    }


# --- writing one cell ---------------------------------------------------------------------------


def _write_cell(
    request: HttpRequest,
    grid: selectors.WeekGrid,
    target: BookingTarget,
    day: datetime.date,
    raw: str,
) -> bool:
    """Book, change or remove the hours of one cell; True when something was written.

    Raises DomainError (from the services, or for a cell the grid does not change)."""
    text = dutch_number(raw)
    row = grid.row_for(target.pk)
    cell = row.cells[(day - grid.week_start).days] if row is not None else None
    current = cell.hours if cell is not None else None
    if _unchanged(text, current):
        return False
    services.entry_set(actor=request.user, day=day, target=target, hours=text)
    return True


def _bookable(employee: Employee, grid: selectors.WeekGrid, pk: int) -> BookingTarget | None:
    row = grid.row_for(pk)
    if row is not None:
        return row.target
    return (
        selectors.bookable_targets(employee=employee, years={grid.days[0].year, grid.days[-1].year})
        .filter(pk=pk)
        .first()
    )


def _save_grid(
    request: HttpRequest, employee: Employee, week_start: datetime.date
) -> tuple[dict[str, str], int, BookingTarget | None]:
    """Write every changed cell of the posted grid in one transaction; all or nothing.

    Returns the errors by cell name, how many cells were written, and the new row's target."""
    grid = selectors.week_for(employee=employee, week_start=week_start)
    errors: dict[str, str] = {}
    written = 0
    new_target: BookingTarget | None = None
    with transaction.atomic():
        for row in grid.rows:
            for cell in row.cells:
                name = cell_name(row.target.pk, cell.day)
                if name not in request.POST:
                    continue
                try:
                    written += _write_cell(request, grid, row.target, cell.day, request.POST[name])
                except DomainError as error:
                    errors[name] = dutch_message(error)
        new_text = request.POST.get("nieuw_doel", "")
        new_values = {
            day: request.POST.get(f"{NEW_CELL_PREFIX}{day.isoformat()}", "") for day in grid.days
        }
        if new_text.isdigit():
            new_target = _bookable(employee, grid, int(new_text))
            if new_target is None:
                errors["nieuw_doel"] = _("Kies een boekingsdoel uit de lijst.")
            else:
                for day, raw in new_values.items():
                    name = f"{NEW_CELL_PREFIX}{day.isoformat()}"
                    try:
                        written += _write_cell(request, grid, new_target, day, raw)
                    except DomainError as error:
                        errors[name] = dutch_message(error)
        elif any(not _is_empty(dutch_number(raw)) for raw in new_values.values()):
            errors["nieuw_doel"] = _("Kies het boekingsdoel van de nieuwe regel.")
        if errors:
            transaction.set_rollback(True)
            written = 0
    return errors, written, new_target


# --- the own week -------------------------------------------------------------------------------


@login_required
@permission_required(BOOK_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def week(request: HttpRequest) -> HttpResponse:
    """The own week: GET shows it, POST saves the whole grid (the form without JavaScript)."""
    employee = _employee_or_none(request)
    week_start = _parse_week(request.GET.get("week", "") or request.POST.get("week", ""))
    if employee is None:
        return render(
            request,
            "web/timesheet_week.html",
            {
                "grid": None,
                "may_approve": request.user.has_perm("hours.approve_weeksheet"),
                "may_close": request.user.has_perm("hours.add_monthclosing"),
            },
        )
    if request.method == "GET":
        extra = None
        requested = request.GET.get("doel", "")
        if requested.isdigit():
            grid = selectors.week_for(employee=employee, week_start=week_start)
            extra = _bookable(employee, grid, int(requested))
        return render(
            request,
            "web/timesheet_week.html",
            _week_context(request, employee, week_start, extra_target=extra),
        )

    errors, written, new_target = _save_grid(request, employee, week_start)
    if errors:
        context = _week_context(
            request,
            employee,
            week_start,
            posted={key: request.POST.get(key, "") for key in request.POST},
            errors=errors,
            extra_target=new_target,
        )
        # htmx swaps only successful answers; the plain form hears 422 (Unprocessable Content).
        return render(
            request, "web/timesheet_week.html", context, status=200 if is_htmx(request) else 422
        )
    if written:
        notice = _("De uren zijn opgeslagen.")
    elif new_target is not None:
        notice = _("Regel %(code)s toegevoegd; vul de uren in.") % {"code": new_target.code}
    else:
        notice = _("Er was niets gewijzigd.")
    if is_htmx(request):
        return render(
            request,
            "web/timesheet_week.html",
            _week_context(
                request,
                employee,
                week_start,
                extra_target=new_target if not written else None,
                notice=notice,
            ),
        )
    messages.success(request, notice)
    if new_target is not None and not written:
        return redirect(_week_url(week_start, doel=str(new_target.pk)))
    return redirect(_week_url(week_start))


@login_required
@permission_required(BOOK_PERMISSION, raise_exception=True)
@require_POST
def cell(request: HttpRequest) -> HttpResponse:
    """Save one cell (htmx): answers the cell, its row total and the day totals out of band."""
    employee = _employee_or_none(request)
    if employee is None:
        raise Http404
    name = next((key for key in request.POST if CELL_NAME.match(key)), "")
    raw = request.POST.get(name, "")
    match = CELL_NAME.match(name)
    if match is None:
        raise Http404
    try:
        day = datetime.date.fromisoformat(match["day"])
    except ValueError:
        raise Http404 from None
    grid = selectors.week_for(employee=employee, week_start=day)
    target = _bookable(employee, grid, int(match["target"]))
    if target is None:
        raise Http404
    error = ""
    try:
        with transaction.atomic():
            _write_cell(request, grid, target, day, raw)
    except DomainError as refused:
        error = dutch_message(refused)
    if not is_htmx(request):
        if error:
            messages.error(request, f"{target.code} {day:%d-%m-%Y}: {error}")
        else:
            messages.success(request, _("De uren zijn opgeslagen."))
        return redirect(_week_url(grid.week_start))
    fresh = selectors.week_for(employee=employee, week_start=day, extra_targets=[target])
    row = fresh.row_for(target.pk)
    if row is None:  # cannot happen: the target was asked for as an extra row
        raise Http404
    view = _row_view(row, {name: raw}, {name: error} if error else {})
    index = (day - fresh.week_start).days
    day_total = fresh.day_totals[index]
    context = {
        "row": view,
        "cell": view.cells[index],
        "grid": fresh,
        "editable": fresh.is_editable,
        "error": error,
        "announcement": error
        or _("Opgeslagen. %(day)s: %(hours)s van %(contract)s uur.")
        % {
            "day": day.strftime("%d-%m"),
            "hours": _hours_text(day_total.hours) or "0",
            "contract": _hours_text(day_total.contract) or "0",
        },
    }
    # 200 also for a refusal: htmx swaps only successful answers, and the cell shows why.
    return render(request, "web/partials/timesheet_cell_update.html", context)


def _week_step(request: HttpRequest, step: Any, success: str) -> HttpResponse:
    week_start = _parse_week(request.POST.get("week", ""))
    try:
        step(week_start)
    except DomainError as error:
        messages.error(request, dutch_message(error))
    else:
        messages.success(request, success)
    return redirect(_week_url(week_start))


@login_required
@permission_required(BOOK_PERMISSION, raise_exception=True)
@require_POST
def copy_previous(request: HttpRequest) -> HttpResponse:
    return _week_step(
        request,
        lambda start: services.week_copy_previous(actor=request.user, week_start=start),
        _("De uren van vorige week zijn gekopieerd."),
    )


@login_required
@permission_required(BOOK_PERMISSION, raise_exception=True)
@require_POST
def submit(request: HttpRequest) -> HttpResponse:
    return _week_step(
        request,
        lambda start: services.week_submit(actor=request.user, week_start=start),
        _("De week is ingediend bij uw teamleider."),
    )


# --- approval -----------------------------------------------------------------------------------


@login_required
@permission_required("hours.approve_weeksheet", raise_exception=True)
@require_GET
def approval(request: HttpRequest) -> HttpResponse:
    """Submitted weeks of the own team, with totals per day and per target."""
    summaries = selectors.sheets_to_approve(request.user)
    return render(
        request,
        "web/timesheet_approval.html",
        {"summaries": summaries, "week_parameter": week_parameter},
    )


@login_required
@permission_required("hours.approve_weeksheet", raise_exception=True)
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = get_object_or_404(selectors.team_sheets_for(request.user), pk=pk)
    approve = request.POST.get("besluit") == "goedkeuren"
    try:
        services.week_decide(
            actor=request.user,
            sheet=sheet,
            approve=approve,
            reason=request.POST.get("reden", ""),
        )
    except DomainError as error:
        messages.error(request, f"{sheet.employee}: {dutch_message(error)}")
    else:
        values = {"employee": sheet.employee, "week": sheet.week_start.isocalendar()[1]}
        messages.success(
            request,
            _("Week %(week)s van %(employee)s is goedgekeurd.") % values
            if approve
            else _("Week %(week)s van %(employee)s is afgekeurd.") % values,
        )
    return redirect("web:timesheet-approval")


# --- month closing ------------------------------------------------------------------------------


@login_required
@permission_required("hours.add_monthclosing", raise_exception=True)
@require_http_methods(["GET", "POST"])
def months(request: HttpRequest) -> HttpResponse:
    """The months of a year, closed or open, with a button to close one."""
    source = request.POST if request.method == "POST" else request.GET
    year_text = source.get("jaar", "")
    year = int(year_text) if year_text.isdigit() else timezone.localdate().year
    if request.method == "POST":
        month_text = request.POST.get("maand", "")
        if not month_text.isdigit():
            raise Http404
        try:
            services.month_close(actor=request.user, year=year, month=int(month_text))
        except DomainError as error:
            messages.error(request, dutch_message(error))
        else:
            messages.success(
                request,
                _("%(month)s %(year)s is afgesloten.")
                % {
                    "month": str(MONTHS.get(int(month_text), month_text)).capitalize(),
                    "year": year,
                },
            )
        return redirect(reverse("web:timesheet-months") + f"?jaar={year}")
    closed = selectors.closed_months(year)
    rows = [
        {"number": number, "name": MONTHS[number], "closing": closed.get(number)}
        for number in range(1, 13)
    ]
    return render(
        request,
        "web/timesheet_months.html",
        {"year": year, "rows": rows, "previous_year": year - 1, "next_year": year + 1},
    )


# --- corrections --------------------------------------------------------------------------------


@login_required
@permission_required("hours.correct_hourentry", raise_exception=True)
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """A counter-entry for an entry of a closed month, optionally moved to another target."""
    entry = get_object_or_404(selectors.entry_list_for(user=request.user), pk=pk)
    today = timezone.localdate()
    posted: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        posted = {key: request.POST.get(key, "") for key in request.POST}
        replacement = None
        replacement_text = request.POST.get("vervangend_doel", "")
        try:
            on = datetime.date.fromisoformat(request.POST.get("datum", ""))
        except ValueError:
            messages.error(request, _("Geef de datum van de correctie, bijvoorbeeld 2026-03-02."))
            status = 422
        else:
            if replacement_text.isdigit():
                replacement = (
                    selectors.bookable_targets(employee=entry.employee, years={on.year})
                    .filter(pk=int(replacement_text))
                    .first()
                )
                if replacement is None:
                    raise Http404
            try:
                services.entry_correct(
                    actor=request.user,
                    entry=entry,
                    on=on,
                    reason=request.POST.get("reden", ""),
                    replacement=replacement,
                )
            except DomainError as error:
                messages.error(request, dutch_message(error))
                status = 422
            else:
                messages.success(request, _("De correctieboeking is vastgelegd."))
                return redirect("web:timesheet-correct", pk=entry.pk)
    context = {
        "entry": entry,
        "corrections": list(entry.corrections.select_related("target")),
        "is_closed": services.month_is_closed(entry.date),
        "today": today,
        "posted": posted,
        "target_groups": _targets_by_group(
            list(selectors.bookable_targets(employee=entry.employee, years={today.year}))
        ),
    }
    return render(request, "web/timesheet_correct.html", context, status=status)
