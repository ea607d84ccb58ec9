"""Quality scores: severity-weighted latest pass rates per dataset and dimension, the weakest
link, and the trend from the stored results."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from grip.dataplatform import scores
from grip.dataplatform.models import Check, CheckResult, Dataset, Dimension

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def dataset(identifier: str) -> Dataset:
    return Dataset.objects.get_or_create(identifier=identifier, defaults={"kind": "extern"})[0]


def check(ds: Dataset, code: str, severity: int, dimension: str = Dimension.VALIDITY) -> Check:
    return Check.objects.create(
        code=code, name=code, dataset=ds, kind="not_null", dimension=dimension, severity=severity
    )


def result(
    rule: Check,
    when: datetime.datetime,
    checked: int,
    failed: int,
    *,
    passed: bool | None = None,
    error: str = "",
) -> CheckResult:
    return CheckResult.objects.create(
        check_rule=rule,
        run_at=when,
        rows_checked=checked,
        rows_failed=failed,
        passed=failed == 0 if passed is None else passed,
        error=error,
    )


def test_the_score_is_weighted_by_severity_and_uses_the_latest_result() -> None:
    a = dataset("extern:a")
    critical = check(a, "kritiek", 3, Dimension.COMPLETENESS)
    minor = check(a, "gering", 1)
    result(critical, at(TODAY - datetime.timedelta(days=1)), 10, 10)  # superseded
    result(critical, at(TODAY), 10, 2)  # 0.8
    result(minor, at(TODAY), 4, 4)  # 0.0
    score = scores.dataset_scores()["extern:a"]
    # (3 * 0.8 + 1 * 0.0) / 4 = 0.6
    assert score.value == pytest.approx(0.6)
    assert (score.percent, score.checks, score.failing) == (60, 2, 2)
    dimensions = scores.dimension_scores("extern:a")
    assert dimensions[Dimension.COMPLETENESS].value == pytest.approx(0.8)
    assert dimensions[Dimension.VALIDITY].value == pytest.approx(0.0)


def test_inactive_and_never_run_checks_do_not_count_and_errors_count_as_zero() -> None:
    a = dataset("extern:a")
    counted = check(a, "telt", 2)
    inactive = check(a, "uit", 3)
    inactive.active = False
    inactive.save()
    check(a, "nooit", 3)
    errored = check(a, "fout", 2)
    result(counted, at(TODAY), 5, 0)  # 1.0
    result(inactive, at(TODAY), 5, 5)
    result(errored, at(TODAY), 0, 0, passed=False, error="kolom weg")  # 0.0
    assert scores.dataset_scores()["extern:a"].value == pytest.approx(0.5)


def test_the_weakest_dataset() -> None:
    a, b = dataset("extern:a"), dataset("extern:b")
    result(check(a, "a1", 2), at(TODAY), 10, 1)  # 0.9
    result(check(b, "b1", 2), at(TODAY), 10, 3)  # 0.7
    found = scores.weakest(["extern:a", "extern:b", "extern:zonder"])
    assert found is not None
    identifier, score = found
    assert identifier == "extern:b"
    assert score.value == pytest.approx(0.7)
    assert scores.weakest(["extern:zonder"]) is None


def test_the_trend_carries_each_checks_last_result_forward() -> None:
    a = dataset("extern:a")
    one, two = check(a, "een", 1), check(a, "twee", 3)
    result(one, at(TODAY - datetime.timedelta(days=40)), 10, 5)  # before the window: 0.5
    result(two, at(TODAY - datetime.timedelta(days=2)), 10, 0)  # 1.0
    result(one, at(TODAY), 10, 0)  # 1.0
    points = dict(scores.trend("extern:a", days=5, today=TODAY))
    day = datetime.timedelta(days=1)
    assert list(points) == [TODAY - 4 * day, TODAY - 3 * day, TODAY - 2 * day, TODAY - day, TODAY]
    assert points[TODAY - 4 * day].value == pytest.approx(0.5)
    # (1 * 0.5 + 3 * 1.0) / 4
    assert points[TODAY - 2 * day].value == pytest.approx(0.875)
    assert points[TODAY].value == pytest.approx(1.0)
    assert scores.trend("extern:b", days=5, today=TODAY) == []
