"""The case world with a mandate register: Eindhoven's mandate decision mandating the permit
and enforcement decision types to the director with sub-mandate allowed (the fine line
without), and the director's sub-mandate of permit decisions to the vergunningverlener and of
sanctions up to € 10.000 to the jurist. The ``cases`` fixture.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from grip.cases.tests.factories import (
    START,
    CaseHandlers,
    case_handlers,
    case_type,
    decision_type,
)
from grip.mandates import services as mandate_services
from grip.mandates.models import MandateDecision, MandateLine, SubMandateDecision
from grip.organisation.models import Function
from grip.participants.models import Participant


@dataclass
class CaseWorld(CaseHandlers):
    mandate: MandateDecision
    permit_line: MandateLine
    enforcement_line: MandateLine
    fine_line: MandateLine
    sub_mandate: SubMandateDecision


def case_world(eindhoven: Participant, asten: Participant, make_user: Any) -> CaseWorld:
    handlers = case_handlers(eindhoven, asten, make_user)
    beheerder = handlers.beheerder
    mandate = mandate_services.mandate_decision_create(
        actor=beheerder,
        participant=eindhoven,
        mandator="het college van burgemeester en wethouders van Eindhoven",
        title="Mandaatbesluit VTH Eindhoven 2024",
        decision_date=datetime.date(2023, 12, 12),
        valid_from=START,
        publication_reference="Gemeenteblad 2023, 12345",
    )
    permit_line = mandate_services.mandate_line_add(
        actor=beheerder,
        decision=mandate,
        power="Beslissen op aanvragen om een omgevingsvergunning",
        function=Function.objects.get(code="directeur"),
        decision_types=[
            decision_type("omgevingsvergunning-verlenen"),
            decision_type("omgevingsvergunning-weigeren"),
        ],
        legal_basis="Omgevingswet hoofdstuk 5",
        sub_mandate_allowed=True,
    )
    enforcement_line = mandate_services.mandate_line_add(
        actor=beheerder,
        decision=mandate,
        power="Handhavingsbesluiten en beslissen op handhavingsverzoeken",
        function=Function.objects.get(code="directeur"),
        case_types=[case_type("handhavingsverzoek")],
        excluded_decision_types=[decision_type("bestuurlijke-boete")],
        sub_mandate_allowed=True,
        max_amount=Decimal("50000"),
    )
    fine_line = mandate_services.mandate_line_add(
        actor=beheerder,
        decision=mandate,
        power="Bestuurlijke boetes en besluiten op bezwaar",
        function=Function.objects.get(code="directeur"),
        decision_types=[decision_type("bestuurlijke-boete"), decision_type("besluit-op-bezwaar")],
        sub_mandate_allowed=False,
    )
    sub_mandate = mandate_services.sub_mandate_decision_create(
        actor=beheerder,
        title="Ondermandaatbesluit ODZOB 2024",
        decision_date=datetime.date(2023, 12, 20),
        mandator_function=Function.objects.get(code="directeur"),
        valid_from=START,
        reference="ODZOB/2023/123",
    )
    mandate_services.sub_mandate_line_add(
        actor=beheerder,
        decision=sub_mandate,
        power="Omgevingsvergunningen verlenen en weigeren",
        function=Function.objects.get(code="vergunningverlener"),
        decision_types=[
            decision_type("omgevingsvergunning-verlenen"),
            decision_type("omgevingsvergunning-weigeren"),
        ],
    )
    mandate_services.sub_mandate_line_add(
        actor=beheerder,
        decision=sub_mandate,
        power="Lasten onder dwangsom en handhavingsverzoeken",
        function=Function.objects.get(code="jurist"),
        decision_types=[
            decision_type("last-onder-dwangsom"),
            decision_type("handhavingsverzoek-toewijzen"),
            decision_type("handhavingsverzoek-afwijzen"),
            decision_type("bestuurlijke-boete"),
        ],
        max_amount=Decimal("10000"),
    )
    return CaseWorld(
        **vars(handlers),
        mandate=mandate,
        permit_line=permit_line,
        enforcement_line=enforcement_line,
        fine_line=fine_line,
        sub_mandate=sub_mandate,
    )
