"""What the pages of the indicators, snapshots and the BIG-8 cycle share: the logged-in user,
the years offered, and the period a live figure is computed over."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from grip.core.models import User as UserModel
from grip.core.periods import Quarter
from grip.kpis import selectors as kpis
from grip.programmes import selectors as programme_selectors
from grip.reporting.building import period_label

VIEW_INDICATORS = "kpis.view_snapshotvalue"
VIEW_SNAPSHOTS = "kpis.view_snapshot"
VIEW_TARGETS = "kpis.view_target"
VIEW_CYCLES = "kpis.view_cycle"
FREEZE = "kpis.freeze_snapshot"
CHANGE_TARGET = "kpis.change_target"
DELETE_TARGET = "kpis.delete_target"
CHANGE_STEP = "kpis.change_cyclestep"
MANAGE_ALL_CYCLES = "kpis.manage_all_cycles"
REGION = "regio"  # the region's key in a URL and a form


def today() -> datetime.date:
    return timezone.localdate()


def user_of(request: HttpRequest) -> UserModel:
    user = request.user
    if not isinstance(user, UserModel):  # pragma: no cover - every view requires a login
        raise PermissionDenied
    return user


def years_offered(extra: tuple[int, ...] = ()) -> list[int]:
    """This year and next, the years with a work programme or a snapshot, newest first."""
    this_year = today().year
    snapshot_years = kpis.snapshot_list().order_by().values_list("year", flat=True).distinct()
    return sorted(
        {this_year, this_year + 1, *programme_selectors.programme_years(), *snapshot_years, *extra},
        reverse=True,
    )


def chosen_year(request: HttpRequest, years: list[int]) -> int:
    requested = request.GET.get("jaar", "")
    if requested.isdigit() and int(requested) in years:
        return int(requested)
    return today().year


@dataclass(frozen=True)
class Span:
    """A live figure's period: from 1 January to ``end``, as the snapshots count."""

    code: str
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)


def span_choices() -> list[tuple[str, str]]:
    return [
        ("ytd", _("Tot en met vandaag")),
        *(
            (f"q{number}", _("Tot en met kwartaal %(number)s") % {"number": number})
            for number in (1, 2, 3)
        ),
        ("q4", _("Heel het jaar")),
    ]


def span_of(code: str, year: int) -> Span:
    """``ytd`` (to today, or the whole of a past year) or ``q1``-``q4`` (to the quarter's end)."""
    start = datetime.date(year, 1, 1)
    if code in ("q1", "q2", "q3", "q4"):
        return Span(code, start, Quarter(year, int(code[1])).end)
    day = today()
    end = datetime.date(year, 12, 31) if year != day.year else day
    return Span("ytd", start, end)


def last_ended_quarter() -> Quarter:
    return Quarter.of(today()).previous()
