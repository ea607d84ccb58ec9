"""The violation pages: the list, and a violation with the interventions its cell proposes,
the escalation ladder and what was done (notices of intent and their responses, measures,
re-inspections); imposing a measure previews the mandate it will be signed under."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from grip.core.models import User as UserModel
from grip.enforcement import selectors, services
from grip.enforcement.models import Instrument, Intention, Violation
from grip.mandates import services as mandate_services
from grip.mandates.verdict import Verdict
from grip.organisation import selectors as organisation_selectors
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
from grip.web.enforcement.common import (
    VIEW_VIOLATION,
    LoadedViolation,
    is_staff,
    load_violation,
    long_date,
    may,
    parse_id,
    today,
    user_of,
)
from grip.web.enforcement.forms import EnforcementForm
from grip.web.enforcement.intervention_forms import (
    ImposeForm,
    IntentionForm,
    NoEnforcementForm,
    RepairedForm,
    ResponseForm,
)
from grip.web.feedback import is_htmx


@login_required
@permission_required(VIEW_VIOLATION, raise_exception=True)
@require_GET
def violation_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    participant_id = parse_id(request.GET.get("deelnemer"))
    inspector_id = parse_id(request.GET.get("toezichthouder"))
    open_only = request.GET.get("open") == "ja"
    text = request.GET.get("zoek", "").strip()[:100]
    violations = selectors.violation_list_for(
        user=user,
        participant_id=participant_id,
        open_only=open_only,
        inspector_id=inspector_id,
        query=text,
    )
    page = Paginator(violations, common.PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    inspector = (
        organisation_selectors.employee_list().filter(pk=inspector_id).first()
        if inspector_id and is_staff(user)
        else None
    )
    context = {
        "page": page,
        "query": query.urlencode(),
        "participant_id": participant_id,
        "open_only": open_only,
        "text": text,
        "inspector": inspector,
        "participants": list(participant_selectors.participant_list_for(user=user)),
    }
    return render(request, "web/enforcement/violation_list.html", context)


# --- the violation's page -----------------------------------------------------------------------


@dataclass
class IntentionRow:
    """A notice of intent, with the form for its response while none is recorded."""

    intention: Intention
    form: EnforcementForm | None

    @property
    def key(self) -> str:
        return response_key(self.intention)


def response_key(intention: Intention) -> str:
    return f"zienswijze-{intention.pk}"


def _is_open(violation: Violation) -> bool:
    return violation.repaired_on is None and violation.enforce


def _preview(
    user: UserModel, violation: Violation, form: ImposeForm
) -> tuple[Instrument | None, Verdict | None]:
    """The mandate the chosen instrument would be signed under, without signing."""
    instrument = form.chosen_instrument()
    day, amount = today(), None
    if form.is_bound:
        if not form.is_valid():
            return instrument, None
        data = form.cleaned_data
        day = data["imposed_on"]
        amount = data["fine_amount"] if data["fine_amount"] is not None else data["penalty_maximum"]
    if instrument is None or instrument.decision_type is None:
        return instrument, None
    verdict = mandate_services.signing_verdict(
        actor=user,
        case=violation.inspection.case,
        decision_type=instrument.decision_type,
        decision_date=day,
        amount=amount,
    )
    return instrument, verdict


def _intention_rows(
    user: UserModel, violation: Violation, bound: dict[str, EnforcementForm]
) -> list[IntentionRow]:
    may_record = may(user, "enforcement.change_intention")
    rows = []
    for intention in selectors.intentions_of(violation):
        form = None
        if may_record and intention.response_received_on is None:
            key = response_key(intention)
            form = (bound.get(key) or ResponseForm(prefix=key, target=intention, user=user)).style()
        rows.append(IntentionRow(intention, form))
    return rows


def _violation_context(
    request: HttpRequest, loaded: LoadedViolation, bound: dict[str, EnforcementForm]
) -> dict[str, Any]:
    user = user_of(request)
    violation, advice = loaded.violation, loaded.advice
    is_open = _is_open(violation)
    offered = {
        "maatregel": is_open and may(user, "enforcement.add_measure"),
        "voornemen": is_open and may(user, "enforcement.add_intention"),
        "hersteld": is_open and may(user, "enforcement.change_violation"),
        "niet-handhaven": is_open and may(user, "enforcement.change_violation"),
    }
    actions = offered_actions(VIOLATION_ACTIONS, offered, loaded, user, bound, violation.pk)
    impose = actions["maatregel"].form if "maatregel" in actions else None
    instrument, verdict = (
        _preview(user, violation, impose) if isinstance(impose, ImposeForm) else (None, None)
    )
    intentions = _intention_rows(user, violation, bound)
    return {
        "violation": violation,
        "advice": advice,
        "cell": advice.cell,
        "findings": list(violation.findings.select_related("subject", "inspection")),
        "intentions": intentions,
        "responses_open": any(row.form for row in intentions),
        "measures": list(selectors.measures_of(violation)),
        "reinspections": list(selectors.reinspections_of(violation)),
        "actions": actions,
        "preview_instrument": instrument,
        "verdict": verdict,
        "is_open": is_open,
    }


def _send_intention(user: UserModel, loaded: LoadedViolation, data: dict[str, Any]) -> Done:
    intention = services.intention_send(
        actor=user,
        violation=loaded.violation,
        instrument=data["instrument"],
        sent_on=data["sent_on"],
        response_until=data["response_until"],
        repair_until=data["repair_until"],
        deviation_reason=data["deviation_reason"],
    )
    return Done(
        _(
            "Het voornemen '%(instrument)s' is vastgelegd; zienswijze tot en met %(response)s, "
            "herstellen uiterlijk %(repair)s."
        )
        % {
            "instrument": intention.instrument.name,
            "response": long_date(intention.response_until),
            "repair": long_date(intention.repair_until),
        }
    )


def _record_repaired(user: UserModel, loaded: LoadedViolation, data: dict[str, Any]) -> Done:
    services.violation_repaired(
        actor=user, violation=loaded.violation, on=data["on"], note=data["note"]
    )
    return Done(_("De overtreding is hersteld op %(day)s.") % {"day": long_date(data["on"])})


def _no_enforcement(user: UserModel, loaded: LoadedViolation, data: dict[str, Any]) -> Done:
    services.violation_no_enforcement(actor=user, violation=loaded.violation, reason=data["reason"])
    return Done(_("Vastgelegd: er wordt niet gehandhaafd."))


def _impose(user: UserModel, loaded: LoadedViolation, data: dict[str, Any]) -> Done:
    measure = services.measure_impose(actor=user, violations=[loaded.violation], **data)
    return Done(
        _("Maatregel %(number)s (%(instrument)s) is opgelegd.")
        % {"number": measure.identification, "instrument": measure.instrument.name},
        reverse("web:measure-detail", args=[measure.pk]),
    )


VIOLATION_ACTIONS: dict[str, ActionSpec] = {
    "maatregel": ActionSpec(
        ImposeForm,
        "enforcement.add_measure",
        _impose,
        "web:violation-impose",
        gettext_lazy("Waarschuwing of maatregel opleggen"),
        gettext_lazy("Opleggen"),
    ),
    "voornemen": ActionSpec(
        IntentionForm,
        "enforcement.add_intention",
        _send_intention,
        "web:violation-intention",
        gettext_lazy("Voornemen versturen"),
        gettext_lazy("Voornemen vastleggen"),
        gettext_lazy(
            "Kondig het besluit aan, met een termijn voor een zienswijze (Awb 4:8) en om te "
            "herstellen; de hercontrole wordt daarna gepland."
        ),
    ),
    "hersteld": ActionSpec(
        RepairedForm,
        "enforcement.change_violation",
        _record_repaired,
        "web:violation-repaired",
        gettext_lazy("Hersteld vastleggen"),
        gettext_lazy("Hersteld vastleggen"),
        gettext_lazy(
            "Blijkt het herstel anders dan uit een hercontrole; geplande hercontroles vervallen."
        ),
    ),
    "niet-handhaven": ActionSpec(
        NoEnforcementForm,
        "enforcement.change_violation",
        _no_enforcement,
        "web:violation-no-enforcement",
        gettext_lazy("Niet handhaven"),
        gettext_lazy("Niet handhaven"),
        gettext_lazy("Geplande hercontroles vervallen."),
    ),
}

VIOLATION_PAGE = DetailPage(
    template="web/enforcement/violation_detail.html",
    url_name="web:violation-detail",
    load=load_violation,
    context=_violation_context,
)


@login_required
@permission_required(VIEW_VIOLATION, raise_exception=True)
@require_GET
def violation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    loaded = load_violation(user_of(request), pk)
    return render(request, VIOLATION_PAGE.template, _violation_context(request, loaded, {}))


violation_intention = action_view(VIOLATION_PAGE, VIOLATION_ACTIONS, "voornemen")
violation_repaired = action_view(VIOLATION_PAGE, VIOLATION_ACTIONS, "hersteld")
violation_no_enforcement = action_view(VIOLATION_PAGE, VIOLATION_ACTIONS, "niet-handhaven")


@login_required
@permission_required("enforcement.add_measure", raise_exception=True)
@require_POST
def violation_impose(request: HttpRequest, pk: int) -> HttpResponse:
    """Impose a warning or measure. ``actie=opleggen`` imposes (and signs the decision under
    mandate); anything else, such as the htmx request on every change, only previews."""
    user = user_of(request)
    loaded = load_violation(user, pk)
    key = "maatregel"
    form = ImposeForm(request.POST, prefix=key, target=loaded, user=user)
    if request.POST.get("actie") != "opleggen":
        context = _violation_context(request, loaded, {key: form})
        status = 200 if is_htmx(request) or form.is_valid() else 422
        return render(request, VIOLATION_PAGE.template, context, status=status)
    return run_action(
        request, VIOLATION_PAGE, loaded, key, form, lambda data: _impose(user, loaded, data)
    )


@login_required
@permission_required("enforcement.change_intention", raise_exception=True)
@require_POST
def intention_response(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the response (*zienswijze*) to a notice of intent."""
    user = user_of(request)
    intention = selectors.intention_detail_for(user=user, pk=pk)
    loaded = load_violation(user, intention.violation_id)
    key = response_key(intention)
    form = ResponseForm(request.POST, prefix=key, target=intention, user=user)

    def record(data: dict[str, Any]) -> Done:
        services.intention_response_record(
            actor=user,
            intention=intention,
            received_on=data["received_on"],
            summary=data["summary"],
        )
        return Done(
            _("De zienswijze op het voornemen '%(instrument)s' is vastgelegd.")
            % {"instrument": intention.instrument.name},
            reverse("web:violation-detail", args=[loaded.pk]) + f"#voornemen-{intention.pk}",
        )

    return run_action(request, VIOLATION_PAGE, loaded, key, form, record, anchor=key)
