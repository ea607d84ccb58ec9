"""The mandate check: may this function take this decision for this participant on this day?

The answer is a :class:`Verdict`: either the chain that allows it (a mandate line of the
participant to the function, or a mandate line to the director plus the director's
sub-mandate to the function) with the *namens* line the decision must carry (Awb 10:10), or
one sentence naming the first missing link. It reads the register and writes nothing.

The order of the questions follows how a jurist reads a register: has the participant
mandated this kind of decision at all; is that mandate in force on the decision date; does it
reach the signer's function directly or through a sub-mandate that the mandate allows; and is
the amount within every limit on the way. The Awb 10:3 exclusions are personal, not about
functions, and are checked by the signing service before this.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from grip.cases.models import CaseType, DecisionType
from grip.mandates.models import MandateLine, SubMandateLine
from grip.organisation.models import Function
from grip.participants.models import Participant


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    refusal: str = ""
    mandate_line: MandateLine | None = None
    sub_mandate_line: SubMandateLine | None = None
    chain: tuple[str, ...] = field(default=())
    namens: str = ""


def _day(value: datetime.date) -> str:
    return value.strftime("%d-%m-%Y")


def _euro(value: Decimal) -> str:
    return f"€ {value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _covers(line: MandateLine, decision_type: DecisionType, case_type: CaseType) -> bool:
    types = {t.pk for t in line.decision_types.all()}
    case_codes = {c.code for c in line.case_types.all()}
    excluded = {t.pk for t in line.excluded_decision_types.all()}
    if decision_type.pk in excluded:
        return False
    if case_codes and case_type.code not in case_codes:
        return False
    if types:
        return decision_type.pk in types
    # No decision types listed: every decision type of the listed case types.
    return bool(case_codes)


def _sub_covers(
    line: SubMandateLine, decision_type: DecisionType, participant: Participant
) -> bool:
    participants = {p.pk for p in line.participants.all()}
    if participants and participant.pk not in participants:
        return False
    return decision_type.pk in {t.pk for t in line.decision_types.all()}


def _not_in_force(rows: Iterable[MandateLine | SubMandateLine], on: datetime.date) -> str:
    """Why the (sub-)mandate decisions behind ``rows`` are not in force on ``on``."""
    decisions = [row.decision for row in rows]
    revoked = [d for d in decisions if d.revoked_on and d.revoked_on <= on]
    if revoked:
        last = max(revoked, key=lambda d: d.revoked_on or on)
        return _("is ingetrokken per %(day)s (%(title)s)") % {
            "day": _day(last.revoked_on or on),
            "title": last.title,
        }
    expired = [d for d in decisions if d.valid_to and d.valid_to < on]
    if expired:
        last = max(expired, key=lambda d: d.valid_to or on)
        return _("liep af op %(day)s (%(title)s)") % {
            "day": _day(last.valid_to or on),
            "title": last.title,
        }
    first = min(decisions, key=lambda d: d.valid_from)
    return _("geldt pas vanaf %(day)s (%(title)s)") % {
        "day": _day(first.valid_from),
        "title": first.title,
    }


def namens_line(
    *,
    mandator: str,
    signer_name: str,
    signer_function: Function,
    via_function: Function | None = None,
) -> str:
    """The line under a decision taken in mandate (Awb 10:10); with a sub-mandate it names
    the original mandator and the function that passed the power on."""
    service = settings.GRIP_SERVICE_NAME
    if via_function is None:
        return _("Namens %(mandator)s,\n%(name)s, %(function)s %(service)s") % {
            "mandator": mandator,
            "name": signer_name,
            "function": signer_function.name.lower(),
            "service": service,
        }
    return _(
        "Namens %(mandator)s,\nde %(via)s van de %(service)s,\nnamens deze:\n%(name)s, %(function)s"
    ) % {
        "mandator": mandator,
        "via": via_function.name.lower(),
        "service": service,
        "name": signer_name,
        "function": signer_function.name.lower(),
    }


def verdict(
    *,
    participant: Participant,
    case_type: CaseType,
    decision_type: DecisionType,
    function: Function,
    on: datetime.date,
    signer_name: str,
    amount: Decimal | None = None,
) -> Verdict:
    """Whether ``function`` holds, on ``on``, a mandate of ``participant`` for the decision."""
    lines = [
        line
        for line in MandateLine.objects.filter(decision__participant=participant)
        .select_related("decision", "function")
        .prefetch_related("decision_types", "case_types", "excluded_decision_types")
        if _covers(line, decision_type, case_type)
    ]
    subject = {
        "participant": participant.name,
        "type": decision_type.name.lower(),
        "function": function.name.lower(),
    }
    if not lines:
        return Verdict(
            False,
            _("%(participant)s heeft het besluittype '%(type)s' aan niemand gemandateerd.")
            % subject,
        )
    in_force = [line for line in lines if line.decision.in_force_on(on)]
    if not in_force:
        return Verdict(
            False,
            _("Het mandaat van %(participant)s voor '%(type)s' %(why)s.")
            % {**subject, "why": _not_in_force(lines, on)},
        )

    def within(limit: Decimal | None) -> bool:
        return amount is None or limit is None or amount <= limit

    direct = [line for line in in_force if line.function_id == function.pk]
    if direct:
        fitting = [line for line in direct if within(line.max_amount)]
        if not fitting:
            limit = max(line.max_amount or Decimal(0) for line in direct)
            return Verdict(
                False,
                _(
                    "Het bedrag van %(amount)s ligt boven de mandaatgrens van %(limit)s die "
                    "%(participant)s aan de %(function)s gaf."
                )
                % {**subject, "amount": _euro(amount or Decimal(0)), "limit": _euro(limit)},
            )
        line = fitting[0]
        return Verdict(
            True,
            mandate_line=line,
            chain=(
                _("Mandaat: %(title)s, regel '%(power)s' aan de %(function)s")
                % {
                    "title": line.decision.title,
                    "power": line.power,
                    "function": subject["function"],
                },
            ),
            namens=namens_line(
                mandator=line.decision.mandator, signer_name=signer_name, signer_function=function
            ),
        )

    subs = [
        sub
        for sub in SubMandateLine.objects.filter(function=function)
        .select_related("decision", "decision__mandator_function")
        .prefetch_related("decision_types", "participants")
        if _sub_covers(sub, decision_type, participant)
    ]
    if not subs:
        holders = sorted({line.function.name.lower() for line in in_force})
        return Verdict(
            False,
            _(
                "De %(function)s heeft geen mandaat of ondermandaat van %(participant)s voor "
                "'%(type)s'; dat mandaat ligt bij: %(holders)s."
            )
            % {**subject, "holders": ", ".join(holders)},
        )
    subs_in_force = [sub for sub in subs if sub.decision.in_force_on(on)]
    if not subs_in_force:
        return Verdict(
            False,
            _("Het ondermandaat aan de %(function)s voor '%(type)s' %(why)s.")
            % {**subject, "why": _not_in_force(subs, on)},
        )
    pairs = [
        (sub, line)
        for sub in subs_in_force
        for line in in_force
        if line.function_id == sub.decision.mandator_function_id
    ]
    if not pairs:
        giver = subs_in_force[0].decision.mandator_function.name.lower()
        return Verdict(
            False,
            _(
                "Het ondermandaat van de %(function)s komt van de %(giver)s, maar "
                "%(participant)s heeft '%(type)s' niet aan de %(giver)s gemandateerd."
            )
            % {**subject, "giver": giver},
        )
    allowed = [(sub, line) for sub, line in pairs if line.sub_mandate_allowed]
    if not allowed:
        sub, line = pairs[0]
        return Verdict(
            False,
            _(
                "Het mandaat van %(participant)s aan de %(giver)s voor '%(type)s' staat geen "
                "ondermandaat toe (%(title)s)."
            )
            % {**subject, "giver": line.function.name.lower(), "title": line.decision.title},
        )
    fitting_pairs = [
        (sub, line) for sub, line in allowed if within(sub.max_amount) and within(line.max_amount)
    ]
    if not fitting_pairs:
        limits = [
            min(x for x in (sub.max_amount, line.max_amount) if x is not None)
            for sub, line in allowed
        ]
        return Verdict(
            False,
            _(
                "Het bedrag van %(amount)s ligt boven de mandaatgrens van %(limit)s voor de "
                "%(function)s."
            )
            % {**subject, "amount": _euro(amount or Decimal(0)), "limit": _euro(max(limits))},
        )
    sub, line = fitting_pairs[0]
    giver_function = line.function
    return Verdict(
        True,
        mandate_line=line,
        sub_mandate_line=sub,
        chain=(
            _("Mandaat: %(title)s, regel '%(power)s' aan de %(giver)s (ondermandaat toegestaan)")
            % {
                "title": line.decision.title,
                "power": line.power,
                "giver": giver_function.name.lower(),
            },
            _("Ondermandaat: %(title)s, regel '%(power)s' aan de %(function)s")
            % {"title": sub.decision.title, "power": sub.power, "function": subject["function"]},
        ),
        namens=namens_line(
            mandator=line.decision.mandator,
            signer_name=signer_name,
            signer_function=function,
            via_function=giver_function,
        ),
    )
