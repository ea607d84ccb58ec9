"""The targets page: the targets of a year and, for KIS, the form to set or remove one.

Without a target the province's norm applies; a target for all participants overrides it,
and a participant's own target overrides that (``grip.kpis.selectors.TargetBook``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from grip.core.errors import DomainError
from grip.core.models import User as UserModel
from grip.kpis import registry, services
from grip.kpis import selectors as kpis
from grip.kpis.models import Target
from grip.participants import selectors as participant_selectors
from grip.web.cases import refusal_status
from grip.web.feedback import dutch_message
from grip.web.kpis import display
from grip.web.kpis.common import (
    CHANGE_TARGET,
    DELETE_TARGET,
    VIEW_TARGETS,
    chosen_year,
    user_of,
    years_offered,
)
from grip.web.kpis.forms import TargetForm


def _list_url(year: int) -> str:
    return f"{reverse('web:target-list')}?jaar={year}"


def _row(target: Target) -> dict[str, Any]:
    indicator = registry.BY_CODE.get(target.indicator_code)
    unit = indicator.unit if indicator else "aantal"
    return {
        "target": target,
        "name": str(indicator.name) if indicator else target.indicator_code,
        "url": reverse("web:indicator-detail", args=[target.indicator_code]) if indicator else "",
        "value": f"{target.get_comparison_display()} {display.value_text(target.value, unit)}",
    }


def _page(
    request: HttpRequest, user: UserModel, year: int, form: TargetForm | None, status: int = 200
) -> HttpResponse:
    targets = list(kpis.target_list_for(user=user, year=year))
    order = {indicator.code: number for number, indicator in enumerate(registry.INDICATORS)}
    targets.sort(
        key=lambda t: (
            order.get(t.indicator_code, 99),
            t.participant is not None,
            t.participant.name if t.participant else "",
        )
    )
    may_change = user.has_perm(CHANGE_TARGET)
    if form is None and may_change:
        form = TargetForm(
            participants=participant_selectors.participant_list_for(user=user).order_by("name"),
            year=year,
        )
    context = {
        "years": years_offered(),
        "year": year,
        "rows": [_row(target) for target in targets],
        "form": form.style() if form is not None and may_change else None,
        "may_delete": user.has_perm(DELETE_TARGET),
        "section": "streefwaarden",
    }
    return render(request, "web/kpis/target_list.html", context, status=status)


@login_required
@permission_required(VIEW_TARGETS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def target_list(request: HttpRequest) -> HttpResponse:
    """The year's targets; a POST sets one (for one participant, or for all)."""
    user = user_of(request)
    year = chosen_year(request, years_offered())
    if request.method != "POST":
        return _page(request, user, year, None)
    if not user.has_perm(CHANGE_TARGET):
        raise PermissionDenied
    form = TargetForm(
        request.POST,
        participants=participant_selectors.participant_list_for(user=user).order_by("name"),
        year=year,
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            target = services.target_set(
                actor=user,
                indicator_code=data["indicator_code"],
                year=data["year"],
                value=data["value"],
                comparison=data["comparison"] or None,
                participant=data["participant"],
                note=data["note"],
            )
        except (DomainError, ValidationError) as error:
            form.add_refusal(error)
            return _page(request, user, data["year"], form, refusal_status(error))
        messages.success(
            request,
            _("De streefwaarde is vastgelegd: %(target)s.")
            % {"target": f"{_row(target)['name']} {target.year}, {_row(target)['value']}"},
        )
        return redirect(_list_url(target.year))
    return _page(request, user, year, form, 422)


@login_required
@permission_required(DELETE_TARGET, raise_exception=True)
@require_POST
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    target = kpis.target_detail_for(user=user, pk=pk)
    year = target.year
    try:
        services.target_delete(actor=user, target=target)
    except DomainError as error:
        messages.error(request, dutch_message(error))
    else:
        messages.success(
            request,
            _(
                "De streefwaarde is verwijderd; de norm of de streefwaarde voor alle "
                "deelnemers geldt weer."
            ),
        )
    return redirect(_list_url(year))
