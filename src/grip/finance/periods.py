"""Periods of realisation within one year: the year, a quarter, a month, the year to date.

A period is written as a short code in URLs and the API: ``jaar`` (the whole year), ``ytd``
(the year to date), ``Q1`` to ``Q4`` and ``M1`` to ``M12``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from grip.core.periods import Quarter, year_end, year_start
from grip.finance.calculation import month_bounds

_CODE = re.compile(
    r"^(?:(?P<year>jaar)|(?P<ytd>ytd)|Q(?P<quarter>[1-4])|M(?P<month>1[0-2]|0?[1-9]))$", re.I
)
MONTH_NAMES = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end`` inclusive, within one year; ``code`` as in the URL."""

    year: int
    start: datetime.date
    end: datetime.date
    code: str

    @classmethod
    def whole_year(cls, year: int) -> Period:
        return cls(year, year_start(year), year_end(year), "jaar")

    @classmethod
    def quarter(cls, quarter: Quarter) -> Period:
        return cls(quarter.year, quarter.start, quarter.end, f"Q{quarter.number}")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        start, end = month_bounds(year, month)
        return cls(year, start, end, f"M{month}")

    @classmethod
    def year_to_date(cls, year: int, as_of: datetime.date) -> Period:
        """1 January up to ``as_of``, held within the year (empty before it starts)."""
        end = min(as_of, year_end(year))
        return cls(year, year_start(year), end, "ytd")

    @classmethod
    def parse(cls, code: str, *, year: int, as_of: datetime.date) -> Period:
        """Read a period code; ``ValueError`` for anything else."""
        match = _CODE.match(code.strip())
        if match is None:
            raise ValueError(f"'{code}' is not a period; use jaar, ytd, Q1 to Q4 or M1 to M12.")
        if match["year"]:
            return cls.whole_year(year)
        if match["ytd"]:
            return cls.year_to_date(year, as_of)
        if match["quarter"]:
            return cls.quarter(Quarter(year, int(match["quarter"])))
        return cls.month(year, int(match["month"]))

    @property
    def is_empty(self) -> bool:
        return self.end < self.start

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        """Dutch, as the pages show it."""
        if self.code == "jaar":
            return str(self.year)
        if self.code == "ytd":
            return f"{self.year} t/m {self.end:%d-%m}"
        if self.code.startswith("Q"):
            return f"{self.year} kwartaal {self.code[1]}"
        return f"{MONTH_NAMES[self.start.month - 1]} {self.year}"
