"""A small world for enforcement tests, on the ``cases`` world: a site in Eindhoven and one in
Asten, the director's mandate for sanctions in inspection cases (sub-mandated to the jurist up
to € 10.000 and for collecting penalties), and helpers that walk an inspection to a violation.

``EnforcementWorld.violation()`` gives a violation at cell 2B (finding position) established by
the toezichthouder on 2 March 2026 in Eindhoven.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from grip.cases.tests.factories import decision_type
from grip.enforcement import services
from grip.enforcement.constants import FindingResult, InspectionType
from grip.enforcement.models import Checklist, Inspection, Instrument, Measure, Violation
from grip.mandates import services as mandate_services
from grip.mandates.tests.factories import CaseWorld
from grip.organisation.models import Function
from grip.sites.models import Site
from grip.sites.tests.factories import SiteFactory

INSPECTED_ON = datetime.date(2026, 3, 2)
WARNED_ON = datetime.date(2026, 3, 3)


def instrument(code: str) -> Instrument:
    return Instrument.objects.get(code=code)


def checklist(code: str = "milieu-algemeen") -> Checklist:
    return Checklist.objects.get(code=code)


@dataclass
class EnforcementWorld:
    cases: CaseWorld
    site: Site  # Eindhoven
    asten_site: Site

    @property
    def inspector(self) -> Any:
        return self.cases.inspector

    @property
    def jurist(self) -> Any:
        return self.cases.jurist

    def inspection(
        self,
        *,
        site: Site | None = None,
        planned_on: datetime.date = INSPECTED_ON,
        inspection_type: str = InspectionType.PERIODIEK,
        checklist_code: str | None = "milieu-algemeen",
        **kwargs: Any,
    ) -> Inspection:
        return services.inspection_create(
            actor=self.inspector,
            site=site or self.site,
            inspection_type=inspection_type,
            planned_on=planned_on,
            inspector=self.inspector.employee,
            checklist=checklist(checklist_code) if checklist_code else None,
            **kwargs,
        )

    def performed(
        self,
        *,
        not_met: dict[int, str] | None = None,
        performed_on: datetime.date = INSPECTED_ON,
        **kwargs: Any,
    ) -> Inspection:
        """An inspection performed on ``performed_on``: every finding met, except those in
        ``not_met`` (finding number → position such as "2B")."""
        inspection = self.inspection(planned_on=performed_on, **kwargs)
        not_met = not_met or {}
        for finding in inspection.findings.all():
            position = not_met.get(finding.number)
            services.finding_record(
                actor=self.inspector,
                finding=finding,
                result=FindingResult.NIET_AKKOORD if position else FindingResult.NAGELEEFD,
                consequence=int(position[0]) if position else None,
                behaviour=position[1] if position else "",
            )
        return services.inspection_complete(
            actor=self.inspector, inspection=inspection, performed_on=performed_on
        )

    def violation(
        self, *, position: str = "2B", performed_on: datetime.date = INSPECTED_ON, **kwargs: Any
    ) -> Violation:
        inspection = self.performed(not_met={1: position}, performed_on=performed_on)
        kwargs.setdefault("nature", "Geen maatregelen tegen verspreiding van stof")
        return services.violation_record(
            actor=self.inspector,
            inspection=inspection,
            findings=list(inspection.findings.filter(result=FindingResult.NIET_AKKOORD)),
            **kwargs,
        )

    def warn(self, violation: Violation, *, on: datetime.date = WARNED_ON) -> Measure:
        """A warning by the inspector, with the cell's repair term: plans the re-inspection."""
        return services.measure_impose(
            actor=self.inspector,
            violations=[violation],
            instrument=instrument("waarschuwing"),
            imposed_on=on,
        )

    def reinspect(
        self, violation: Violation, *, repaired: bool, on: datetime.date | None = None
    ) -> Inspection:
        """Perform the violation's planned re-inspection."""
        planned = violation.reinspections.get(status="gepland")
        on = on or planned.planned_on
        for finding in planned.findings.all():
            services.finding_record(
                actor=self.inspector,
                finding=finding,
                result=FindingResult.NAGELEEFD if repaired else FindingResult.NIET_AKKOORD,
                consequence=None if repaired else violation.consequence,
                behaviour="" if repaired else violation.behaviour,
            )
        return services.inspection_complete(
            actor=self.inspector, inspection=planned, performed_on=on
        )


def enforcement_world(cases: CaseWorld) -> EnforcementWorld:
    beheerder = cases.beheerder
    director = Function.objects.get(code="directeur")
    mandate_services.mandate_line_add(
        actor=beheerder,
        decision=cases.mandate,
        power="Herstelsancties na een controle en het invorderen van dwangsommen",
        function=director,
        decision_types=[
            decision_type("last-onder-dwangsom"),
            decision_type("last-onder-bestuursdwang"),
            decision_type("invordering-dwangsom"),
        ],
        sub_mandate_allowed=True,
        max_amount=Decimal("50000"),
    )
    mandate_services.sub_mandate_line_add(
        actor=beheerder,
        decision=cases.sub_mandate,
        power="Bestuursdwang en invordering van dwangsommen",
        function=Function.objects.get(code="jurist"),
        decision_types=[
            decision_type("last-onder-bestuursdwang"),
            decision_type("invordering-dwangsom"),
        ],
        max_amount=Decimal("10000"),
    )
    site: Any = SiteFactory(participant=cases.eindhoven, name="Metaalbewerking De Vonk")
    asten_site: Any = SiteFactory(participant=cases.asten, name="Varkenshouderij Asten")
    return EnforcementWorld(cases=cases, site=site, asten_site=asten_site)
