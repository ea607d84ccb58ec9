"""Pages for realisation: the regional dashboard, one participant's figures, settlement, entries,
and the declarable share per team and employee against the norm.

Figures come from ``grip.finance.selectors``; the participant is looked up through the tenancy
scope, so a participant user asking for another participant gets 404. The charts are Vega-Lite
specifications from ``grip.finance.charts``, embedded as JSON; every chart has a data table
with the same figures next to it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from grip.core.tenancy import User, sees_all_participants
from grip.finance import charts, excel, selectors
from grip.finance.periods import MONTH_NAMES, Period
from grip.frameworks import selectors as framework_selectors
from grip.organisation import selectors as organisation_selectors
from grip.participants import selectors as participant_selectors
from grip.participants.models import Participant
from grip.programmes import selectors as programme_selectors

VIEW_PERMISSION = "programmes.view_programme"
ENTRIES_PERMISSION = "hours.view_hourentry"

PERIOD_CHOICES = (
    ("ytd", _("Tot en met vandaag")),
    ("jaar", _("Heel het jaar")),
    *((f"Q{number}", _("Kwartaal %(number)s") % {"number": number}) for number in range(1, 5)),
    *((f"M{number}", name) for number, name in enumerate(MONTH_NAMES, start=1)),
)


def _years() -> list[int]:
    return sorted(
        set(programme_selectors.programme_years()) | set(framework_selectors.catalogue_years()),
        reverse=True,
    )


def _year(request: HttpRequest) -> tuple[list[int], int]:
    years = _years()
    requested = request.GET.get("jaar", "")
    if requested.isdigit() and int(requested) in years:
        return years, int(requested)
    this_year = timezone.localdate().year
    if this_year in years or not years:
        return years, this_year
    return years, years[0]


def _period(request: HttpRequest, year: int, as_of: datetime.date) -> Period:
    try:
        return Period.parse(request.GET.get("periode") or "ytd", year=year, as_of=as_of)
    except ValueError:
        return Period.year_to_date(year, as_of)


def may_see_declarable_share(user: User) -> bool:
    """Staff who read all hours: the declarable share is about employees, not participants."""
    return bool(user.has_perm(ENTRIES_PERMISSION)) and sees_all_participants(user)


def _participant(request: HttpRequest, pk: int) -> Participant:
    return get_object_or_404(participant_selectors.participant_list_for(user=request.user), pk=pk)


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every participant the user may see: plan to date, realised, forecast and warnings."""
    years, year = _year(request)
    as_of = selectors.default_as_of(year)
    period = _period(request, year, as_of)
    regional = selectors.regional_realisation(
        user=request.user, year=year, as_of=as_of, period=period
    )
    context = {
        "years": years,
        "year": year,
        "period": period,
        "period_choices": PERIOD_CHOICES,
        "regional": regional,
        "threshold": selectors.warning_percent(),
        "may_see_declarable": may_see_declarable_share(request.user),
    }
    return render(request, "web/realisation_dashboard.html", context)


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_GET
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    years, year = _year(request)
    as_of = selectors.default_as_of(year)
    period = _period(request, year, as_of)
    realisation = selectors.realisation(participant=participant, period=period, as_of=as_of)
    statement = selectors.settlement(participant=participant, year=year)
    context: dict[str, Any] = {
        "participant": participant,
        "years": years,
        "year": year,
        "period": period,
        "period_choices": PERIOD_CHOICES,
        "realisation": realisation,
        "forecast": realisation.forecast,
        "statement": statement,
        "month_names": MONTH_NAMES,
        "months": [
            {"name": MONTH_NAMES[month.month - 1], "figures": month} for month in realisation.months
        ],
        "cumulative_chart": charts.cumulative_plan_vs_actual(realisation),
        "task_kind_chart": charts.hours_by_task_kind(realisation),
        "may_see_entries": request.user.has_perm(ENTRIES_PERMISSION),
    }
    return render(request, "web/realisation_participant.html", context)


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_GET
def settlement_export(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    _years_known, year = _year(request)
    statement = selectors.settlement(participant=participant, year=year)
    response = HttpResponse(excel.export_settlement(statement), content_type=excel.CONTENT_TYPE)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=excel.filename_for(statement))
        or "attachment"
    )
    return response


@login_required
@permission_required(ENTRIES_PERMISSION, raise_exception=True)
@require_GET
def entries(request: HttpRequest, pk: int) -> HttpResponse:
    """The hour entries behind a figure: ``?jaar=&product=&gerelateerd=&maand=``."""
    participant = _participant(request, pk)
    _years_known, year = _year(request)
    month_text = request.GET.get("maand", "")
    if month_text:
        if not month_text.isdigit() or not 1 <= int(month_text) <= 12:
            raise Http404
        period = Period.month(year, int(month_text))
    else:
        period = Period.whole_year(year)
    product = request.GET.get("product", "").strip()
    related = request.GET.get("gerelateerd", "").strip()
    found = selectors.entry_list_for(
        user=request.user,
        participant=participant,
        period=period,
        product_code=product or None,
        related_kind=related or None,
    )
    page = Paginator(found, 100).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "participant": participant,
        "year": year,
        "period": period,
        "product": product,
        "related": related,
        "page": page,
        "query": query.urlencode(),
    }
    return render(request, "web/realisation_entries.html", context)


@login_required
@require_GET
def declarable_share(request: HttpRequest) -> HttpResponse:
    """Declarable share per team, and per employee of one team (``?team=``), against the norm."""
    if not may_see_declarable_share(request.user):
        raise PermissionDenied
    years, year = _year(request)
    as_of = selectors.default_as_of(year)
    period = _period(request, year, as_of)
    teams = list(organisation_selectors.team_list())
    team = None
    team_text = request.GET.get("team", "")
    if team_text:
        team = next((t for t in teams if team_text.isdigit() and t.pk == int(team_text)), None)
        if team is None:
            raise Http404
    employees = (
        list(organisation_selectors.employee_list().filter(team=team)) if team is not None else []
    )
    context: dict[str, Any] = {
        "years": years,
        "year": year,
        "period": period,
        "period_choices": PERIOD_CHOICES,
        "team_rows": [
            {"team": t, "share": selectors.team_declarable_share(team=t, period=period)}
            for t in teams
        ],
        "team": team,
        "employee_rows": list(
            zip(
                employees,
                selectors.declarable_share(employees=employees, period=period),
                strict=True,
            )
        ),
        "norm_hours": settings.GRIP_DECLARABLE_NORM_HOURS,
    }
    return render(request, "web/realisation_declarable.html", context)
