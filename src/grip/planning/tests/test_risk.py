"""The risk formula as table tests over plain values (no database).

Every expected number is worked out by hand in the table from the model below, not by the
code under test. Weights and factors are mostly powers of two so that the sums are exact.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

import pytest

from grip.planning.risk import (
    ModelSpec,
    RiskClassSpec,
    Rule,
    SiteFacts,
    due_in,
    history_factor,
    matching_rules,
    score,
    visits_per_year,
)

D = datetime.date

A = RiskClassSpec("A", "hoog", 8.0, 1.0, mandatory=True)
B = RiskClassSpec("B", "verhoogd", 5.0, 0.5)
C = RiskClassSpec("C", "gemiddeld", 2.5, 0.33)
D_ = RiskClassSpec("D", "laag", 1.0, 0.25)
E = RiskClassSpec("E", "zeer laag", 0.0, 0.0)
CLASSES = (E, C, A, D_, B)  # deliberately unordered: the spec sorts them itself

WEIGHTS = {"lucht": 1.0, "bodem": 0.5, "water": 0.5, "geluid": 0.25, "veiligheid": 2.0}

RULES = (
    Rule("sbi", "10", {"lucht": 2, "geluid": 1}, 0.2),
    Rule("sbi", "101", {"lucht": 3}, 0.3, "agrarisch"),
    Rule("sbi", "1011", {"lucht": 4, "water": 2}, 0.25, "industrie"),
    Rule("sbi", "47", {"bodem": 3, "veiligheid": 2}, 0.4),
    Rule("activiteit", "3.1", {"veiligheid": 4}, 0.5, "gevaarlijke-stoffen"),
    Rule("activiteit", "4.2", {"geluid": 5}, 0.1),
    Rule("activiteitengroep", "mest", {"bodem": 4, "geluid": 2}, 0.35, "agrarisch"),
)


def make_spec(**overrides) -> ModelSpec:
    values: dict[str, Any] = {
        "rules": RULES,
        "weights": WEIGHTS,
        "default_effect": 3.0,
        "default_probability": 0.2,
        "default_expertise": "algemeen",
        "classes": CLASSES,
    }
    values.update(overrides)
    return ModelSpec(**values)


SPEC = make_spec()
NEUTRAL = {"factor_unknown": 1.0}  # no history: factor 1, so that R = p0 × E


# --- step 1: the rules that match ------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "key"),
    [
        ("1011", "1011"),  # exact
        ("10111", "1011"),  # longer code: the longest key it starts with
        ("1012", "101"),  # "1011" does not match, "101" does
        ("1020", "10"),
        ("10", "10"),
        ("1", None),  # shorter than every key
        ("4711", "47"),
        ("99", None),
        ("01", None),  # a key must be a prefix, not a substring
    ],
    ids=[
        "exact",
        "longer-code",
        "sibling-falls-back",
        "two-digits",
        "key-itself",
        "too-short",
        "other-branch",
        "no-rule",
        "not-a-prefix",
    ],
)
def test_most_specific_sbi_rule_wins(code, key):
    rule = SPEC.sbi_rule(code)
    assert (rule.key if rule else None) == key


def test_matching_rules_in_order_each_once():
    facts = SiteFacts(
        sbi_codes=("1012", "1019", "4711"),  # both 101x codes hit rule "101": once
        activities=("4.2", "9.9", "3.1"),  # "9.9" has no rule
        categories=("mest", "onbekend"),
    )
    rules = matching_rules(SPEC, facts)
    assert [(r.kind, r.key) for r in rules] == [
        ("sbi", "101"),
        ("sbi", "47"),
        ("activiteit", "4.2"),
        ("activiteit", "3.1"),
        ("activiteitengroep", "mest"),
    ]


def test_an_activity_key_is_not_an_sbi_key():
    spec = make_spec(rules=(Rule("activiteit", "47", {"lucht": 5}, 0.9),))
    assert matching_rules(spec, SiteFacts(sbi_codes=("47",))) == []
    assert [r.kind for r in matching_rules(spec, SiteFacts(activities=("47",)))] == ["activiteit"]


# --- steps 2, 3 and 5: effect, base probability, expertise -----------------------------------


@pytest.mark.parametrize(
    ("facts", "effect", "aspects", "base", "source", "expertise"),
    [
        # lucht 4 × 1 + water 2 × 0.5 = 5
        (
            SiteFacts(sbi_codes=("1011",)),
            5.0,
            {"lucht": 4, "bodem": 0, "water": 2, "geluid": 0, "veiligheid": 0},
            0.25,
            "SBI 1011",
            "industrie",
        ),
        # the parent rule "10" is not added to "1011": lucht 3 only = 3
        (
            SiteFacts(sbi_codes=("1012",)),
            3.0,
            {"lucht": 3, "bodem": 0, "water": 0, "geluid": 0, "veiligheid": 0},
            0.3,
            "SBI 101",
            "agrarisch",
        ),
        # max per aspect over SBI 1011 and group mest: lucht 4, bodem 4, water 2, geluid 2
        # = 4 + 2 + 1 + 0.5 = 7.5; p0 = max(0.25, 0.35); expertise of the SBI rule
        (
            SiteFacts(sbi_codes=("1011",), categories=("mest",)),
            7.5,
            {"lucht": 4, "bodem": 4, "water": 2, "geluid": 2, "veiligheid": 0},
            0.35,
            "groep mest",
            "industrie",
        ),
        # SBI 47 (no expertise) and activity 3.1: bodem 3, veiligheid max(2, 4) = 4
        # = 1.5 + 8 = 9.5; p0 = 0.5; the activity's expertise
        (
            SiteFacts(sbi_codes=("47",), activities=("3.1",)),
            9.5,
            {"lucht": 0, "bodem": 3, "water": 0, "geluid": 0, "veiligheid": 4},
            0.5,
            "activiteit 3.1",
            "gevaarlijke-stoffen",
        ),
        # SBI 10, activity 4.2 and group mest: lucht 2, bodem 4, geluid max(1, 5, 2) = 5
        # = 2 + 2 + 1.25 = 5.25; p0 = max(0.2, 0.1, 0.35); SBI 10 and 4.2 name no
        # expertise: the group's
        (
            SiteFacts(sbi_codes=("1020",), activities=("4.2",), categories=("mest",)),
            5.25,
            {"lucht": 2, "bodem": 4, "water": 0, "geluid": 5, "veiligheid": 0},
            0.35,
            "groep mest",
            "agrarisch",
        ),
        # main SBI first: 101 (agrarisch) before 1011 (industrie)
        (
            SiteFacts(sbi_codes=("1012", "1011")),
            5.0,
            {"lucht": 4, "bodem": 0, "water": 2, "geluid": 0, "veiligheid": 0},
            0.3,
            "SBI 101",
            "agrarisch",
        ),
        # and the other way round
        (
            SiteFacts(sbi_codes=("1011", "1012")),
            5.0,
            {"lucht": 4, "bodem": 0, "water": 2, "geluid": 0, "veiligheid": 0},
            0.3,
            "SBI 101",
            "industrie",
        ),
        # an activity names its expertise before a group, whatever the order of the lists
        (
            SiteFacts(sbi_codes=("99",), activities=("3.1",), categories=("mest",)),
            10.5,  # bodem 4 × 0.5 + geluid 2 × 0.25 + veiligheid 4 × 2
            {"lucht": 0, "bodem": 4, "water": 0, "geluid": 2, "veiligheid": 4},
            0.5,
            "activiteit 3.1",
            "gevaarlijke-stoffen",
        ),
        # the main SBI code names none, the second does: the second's (before activities)
        (
            SiteFacts(sbi_codes=("47", "1011"), activities=("3.1",)),
            14.5,  # lucht 4 + bodem 1.5 + water 1 + veiligheid 8
            {"lucht": 4, "bodem": 3, "water": 2, "geluid": 0, "veiligheid": 4},
            0.5,
            "activiteit 3.1",
            "industrie",
        ),
    ],
    ids=[
        "one-rule",
        "parent-not-added",
        "max-per-aspect",
        "activity-expertise",
        "group-expertise",
        "main-sbi-first",
        "main-sbi-first-reversed",
        "activity-before-group",
        "second-sbi-before-activity",
    ],
)
def test_effect_base_probability_and_expertise(facts, effect, aspects, base, source, expertise):
    result = score(make_spec(**NEUTRAL), facts)
    assert result.effect == pytest.approx(effect, abs=1e-12)
    assert {a: s for a, (s, _rule) in result.aspect_effects.items()} == aspects
    assert result.base_probability == base
    assert result.base_source == source
    assert result.expertise == expertise
    assert result.risk == pytest.approx(base * effect, abs=1e-12)


def test_aspect_effects_name_the_rule_that_gave_the_score():
    result = score(SPEC, SiteFacts(sbi_codes=("47",), activities=("3.1",)))
    assert result.aspect_effects["veiligheid"] == (4, "activiteit 3.1")
    assert result.aspect_effects["bodem"] == (3, "SBI 47")


@pytest.mark.parametrize(
    ("weights", "effect"),
    [
        (WEIGHTS, 14.5),  # 4 + 1.5 + 1 + 8
        ({"lucht": 1, "bodem": 1, "water": 1, "geluid": 1, "veiligheid": 1}, 13.0),
        ({"lucht": 0, "bodem": 2, "water": 0, "geluid": 0, "veiligheid": 0.5}, 8.0),
        ({"lucht": 0.25, "bodem": 0, "water": 4, "geluid": 3, "veiligheid": 0}, 9.0),
    ],
    ids=["model-weights", "equal-weights", "soil-and-safety", "water-heavy"],
)
def test_weights(weights, effect):
    # lucht 4, bodem 3, water 2, geluid 0, veiligheid 4
    facts = SiteFacts(sbi_codes=("1011", "47"), activities=("3.1",))
    result = score(make_spec(weights=weights, **NEUTRAL), facts)
    assert result.effect == pytest.approx(effect, abs=1e-12)


@pytest.mark.parametrize(
    "facts",
    [
        SiteFacts(),
        SiteFacts(sbi_codes=("99", "01"), activities=("9.9",), categories=("onbekend",)),
    ],
    ids=["nothing-known", "no-matching-rule"],
)
def test_defaults_when_no_rule_matches(facts):
    result = score(make_spec(**NEUTRAL), facts)
    assert result.effect == 3.0
    assert result.base_probability == 0.2
    assert result.base_source == "geen regel: standaardwaarde"
    assert result.expertise == "algemeen"
    assert result.aspect_effects == {}
    assert result.risk == pytest.approx(0.6, abs=1e-12)


def test_rules_without_an_expertise_fall_back_to_the_default():
    result = score(SPEC, SiteFacts(sbi_codes=("47",), activities=("4.2",)))
    assert result.expertise == "algemeen"


# --- step 4: compliance history --------------------------------------------------------------


@pytest.mark.parametrize(
    ("results", "last", "factor", "label"),
    [
        ((True, True, True), 3, 0.6, "Laatste controles: 0 van 3 niet in orde"),
        ((False, True, True), 3, 1.0, "Laatste controles: 1 van 3 niet in orde"),  # .6+1.2/3
        ((True, False, False), 3, 1.4, "Laatste controles: 2 van 3 niet in orde"),
        ((False, False, False), 3, 1.8, "Laatste controles: 3 van 3 niet in orde"),
        ((), 3, 1.2, "Geen controle in de terugkijkperiode"),
        ((False,), 3, 1.8, "Laatste controles: 1 van 1 niet in orde"),
        ((True, False), 3, 1.2, "Laatste controles: 1 van 2 niet in orde"),
        # only the newest N count: the two old failures are ignored
        ((True, True, True, False, False), 3, 0.6, "Laatste controles: 0 van 3 niet in orde"),
        ((False, True, True, True, True), 3, 1.0, "Laatste controles: 1 van 3 niet in orde"),
        # N = 5: 2 of 5, .6 + .4 × 1.2
        ((True, True, True, False, False), 5, 1.08, "Laatste controles: 2 van 5 niet in orde"),
        ((False, True, True), 1, 1.8, "Laatste controles: 1 van 1 niet in orde"),
    ],
    ids=[
        "0-of-3",
        "1-of-3",
        "2-of-3",
        "3-of-3",
        "unknown",
        "1-of-1",
        "1-of-2",
        "last-3-only",
        "newest-first",
        "last-5",
        "last-1",
    ],
)
def test_history_factor(results, last, factor, label):
    got, text = history_factor(make_spec(last_inspections=last), results)
    assert got == pytest.approx(factor, abs=1e-12)
    assert text == label


@pytest.mark.parametrize(
    ("open_violations", "recidivism", "codes", "probability"),
    [
        (0, 0, ["basis", "historie"], 0.25),
        (1, 0, ["basis", "historie", "open"], 0.3125),  # × 1.25
        (2, 0, ["basis", "historie", "open"], 0.375),  # × 1.5
        (3, 0, ["basis", "historie", "open"], 0.4375),  # × 1.75
        (7, 0, ["basis", "historie", "open"], 0.4375),  # capped at 3: × 1.75
        (0, 1, ["basis", "historie", "recidive"], 0.375),  # × 1.5
        (0, 4, ["basis", "historie", "recidive"], 0.375),  # a factor, not per repetition
        (2, 1, ["basis", "historie", "open", "recidive"], 0.5625),  # × 1.5 × 1.5
    ],
    ids=[
        "none",
        "one-open",
        "two-open",
        "at-cap",
        "above-cap",
        "recidivism",
        "recidivism-4",
        "both",
    ],
)
def test_open_violations_and_recidivism(open_violations, recidivism, codes, probability):
    # SBI 1011: p0 = 0.25, E = 5; no inspection and factor_unknown 1: history × 1
    facts = SiteFacts(sbi_codes=("1011",), open_violations=open_violations, recidivism=recidivism)
    result = score(make_spec(**NEUTRAL), facts)
    assert [c.code for c in result.contributions] == codes
    assert result.probability == probability
    assert result.risk == probability * 5.0


def test_open_violation_label_names_the_real_number():
    result = score(SPEC, SiteFacts(open_violations=7))
    open_line = next(c for c in result.contributions if c.code == "open")
    assert open_line.label == "7 open overtreding(en)"
    assert open_line.value == 1.75


@pytest.mark.parametrize(
    ("step", "cap", "count", "factor"),
    [(0.5, 2, 1, 1.5), (0.5, 2, 2, 2.0), (0.5, 2, 5, 2.0), (0.1, 10, 10, 2.0)],
    ids=["half-1", "half-2", "half-capped", "tenth-10"],
)
def test_open_violation_parameters(step, cap, count, factor):
    spec = make_spec(open_violation_step=step, open_violation_cap=cap, **NEUTRAL)
    result = score(spec, SiteFacts(open_violations=count))
    assert result.probability == pytest.approx(0.2 * factor, abs=1e-12)


def test_open_violation_cap_zero_ignores_open_violations():
    result = score(make_spec(open_violation_cap=0, **NEUTRAL), SiteFacts(open_violations=4))
    assert [c.code for c in result.contributions] == ["basis", "historie"]
    assert result.probability == 0.2


# --- step 6: probability cap and risk --------------------------------------------------------


@pytest.mark.parametrize(
    ("cap", "probability", "capped"),
    [
        (0.95, 0.95, True),  # 2.3625 capped
        (1.0, 1.0, True),
        (0.5, 0.5, True),
        (3.0, 2.3625, False),  # a cap above the product: untouched
    ],
    ids=["default-cap", "cap-1", "cap-half", "no-bite"],
)
def test_probability_cap(cap, probability, capped):
    # p0 0.5 × 1.8 (3 of 3 not in order) × 1.75 (3 open) × 1.5 (recidivism) = 2.3625
    facts = SiteFacts(
        sbi_codes=("47",),
        activities=("3.1",),
        results=(False, False, False),
        open_violations=3,
        recidivism=1,
    )
    result = score(make_spec(probability_cap=cap), facts)
    assert result.probability == pytest.approx(probability, abs=1e-12)
    assert result.risk == pytest.approx(probability * 9.5, abs=1e-12)
    assert ("begrensd" in [c.code for c in result.contributions]) == capped


def test_probability_exactly_at_the_cap_is_not_a_contribution():
    # p0 0.5 × 1.9 = 0.95: equal to the cap, so the cap does not bite
    spec = make_spec(factor_unknown=1.9, probability_cap=0.95)
    result = score(spec, SiteFacts(activities=("3.1",)))
    assert result.probability == pytest.approx(0.95, abs=1e-12)
    assert [c.code for c in result.contributions] == ["basis", "historie"]


# --- step 7: the class ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("risk", "code"),
    [
        (100.0, "A"),
        (8.0, "A"),  # exactly on A's lower bound
        (7.999, "B"),
        (5.0, "B"),
        (4.999, "C"),
        (2.5, "C"),
        (2.4999, "D"),
        (1.0, "D"),
        (0.999, "E"),
        (0.0, "E"),
    ],
    ids=[
        "far-above",
        "A-bound",
        "below-A",
        "B-bound",
        "below-B",
        "C-bound",
        "below-C",
        "D-bound",
        "below-D",
        "zero",
    ],
)
def test_class_for(risk, code):
    assert SPEC.class_for(risk).code == code


@pytest.mark.parametrize(
    ("effect", "probability", "code"),
    [(10.0, 0.5, "B"), (16.0, 0.5, "A"), (10.0, 0.25, "C"), (4.0, 0.25, "D"), (2.0, 0.25, "E")],
    ids=["5-is-B", "8-is-A", "2.5-is-C", "1-is-D", "0.5-is-E"],
)
def test_score_exactly_on_a_class_bound(effect, probability, code):
    spec = make_spec(default_effect=effect, default_probability=probability, **NEUTRAL)
    result = score(spec, SiteFacts())
    assert result.risk == effect * probability
    assert result.risk_class.code == code


# --- the explanation --------------------------------------------------------------------------

WORKED = [
    # (facts, spec overrides, expected contributions [(code, value, risk_added)], risk, class)
    pytest.param(
        # SBI 1011: E 5, p0 .25; 1 of 3 not in order (× 1.0); 2 open (× 1.5); recidivism (× 1.5)
        SiteFacts(
            sbi_codes=("1011",), results=(False, True, True), open_violations=2, recidivism=1
        ),
        {},
        [
            ("basis", 0.25, 1.25),
            ("historie", 1.0, 0.0),
            ("open", 1.5, 0.625),  # (.375 - .25) × 5
            ("recidive", 1.5, 0.9375),  # (.5625 - .375) × 5
        ],
        2.8125,
        "C",
        id="worked-example",
    ),
    pytest.param(
        # E 9.5, p0 .5; × 1.8 = .9; × 1.75 = 1.575; × 1.5 = 2.3625; capped at .95
        SiteFacts(
            sbi_codes=("47",),
            activities=("3.1",),
            results=(False, False, False),
            open_violations=3,
            recidivism=1,
        ),
        {},
        [
            ("basis", 0.5, 4.75),
            ("historie", 1.8, 3.8),
            ("open", 1.75, 6.4125),
            ("recidive", 1.5, 7.48125),
            ("begrensd", 0.95, -13.41875),  # (.95 - 2.3625) × 9.5
        ],
        9.025,
        "A",
        id="capped",
    ),
    pytest.param(
        # no rule: E 3, p0 .2; no inspection × 1.2 = .24
        SiteFacts(),
        {},
        [("basis", 0.2, 0.6), ("historie", 1.2, 0.12)],
        0.72,
        "E",
        id="defaults-unknown-history",
    ),
    pytest.param(
        # SBI 101: E 3, p0 .3; all in order × .6 = .18 (the history lowers the risk)
        SiteFacts(sbi_codes=("1012",), results=(True, True, True)),
        {},
        [("basis", 0.3, 0.9), ("historie", 0.6, -0.36)],
        0.54,
        "E",
        id="compliant-lowers",
    ),
    pytest.param(
        # E 10.5, p0 .5; × .6 = .3, × 1.25 = .375; cap .25 bites
        SiteFacts(activities=("3.1",), categories=("mest",), results=(True,), open_violations=1),
        {"probability_cap": 0.25},
        [
            ("basis", 0.5, 5.25),
            ("historie", 0.6, -2.1),
            ("open", 1.25, 0.7875),
            ("begrensd", 0.25, -1.3125),
        ],
        2.625,
        "C",
        id="low-cap",
    ),
]


@pytest.mark.parametrize(("facts", "overrides", "lines", "risk", "code"), WORKED)
def test_contributions_add_up_to_the_risk(facts, overrides, lines, risk, code):
    result = score(make_spec(**overrides), facts)
    assert [c.code for c in result.contributions] == [line[0] for line in lines]
    for contribution, (_code, value, added) in zip(result.contributions, lines, strict=True):
        assert contribution.value == pytest.approx(value, abs=1e-12)
        assert contribution.risk_added == pytest.approx(added, abs=1e-12)
    assert result.risk == pytest.approx(risk, abs=1e-12)
    assert math.fsum(c.risk_added for c in result.contributions) == pytest.approx(
        result.risk, abs=1e-12
    )
    assert result.risk == pytest.approx(result.probability * result.effect, abs=1e-15)
    assert result.risk_class.code == code


def test_contributions_add_up_exactly_with_binary_fractions():
    # every number a binary fraction: the sum is exact in floating point too
    spec = make_spec(factor_compliant=0.5, factor_noncompliant=1.5, probability_cap=0.75, **NEUTRAL)
    facts = SiteFacts(
        sbi_codes=("47",),
        activities=("3.1",),
        results=(False, False),
        open_violations=2,
        recidivism=1,
    )
    result = score(spec, facts)  # .5 × 1.5 × 1.5 × 1.5 = 1.6875, capped at .75; E 9.5
    assert sum(c.risk_added for c in result.contributions) == result.risk == 7.125


def test_explanation_json():
    facts = SiteFacts(
        sbi_codes=("1011",), results=(False, True, True), open_violations=2, recidivism=1
    )
    explanation = score(SPEC, facts).explanation()
    assert explanation["effect"] == 5.0
    assert explanation["base_probability"] == 0.25
    assert explanation["base_source"] == "SBI 1011"
    assert explanation["probability"] == 0.5625
    assert explanation["risk"] == 2.8125
    assert explanation["aspects"]["lucht"] == {"score": 4, "rule": "SBI 1011"}
    assert explanation["contributions"] == [
        {
            "code": "basis",
            "label": "Basiskans × effect (SBI 1011)",
            "value": 0.25,
            "risk_added": 1.25,
        },
        {
            "code": "historie",
            "label": "Laatste controles: 1 van 3 niet in orde",
            "value": 1.0,
            "risk_added": 0.0,
        },
        {"code": "open", "label": "2 open overtreding(en)", "value": 1.5, "risk_added": 0.625},
        {
            "code": "recidive",
            "label": "Recidive: 1 herhaalde overtreding(en)",
            "value": 1.5,
            "risk_added": 0.9375,
        },
    ]


def test_cap_line_label():
    facts = SiteFacts(activities=("3.1",), results=(False,), open_violations=3, recidivism=1)
    capped = score(SPEC, facts).contributions[-1]
    assert (capped.code, capped.label) == ("begrensd", "Kans begrensd op 95%")


# --- when a site is due ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "days"),
    [(0.0, None), (0.25, 1460), (0.33, 1106), (0.5, 730), (1.0, 365), (2.0, 365), (4.0, 365)],
    ids=["zero", "quarter", "third", "half", "once", "twice", "four-times"],
)
def test_interval_days(frequency, days):
    assert RiskClassSpec("X", "x", 0.0, frequency).interval_days == days


@pytest.mark.parametrize(
    ("frequency", "visits"),
    [(0.0, 0), (0.25, 1), (0.33, 1), (0.5, 1), (1.0, 1), (1.5, 1), (2.0, 2), (2.5, 2), (3.0, 3)],
    ids=[
        "zero",
        "quarter",
        "third",
        "half",
        "once",
        "one-and-a-half",
        "twice",
        "two-and-a-half",
        "three",
    ],
)
def test_visits_per_year(frequency, visits):
    assert visits_per_year(RiskClassSpec("X", "x", 0.0, frequency)) == visits


@pytest.mark.parametrize(
    ("risk_class", "last", "factor", "due", "mandatory", "overdue", "next_on"),
    [
        # never inspected: due on 1 January; mandatory only in a class with minimum frequency
        (A, None, 2.0, True, True, False, D(2027, 1, 1)),
        (B, None, 2.0, True, False, False, D(2027, 1, 1)),
        # A (365 days): inspected mid 2026, due mid 2027
        (A, D(2026, 6, 1), 2.0, True, True, False, D(2027, 6, 1)),
        # A not due: inspected in March 2027 itself (365 days later is 29 February 2028)
        (A, D(2027, 3, 1), 2.0, False, False, False, D(2028, 2, 29)),
        # B (730 days): just due on 31 December, just not due on 1 January of the next year
        (B, D(2025, 12, 31), 2.0, True, False, False, D(2027, 12, 31)),
        (B, D(2026, 1, 1), 2.0, False, False, False, D(2028, 1, 1)),
        # B due earlier: the first day it is due is clipped to the year's start
        (B, D(2024, 6, 1), 2.0, True, False, False, D(2027, 1, 1)),
        # overdue after 2 × 730 = 1460 days before 1 January 2027: 2023-01-01 is 1461 days
        (B, D(2023, 1, 1), 2.0, True, True, True, D(2027, 1, 1)),
        (B, D(2023, 1, 2), 2.0, True, False, False, D(2027, 1, 1)),  # exactly 1460: not yet
        # overdue factor 1.5: 1095 days; 2024-01-01 is 1096 days before, 2024-01-02 1095
        (B, D(2024, 1, 1), 1.5, True, True, True, D(2027, 1, 1)),
        (B, D(2024, 1, 2), 1.5, True, False, False, D(2027, 1, 1)),
        # A overdue: mandatory anyway
        (A, D(2024, 12, 31), 2.0, True, True, True, D(2027, 1, 1)),
        # C (0.33: 1106 days)
        (C, D(2024, 12, 20), 2.0, True, False, False, D(2027, 12, 31)),
        (C, D(2024, 12, 21), 2.0, False, False, False, D(2028, 1, 1)),
        # frequency 0: never programmed, whatever the history
        (E, None, 2.0, False, False, False, None),
        (E, D(2010, 1, 1), 2.0, False, False, False, None),
    ],
    ids=[
        "never-A",
        "never-B",
        "due-A",
        "not-due-A",
        "just-due-B",
        "just-not-due-B",
        "due-earlier-clipped",
        "overdue-B",
        "not-yet-overdue-B",
        "overdue-factor-1.5",
        "not-overdue-factor-1.5",
        "overdue-A",
        "just-due-C",
        "just-not-due-C",
        "frequency-0-never",
        "frequency-0-old",
    ],
)
def test_due_in(risk_class, last, factor, due, mandatory, overdue, next_on):
    result = due_in(risk_class, last, 2027, factor)
    assert (result.due, result.mandatory, result.overdue, result.next_on) == (
        due,
        mandatory,
        overdue,
        next_on,
    )


def test_due_in_twice_a_year_uses_a_year_interval():
    twice = RiskClassSpec("T", "twee keer", 20.0, 2.0, mandatory=True)
    assert due_in(twice, D(2026, 12, 31), 2027, 2.0).next_on == D(2027, 12, 31)
    assert not due_in(twice, D(2027, 1, 1), 2027, 2.0).due
