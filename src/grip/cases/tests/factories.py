"""A small world for case tests: Eindhoven and Asten; a permit officer (vergunningverlener),
a jurist, a toezichthouder, the director, the beheerder and a participant user of Eindhoven.

The mandate register on top of it is ``grip.mandates.tests.factories.CaseWorld`` (the ``cases``
fixture); this module stays below the mandates app.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from grip.cases import services
from grip.cases.constants import CaseStatus
from grip.cases.models import Case, CaseType, DecisionType
from grip.organisation.models import Function, Team
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants.models import Participant

START = datetime.date(2024, 1, 1)


def case_type(code: str) -> CaseType:
    return CaseType.objects.get(code=code, version=1)


def decision_type(code: str) -> DecisionType:
    return DecisionType.objects.get(code=code)


def staff(function: str, *, role: str = "medewerker", team: str = "vergunningverlening") -> Any:
    """A user with an employee record holding ``function``."""
    employee: Any = EmployeeFactory(
        user__role=role,
        function=Function.objects.get(code=function),
        team=Team.objects.get(code=team),
    )
    return employee.user


@dataclass
class CaseHandlers:
    eindhoven: Participant
    asten: Participant
    officer: Any  # vergunningverlener (medewerker role)
    jurist: Any
    inspector: Any  # toezichthouder
    director: Any  # directeur (bestuur role)
    beheerder: Any
    participant_user: Any  # Eindhoven's deelnemer user (clearance zaakvertrouwelijk)

    def case(
        self,
        *,
        code: str = "aanvraag-omgevingsvergunning",
        received_on: datetime.date = datetime.date(2026, 3, 2),
        participant: Participant | None = None,
        actor: Any = None,
        in_progress: bool = True,
        **kwargs: Any,
    ) -> Case:
        """A case taken in by the permit officer; ``in_progress``: and taken into handling
        on the day of receipt."""
        kwargs.setdefault("location_description", "Kanaaldijk 12, Eindhoven")
        case = services.case_create(
            actor=actor or self.officer,
            participant=participant or self.eindhoven,
            case_type=case_type(code),
            subject=kwargs.pop("subject", "Uitbreiding opslag gevaarlijke stoffen"),
            received_on=received_on,
            **kwargs,
        )
        if in_progress:
            services.status_change(
                actor=actor or self.officer,
                case=case,
                to_status=CaseStatus.IN_BEHANDELING,
                on=received_on,
            )
            case.refresh_from_db()
        return case


def case_handlers(eindhoven: Participant, asten: Participant, make_user: Any) -> CaseHandlers:
    return CaseHandlers(
        eindhoven=eindhoven,
        asten=asten,
        officer=staff("vergunningverlener"),
        jurist=staff("jurist", team="juridische-zaken"),
        inspector=staff("toezichthouder", team="toezicht-handhaving"),
        director=staff("directeur", role="bestuur", team="directie"),
        beheerder=make_user("beheerder"),
        participant_user=make_user(participant=eindhoven),
    )
