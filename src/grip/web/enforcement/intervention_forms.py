"""The forms of what is done about a violation: the intervention chosen from the strategy's
cell (a notice of intent, a warning, a measure), the response to a notice, repair, and on a
measure its penalties and appeals. Like every form here they only parse; the service decides.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grip.enforcement import selectors
from grip.enforcement.constants import (
    MEASURE_TRANSITIONS,
    AppealOutcome,
    AppealStage,
    InstrumentTrack,
    MeasureStatus,
    PenaltyUnit,
)
from grip.enforcement.models import Instrument, Measure
from grip.web.enforcement.common import LoadedViolation, parse_id, today
from grip.web.enforcement.forms import (
    EnforcementForm,
    amount_field,
    date_field,
    long_text_field,
    text_field,
)

# --- choosing an intervention -------------------------------------------------------------------


class InstrumentSelect(forms.Select):
    """A select whose options carry data attributes, so that CSS shows the fields that apply
    (a reason outside the cell, the penalty of an order) without script."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.option_data: dict[str, dict[str, str]] = {}

    def create_option(
        self,
        name: str,
        value: Any,
        label: Any,
        selected: Any,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"].update(self.option_data.get(str(value), {}))
        return option


class InstrumentForm(EnforcementForm):
    """A form that chooses an intervention for a violation: the cell's instruments first and
    marked 'volgens strategie'; one outside the cell asks for a reason."""

    only_decisions = False

    def instrument_field(self, advice: selectors.ViolationAdvice) -> None:
        cell = advice.cell
        inside = list(cell.instruments.all())
        inside.sort(key=lambda i: (i.pk != cell.default_instrument_id, i.severity, i.name))
        inside_pks = {i.pk for i in inside}
        outside = [i for i in selectors.instrument_list(on=today()) if i.pk not in inside_pks]
        if self.only_decisions:
            inside = [i for i in inside if i.decision_type_id is not None]
            outside = [i for i in outside if i.decision_type_id is not None]
        self.instruments = {i.pk: i for i in (*inside, *outside)}
        widget = InstrumentSelect()
        for instrument in (*inside, *outside):
            data = {}
            if instrument.pk not in inside_pks:
                data["data-outside"] = "ja"
            if instrument.has_penalty:
                data["data-penalty"] = "ja"
            if instrument.track == InstrumentTrack.BESTRAFFEND and instrument.decision_type_id:
                data["data-fine"] = "ja"
            widget.option_data[str(instrument.pk)] = data

        def label(instrument: Instrument) -> str:
            if instrument.pk == cell.default_instrument_id:
                return _("%(name)s — volgens strategie, eerste interventie") % {
                    "name": instrument.name
                }
            if instrument.pk in inside_pks:
                return _("%(name)s — volgens strategie") % {"name": instrument.name}
            return str(instrument.name)

        choices: list[Any] = []
        if inside:
            choices.append(
                (
                    _("Volgens de strategie (cel %(cell)s)") % {"cell": cell.code},
                    [(str(i.pk), label(i)) for i in inside],
                )
            )
        if outside:
            choices.append(
                (
                    _("Buiten cel %(cell)s: reden verplicht") % {"cell": cell.code},
                    [(str(i.pk), label(i)) for i in outside],
                )
            )
        field = forms.ChoiceField(label=_("Interventie"), choices=choices, widget=widget)
        self.fields = {"instrument": field, **self.fields}
        if not self.is_bound:
            suggested = [
                i for i in inside if i.code in {ref.code for ref in advice.next_step.instruments}
            ]
            first = suggested[0] if suggested else (inside[0] if inside else None)
            self.initial.setdefault("instrument", str(first.pk) if first else "")

    def chosen_instrument(self) -> Instrument | None:
        """The instrument chosen, also while the rest of the form does not validate."""
        if self.is_bound:
            raw = self.data.get(self.add_prefix("instrument"))
        else:
            raw = str(self.initial.get("instrument", ""))
        return self.instruments.get(parse_id(raw) or 0)

    def clean_instrument(self) -> Instrument:
        instrument = self.instruments.get(parse_id(self.cleaned_data["instrument"]) or 0)
        if instrument is None:
            raise ValidationError(_("Kies een interventie uit de lijst."))
        return instrument


class ImposeForm(InstrumentForm):
    imposed_on = date_field(gettext_lazy("Datum opleggen"))
    repair_until = date_field(
        gettext_lazy("Begunstigingstermijn tot en met (niet verplicht)"), required=False
    )
    summary = long_text_field(
        gettext_lazy("Inhoud van het besluit (niet verplicht)"),
        help_text=gettext_lazy("Leeg: de interventie en de overtreding."),
    )
    deviation_reason = long_text_field(
        gettext_lazy("Reden om af te wijken van de strategie"),
        help_text=gettext_lazy("Verplicht bij een interventie buiten de cel van de overtreding."),
    )
    penalty_amount = amount_field(gettext_lazy("Dwangsom per eenheid (euro)"), required=False)
    penalty_unit = forms.ChoiceField(
        label=gettext_lazy("Eenheid"),
        choices=[("", "—"), *PenaltyUnit.choices],
        required=False,
    )
    penalty_maximum = amount_field(
        gettext_lazy("Maximum dwangsom (euro)"),
        required=False,
        help_text=gettext_lazy("Dit bedrag wordt aan de mandaatgrens getoetst."),
    )
    fine_amount = amount_field(gettext_lazy("Boetebedrag (euro)"), required=False)
    wrappers = {
        "deviation_reason": "grip-when-outside",
        "penalty_amount": "grip-when-penalty",
        "penalty_unit": "grip-when-penalty",
        "penalty_maximum": "grip-when-penalty",
        "fine_amount": "grip-when-fine",
    }

    def setup(self) -> None:
        loaded: LoadedViolation = self.target
        advice = loaded.advice
        self.instrument_field(advice)
        days = advice.cell.repair_term_days
        self.fields["repair_until"].help_text = (
            _("Leeg: de hersteltermijn van de cel, %(days)s dagen na het opleggen.")
            % {"days": days}
            if days
            else _("De cel vraagt direct herstel.")
        )
        self.fields["imposed_on"].widget.attrs["max"] = today().isoformat()
        self.initial.setdefault("imposed_on", today())
        self.initial.setdefault("penalty_unit", PenaltyUnit.PER_WEEK)


class IntentionForm(InstrumentForm):
    only_decisions = True
    sent_on = date_field(gettext_lazy("Verzonden op"))
    response_until = date_field(
        gettext_lazy("Zienswijze tot en met (niet verplicht)"),
        required=False,
        help_text=gettext_lazy("Leeg: twee weken na verzending."),
    )
    repair_until = date_field(
        gettext_lazy("Herstellen uiterlijk (niet verplicht)"),
        required=False,
        help_text=gettext_lazy("Leeg: de hersteltermijn van de cel. Dan volgt de hercontrole."),
    )
    deviation_reason = long_text_field(
        gettext_lazy("Reden om af te wijken van de strategie"),
        help_text=gettext_lazy("Verplicht bij een interventie buiten de cel van de overtreding."),
    )
    wrappers = {"deviation_reason": "grip-when-outside"}

    def setup(self) -> None:
        loaded: LoadedViolation = self.target
        self.instrument_field(loaded.advice)
        self.fields["instrument"].label = _("Voorgenomen besluit")
        self.initial.setdefault("sent_on", today())


class ResponseForm(EnforcementForm):
    """The response (*zienswijze*) to a notice of intent."""

    received_on = date_field(gettext_lazy("Ontvangen op"))
    summary = long_text_field(
        gettext_lazy("Samenvatting van de zienswijze"),
        help_text=gettext_lazy("Wat de overtreder aanvoert, in een paar zinnen."),
    )

    def setup(self) -> None:
        self.fields["received_on"].widget.attrs["max"] = today().isoformat()
        self.initial.setdefault("received_on", today())


# --- the violation itself -----------------------------------------------------------------------


class RepairedForm(EnforcementForm):
    on = date_field(gettext_lazy("Hersteld op"))
    note = long_text_field(
        gettext_lazy("Waaruit blijkt het herstel"),
        help_text=gettext_lazy("Bijvoorbeeld een foto of een factuur van het herstel."),
    )

    def setup(self) -> None:
        self.initial.setdefault("on", today())


class NoEnforcementForm(EnforcementForm):
    reason = long_text_field(gettext_lazy("Reden om niet te handhaven"))


# --- measures -----------------------------------------------------------------------------------


class ForfeitForm(EnforcementForm):
    amount = amount_field(gettext_lazy("Verbeurd bedrag (euro)"))
    on = date_field(gettext_lazy("Vastgesteld op"))

    def setup(self) -> None:
        self.initial.setdefault("on", today())


class CollectForm(EnforcementForm):
    amount = amount_field(gettext_lazy("In te vorderen bedrag (euro)"))
    decision_date = date_field(gettext_lazy("Datum invorderingsbesluit"))
    summary = long_text_field(gettext_lazy("Inhoud van het besluit (niet verplicht)"))

    def setup(self) -> None:
        measure: Measure = self.target
        self.initial.setdefault("decision_date", today())
        self.initial.setdefault("amount", measure.forfeited_amount - measure.collected_amount)


class MeasureStatusForm(EnforcementForm):
    status = forms.ChoiceField(label=gettext_lazy("Nieuwe status"), choices=MeasureStatus.choices)
    on = date_field(gettext_lazy("Datum"))
    reason = long_text_field(gettext_lazy("Reden (verplicht bij intrekken)"))

    def setup(self) -> None:
        measure: Measure = self.target
        allowed = MEASURE_TRANSITIONS.get(measure.status, frozenset())
        # The list offers the next statuses; any is accepted so the service explains a refusal.
        self.fields["status"].widget.choices = [
            (value, label) for value, label in MeasureStatus.choices if value in allowed
        ]
        self.initial.setdefault("on", today())


class AppealLodgeForm(EnforcementForm):
    stage = forms.ChoiceField(label=gettext_lazy("Fase"), choices=AppealStage.choices)
    lodged_on = date_field(gettext_lazy("Ingediend op"))
    reference = text_field(gettext_lazy("Kenmerk (niet verplicht)"), max_length=80)

    def setup(self) -> None:
        self.initial.setdefault("lodged_on", today())


class AppealDecideForm(EnforcementForm):
    decided_on = date_field(gettext_lazy("Uitspraak op"))
    outcome = forms.ChoiceField(
        label=gettext_lazy("Uitkomst"),
        choices=[c for c in AppealOutcome.choices if c[0] != AppealOutcome.LOPEND],
    )
    note = long_text_field(gettext_lazy("Toelichting (niet verplicht)"))

    def setup(self) -> None:
        self.initial.setdefault("decided_on", today())
