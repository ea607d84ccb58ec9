"""From the database to the optimiser's problem and back: which sites are due, which are
mandatory, the participants' hours, the inspectors' pools, and, after solving, every site's
item with the reason it is in or out.

The rules (ADR 0005):
- a site is a candidate when its class has a frequency and it is due in the plan year
  (:func:`grip.planning.risk.due_in`);
- its options are the model's methods for its class and site type; a method that names the
  site's type replaces the general methods of the same inspection type; hours are the
  product's norm hours times the visits a year of its class;
- mandatory: a due site of a class with minimum frequency, an overdue site, and a re-inspection
  for a site with an open violation due for repair by the year's end (none planned yet). A
  mandatory site gets its fullest method; a re-inspection covers no extra risk;
- a participant's hours are those of its adopted programme for the plan year on the model's
  inspection products (methods and re-inspection); when the plan year has no adopted programme
  yet, the latest adopted year before it stands in, and the plan says so.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from grip.core.errors import DomainError
from grip.frameworks.models import Product
from grip.participants.models import Participant
from grip.planning import optimiser, risk
from grip.planning.assignment import Inspector, Job, assign
from grip.planning.constants import ItemKind, Reason, RuleKind
from grip.planning.models import (
    InspectionMethod,
    InspectionPlan,
    InspectorCapacity,
    PlanParticipant,
    RiskClass,
    SiteRisk,
)
from grip.programmes.selectors import adopted_quantities
from grip.sites.selectors import site_ids_matching

ZERO = Decimal("0")


def _hours(value: float) -> Decimal:
    return Decimal(str(round(value, 2))).quantize(Decimal("0.01"))


def _date(day: datetime.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else "nooit"


def _number(value: float, digits: int = 2) -> str:
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


@dataclass(frozen=True)
class Method:
    code: str
    name: str
    inspection_type: str
    product_code: str
    coverage: float
    classes: frozenset[str]
    site_types: frozenset[str]
    expertise: str | None


@dataclass(frozen=True)
class Capacity:
    hours: float
    year: int  # the year of the adopted programme the hours come from


@dataclass(frozen=True, slots=True)
class Scored:
    """The columns of a :class:`SiteRisk` the plan reads (plain values: 35,000 of them)."""

    site_id: int
    participant_id: int
    risk: float
    risk_class: str
    expertise: str
    site_type: str
    last_inspection_on: datetime.date | None
    open_violations: int
    repair_due_on: datetime.date | None
    reinspection_planned: bool
    reinspection_due_on: datetime.date | None


SCORED_FIELDS = tuple(Scored.__dataclass_fields__)


@dataclass(slots=True)
class Item:
    """One item of a programme before it is written (the columns of :class:`PlanItem`)."""

    plan_id: int
    site_id: int
    participant_id: int
    kind: str
    method: str
    inspection_type: str
    product_code: str
    expertise: str
    hours: Decimal
    risk: float
    risk_class: str
    covered: float
    selected: bool
    greedy_selected: bool
    reason: str
    explanation: str
    inspector_id: int | None = None


ITEM_FIELDS = tuple(Item.__dataclass_fields__)


@dataclass
class SiteEntry:
    """One assessed site and what the plan makes of it."""

    score: Scored
    risk_class: risk.RiskClassSpec
    due: risk.Due
    options: list[tuple[Method, float, float]] = field(default_factory=list)  # method, hours, value
    mandatory: Reason | None = None
    mandatory_option: tuple[Method, float, float] | None = None
    reinspection_hours: float = 0.0
    themes: list[int] = field(default_factory=list)


@dataclass
class Build:
    """Everything the solver and the writer need."""

    plan: InspectionPlan
    participants: list[Participant]
    capacity: dict[int, Capacity]
    entries: list[SiteEntry]
    expertise_codes: list[str]
    inspectors: list[Inspector]
    problem: optimiser.Problem
    option_entry: list[int]  # per option: index into entries
    option_method: list[tuple[Method, float, float]]
    mandatory_value: float
    notes: list[str]
    participant_index: dict[int, int] = field(default_factory=dict)
    expertise_index: dict[str, int] = field(default_factory=dict)
    participant_names: dict[int, str] = field(default_factory=dict)


def methods_of(model_id: int) -> list[Method]:
    return [
        Method(
            code=m.code,
            name=m.name,
            inspection_type=m.inspection_type,
            product_code=m.product_code,
            coverage=float(m.coverage),
            classes=frozenset(m.class_codes),
            site_types=frozenset(m.site_type_codes),
            expertise=m.expertise.code if m.expertise_id else None,  # type: ignore[union-attr]
        )
        for m in InspectionMethod.objects.filter(model_id=model_id).select_related("expertise")
    ]


def applicable(methods: Sequence[Method], class_code: str, site_type: str) -> list[Method]:
    """The methods for a class and site type; a method naming the type replaces the general
    methods of its inspection type."""
    fitting = [
        m
        for m in methods
        if class_code in m.classes and (not m.site_types or site_type in m.site_types)
    ]
    specific_types = {m.inspection_type for m in fitting if m.site_types}
    return [m for m in fitting if m.site_types or m.inspection_type not in specific_types]


def norm_hours(year: int, codes: Iterable[str]) -> dict[str, float]:
    """Norm hours of the products in the catalogue of ``year``, or of the latest year before
    it that has the product."""
    found: dict[str, float] = {}
    for code, hours in (
        Product.objects.filter(code__in=list(codes), year__lte=year)
        .order_by("code", "-year")
        .values_list("code", "norm_hours")
    ):
        found.setdefault(code, float(hours))
    return found


def participant_capacity(year: int, codes: Iterable[str]) -> dict[int, Capacity]:
    """Hours per participant on ``codes`` in its adopted programme of ``year`` or, when that is
    not adopted yet, of the latest year before it with one (at most five years back)."""
    wanted = set(codes)
    ids = list(Participant.objects.values_list("pk", flat=True))
    result: dict[int, Capacity] = {}
    for source_year in range(year, year - 6, -1):
        missing = [pk for pk in ids if pk not in result]
        if not missing:
            break
        quantities = adopted_quantities(participant_ids=missing, year=source_year)
        norms = norm_hours(source_year, wanted)
        for pk, lines in quantities.items():
            hours = sum(
                float(quantity) * norms.get(code, 0.0)
                for code, (_name, quantity) in lines.items()
                if code in wanted
            )
            result[pk] = Capacity(hours=hours, year=source_year)
    return result


def inspectors_of(year: int) -> list[Inspector]:
    rows = InspectorCapacity.objects.filter(year=year).prefetch_related("expertises", "areas")
    return [
        Inspector(
            id=row.employee_id,
            hours=float(row.hours),
            expertises=frozenset(e.code for e in row.expertises.all()),
            areas=frozenset(p.pk for p in row.areas.all()),
        )
        for row in rows
        if row.hours > 0
    ]


def build(plan: InspectionPlan) -> Build:
    assessment = plan.assessment
    model = assessment.model
    classes = {
        c.code: risk.RiskClassSpec(
            c.code, c.name, float(c.min_risk), float(c.target_frequency), c.mandatory
        )
        for c in RiskClass.objects.filter(model=model)
    }
    methods = methods_of(model.pk)
    products = {m.product_code for m in methods} | {model.reinspection_product_code}
    capacity = participant_capacity(plan.year, products)
    notes: list[str] = []
    participants = list(Participant.objects.order_by("name"))
    stand_in: dict[int, list[str]] = defaultdict(list)
    for participant in participants:
        source = capacity.get(participant.pk)
        if source is None:
            capacity[participant.pk] = Capacity(0.0, plan.year)
            notes.append(f"{participant.name}: geen vastgesteld programma; 0 uur voor toezicht.")
        elif source.year != plan.year:
            stand_in[source.year].append(participant.name)
    for source_year, names in sorted(stand_in.items()):
        who = (
            f"alle {len(names)} deelnemers" if len(names) == len(participants) else ", ".join(names)
        )
        notes.append(
            f"Programma {plan.year} nog niet vastgesteld voor {who}: de uren komen uit het "
            f"vastgestelde programma {source_year}."
        )
    if plan.scenario_participant_id is not None and plan.scenario_hours is not None:
        current = capacity[plan.scenario_participant_id]
        changed = current.hours + float(plan.scenario_hours)
        if changed < 0:
            notes.append("Het scenario haalt meer uren weg dan er zijn; gerekend met 0 uur.")
        capacity[plan.scenario_participant_id] = Capacity(max(changed, 0.0), current.year)
    norms = norm_hours(plan.year, products)
    reinspection_hours = norms.get(model.reinspection_product_code, 0.0)
    themes = list(plan.themes.all())
    overdue_factor = float(model.overdue_factor)

    entries: list[SiteEntry] = []
    theme_sites = [
        site_ids_matching(
            sbi=theme.key if theme.kind == RuleKind.SBI else None,
            activity=theme.key if theme.kind == RuleKind.ACTIVITY else None,
            category=theme.key if theme.kind == RuleKind.CATEGORY else None,
            as_of=assessment.as_of,
        )
        for theme in themes
    ]
    rows = (
        SiteRisk.objects.filter(assessment=assessment)
        .order_by("participant_id", "pk")
        .values_list(*SCORED_FIELDS)
    )
    for row in rows:
        score = Scored(*row)
        risk_class = classes[score.risk_class]
        due = risk.due_in(risk_class, score.last_inspection_on, plan.year, overdue_factor)
        entry = SiteEntry(score=score, risk_class=risk_class, due=due)
        visits = risk.visits_per_year(risk_class)
        if due.due:
            for method in applicable(methods, risk_class.code, score.site_type):
                hours = norms.get(method.product_code, 0.0) * visits
                if hours > 0:
                    entry.options.append((method, hours, score.risk * method.coverage))
        if due.due and entry.options and due.mandatory:
            entry.mandatory = Reason.OVERDUE if due.overdue else Reason.MINIMUM_FREQUENCY
            entry.mandatory_option = max(entry.options, key=lambda o: (o[0].coverage, -o[1]))
        due_on = score.reinspection_due_on
        if due_on is not None and due_on <= datetime.date(plan.year, 12, 31):
            entry.reinspection_hours = reinspection_hours
        entry.themes = [t for t, sites in enumerate(theme_sites) if score.site_id in sites]
        entries.append(entry)

    expertise_codes = sorted(
        {e.score.expertise for e in entries} | {m.expertise for m in methods if m.expertise}
    )
    inspectors = inspectors_of(plan.year)
    for inspector in inspectors:
        expertise_codes.extend(sorted(inspector.expertises - set(expertise_codes)))
    if inspectors and len(expertise_codes) > optimiser.MAX_EXPERTISES:
        raise DomainError(
            f"Het programma kent {len(expertise_codes)} deskundigheden; de planner rekent met "
            f"ten hoogste {optimiser.MAX_EXPERTISES}. Voeg deskundigheden samen.",
            code="too_many_expertises",
        )
    expertise_index = {code: i for i, code in enumerate(expertise_codes)}
    participant_index = {p.pk: i for i, p in enumerate(participants)}
    pools: dict[frozenset[str], float] = defaultdict(float)
    for inspector in inspectors:
        pools[inspector.expertises] += inspector.hours

    mandatory_p = np.zeros(len(participants))
    mandatory_e = np.zeros(len(expertise_codes))
    mandatory_value = 0.0
    theme_mandatory = [0] * len(themes)
    sites: list[int] = []
    parts: list[int] = []
    exps: list[int] = []
    hours_list: list[float] = []
    values: list[float] = []
    option_entry: list[int] = []
    option_method: list[tuple[Method, float, float]] = []
    theme_options: list[list[int]] = [[] for _ in themes]
    theme_site_counts = [0] * len(themes)
    for index, entry in enumerate(entries):
        p = participant_index[entry.score.participant_id]
        if entry.reinspection_hours:
            e = expertise_index[entry.score.expertise]
            mandatory_p[p] += entry.reinspection_hours
            mandatory_e[e] += entry.reinspection_hours
        if entry.mandatory_option is not None:
            method, hours, value = entry.mandatory_option
            e = expertise_index[method.expertise or entry.score.expertise]
            mandatory_p[p] += hours
            mandatory_e[e] += hours
            mandatory_value += value
            for t in entry.themes:
                theme_mandatory[t] += 1
            continue
        for t in entry.themes:
            theme_site_counts[t] += bool(entry.options)
        for option in entry.options:
            method, hours, value = option
            for t in entry.themes:
                theme_options[t].append(len(values))
            sites.append(index)
            parts.append(p)
            exps.append(expertise_index[method.expertise or entry.score.expertise])
            hours_list.append(hours)
            values.append(value)
            option_entry.append(index)
            option_method.append(option)
    problem = optimiser.Problem(
        participant_labels=[p.name for p in participants],
        expertise_labels=expertise_codes,
        capacity=np.array([capacity[p.pk].hours for p in participants]),
        mandatory_participant=mandatory_p,
        mandatory_expertise=mandatory_e,
        pools=[
            optimiser.Pool(tuple(sorted(expertise_index[c] for c in codes)), hours)
            for codes, hours in sorted(pools.items(), key=lambda item: sorted(item[0]))
        ],
        site=np.array(sites, dtype=np.int64),
        participant=np.array(parts, dtype=np.int64),
        expertise=np.array(exps, dtype=np.int64),
        hours=np.array(hours_list, dtype=float),
        value=np.array(values, dtype=float),
        themes=[
            optimiser.Theme(
                label=f"{theme.get_kind_display()} {theme.key}",
                options=np.array(theme_options[t], dtype=np.int64),
                minimum=max(theme.minimum - theme_mandatory[t], 0),
                sites=theme_site_counts[t],
            )
            for t, theme in enumerate(themes)
        ],
    )
    if not inspectors:
        notes.append(
            f"Geen capaciteit van toezichthouders voor {plan.year} vastgelegd: alleen de uren "
            "van de deelnemers begrenzen het programma."
        )
    return Build(
        plan=plan,
        participants=participants,
        capacity=capacity,
        entries=entries,
        expertise_codes=expertise_codes,
        inspectors=inspectors,
        problem=problem,
        option_entry=option_entry,
        option_method=option_method,
        mandatory_value=mandatory_value,
        notes=notes,
        participant_index=participant_index,
        expertise_index=expertise_index,
        participant_names={p.pk: p.name for p in participants},
    )


# --- writing the answer ----------------------------------------------------------------------


def _frequency(value: float) -> str:
    """1.0 -> '1', 0.5 -> '0,5', 0.33 -> '0,33'."""
    return _number(value).rstrip("0").rstrip(",")


def _mandatory_text(entry: SiteEntry) -> str:
    last = _date(entry.score.last_inspection_on)
    if entry.mandatory == Reason.OVERDUE:
        return (
            f"Verplicht: achterstallig. Laatste controle {last}; klasse {entry.risk_class.code} "
            f"vraagt {_frequency(entry.risk_class.frequency)} controle(s) per jaar."
        )
    return (
        f"Verplicht: risicoklasse {entry.risk_class.code} vraagt minimaal "
        f"{_frequency(entry.risk_class.frequency)} controle(s) per jaar; laatste controle {last}."
    )


def _price_text(build: Build, solution: optimiser.Solution, pid: int, expertise: str) -> str:
    """'0,450 (uren van Asten 0,400; toezichthouders agrarisch 0,050)'."""
    p = build.participant_index[pid]
    e = build.expertise_index[expertise]
    own = float(solution.participant_price[p])
    scarce = float(solution.expertise_price[e]) if len(solution.expertise_price) else 0.0
    names = build.participant_names
    return (
        f"{_number(own + scarce, 3)} (uren van {names[pid]} {_number(own, 3)}; "
        f"toezichthouders {expertise} {_number(scarce, 3)})"
    )


def hour_price(build: Build, solution: optimiser.Solution, pid: int, expertise: str) -> float:
    p = build.participant_index[pid]
    e = build.expertise_index[expertise]
    scarce = float(solution.expertise_price[e]) if len(solution.expertise_price) else 0.0
    return float(solution.participant_price[p]) + scarce


def items_of(build: Build, solution: optimiser.Solution) -> list[Item]:
    """Every site's item(s), with why it is in or out: a chosen option's risk per hour pays
    for the hour's price (the LP's shadow prices of the participant's hours and of the
    inspectors of its expertise); an option left out either does not, or does but no longer
    fits in what is left."""
    plan = build.plan
    chosen_option: dict[int, int] = {}
    greedy_sites: set[int] = set()
    for chosen in np.flatnonzero(solution.chosen).tolist():
        chosen_option[build.option_entry[chosen]] = chosen
    for taken in np.flatnonzero(solution.greedy).tolist():
        greedy_sites.add(build.option_entry[taken])
    best_option: dict[int, int] = {}
    for o, entry_index in enumerate(build.option_entry):
        _m, hours, value = build.option_method[o]
        current = best_option.get(entry_index)
        if current is None or value / hours > (
            build.option_method[current][2] / build.option_method[current][1]
        ):
            best_option[entry_index] = o

    items: list[Item] = []
    for index, entry in enumerate(build.entries):
        score = entry.score
        common: dict[str, Any] = {
            "plan_id": plan.pk,
            "site_id": score.site_id,
            "participant_id": score.participant_id,
            "risk": score.risk,
            "risk_class": score.risk_class,
        }
        if entry.reinspection_hours:
            items.append(
                Item(
                    **common,
                    kind=ItemKind.REINSPECTION,
                    method="hercontrole",
                    inspection_type="hercontrole",
                    product_code=plan.assessment.model.reinspection_product_code,
                    expertise=score.expertise,
                    hours=_hours(entry.reinspection_hours),
                    covered=0.0,
                    selected=True,
                    greedy_selected=True,
                    reason=Reason.REINSPECTION_DUE,
                    explanation=(
                        f"Verplicht: hercontrole van {score.open_violations} open "
                        f"overtreding(en), herstellen uiterlijk "
                        f"{_date(score.reinspection_due_on)}."
                    )[:400],
                )
            )
        method: Method | None = None
        hours = value = 0.0
        selected = greedy_selected = False
        pid = score.participant_id
        if entry.mandatory_option is not None:
            method, hours, value = entry.mandatory_option
            selected = greedy_selected = True
            reason, text = entry.mandatory or Reason.MINIMUM_FREQUENCY, _mandatory_text(entry)
        elif index in chosen_option:
            method, hours, value = build.option_method[chosen_option[index]]
            expertise = method.expertise or score.expertise
            selected, greedy_selected = True, index in greedy_sites
            text = (
                f"Gekozen: {method.name[0].lower()}{method.name[1:]}, "
                f"{_number(value / hours, 3)} risico per uur; een uur kost in dit programma "
                f"{_price_text(build, solution, pid, expertise)}."
            )
            if not greedy_selected:
                text += " De gretige methode koos deze locatie niet."
            reason = Reason.SELECTED
        elif index in best_option:
            method, hours, value = build.option_method[best_option[index]]
            expertise = method.expertise or score.expertise
            greedy_selected = index in greedy_sites
            ratio = value / hours
            price = hour_price(build, solution, pid, expertise)
            if ratio >= price - 1e-9:
                reason = Reason.DOES_NOT_FIT
                text = (
                    f"Niet gekozen: {_number(ratio, 3)} risico per uur haalt de prijs van een "
                    f"uur, {_price_text(build, solution, pid, expertise)}, maar de "
                    f"{_number(hours, 0)} uur passen niet meer in wat over is."
                )
            else:
                reason = Reason.BELOW_THRESHOLD
                text = (
                    f"Niet gekozen: {_number(ratio, 3)} risico per uur ligt onder de prijs van "
                    f"een uur, {_price_text(build, solution, pid, expertise)}."
                )
            if greedy_selected:
                text += " De gretige methode koos deze locatie wel."
        elif entry.risk_class.frequency <= 0:
            reason = Reason.NO_FREQUENCY
            text = (
                f"Risicoklasse {entry.risk_class.code}: geen periodieke controle, alleen op "
                "signaal (klacht, melding, incident)."
            )
        elif not entry.due.due:
            reason = Reason.NOT_DUE
            text = (
                f"Niet aan de beurt: laatste controle {_date(score.last_inspection_on)}, "
                f"volgende vanaf {_date(entry.due.next_on)}."
            )
        else:
            reason = Reason.NO_METHOD
            text = (
                f"Geen controlemethode voor risicoklasse {entry.risk_class.code} en dit type "
                "object in het risicomodel."
            )
        items.append(
            Item(
                **common,
                kind=ItemKind.INSPECTION,
                method=method.code if method else "",
                inspection_type=method.inspection_type if method else "",
                product_code=method.product_code if method else "",
                expertise=(method.expertise if method and method.expertise else score.expertise),
                hours=_hours(hours),
                covered=value if selected else 0.0,
                selected=selected,
                greedy_selected=greedy_selected,
                reason=reason,
                explanation=text[:400],
            )
        )
    return items


def assign_inspectors(build: Build, items: list[Item]) -> list[str]:
    """Set each selected item's inspector; returns notes on what could not be placed."""
    if not build.inspectors:
        return []
    jobs = [
        Job(
            id=i,
            participant=item.participant_id,
            expertise=item.expertise,
            hours=float(item.hours),
            mandatory=item.reason != Reason.SELECTED,
        )
        for i, item in enumerate(items)
        if item.selected
    ]
    # Each inspector's hours per expertise as the optimiser split their pool (with the room
    # to spare spread in proportion), so that versatile inspectors stay free for the
    # expertise that needs them.
    demand = np.zeros(len(build.expertise_codes))
    for job in jobs:
        demand[build.expertise_index[job.expertise]] += job.hours
    pools: dict[frozenset[str], list[Inspector]] = defaultdict(list)
    for inspector in build.inspectors:
        pools[inspector.expertises].append(inspector)
    groups = list(pools.items())
    split = optimiser.pool_split(
        [
            optimiser.Pool(
                tuple(sorted(build.expertise_index[c] for c in codes)),
                sum(i.hours for i in members),
            )
            for codes, members in groups
        ],
        demand,
    )
    budgets: dict[int, dict[str, float]] | None = None
    if split is not None:
        budgets = {}
        for k, (codes, members) in enumerate(groups):
            total = sum(i.hours for i in members)
            for member in members:
                budgets[member.id] = {
                    code: float(split[k, build.expertise_index[code]]) * member.hours / total
                    for code in codes
                }
    result = assign(jobs, build.inspectors, budgets)
    for job_id, inspector_id in result.inspector_of.items():
        items[job_id].inspector_id = inspector_id
    if result.unassigned:
        hours = sum(float(items[j].hours) for j in result.unassigned)
        return [
            f"{len(result.unassigned)} controle(s) ({_number(hours, 0)} uur) konden niet aan een "
            "toezichthouder worden toegewezen: de resterende uren zijn te versnipperd."
        ]
    return []


