"""Verdicts as values, with the rules and thresholds that give them (issue 11, item 6).

Sentences are made from these values at the edge (:mod:`advisory.analysis.wording`); nothing
here is worded for a reader, and no logic anywhere compares sentences. The enums are
``StrEnum`` so that each value *is* its plain string ("went up" == Verdict.UP), which keeps
stored results, tables and older callers working.
"""

from __future__ import annotations

import enum

#: "Little or no change" needs the whole likely range inside about 0.9 to 1.1.
NARROW_LOW, NARROW_HIGH = 0.9, 1.1
#: analysis.md, "How much data": under 8 periods on a side is too early; 8-11 an early signal.
MIN_PERIODS_EARLY = 8
MIN_PERIODS_ESTIMATE = 12
#: Two adaptations that start fewer than this many periods apart can't be told apart (issue 9).
MIN_PERIODS_APART = 8
#: A gender-recording shift matters from this many percentage points of all visits (issue 9).
RECORDING_SHIFT_MIN = 0.02
#: Without a full year of baseline, a window longer than this many days can show seasons as a
#: change (measured: 40 weeks before + 12 after claimed change 15% of the time; 8 + 13, 1%).
SEASON_SPAN_DAYS = 182
#: "A full year of baseline", the same for daily, weekly and monthly data: 52 weeks.
FULL_YEAR_DAYS = 364


class Verdict(enum.StrEnum):
    """What happened to the outcome after the change (analysis.md, "Words")."""

    UP = "went up"
    DOWN = "went down"
    NONE = "little or no change"
    CANT_TELL = "we can't tell yet"

    @property
    def claims_change(self) -> bool:
        """True for "went up" and "went down": the verdicts that say something changed."""
        return self in (Verdict.UP, Verdict.DOWN)


class WeekdayConclusion(enum.StrEnum):
    """Whether a rise on the adapted weekday is new visits or women moving days."""

    NEW_VISITS = "new visits"
    MOVED_DAYS = "women moved days"
    NO_CLEAR_CHANGE = "no clear change"
    CANT_TELL = "we can't tell yet"


class DataState(enum.StrEnum):
    """How much data there is on each side (analysis.md, "How much data")."""

    TOO_EARLY = "too_early"
    EARLY_SIGNAL = "early_signal"
    ESTIMATE = "estimate"


class Downgrade(enum.StrEnum):
    """Why a verdict became "we can't tell yet" although the likely range alone said more."""

    TOO_EARLY = "too_early"
    SEASONS = "seasons"
    NOT_SEPARABLE = "not_separable"
    RECORDING = "recording"


def verdict_from_interval(lower: float, upper: float) -> Verdict:
    """Verdict from a 95% rate-ratio interval: up, down, little change, or can't tell."""
    if lower > 1.0:
        return Verdict.UP
    if upper < 1.0:
        return Verdict.DOWN
    if lower >= NARROW_LOW and upper <= NARROW_HIGH:
        return Verdict.NONE
    return Verdict.CANT_TELL


def state_for(n_before: int, n_after: int) -> DataState:
    """Which of the three data states applies, from the periods on either side."""
    fewest = min(n_before, n_after)
    if fewest < MIN_PERIODS_EARLY:
        return DataState.TOO_EARLY
    if fewest < MIN_PERIODS_ESTIMATE:
        return DataState.EARLY_SIGNAL
    return DataState.ESTIMATE


def weekday_conclusion(
    on_ci: tuple[float, float], other_ci: tuple[float, float], net_ci: tuple[float, float]
) -> WeekdayConclusion:
    """New visits, women moving days, no clear change, or can't tell (analysis.md, corrected).

    "New visits" only when the net weekly change (same model) is clearly above 1; "women moved
    days" only when the other days clearly fell while the net weekly change is little or none;
    "other days did not clearly change" is not evidence of new visits. Without a clear rise on
    the day and without a clear net rise there is nothing to explain: "no clear change" when the
    day's range rules out a rise, else "we can't tell yet".
    """
    net = verdict_from_interval(*net_ci)
    if net == Verdict.UP:
        return WeekdayConclusion.NEW_VISITS
    on = verdict_from_interval(*on_ci)
    if on == Verdict.UP:
        if other_ci[1] < 1.0 and net == Verdict.NONE:
            return WeekdayConclusion.MOVED_DAYS
        return WeekdayConclusion.CANT_TELL
    if on in (Verdict.DOWN, Verdict.NONE):
        return WeekdayConclusion.NO_CLEAR_CHANGE
    return WeekdayConclusion.CANT_TELL


def full_year_periods(period_days: float) -> int:
    """Periods that make "a full year of baseline": 364 days, 52 weeks, 12 months."""
    return max(1, round(FULL_YEAR_DAYS / period_days + 0.49))
