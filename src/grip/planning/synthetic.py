"""Seeded, realistic instances of the programme optimiser, for benchmarks and tests: a service's
sites, participants, expertises and inspector pools as :class:`optimiser.Problem`, at any size.

How an instance is made (the shapes follow the demo and the adopted risk model, the figures are
round assumptions, not data):

- every site belongs to a participant (sizes vary, log-normal) and needs one expertise (shares
  as in the demo: general 30 %, agricultural 26 %, hazardous substances 24 %, industry 15 %,
  waste 3 %, Brzo/IPPC 2 %; further expertises get smaller shares);
- its risk is effect × probability as the model computes it: an effect of 2-22 (most around 8),
  a base probability of 0.05-0.45, and history factors (last inspections, open violations,
  recidivism) up to the cap of 0.95. Discrete factors give many equal risks, and the product a
  heavy tail: a median near 2, the highest near 20;
- the class follows from the risk (A ≥ 9 yearly and mandatory, B ≥ 5, C ≥ 2.5, D ≥ 1, E only on
  signals); a site of B-D is due with probability ``due_share``, of A always;
- a due site's options: the full periodic inspection (A 16 hours, B and C 10, D 6, a Brzo/IPPC
  site 40: the demo catalogue's TH-03, TH-02, TH-01, TH-04), and for C and D also the
  administrative check (2 hours, TH-07) covering 35 % of the risk;
- mandatory: every A site, then randomly chosen overdue B-D sites until a participant's
  mandatory hours reach ``mandatory_share`` (35 %) of its capacity; mandatory sites only use
  hours, as :func:`grip.planning.programme.build` hands them to the optimiser;
- capacity: ``capacity_share`` (15 %) of the hours to inspect every due site in full, ± 10 %
  per participant (at least 1.25 × its mandatory hours);
- inspectors: as many hours as the participants' capacity together (± 3 %), per expertise in
  proportion to its share of the full hours (at least 1.25 × its mandatory hours); 60 % in a
  pool with that expertise alone, 40 % in a pool that also holds a second one (agricultural,
  hazardous substances and industry with general, waste with industry, Brzo/IPPC with
  hazardous substances; a further expertise with the one before it);
- a theme (optional): 4 % of the sites, of which a quarter of those with an option must be
  inspected.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from grip.planning import optimiser

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

DEMO_EXPERTISES = (  # code, share of the sites, the second expertise of its shared pool
    ("algemeen", 0.30, None),
    ("agrarisch", 0.26, "algemeen"),
    ("gevaarlijke-stoffen", 0.24, "algemeen"),
    ("industrie", 0.15, "algemeen"),
    ("afval", 0.03, "industrie"),
    ("brzo-ippc", 0.02, "gevaarlijke-stoffen"),
)
COMPLEX = "brzo-ippc"  # its sites take the 40-hour inspection
CLASS_BOUNDS = (9.0, 5.0, 2.5, 1.0)  # A, B, C, D; below: E
FULL_HOURS = (16.0, 10.0, 10.0, 6.0)  # per class A-D
COMPLEX_HOURS = 40.0
ADMINISTRATIVE_HOURS = 2.0
ADMINISTRATIVE_COVERAGE = 0.35
HOURS = (2.0, 6.0, 10.0, 16.0, 40.0)  # every option's hours are one of these
EFFECTS = np.arange(2, 23)
BASE_PROBABILITIES = (0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45)
BASE_WEIGHTS = (2, 6, 10, 14, 18, 18, 14, 10, 8)
HISTORY_FACTORS = (0.6, 0.84, 1.08, 1.2, 1.32, 1.56, 1.8)
HISTORY_WEIGHTS = (25, 15, 10, 35, 7, 5, 3)
PROBABILITY_CAP = 0.95
THEME_SHARE = 0.04
THEME_MINIMUM = 0.25
SHARED_POOL = 0.4


@dataclass(frozen=True)
class Instance:
    """A problem and what it was made of (mandatory sites are not in the problem)."""

    problem: optimiser.Problem
    sites: int
    due_sites: int  # with an option or mandatory
    mandatory_sites: int
    mandatory_value: float  # the risk the mandatory inspections cover
    full_hours: float  # the hours to inspect every due site in full
    seed: int


def _expertises(count: int) -> tuple[list[str], FloatArray, list[int | None]]:
    """Codes, site shares and the second expertise (index) of each one's shared pool."""
    codes = [code for code, _share, _second in DEMO_EXPERTISES[:count]]
    shares = [share for _code, share, _second in DEMO_EXPERTISES[:count]]
    for extra in range(len(codes), count):
        codes.append(f"deskundigheid-{extra + 1}")
        shares.append(0.02)
    seconds: list[int | None] = []
    for index in range(count):
        second = DEMO_EXPERTISES[index][2] if index < len(DEMO_EXPERTISES) else codes[index - 1]
        seconds.append(codes.index(second) if second in codes else None)
    weights = np.array(shares)
    return codes, weights / weights.sum(), seconds


