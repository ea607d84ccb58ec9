"""Quality scores: how well a dataset's data meets its active checks, now and over time.

The score of a set of checks is the severity-weighted mean of the pass rates (1 - failed /
checked) of their latest results; a check that has never run does not count. Per dimension the
same, restricted to that dimension's checks. A figure built on several datasets shows the
lowest of their scores: the weakest link.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from grip.dataplatform.models import Check, CheckResult, Dataset


@dataclass(frozen=True)
class Score:
    value: float  # 0..1
    checks: int  # checks that have a result
    failing: int  # of which the latest result did not pass

    @property
    def percent(self) -> int:
        return round(self.value * 100)


def _weighted(pairs: Iterable[tuple[int, float, bool]]) -> Score | None:
    weight_sum = 0
    total = 0.0
    checks = failing = 0
    for severity, rate, passed in pairs:
        weight_sum += severity
        total += severity * rate
        checks += 1
        failing += 0 if passed else 1
    if not checks:
        return None
    return Score(value=total / weight_sum, checks=checks, failing=failing)


def _latest_results(identifiers: Iterable[str] | None) -> list[tuple[Check, CheckResult]]:
    latest = CheckResult.objects.filter(check_rule=OuterRef("pk")).order_by("-run_at", "-pk")
    checks = Check.objects.filter(active=True).select_related("dataset")
    if identifiers is not None:
        checks = checks.filter(dataset__identifier__in=list(identifiers))
    checks = checks.annotate(latest_result=Subquery(latest.values("pk")[:1])).filter(
        latest_result__isnull=False
    )
    rows = list(checks)
    results = CheckResult.objects.in_bulk([check.latest_result for check in rows])
    return [(check, results[check.latest_result]) for check in rows]


def dataset_scores(identifiers: Iterable[str] | None = None) -> dict[str, Score]:
    """The current score per dataset identifier; datasets without results are left out."""
    by_dataset: dict[str, list[tuple[int, float, bool]]] = defaultdict(list)
    for check, result in _latest_results(identifiers):
        by_dataset[check.dataset.identifier].append(
            (check.severity, result.pass_rate, result.passed)
        )
    return {
        identifier: score
        for identifier, pairs in by_dataset.items()
        if (score := _weighted(pairs)) is not None
    }


def dataset_score_rows() -> list[tuple[Dataset, Score]]:
    """Every dataset with a scored check and its score, weakest first."""
    per_dataset = dataset_scores()
    datasets = {d.identifier: d for d in Dataset.objects.filter(identifier__in=per_dataset)}
    return sorted(
        ((datasets[key], score) for key, score in per_dataset.items() if key in datasets),
        key=lambda row: (row[1].value, row[0].identifier),
    )


def dimension_scores(identifier: str | None = None) -> dict[str, Score]:
    """The current score per DAMA dimension, of one dataset or of all."""
    by_dimension: dict[str, list[tuple[int, float, bool]]] = defaultdict(list)
    for check, result in _latest_results([identifier] if identifier else None):
        by_dimension[check.dimension].append((check.severity, result.pass_rate, result.passed))
    return {
        dimension: score
        for dimension, pairs in by_dimension.items()
        if (score := _weighted(pairs)) is not None
    }


def overall_score() -> Score | None:
    """The score of all active checks together (their latest results)."""
    return _weighted(
        (check.severity, result.pass_rate, result.passed) for check, result in _latest_results(None)
    )


def weakest(identifiers: Iterable[str]) -> tuple[str, Score] | None:
    """The dataset with the lowest score among these, and that score; None when none has
    results."""
    scores = dataset_scores(identifiers)
    if not scores:
        return None
    identifier = min(scores, key=lambda key: (scores[key].value, key))
    return identifier, scores[identifier]


def trend(
    identifier: str | None = None, *, days: int = 30, today: datetime.date | None = None
) -> list[tuple[datetime.date, Score]]:
    """The score at the end of each of the last ``days`` days, from the stored results: per
    day each check counts with its last result up to that day. Days before any result are
    left out."""
    from django.utils import timezone

    end = today or timezone.localdate()
    start = end - datetime.timedelta(days=days - 1)
    results = CheckResult.objects.filter(check_rule__active=True).select_related("check_rule")
    if identifier:
        results = results.filter(check_rule__dataset__identifier=identifier)
    # The latest result before the window still counts on its first day.
    before = {}
    for result in results.filter(run_at__date__lt=start).order_by("run_at", "pk"):
        before[result.check_rule_id] = result
    in_window = results.filter(run_at__date__gte=start, run_at__date__lte=end).order_by(
        "run_at", "pk"
    )
    by_day: dict[datetime.date, list[CheckResult]] = defaultdict(list)
    for result in in_window:
        by_day[timezone.localdate(result.run_at)].append(result)
    current = dict(before)
    points = []
    day = start
    while day <= end:
        for result in by_day.get(day, []):
            current[result.check_rule_id] = result
        score = _weighted(
            (result.check_rule.severity, result.pass_rate, result.passed)
            for result in current.values()
        )
        if score is not None:
            points.append((day, score))
        day += datetime.timedelta(days=1)
    return points
