"""Numbers, dates and counted periods as words, shared by every sentence module.

A counted period is one whole phrase chosen by the number ("1 week", "3 weeks"), never a word
with a suffix glued on, so each form can be translated as it stands.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from advisory import privacy

MINUS = "\u2212"

PERIOD_PHRASES = {
    "D": ("{n} day", "{n} days"),
    "W": ("{n} week", "{n} weeks"),
    "M": ("{n} month", "{n} months"),
}
MORE_PERIOD_PHRASES = {
    "D": ("{n} more day", "{n} more days"),
    "W": ("{n} more week", "{n} more weeks"),
    "M": ("{n} more month", "{n} more months"),
}
#: "about 12 a week"
PER_PERIOD = {"D": "a day", "W": "a week", "M": "a month"}
FEWER_THAN = "fewer than {k}"
LIKELY_RANGE = "likely range {low} to {high}"
LIST_SEPARATOR = ", "
LIST_END = "{first} and {last}"

_WEEKDAY_PLURALS = (
    "Mondays",
    "Tuesdays",
    "Wednesdays",
    "Thursdays",
    "Fridays",
    "Saturdays",
    "Sundays",
)


def periods(n: int, freq: str, *, more_: bool = False) -> str:
    """ "1 week", "3 weeks" (day and month likewise); "3 more weeks" with ``more_``."""
    one, many = (MORE_PERIOD_PHRASES if more_ else PERIOD_PHRASES)[freq]
    return (one if n == 1 else many).format(n=f"{n:,}")


def format_count(value: float, small_count_threshold: int | None = None) -> str:
    """A raw count, e.g. "1,234"; "fewer than 5" when privacy calls it small (None: exact)."""
    count = round(value)
    if small_count_threshold is not None and privacy.is_small(count, small_count_threshold):
        return FEWER_THAN.format(k=small_count_threshold)
    return f"{count:,}"


def format_amount(value: float) -> str:
    """A modelled amount: whole numbers from 5 up, one decimal below (never "-0")."""
    if abs(value) >= 5:
        return f"{round(value):,}"
    text = f"{abs(value):.1f}".removesuffix(".0")
    return "0" if text == "0" else text


def format_percent(ratio: float) -> str:
    """A rate ratio as a signed percentage change: 1.48 -> "+48%", 0.885 -> "−12%"."""
    if not math.isfinite(ratio):
        return "no estimate"
    pct = (ratio - 1.0) * 100.0
    text = f"{abs(pct):,.0f}" if abs(pct) >= 1 else f"{abs(pct):.1f}"
    if text in ("0", "0.0"):
        return "0%"
    return f"{'+' if pct > 0 else MINUS}{text}%"


def format_range(ci: tuple[float, float]) -> str:
    """ "likely range +25% to +90%" for a rate-ratio interval."""
    return LIKELY_RANGE.format(low=format_percent(ci[0]), high=format_percent(ci[1]))


def format_date(ts: pd.Timestamp, freq: str = "D") -> str:
    """ "3 March 2020"; "January 2005" for monthly data."""
    ts = pd.Timestamp(ts)
    return f"{ts:%B %Y}" if freq == "M" else f"{ts.day} {ts:%B %Y}"


def join_names(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return LIST_END.format(first=LIST_SEPARATOR.join(names[:-1]), last=names[-1])


def weekday_names(days: Sequence[int]) -> str:
    """[1, 3] -> "Tuesdays and Thursdays" (Monday = 0)."""
    return join_names([_WEEKDAY_PLURALS[d] for d in days])