def _risk(rng: np.random.Generator, size: int) -> FloatArray:
    weights = 0.78 ** np.abs(EFFECTS - 8)
    effect = rng.choice(EFFECTS, size=size, p=weights / weights.sum())
    base = rng.choice(BASE_PROBABILITIES, size=size, p=np.array(BASE_WEIGHTS) / 100)
    history = rng.choice(HISTORY_FACTORS, size=size, p=np.array(HISTORY_WEIGHTS) / 100)
    violations = np.where(rng.random(size) < 0.06, rng.choice((1.25, 1.5, 1.75), size=size), 1.0)
    recidivism = np.where(rng.random(size) < 0.02, 1.5, 1.0)
    probability = np.minimum(PROBABILITY_CAP, base * history * violations * recidivism)
    risk: FloatArray = np.round(probability * effect, 4).astype(np.float64)
    return risk


def _group_cumsum(groups: IntArray, values: FloatArray) -> FloatArray:
    """The running sum of ``values`` within each run of equal ``groups`` (sorted), before
    each element."""
    total = np.cumsum(values) - values
    starts = np.r_[0, np.flatnonzero(np.diff(groups)) + 1]
    offsets = np.repeat(total[starts], np.diff(np.r_[starts, len(groups)]))
    running: FloatArray = total - offsets
    return running


