"""Years and quarters, the periods of planning and reporting."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_QUARTER_PATTERN = re.compile(r"^(?P<year>\d{4})-?Q(?P<quarter>[1-4])$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"A quarter is numbered 1 to 4, not {self.number}.")
        if not 1900 <= self.year <= 2999:
            raise ValueError(f"{self.year} is not a plausible year.")

    @classmethod
    def of(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Read '2025-Q3' or '2025Q3'."""
        match = _QUARTER_PATTERN.match(text.strip())
        if match is None:
            raise ValueError(f"'{text}' is not a quarter; write it as 2025-Q3.")
        return cls(int(match["year"]), int(match["quarter"]))

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        return self.next().start - datetime.timedelta(days=1)

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"


def year_start(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def quarters_of(year: int) -> list[Quarter]:
    return [Quarter(year, number) for number in range(1, 5)]


def quarters_to_date(day: datetime.date) -> list[Quarter]:
    """The quarters of ``day``'s year up to and including the one ``day`` falls in."""
    return quarters_of(day.year)[: Quarter.of(day).number]