def totals_of(
    build: Build, items: Sequence[Item], solution: optimiser.Solution
) -> list[PlanParticipant]:
    per: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    # The greedy programme: the same mandatory work plus the options greedy chose.
    for item in items:
        if item.selected and item.reason != Reason.SELECTED:
            per[item.participant_id]["greedy_hours"] += float(item.hours)
            per[item.participant_id]["greedy_risk"] += item.covered
    for o in np.flatnonzero(solution.greedy):
        _method, hours, value = build.option_method[o]
        pid = build.entries[build.option_entry[o]].score.participant_id
        per[pid]["greedy_hours"] += hours
        per[pid]["greedy_risk"] += value
    for item in items:
        row = per[item.participant_id]
        if item.selected:
            row["selected_hours"] += float(item.hours)
            row["selected_count"] += 1
            row["risk_covered"] += item.covered
            if item.reason != Reason.SELECTED:
                row["mandatory_hours"] += float(item.hours)
                row["mandatory_count"] += 1
        if item.kind == ItemKind.INSPECTION and item.reason not in (
            Reason.NOT_DUE,
            Reason.NO_FREQUENCY,
            Reason.NO_METHOD,
        ):
            row["candidate_count"] += 1
            row["risk_due"] += item.risk
    return [
        PlanParticipant(
            plan=build.plan,
            participant=participant,
            capacity_hours=_hours(build.capacity[participant.pk].hours),
            capacity_year=build.capacity[participant.pk].year,
            mandatory_hours=_hours(per[participant.pk]["mandatory_hours"]),
            selected_hours=_hours(per[participant.pk]["selected_hours"]),
            mandatory_count=int(per[participant.pk]["mandatory_count"]),
            selected_count=int(per[participant.pk]["selected_count"]),
            candidate_count=int(per[participant.pk]["candidate_count"]),
            risk_covered=per[participant.pk]["risk_covered"],
            risk_due=per[participant.pk]["risk_due"],
            greedy_hours=_hours(per[participant.pk]["greedy_hours"]),
            greedy_risk=per[participant.pk]["greedy_risk"],
            hour_price=(
                float(solution.participant_price[build.participant_index[participant.pk]])
                if len(solution.participant_price)
                else None
            ),
        )
        for participant in build.participants
    ]
