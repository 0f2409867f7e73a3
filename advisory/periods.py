"""Periods and quarters: the one place that says where a day, week, month or quarter starts.

why (issue 11): the start of a period was worked out in three places, quarters in three and the
SQL bucketing twice, and a copy that drifted would put the same visits in different weeks on
different pages. Weeks start on Monday (ISO 8601, as in DHIS2's weekly periods).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
from sqlalchemy import Date, cast, func

from advisory.i18n import N_, _

Freq = Literal["day", "week", "month"]
Granularity = Literal["week", "month", "quarter"]

_FREQS: dict[str, Freq] = {
    "d": "day",
    "day": "day",
    "daily": "day",
    "w": "week",
    "week": "week",
    "weekly": "week",
    "m": "month",
    "ms": "month",
    "month": "month",
    "monthly": "month",
}
PANDAS_FREQ: dict[str, str] = {"day": "D", "week": "W-MON", "month": "MS", "quarter": "QS"}
# Which stored record periods fit inside a bucket: a daily record fits in its week and month,
# a weekly record in its month (it is counted in the month its Monday falls in).
RECORDS_FITTING: dict[str, tuple[str, ...]] = {
    "day": ("day",),
    "week": ("day", "week"),
    "month": ("day", "week", "month"),
}
_QUARTER_RE = re.compile(r"^\s*(\d{4})\s*[- ]?\s*[Qq]([1-4])\s*$")
# Whole phrases per quarter with the year (for translators), shown by Quarter.months.
_MONTHS = (
    N_("January to March {year}"),
    N_("April to June {year}"),
    N_("July to September {year}"),
    N_("October to December {year}"),
)


def normalise_freq(freq: str) -> Freq:
    """'D'/'day'/'daily' -> 'day', 'W'/'W-MON' -> 'week', 'M'/'MS' -> 'month'."""
    key = (freq or "").strip().lower()
    if key.startswith("w-"):
        key = "w"
    if key not in _FREQS:
        raise ValueError(f"freq must be day, week or month (or D, W, M); got {freq!r}.")
    return _FREQS[key]


def period_start(day: dt.date, freq: str) -> dt.date:
    """The first day of the day / week (Monday) / month / quarter containing `day`."""
    if freq == "quarter":
        return Quarter.of(day).start
    kind = normalise_freq(freq)
    if kind == "week":
        return day - dt.timedelta(days=day.weekday())
    if kind == "month":
        return day.replace(day=1)
    return day


def period_starts(dates: pd.DatetimeIndex, freq: str) -> pd.DatetimeIndex:
    """`period_start` for every date of an index at once (week, month or quarter)."""
    days = dates.normalize()
    if freq == "quarter":
        return pd.DatetimeIndex(days.to_period("Q").start_time)
    kind = normalise_freq(freq)
    if kind == "week":
        # Monday is weekday 0, so subtracting the weekday lands on the Monday.
        return days - pd.to_timedelta(days.weekday, unit="D")
    if kind == "month":
        return days - pd.to_timedelta(days.day - 1, unit="D")
    return days


def bucket_sql(dialect: str, column: Any, freq: str) -> Any:
    """SQL expression: the first day of the day / week (Monday) / month holding `column`."""
    kind = normalise_freq(freq)
    if kind == "day":
        return column
    if dialect == "sqlite":
        if kind == "week":
            # 'weekday 0' moves forward to the Sunday ending the week; 6 days back is Monday.
            return func.date(column, "weekday 0", "-6 days")
        return func.date(column, "start of month")
    return cast(func.date_trunc(kind, column), Date)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """'2025 Q2', '2025-Q2' or '2025Q2'. ValueError with the expected form otherwise."""
        match = _QUARTER_RE.match(text or "")
        if not match:
            raise ValueError(
                _("Write the quarter like 2025 Q2; got {text}.").format(text=repr(text))
            )
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        return self.next().start - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        """'2025 Q2': the quarter's key (compared, stored in audit details, parsed back)."""
        return f"{self.year} Q{self.number}"

    @property
    def display(self) -> str:
        """'2025 Q2' in the run's language, for people to read (never compared or parsed)."""
        return _("{year} Q{number}").format(year=self.year, number=self.number)

    @property
    def months(self) -> str:
        """'April to June 2025' in the run's language."""
        return _(_MONTHS[self.number - 1]).format(year=self.year)

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self, n: int = 1) -> Quarter:
        year, number = self.year, self.number
        for _step in range(n):
            year, number = (year - 1, 4) if number == 1 else (year, number - 1)
        return Quarter(year, number)

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def quarter_of(day: dt.date) -> tuple[int, int]:
    """(year, quarter number) of `day`."""
    q = Quarter.of(day)
    return q.year, q.number


def quarter_label(day: dt.date) -> str:
    """'2025 Q2' for any day from April to June 2025 (a key; quarter_display for people)."""
    return Quarter.of(day).label


def quarter_display(day: dt.date) -> str:
    """'2025 Q2' in the run's language, for people to read."""
    return Quarter.of(day).display


def quarters_between(first: dt.date, last: dt.date) -> list[Quarter]:
    """Every quarter from the one holding `first` to the one holding `last`, in order."""
    out: list[Quarter] = []
    q, end = Quarter.of(first), Quarter.of(last)
    while q <= end:
        out.append(q)
        q = q.next()
    return out
