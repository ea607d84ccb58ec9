"""The measure pages: the list, and a measure with its decision, its penalty (forfeited and
collected under mandate), its status and the appeals against it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from grip.core.models import User as UserModel
from grip.enforcement import selectors, services
from grip.enforcement.constants import MEASURE_TRANSITIONS, AppealOutcome, MeasureStatus
from grip.enforcement.models import Appeal, Measure
from grip.participants import selectors as participant_selectors
from grip.web.enforcement import common
from grip.web.enforcement.actions import (
    ActionSpec,
    DetailPage,
    Done,
    action_view,
    offered_actions,
    run_action,
)
from grip.web.enforcement.common import VIEW_MEASURE, may, parse_id, user_of
from grip.web.enforcement.forms import EnforcementForm
from grip.web.enforcement.intervention_forms import (
    AppealDecideForm,
    AppealLodgeForm,
    CollectForm,
    ForfeitForm,
    MeasureStatusForm,
)


@login_required
@permission_required(VIEW_MEASURE, raise_exception=True)
@require_GET
def measure_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    participant_id = parse_id(request.GET.get("deelnemer"))
    status = request.GET.get("status", "")
    status = status if status in MeasureStatus.values else ""
    code = request.GET.get("instrument", "").strip()[:40]
    measures = selectors.measure_list_for(
        user=user,
        participant_id=participant_id,
        status=status or None,
        instrument_code=code or None,
    )
    page = Paginator(measures, common.PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "page": page,
        "query": query.urlencode(),
        "participant_id": participant_id,
        "status": status,
        "instrument_code": code,
        "participants": list(participant_selectors.participant_list_for(user=user)),
        "status_choices": MeasureStatus.choices,
        "instruments": list(selectors.instrument_list()),
    }
    return render(request, "web/enforcement/measure_list.html", context)


# --- the measure's page -------------------------------------------------------------------------


def _load_measure(user: UserModel, pk: int) -> Measure:
    return selectors.measure_detail_for(user=user, pk=pk)


@dataclass
class AppealRow:
    """An appeal, with the form for its outcome while it is pending."""

    appeal: Appeal
    form: EnforcementForm | None

    @property
    def key(self) -> str:
        return decision_key(self.appeal)


def decision_key(appeal: Appeal) -> str:
    return f"uitspraak-{appeal.pk}"


def _appeal_rows(
    user: UserModel, measure: Measure, bound: dict[str, EnforcementForm]
) -> list[AppealRow]:
    may_decide = may(user, "enforcement.change_appeal")
    rows = []
    for appeal in selectors.appeal_list_for(user=user, measure=measure).order_by("lodged_on", "id"):
        form = None
        if may_decide and appeal.outcome == AppealOutcome.LOPEND:
            key = decision_key(appeal)
            form = (
                bound.get(key) or AppealDecideForm(prefix=key, target=appeal, user=user)
            ).style()
        rows.append(AppealRow(appeal, form))
    return rows


def _measure_context(
    request: HttpRequest, measure: Measure, bound: dict[str, EnforcementForm]
) -> dict[str, Any]:
    user = user_of(request)
    final = measure.status in (MeasureStatus.UITGEVOERD, MeasureStatus.INGETROKKEN)
    may_change = may(user, "enforcement.change_measure")
    penalty = measure.instrument.has_penalty
    offered = {
        "verbeurd": may_change and penalty and not final,
        "invorderen": may_change
        and penalty
        and measure.collection_decision_id is None
        and measure.forfeited_amount > measure.collected_amount,
        "status": may_change and bool(MEASURE_TRANSITIONS.get(measure.status)),
        "beroep": may(user, "enforcement.add_appeal") and measure.decision_id is not None,
    }
    return {
        "measure": measure,
        "violations": list(measure.violations.select_related("site").order_by("id")),
        "appeals": _appeal_rows(user, measure, bound),
        "actions": offered_actions(MEASURE_ACTIONS, offered, measure, user, bound, measure.pk),
        "open_amount": measure.forfeited_amount - measure.collected_amount,
    }


def _euro(value: Decimal) -> str:
    """'€ 1.000,00'."""
    return f"€ {value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _forfeit(user: UserModel, measure: Measure, data: dict[str, Any]) -> Done:
    done = services.penalty_forfeit(
        actor=user, measure=measure, amount=data["amount"], on=data["on"]
    )
    return Done(
        _("Verbeurd vastgelegd; in totaal %(total)s.") % {"total": _euro(done.forfeited_amount)}
    )


def _collect(user: UserModel, measure: Measure, data: dict[str, Any]) -> Done:
    done = services.penalty_collect(
        actor=user,
        measure=measure,
        amount=data["amount"],
        decision_date=data["decision_date"],
        summary=data["summary"],
    )
    return Done(
        _("Het invorderingsbesluit is ondertekend; ingevorderd %(total)s.")
        % {"total": _euro(done.collected_amount)}
    )


def _status_change(user: UserModel, measure: Measure, data: dict[str, Any]) -> Done:
    done = services.measure_status_change(
        actor=user, measure=measure, status=data["status"], on=data["on"], reason=data["reason"]
    )
    return Done(_("De status is nu '%(status)s'.") % {"status": done.get_status_display()})


def _lodge(user: UserModel, measure: Measure, data: dict[str, Any]) -> Done:
    appeal = services.appeal_lodge(
        actor=user,
        measure=measure,
        stage=data["stage"],
        lodged_on=data["lodged_on"],
        reference=data["reference"],
    )
    return Done(
        _("%(stage)s is vastgelegd.") % {"stage": str(appeal.get_stage_display()).capitalize()}
    )


MEASURE_ACTIONS: dict[str, ActionSpec] = {
    "verbeurd": ActionSpec(
        ForfeitForm,
        "enforcement.change_measure",
        _forfeit,
        "web:measure-forfeit",
        gettext_lazy("Dwangsom verbeurd"),
        gettext_lazy("Verbeurd vastleggen"),
        gettext_lazy("Dwangsommen verbeuren van rechtswege na de begunstigingstermijn (Awb 5:33)."),
    ),
    "invorderen": ActionSpec(
        CollectForm,
        "enforcement.change_measure",
        _collect,
        "web:measure-collect",
        gettext_lazy("Invorderen"),
        gettext_lazy("Invorderingsbesluit ondertekenen"),
        gettext_lazy("Een besluit (Awb 5:37), ondertekend onder mandaat."),
    ),
    "status": ActionSpec(
        MeasureStatusForm,
        "enforcement.change_measure",
        _status_change,
        "web:measure-status",
        gettext_lazy("Status wijzigen"),
        gettext_lazy("Status wijzigen"),
    ),
    "beroep": ActionSpec(
        AppealLodgeForm,
        "enforcement.add_appeal",
        _lodge,
        "web:measure-appeal-lodge",
        gettext_lazy("Bezwaar of beroep vastleggen"),
        gettext_lazy("Vastleggen"),
    ),
}

MEASURE_PAGE = DetailPage(
    template="web/enforcement/measure_detail.html",
    url_name="web:measure-detail",
    load=_load_measure,
    context=_measure_context,
)


@login_required
@permission_required(VIEW_MEASURE, raise_exception=True)
@require_GET
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _load_measure(user_of(request), pk)
    return render(request, MEASURE_PAGE.template, _measure_context(request, measure, {}))


measure_forfeit = action_view(MEASURE_PAGE, MEASURE_ACTIONS, "verbeurd")
measure_collect = action_view(MEASURE_PAGE, MEASURE_ACTIONS, "invorderen")
measure_status = action_view(MEASURE_PAGE, MEASURE_ACTIONS, "status")
measure_appeal_lodge = action_view(MEASURE_PAGE, MEASURE_ACTIONS, "beroep")


@login_required
@permission_required("enforcement.change_appeal", raise_exception=True)
@require_POST
def appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    appeal = selectors.appeal_detail_for(user=user, pk=pk)
    measure = _load_measure(user, appeal.measure_id)
    key = decision_key(appeal)
    form = AppealDecideForm(request.POST, prefix=key, target=appeal, user=user)

    def decide(data: dict[str, Any]) -> Done:
        done = services.appeal_decide(
            actor=user,
            appeal=appeal,
            decided_on=data["decided_on"],
            outcome=data["outcome"],
            note=data["note"],
        )
        return Done(
            _("De uitkomst '%(outcome)s' is vastgelegd.") % {"outcome": done.get_outcome_display()}
        )

    return run_action(
        request, MEASURE_PAGE, measure, key, form, decide, anchor=f"beroep-{appeal.pk}"
    )
