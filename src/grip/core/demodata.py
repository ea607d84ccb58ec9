"""The demo-data generator: a registry of steps that each app adds to.

An app defines ``demo.py`` with a function decorated by :func:`demo_step`; ``CoreConfig.ready``
imports every app's ``demo.py`` so the steps register themselves. :func:`load_demo` runs them in
layer order inside one transaction; the same seed gives the same data.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO, TypeVar

from django.db import transaction
from faker import Faker

from grip.core import notifications
from grip.core.errors import DomainError

_Item = TypeVar("_Item")

DEMO_PASSWORD = "grip-demo-2026"  # noqa: S105 - printed on purpose: demo data only


@dataclass(frozen=True)
class Scale:
    name: str
    description: str
    staff: int  # employees of the service
    factor: int  # how many times ODZOB's volume of facts (cases, hours, sites)


SCALES: dict[str, Scale] = {
    "small": Scale("small", "a few people per team, for tests and quick looks", staff=40, factor=0),
    "odzob": Scale("odzob", "one omgevingsdienst the size of ODZOB", staff=200, factor=1),
    "national": Scale(
        "national", "about thirty times ODZOB, for benchmarks", staff=6000, factor=30
    ),
}


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    description: str


class Progress:
    """A plain text progress bar on a stream; one line per step when not on a terminal."""

    WIDTH = 30

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.is_terminal = hasattr(self.stream, "isatty") and self.stream.isatty()

    def track(self, items: Iterable[_Item], *, label: str, total: int) -> Iterator[_Item]:
        started = time.perf_counter()
        done = 0
        step = max(1, total // 100)
        for done, item in enumerate(items, start=1):
            if self.is_terminal and (done % step == 0 or done == total):
                self._draw(label, done, total)
            yield item
        elapsed = time.perf_counter() - started
        if self.is_terminal:
            self.stream.write("\n")
        else:
            self.stream.write(f"{label}: {done} in {elapsed:.1f} s\n")
        self.stream.flush()

    def _draw(self, label: str, done: int, total: int) -> None:
        filled = int(self.WIDTH * done / max(total, 1))
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r{label:<28} [{bar}] {done}/{total}")
        self.stream.flush()


@dataclass
class DemoContext:
    scale: Scale
    seed: int
    year: int
    progress: Progress
    faker: Faker = field(init=False)
    random: random.Random = field(init=False)
    shared: dict[str, Any] = field(default_factory=dict)  # what one step hands to later steps

    def __post_init__(self) -> None:
        self.faker = Faker("nl_NL")
        self.faker.seed_instance(self.seed)
        self.random = random.Random(self.seed)  # noqa: S311 - demo data, not security


@dataclass(frozen=True)
class DemoStep:
    name: str
    order: int
    run: Callable[[DemoContext], None]
    has_data: Callable[[], bool]
    reset: Callable[[], None]
    logins: Callable[[], list[DemoLogin]]


_steps: dict[str, DemoStep] = {}


def _no_logins() -> list[DemoLogin]:
    return []


def demo_step(
    *,
    name: str,
    order: int,
    has_data: Callable[[], bool],
    reset: Callable[[], None],
    logins: Callable[[], list[DemoLogin]] = _no_logins,
) -> Callable[[Callable[[DemoContext], None]], Callable[[DemoContext], None]]:
    """Register a generator step. ``order`` follows the layers: lower apps run first."""

    def register(run: Callable[[DemoContext], None]) -> Callable[[DemoContext], None]:
        _steps[name] = DemoStep(name, order, run, has_data, reset, logins)
        return run

    return register


def registered_steps() -> list[DemoStep]:
    return sorted(_steps.values(), key=lambda step: (step.order, step.name))


def database_has_data() -> bool:
    return any(step.has_data() for step in registered_steps())


def demo_logins() -> list[DemoLogin]:
    return [login for step in registered_steps() for login in step.logins()]


@dataclass
class DemoResult:
    seconds_per_step: dict[str, float]

    @property
    def seconds(self) -> float:
        return sum(self.seconds_per_step.values())


class DatabaseNotEmpty(DomainError):
    code = "database_not_empty"


def load_demo(
    *, scale: str, seed: int, year: int, reset: bool = False, progress: Progress | None = None
) -> DemoResult:
    """Generate demo data in one transaction: all of it, or nothing."""
    if scale not in SCALES:
        raise DomainError(
            f"Unknown scale '{scale}'; choose one of {', '.join(SCALES)}.", code="unknown_scale"
        )
    context = DemoContext(SCALES[scale], seed, year, progress or Progress())
    timings: dict[str, float] = {}
    # Demo events (published reports, due follow-ups) are recorded as notifications, not mailed.
    with transaction.atomic(), notifications.muted():
        if database_has_data():
            if not reset:
                raise DatabaseNotEmpty(
                    "The database already holds data; run `grip demo --reset` to replace it "
                    "with demo data (this deletes users, staff and contacts)."
                )
            for step in reversed(registered_steps()):
                step.reset()
        for step in registered_steps():
            started = time.perf_counter()
            step.run(context)
            timings[step.name] = time.perf_counter() - started
    return DemoResult(timings)
