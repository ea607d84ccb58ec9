"""The risk formula: pure functions over plain values, so that every step can be tested in a
table and explained on the page.

For one site (DOMAIN.md, risk-based supervision):

1. **Rules that match.** For each SBI code of its establishment the most specific SBI rule
   (the longest key the code starts with); the rule of each Bal activity it carries out; the
   rule of each of those activities' groups.
2. **Effect** E = Σ over the aspects of weight × the highest score (0-5) any matching rule
   gives that aspect. No rule: the model's default effect.
3. **Base probability** p₀ = the highest base probability of the matching rules (the most
   worrying branch or activity decides). No rule: the model's default.
4. **Compliance history** multiplies p₀ by three factors:
   - the last inspections (at most N, within the look-back years, re-inspections not counted):
     with q the share of them not in order, f = f_compliant + q × (f_noncompliant -
     f_compliant); without any inspection in the period, f_unknown;
   - open violations: f = 1 + step × min(number open, cap);
   - recidivism (a repeated violation in the period): f_recidivism, else 1.
5. **Expertise**: that of the first matching rule (in the order of step 1) that names one,
   else the model's default.
6. **Probability** p = min(cap, p₀ × the factors); **risk** R = p × E.
7. **Class**: the class with the highest lower bound not above R.

The explanation lists each factor with what it added to the risk, in the order above, so that
the contributions add up to R exactly (the cap, when it bites, is a contribution of its own).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

ASPECTS = ("lucht", "bodem", "water", "geluid", "veiligheid")


@dataclass(frozen=True)
class Rule:
    kind: str  # "sbi", "activiteit" or "activiteitengroep"
    key: str
    effects: Mapping[str, int]  # aspect -> 0..5
    base_probability: float
    expertise: str | None = None

    @property
    def label(self) -> str:
        names = {"sbi": "SBI", "activiteit": "activiteit", "activiteitengroep": "groep"}
        return f"{names.get(self.kind, self.kind)} {self.key}"


@dataclass(frozen=True)
class RiskClassSpec:
    code: str
    name: str
    min_risk: float
    frequency: float  # inspections per year; 0 = only on signals
    mandatory: bool = False

    @property
    def interval_days(self) -> int | None:
        """Days between two inspections at the target frequency (None: not programmed)."""
        if self.frequency <= 0:
            return None
        return round(365 / self.frequency) if self.frequency < 1 else 365


@dataclass(frozen=True)
class ModelSpec:
    """Everything of a risk model the formula needs, as plain values."""

    rules: Sequence[Rule]
    weights: Mapping[str, float]
    default_effect: float
    default_probability: float
    default_expertise: str
    classes: Sequence[RiskClassSpec]
    last_inspections: int = 3
    factor_compliant: float = 0.6
    factor_noncompliant: float = 1.8
    factor_unknown: float = 1.2
    open_violation_step: float = 0.25
    open_violation_cap: int = 3
    factor_recidivism: float = 1.5
    probability_cap: float = 0.95
    _index: dict[tuple[str, str], Rule] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for rule in self.rules:
            self._index[rule.kind, rule.key] = rule

    def rule(self, kind: str, key: str) -> Rule | None:
        return self._index.get((kind, key))

    def sbi_rule(self, code: str) -> Rule | None:
        """The most specific SBI rule for ``code``: the longest key it starts with."""
        for length in range(len(code), 0, -1):
            found = self._index.get(("sbi", code[:length]))
            if found is not None:
                return found
        return None

    def class_for(self, risk: float) -> RiskClassSpec:
        ordered = sorted(self.classes, key=lambda c: c.min_risk, reverse=True)
        for risk_class in ordered:
            if risk >= risk_class.min_risk:
                return risk_class
        return ordered[-1]


@dataclass(frozen=True)
class SiteFacts:
    """What the formula knows of a site: its branch and activities and its history."""

    sbi_codes: Sequence[str] = ()  # main code first
    activities: Sequence[str] = ()
    categories: Sequence[str] = ()
    # The results of the inspections in the look-back period, newest first: True = in order.
    results: Sequence[bool] = ()
    open_violations: int = 0
    recidivism: int = 0


@dataclass(frozen=True)
class Contribution:
    """One line of the explanation: what a factor is, its value, and what it added to R."""

    code: str
    label: str
    value: float
    risk_added: float


@dataclass(frozen=True)
class Score:
    effect: float
    aspect_effects: Mapping[str, tuple[int, str]]  # aspect -> (score, rule label)
    base_probability: float
    base_source: str
    probability: float
    risk: float
    risk_class: RiskClassSpec
    expertise: str
    contributions: tuple[Contribution, ...]

    def explanation(self) -> dict[str, object]:
        """The JSON stored with the score and shown on the page."""
        return {
            "effect": round(self.effect, 4),
            "aspects": {
                aspect: {"score": score, "rule": source}
                for aspect, (score, source) in self.aspect_effects.items()
            },
            "base_probability": round(self.base_probability, 4),
            "base_source": self.base_source,
            "probability": round(self.probability, 4),
            "risk": round(self.risk, 4),
            "contributions": [
                {
                    "code": c.code,
                    "label": c.label,
                    "value": round(c.value, 4),
                    "risk_added": round(c.risk_added, 4),
                }
                for c in self.contributions
            ],
        }


def matching_rules(spec: ModelSpec, facts: SiteFacts) -> list[Rule]:
    """The rules of step 1, each once, in a stable order (SBI, activities, groups)."""
    found: dict[tuple[str, str], Rule] = {}
    for code in facts.sbi_codes:
        rule = spec.sbi_rule(code)
        if rule is not None:
            found.setdefault((rule.kind, rule.key), rule)
    for kind, keys in (("activiteit", facts.activities), ("activiteitengroep", facts.categories)):
        for key in keys:
            rule = spec.rule(kind, key)
            if rule is not None:
                found.setdefault((kind, key), rule)
    return list(found.values())


def history_factor(spec: ModelSpec, results: Sequence[bool]) -> tuple[float, str]:
    """Factor and Dutch label of the last inspections (step 4, first bullet)."""
    recent = list(results)[: spec.last_inspections]
    if not recent:
        return spec.factor_unknown, "Geen controle in de terugkijkperiode"
    not_in_order = sum(1 for result in recent if not result)
    share = not_in_order / len(recent)
    factor = spec.factor_compliant + share * (spec.factor_noncompliant - spec.factor_compliant)
    return factor, f"Laatste controles: {not_in_order} van {len(recent)} niet in orde"


def score(spec: ModelSpec, facts: SiteFacts) -> Score:
    rules = matching_rules(spec, facts)
    aspect_effects: dict[str, tuple[int, str]] = {}
    if rules:
        for aspect in ASPECTS:
            best = max(rules, key=lambda rule: rule.effects.get(aspect, 0))
            aspect_effects[aspect] = (best.effects.get(aspect, 0), best.label)
        effect = sum(spec.weights.get(a, 1.0) * s for a, (s, _src) in aspect_effects.items())
        top = max(rules, key=lambda rule: rule.base_probability)
        base, base_source = top.base_probability, top.label
        # The first rule that names an expertise, main SBI code first: a farm with a propane
        # tank needs an agricultural inspector, a petrol station one for hazardous substances.
        expertise = next(
            (rule.expertise for rule in rules if rule.expertise), spec.default_expertise
        )
    else:
        effect = spec.default_effect
        base, base_source = spec.default_probability, "geen regel: standaardwaarde"
        expertise = spec.default_expertise

    factors: list[tuple[str, str, float]] = []
    factor, label = history_factor(spec, facts.results)
    factors.append(("historie", label, factor))
    counted = min(facts.open_violations, spec.open_violation_cap)
    if counted:
        factors.append(
            (
                "open",
                f"{facts.open_violations} open overtreding(en)",
                1 + spec.open_violation_step * counted,
            )
        )
    if facts.recidivism:
        factors.append(
            (
                "recidive",
                f"Recidive: {facts.recidivism} herhaalde overtreding(en)",
                spec.factor_recidivism,
            )
        )

    contributions = [
        Contribution("basis", f"Basiskans × effect ({base_source})", base, base * effect)
    ]
    probability = base
    for code, label, value in factors:
        before = probability
        probability *= value
        contributions.append(Contribution(code, label, value, (probability - before) * effect))
    if probability > spec.probability_cap:
        contributions.append(
            Contribution(
                "begrensd",
                f"Kans begrensd op {spec.probability_cap:.0%}",
                spec.probability_cap,
                (spec.probability_cap - probability) * effect,
            )
        )
        probability = spec.probability_cap
    risk = probability * effect
    return Score(
        effect=effect,
        aspect_effects=aspect_effects,
        base_probability=base,
        base_source=base_source,
        probability=probability,
        risk=risk,
        risk_class=spec.class_for(risk),
        expertise=expertise,
        contributions=tuple(contributions),
    )


# --- when a site is due --------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """Whether a site is due for a programmed inspection in the plan year, and how."""

    due: bool
    mandatory: bool
    overdue: bool
    next_on: datetime.date | None  # the first day it is due (None: never programmed)


def due_in(
    risk_class: RiskClassSpec,
    last_inspection: datetime.date | None,
    year: int,
    overdue_factor: float,
) -> Due:
    """A site is due in ``year`` when it was never inspected or its last inspection plus the
    class interval falls before the year's end. It is overdue when the last inspection lies
    more than ``overdue_factor`` intervals before the year's start. A class with minimum
    frequency makes a due site mandatory; an overdue site is mandatory in any class with a
    frequency."""
    interval = risk_class.interval_days
    if interval is None:
        return Due(due=False, mandatory=False, overdue=False, next_on=None)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if last_inspection is None:
        return Due(due=True, mandatory=risk_class.mandatory, overdue=False, next_on=start)
    next_on = last_inspection + datetime.timedelta(days=interval)
    due = next_on <= end
    overdue = (start - last_inspection).days > interval * overdue_factor
    return Due(
        due=due or overdue,
        mandatory=(due and risk_class.mandatory) or overdue,
        overdue=overdue,
        next_on=max(next_on, start) if due else next_on,
    )


def visits_per_year(risk_class: RiskClassSpec) -> int:
    """How many inspections a year the class asks for (at least one when programmed)."""
    return max(1, int(risk_class.frequency)) if risk_class.frequency > 0 else 0
