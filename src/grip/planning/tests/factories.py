"""Factories and a small world for the planning tests.

The factories make a *draft* risk model with its rules, classes and methods, and an inspector's
capacity. ``planning_world`` builds, on the enforcement world, a dozen sites in Eindhoven and
Asten with SBI codes, Bal activities and inspection histories made through the enforcement
services, the catalogues of 2026 and 2027 with the model's inspection products, the participants'
adopted programmes, and three inspectors' capacity for 2027. The expected scores of its sites
are worked out by hand in the tests (the model in force is the one migration 0002 loads).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import factory

from grip.enforcement import services as enforcement_services
from grip.enforcement.constants import FindingResult
from grip.enforcement.models import Inspection, Violation
from grip.enforcement.tests.factories import EnforcementWorld, instrument
from grip.frameworks.models import Module, Product
from grip.organisation.models import Employee
from grip.organisation.tests.factories import EmployeeFactory
from grip.participants.models import Participant
from grip.planning.constants import ModelStatus, RuleKind
from grip.planning.models import (
    Expertise,
    InspectionMethod,
    InspectorCapacity,
    RiskClass,
    RiskModel,
    RiskRule,
)
from grip.programmes.constants import VersionStatus
from grip.programmes.models import Programme, ProgrammeLine, ProgrammeVersion
from grip.sites.models import Site
from grip.sites.tests.factories import SiteFactory, site_type

D = datetime.date

# The world's dates: the assessment's day, and the year the programme is made for.
AS_OF = D(2026, 11, 1)
YEAR = 2027


def expertise(code: str) -> Expertise:
    """One of the six expertises migration 0002 loads."""
    return Expertise.objects.get(code=code)


def model_in_force() -> RiskModel:
    """The adopted model 2026.1 of migration 0002."""
    return RiskModel.objects.get(version="2026.1")


# --- the risk model --------------------------------------------------------------------------


class RiskModelFactory(factory.django.DjangoModelFactory):  # type: ignore[type-arg]
    """A draft model with the default parameters and nothing in it yet."""

    class Meta:
        model = RiskModel

    version = factory.Sequence(lambda number: f"test.{number}")
    name = factory.Sequence(lambda number: f"Testmodel {number}")
    status = ModelStatus.CONCEPT
    default_expertise = factory.LazyFunction(lambda: expertise("algemeen"))


class RiskRuleFactory(factory.django.DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = RiskRule

    model = factory.SubFactory(RiskModelFactory)
    kind = RuleKind.SBI
    key = factory.Sequence(lambda number: f"{10 + number % 89:02d}")
    effect_air = 2
    effect_soil = 1
    effect_water = 1
    effect_noise = 1
    effect_safety = 0
    base_probability = Decimal("0.200")


class RiskClassFactory(factory.django.DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = RiskClass

    model = factory.SubFactory(RiskModelFactory)
    code = "A"
    name = "Hoog"
    min_risk = Decimal("0")
    target_frequency = Decimal("1")
    mandatory = False


class InspectionMethodFactory(factory.django.DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = InspectionMethod

    model = factory.SubFactory(RiskModelFactory)
    code = factory.Sequence(lambda number: f"methode-{number}")
    name = factory.Sequence(lambda number: f"Methode {number}")
    inspection_type = "periodiek"
    product_code = "TH-01"
    coverage = Decimal("1")
    classes = "A"
    site_types = ""


def make_draft(**kwargs: Any) -> RiskModel:
    made: Any = RiskModelFactory(**kwargs)
    return made  # type: ignore[no-any-return]


def make_rule(**kwargs: Any) -> RiskRule:
    made: Any = RiskRuleFactory(**kwargs)
    return made  # type: ignore[no-any-return]


def make_class(**kwargs: Any) -> RiskClass:
    made: Any = RiskClassFactory(**kwargs)
    return made  # type: ignore[no-any-return]


def make_method(**kwargs: Any) -> InspectionMethod:
    made: Any = InspectionMethodFactory(**kwargs)
    return made  # type: ignore[no-any-return]


def complete_draft(**kwargs: Any) -> RiskModel:
    """A draft that can be adopted: one rule, classes H (>= 5, yearly, mandatory) and L
    (>= 0, every other year) and one method for both."""
    model = make_draft(**kwargs)
    make_rule(model=model, kind=RuleKind.SBI, key="01")
    make_class(
        model=model,
        code="H",
        name="Hoog",
        min_risk=Decimal("5"),
        target_frequency=Decimal("1"),
        mandatory=True,
    )
    make_class(
        model=model, code="L", name="Laag", min_risk=Decimal("0"), target_frequency=Decimal("0.5")
    )
    make_method(model=model, code="periodiek", classes="H L", product_code="TH-02")
    return model


# --- capacity --------------------------------------------------------------------------------


def inspector(last_name: str, first_name: str = "Toos") -> Employee:
    """A toezichthouder of the supervision team (the factory's defaults)."""
    employee: Any = EmployeeFactory(first_name=first_name, last_name=last_name)
    return employee  # type: ignore[no-any-return]


def capacity(
    employee: Employee,
    *,
    hours: str | Decimal,
    expertises: Sequence[str],
    areas: Iterable[Participant] = (),
    year: int = YEAR,
) -> InspectorCapacity:
    row = InspectorCapacity.objects.create(year=year, employee=employee, hours=Decimal(hours))
    row.expertises.set([expertise(code) for code in expertises])
    row.areas.set(list(areas))
    return row


# --- catalogue and programmes ---------------------------------------------------------------

# Norm hours of the products the model uses (and one permit product), per catalogue year.
NORMS = {
    2026: {"TH-01": 5, "TH-02": 10, "TH-03": 16, "TH-04": 32, "TH-05": 3, "TH-07": 2, "VV-01": 40},
    2027: {"TH-01": 6, "TH-02": 12, "TH-03": 20, "TH-04": 40, "TH-05": 4, "TH-07": 2, "VV-01": 40},
}


def catalogue(year: int, norms: dict[str, int]) -> dict[str, Product]:
    module = Module.objects.get(code="milieu-basistaken")
    return {
        code: Product.objects.create(
            year=year,
            code=code,
            name=f"Product {code}",
            module=module,
            task_kind="vergunningverlening" if code.startswith("VV") else "toezicht",
            unit="stuk",
            settlement="pxq",
            norm_hours=Decimal(hours),
        )
        for code, hours in norms.items()
    }


def programme(
    participant: Participant,
    year: int,
    quantities: dict[str, int],
    *,
    adopted: bool = True,
) -> ProgrammeVersion:
    """A participant's programme for ``year`` with one version, adopted or still a draft."""
    products = {p.code: p for p in Product.objects.filter(year=year)}
    version = ProgrammeVersion.objects.create(
        programme=Programme.objects.create(participant=participant, year=year),
        number=1,
        status=VersionStatus.ADOPTED if adopted else VersionStatus.DRAFT,
        adopted_on=D(year - 1, 12, 1) if adopted else None,
        decision_reference="B&W" if adopted else "",
    )
    ProgrammeLine.objects.bulk_create(
        ProgrammeLine(version=version, product=products[code], quantity=Decimal(quantity))
        for code, quantity in quantities.items()
    )
    return version


# --- the world -------------------------------------------------------------------------------


@dataclass
class PlanningWorld:
    enforcement: EnforcementWorld
    eindhoven: Participant
    asten: Participant
    planner: Any  # programmamanager
    kis: Any
    sites: dict[str, Site] = field(default_factory=dict)
    violations: dict[str, Violation] = field(default_factory=dict)
    inspectors: dict[str, Employee] = field(default_factory=dict)
    programmes: dict[str, ProgrammeVersion] = field(default_factory=dict)

    def site(self, key: str) -> Site:
        return self.sites[key]


def _performed(
    world: EnforcementWorld, site: Site, on: datetime.date, *, met: bool = True
) -> Inspection:
    return world.performed(site=site, performed_on=on, not_met=None if met else {1: "2B"})


def _violation(world: EnforcementWorld, inspection: Inspection) -> Violation:
    return enforcement_services.violation_record(
        actor=world.inspector,
        inspection=inspection,
        findings=list(inspection.findings.filter(result=FindingResult.NIET_AKKOORD)),
        nature="Geen maatregelen tegen verspreiding van stof",
    )


def planning_world(enforcement: EnforcementWorld, planner: Any, kis: Any) -> PlanningWorld:
    """See the module's docstring; the tests spell out each site's facts where they use them.

    Eindhoven: chemie (IPPC, A, open violation with its re-inspection planned), tankstation
    (D, inspected 2025: not due), autobedrijf (C, never), metaal (C, inspected 2022: due),
    drukkerij (D, never), one ended site and one not started yet.
    Asten: varkens (A, two inspections not in order, recidivism, an open violation to repair
    by 15-12-2026 without a planned re-inspection), afval (B, last inspected 2019: overdue),
    melkvee (C, inspected 2023 in order and 2025 not in order, re-inspected: not due),
    groente (C, never), compost (C, never), bouw (D, never, a low risk per hour). Plus the
    enforcement world's two sites without establishment or activities (class E).
    """
    ew = enforcement
    eindhoven, asten = ew.cases.eindhoven, ew.cases.asten
    world = PlanningWorld(
        enforcement=ew, eindhoven=eindhoven, asten=asten, planner=planner, kis=kis
    )
    catalogue(2026, NORMS[2026])
    catalogue(2027, NORMS[2027])
    world.programmes = {
        # 40 + 12 + 2 × 2 = 56 hours on the model's products; VV-01 does not count.
        "eindhoven": programme(eindhoven, 2027, {"TH-04": 1, "TH-02": 1, "TH-07": 2, "VV-01": 3}),
        "eindhoven-2026": programme(eindhoven, 2026, {"TH-01": 50}),
        # 2027 is still a draft: 2026's 2 × 16 + 10 + 2 × 3 = 48 hours stand in.
        "asten": programme(asten, 2026, {"TH-03": 2, "TH-02": 1, "TH-05": 2}),
        "asten-draft": programme(asten, 2027, {"TH-03": 10}, adopted=False),
    }

    def site(key: str, participant: Participant, name: str, **kwargs: Any) -> Site:
        made: Any = SiteFactory(participant=participant, name=name, **kwargs)
        world.sites[key] = made
        return made  # type: ignore[no-any-return]

    chemie = site(
        "chemie",
        eindhoven,
        "Chemie Noord",
        site_type=site_type("inrichting-ippc"),
        sbi=("2011", "4671"),
        activities=("chemische-stoffen-maken",),
    )
    tankstation = site(
        "tankstation", eindhoven, "Tankstation De Pomp", sbi=("4730",), activities=("tankstation",)
    )
    site(
        "autobedrijf",
        eindhoven,
        "Autobedrijf Van Dijk",
        sbi=("4520",),
        activities=("motorvoertuigen-onderhouden",),
    )
    metaal = site(
        "metaal",
        eindhoven,
        "Metaalveredeling Strijp",
        sbi=("2561",),
        activities=("metaal-oppervlaktebehandeling",),
    )
    site("drukkerij", eindhoven, "Drukkerij Lettergieter", sbi=("1812",))
    site("gesloten", eindhoven, "Gesloten Gieterij", sbi=("2451",), end_date=D(2026, 6, 30))
    site("nieuw", eindhoven, "Nieuwe Slachterij", sbi=("1011",), start_date=D(2026, 12, 1))
    varkens = site(
        "varkens",
        asten,
        "Varkenshouderij De Peel",
        site_type=site_type("inrichting-agrarisch"),
        sbi=("0146",),
        activities=("landbouwhuisdieren-houden", "mest-opslaan"),
    )
    afval = site(
        "afval", asten, "Afvalverwerking Asten", sbi=("3821",), activities=("afvalstoffen-beheren",)
    )
    melkvee = site(
        "melkvee",
        asten,
        "Melkveebedrijf Heusden",
        site_type=site_type("inrichting-agrarisch"),
        sbi=("0141",),
        activities=("landbouwhuisdieren-houden",),
    )
    site(
        "groente",
        asten,
        "Groenteteler Voordeldonk",
        site_type=site_type("inrichting-agrarisch"),
        sbi=("0113",),
        activities=("gewassen-telen-open-lucht",),
    )
    site("compost", asten, "Composteerderij Asten", activities=("groenafval-composteren",))
    site("bouw", asten, "Bouwbedrijf Stenen", sbi=("4120",))

    # Chemie: not in order on 2 March 2026; warned, its re-inspection is planned.
    world.violations["chemie"] = _violation(ew, _performed(ew, chemie, D(2026, 3, 2), met=False))
    ew.warn(world.violations["chemie"], on=D(2026, 3, 3))
    # Tankstation: in order in 2025. Metaal: in order in 2022. Afval: in order in 2019.
    _performed(ew, tankstation, D(2025, 9, 1))
    _performed(ew, metaal, D(2022, 6, 1))
    _performed(ew, afval, D(2019, 5, 1))
    # Varkens: not in order in 2024 (repaired), again in 2026: recidivism, open, to repair by
    # 15 December 2026; the planned re-inspection was cancelled.
    first = _violation(ew, _performed(ew, varkens, D(2024, 9, 2), met=False))
    enforcement_services.violation_repaired(
        actor=ew.inspector, violation=first, on=D(2024, 10, 1), note="Foto van het herstel"
    )
    again = _violation(ew, _performed(ew, varkens, D(2026, 6, 1), met=False))
    enforcement_services.measure_impose(
        actor=ew.inspector,
        violations=[again],
        instrument=instrument("waarschuwing"),
        imposed_on=D(2026, 6, 2),
        repair_until=D(2026, 12, 15),
    )
    enforcement_services.inspection_cancel(
        actor=ew.inspector,
        inspection=again.reinspections.get(status="gepland"),
        reason="Herstel wordt bij de periodieke controle bekeken.",
    )
    world.violations["varkens-2024"], world.violations["varkens"] = first, again
    # Melkvee: not in order in 2021 (before the look-back), in order in 2023, not in order in
    # 2025 and repaired at the re-inspection.
    _performed(ew, melkvee, D(2021, 3, 1), met=False)
    _performed(ew, melkvee, D(2023, 4, 3))
    world.violations["melkvee"] = _violation(ew, _performed(ew, melkvee, D(2025, 4, 1), met=False))
    ew.warn(world.violations["melkvee"], on=D(2025, 4, 2))
    ew.reinspect(world.violations["melkvee"], repaired=True)

    world.inspectors = {
        "brzo": inspector("Aalbers"),
        "industrie": inspector("Bakker"),
        "agrarisch": inspector("Claassen"),
    }
    capacity(world.inspectors["brzo"], hours="100", expertises=["brzo-ippc", "gevaarlijke-stoffen"])
    capacity(
        world.inspectors["industrie"],
        hours="60",
        expertises=["industrie", "algemeen"],
        areas=[eindhoven],
    )
    capacity(
        world.inspectors["agrarisch"], hours="80", expertises=["agrarisch", "afval"], areas=[asten]
    )
    return world