def instance(
    sites: int,
    *,
    participants: int = 22,
    expertises: int = 6,
    seed: int = 0,
    theme: bool = False,
    due_share: float = 0.9,
    capacity_share: float = 0.15,
    mandatory_share: float = 0.35,
) -> Instance:
    """An instance of ``sites`` sites over ``participants`` participants (see the module)."""
    if sites < 1 or participants < 1:
        raise ValueError("An instance needs sites and participants.")
    if not 1 <= expertises <= optimiser.MAX_EXPERTISES:
        raise ValueError(f"Between 1 and {optimiser.MAX_EXPERTISES} expertises.")
    rng = np.random.default_rng(seed)
    codes, shares, seconds = _expertises(expertises)
    sizes = rng.lognormal(0.0, 0.7, participants)
    participant = np.sort(rng.choice(participants, size=sites, p=sizes / sizes.sum()))
    expertise = rng.choice(expertises, size=sites, p=shares)
    risk = _risk(rng, sites)
    risk_class = np.searchsorted(-np.array(CLASS_BOUNDS), -risk, side="left")  # 0=A .. 4=E
    due = (risk_class == 0) | ((risk_class < 4) & (rng.random(sites) < due_share))
    complex_site = (
        expertise == codes.index(COMPLEX) if COMPLEX in codes else np.zeros(sites, dtype=bool)
    )
    full = np.where(complex_site, COMPLEX_HOURS, np.array((*FULL_HOURS, 0.0))[risk_class])
    full = np.where(due, full, 0.0)

    full_per_participant = np.bincount(participant, weights=full, minlength=participants)
    capacity = (capacity_share * full_per_participant * rng.uniform(0.9, 1.1, participants)).round()
    mandatory = due & (risk_class == 0)
    # Overdue sites, in a random order per participant, until the mandatory share is reached.
    need = np.maximum(
        mandatory_share * capacity
        - np.bincount(participant, weights=np.where(mandatory, full, 0.0), minlength=participants),
        0.0,
    )
    candidates = np.flatnonzero(due & ~mandatory)
    order = candidates[np.lexsort((rng.random(len(candidates)), participant[candidates]))]
    before = _group_cumsum(participant[order], full[order])
    mandatory[order[before < need[participant[order]]]] = True
    mandatory_participant = np.bincount(
        participant, weights=np.where(mandatory, full, 0.0), minlength=participants
    )
    capacity = np.maximum(capacity, np.ceil(1.25 * mandatory_participant))
    mandatory_expertise = np.bincount(
        expertise, weights=np.where(mandatory, full, 0.0), minlength=expertises
    )

    # The options of the due sites that are not mandatory: full, and administrative for C, D.
    optional = np.flatnonzero(due & ~mandatory)
    administrative = optional[np.isin(risk_class[optional], (2, 3))]
    site = np.concatenate([optional, administrative])
    order = np.argsort(site, kind="stable")
    site = site[order]
    hours = np.concatenate([full[optional], np.full(len(administrative), ADMINISTRATIVE_HOURS)])
    value = np.concatenate([risk[optional], risk[administrative] * ADMINISTRATIVE_COVERAGE])
    hours, value = hours[order], np.round(value[order], 4)

    # Inspectors: hours per expertise by its share of the full hours, some shared with a second.
    inspector_hours = capacity.sum() * rng.uniform(0.97, 1.03)
    demand = np.bincount(expertise, weights=full, minlength=expertises)
    pools: dict[tuple[int, ...], float] = {}
    for e in range(expertises):
        hours_e = max(
            inspector_hours * demand[e] / max(demand.sum(), 1.0), 1.25 * mandatory_expertise[e]
        )
        second = seconds[e]
        keys: list[tuple[tuple[int, ...], float]] = [((e,), 1.0)]
        if second is not None and second != e:
            keys = [((e,), 1 - SHARED_POOL), (tuple(sorted((e, second))), SHARED_POOL)]
        for key, part in keys:
            pools[key] = pools.get(key, 0.0) + round(hours_e * part)

    themes: list[optimiser.Theme] = []
    if theme:
        in_theme = rng.random(sites) < THEME_SHARE
        options = np.flatnonzero(in_theme[site])
        theme_sites = len(np.unique(site[options]))
        themes.append(
            optimiser.Theme(
                label="Thema",
                options=options.astype(np.int64),
                minimum=round(THEME_MINIMUM * theme_sites),
                sites=theme_sites,
            )
        )
    problem = optimiser.Problem(
        participant_labels=[f"Deelnemer {p + 1:03d}" for p in range(participants)],
        expertise_labels=codes,
        capacity=capacity.astype(float),
        mandatory_participant=mandatory_participant.astype(np.float64),
        mandatory_expertise=mandatory_expertise.astype(np.float64),
        pools=[optimiser.Pool(key, hours) for key, hours in sorted(pools.items()) if hours > 0],
        site=site.astype(np.int64),
        participant=participant[site].astype(np.int64),
        expertise=expertise[site].astype(np.int64),
        hours=hours.astype(float),
        value=value.astype(float),
        themes=themes,
    )
    return Instance(
        problem=problem,
        sites=sites,
        due_sites=int(due.sum()),
        mandatory_sites=int(mandatory.sum()),
        mandatory_value=float(risk[mandatory].sum()),
        full_hours=float(full.sum()),
        seed=seed,
    )


def services(count: int, sites_each: int, seed: int = 0, *, theme: bool = True) -> list[Instance]:
    """The national picture: ``count`` independent services (the Netherlands has 29) of
    ``sites_each`` sites, each with 6-20 participants (some 350 municipalities and provinces
    together). Each service plans on its own; instance i has seed ``seed * 1000 + i``."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(6, 21, size=count)
    return [
        instance(sites_each, participants=int(sizes[i]), seed=seed * 1000 + i, theme=theme)
        for i in range(count)
    ]
