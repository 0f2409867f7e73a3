"""Checking a count series and the dates around it before any model sees it.

Every problem is a ValueError that names it in plain words (tests/unit/test_its_validation.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

Frequency = Literal["D", "W", "M"]

#: Length of one period in days ("M" is an average month).
PERIOD_DAYS: dict[str, float] = {"D": 1.0, "W": 7.0, "M": 365.25 / 12}
PERIODS_PER_YEAR: dict[str, float] = {"D": 365.25, "W": 365.25 / 7, "M": 12.0}
MIN_POINTS_PER_SIDE = 3


def detect_frequency(index: pd.Index) -> Frequency:
    """Return "D", "W" or "M" for a regular daily, weekly or monthly DatetimeIndex.

    Weekly may be anchored on any weekday; monthly may be labelled by month start or month end.
    Raises ValueError for anything else (gaps, duplicates, unsorted or irregular dates).
    """
    if not isinstance(index, pd.DatetimeIndex):
        raise ValueError(
            f"The counts need dates as their index (a DatetimeIndex); got {type(index).__name__}."
        )
    if index.tz is not None:
        index = index.tz_localize(None)
    if index.hasnans:
        raise ValueError("The index has missing dates (NaT).")
    if index.has_duplicates:
        dupes = index[index.duplicated()].unique()
        raise ValueError(f"The index has duplicate dates, e.g. {dupes[0].date()}.")
    if len(index) < 2:
        raise ValueError("At least two periods are needed to tell the frequency.")
    if not index.is_monotonic_increasing:
        raise ValueError("The dates in the index are not in order; sort them first.")
    steps = index[1:] - index[:-1]
    if (steps == pd.Timedelta(days=1)).all():
        return "D"
    if (steps == pd.Timedelta(days=7)).all():
        return "W"
    months = np.asarray(index.year) * 12 + np.asarray(index.month)
    midnight = bool((index == index.normalize()).all())
    month_labels = bool(index.is_month_start.all() or index.is_month_end.all())
    if midnight and month_labels and bool((np.diff(months) == 1).all()):
        return "M"
    raise ValueError(
        "The dates are irregular: expected one row per day, per week or per month with no gaps "
        "(fill missing periods with 0 if nothing happened, or mark them as closures)."
    )


def strip_tz(index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    return index.tz_localize(None) if index.tz is not None else index


def check_counts(values: pd.Series, what: str) -> np.ndarray:
    """Whole, non-negative, finite numbers; returned as floats."""
    if not isinstance(values, pd.Series):
        raise ValueError(f"The {what} must be a pandas Series; got {type(values).__name__}.")
    if not pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
        raise ValueError(f"The {what} must be numbers; got dtype {values.dtype}.")
    arr = values.to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(arr).any():
        first = values.index[np.isnan(arr)][0]
        raise ValueError(f"The {what} have missing values (NaN), first at {first}.")
    if not np.isfinite(arr).all():
        raise ValueError(f"The {what} contain infinite values.")
    if (arr < 0).any():
        first = values.index[arr < 0][0]
        raise ValueError(f"The {what} contain negative numbers, first at {first}.")
    if not np.allclose(arr, np.round(arr)):
        raise ValueError(f"The {what} must be whole numbers (counts of visits).")
    return arr


def check_aligned(other: pd.Series, index: pd.DatetimeIndex, what: str) -> None:
    if not isinstance(other, pd.Series):
        raise ValueError(f"The {what} must be a pandas Series; got {type(other).__name__}.")
    if not isinstance(other.index, pd.DatetimeIndex) or not strip_tz(other.index).equals(index):
        raise ValueError(
            f"The {what} is misaligned: it must have exactly the same dates as the counts "
            f"({len(index)} periods from {index[0].date()} to {index[-1].date()})."
        )


def check_exposure(exposure: pd.Series, index: pd.DatetimeIndex, what: str) -> np.ndarray:
    """Open days (or similar) per period: zero means closed, and the period is left out."""
    check_aligned(exposure, index, what)
    arr = exposure.to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(arr).any() or not np.isfinite(arr).all():
        raise ValueError(f"The {what} has missing or infinite values.")
    if (arr < 0).any():
        first = index[arr < 0][0]
        raise ValueError(
            f"The {what} can't be negative; found {arr[arr < 0][0]:g} at {first.date()}."
        )
    if not (arr > 0).any():
        raise ValueError(f"The {what} is zero in every period: the site was never open.")
    return arr


def to_timestamp(day: date | str | pd.Timestamp, what: str = "start date") -> pd.Timestamp:
    try:
        ts = pd.Timestamp(day)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"The {what} {day!r} is not a date.") from exc
    if ts is pd.NaT or pd.isna(ts):
        raise ValueError(f"The {what} is missing.")
    return ts.tz_localize(None) if ts.tz is not None else ts


def split_point(index: pd.DatetimeIndex, start: pd.Timestamp) -> int:
    """Position of the first period labelled on or after the start date."""
    if start <= index[0]:
        raise ValueError(
            f"The start date {start.date()} is not inside the series: there are no periods "
            f"before it (the data start on {index[0].date()})."
        )
    if start > index[-1]:
        raise ValueError(
            f"The start date {start.date()} is not inside the series: it is after the last "
            f"period ({index[-1].date()})."
        )
    t0 = int(index.searchsorted(start, side="left"))
    n_after = len(index) - t0
    if t0 < MIN_POINTS_PER_SIDE or n_after < MIN_POINTS_PER_SIDE:
        raise ValueError(
            f"At least {MIN_POINTS_PER_SIDE} periods are needed on each side of the start date; "
            f"there are {t0} before and {n_after} after."
        )
    return t0


@dataclass(frozen=True)
class Series:
    """A validated series: counts, log exposure, where the change starts, what is left out."""

    index: pd.DatetimeIndex
    y: np.ndarray
    log_exposure: np.ndarray  # 0 where closed (those periods are left out anyway)
    freq: Frequency
    t0: int
    #: Periods with no open days: left out of the likelihood (issue 9, item 6).
    closed: np.ndarray
    #: Periods just after the start left out as the change's phase-in (issue 9, item 8).
    phasing_in: np.ndarray

    @property
    def open_before(self) -> int:
        return int((~self.closed[: self.t0]).sum())

    @property
    def open_after(self) -> int:
        return int((~self.closed[self.t0 :] & ~self.phasing_in[self.t0 :]).sum())


def prepare(
    counts: pd.Series,
    intervention: date | str | pd.Timestamp,
    exposure: pd.Series | None,
    what: str = "counts",
    phase_in: int = 0,
    closed: pd.Series | None = None,
) -> Series:
    """Validate ``counts`` (and ``exposure``, ``closed``) around the start date.

    A period is closed when its exposure is 0 or ``closed`` (booleans) marks it: closed periods
    must have no visits, and they are left out of the model.
    """
    if not isinstance(counts, pd.Series):
        raise ValueError(f"The {what} must be a pandas Series; got {type(counts).__name__}.")
    freq = detect_frequency(counts.index)
    index = strip_tz(counts.index)
    y = check_counts(counts, what)
    start = to_timestamp(intervention)
    t0 = split_point(index, start)
    if isinstance(phase_in, bool) or not isinstance(phase_in, int) or phase_in < 0:
        raise ValueError(f"phase_in must be a whole number of 0 or more; got {phase_in!r}.")
    if len(y) - t0 - phase_in < MIN_POINTS_PER_SIDE:
        raise ValueError(
            f"After leaving out {phase_in} periods of phase-in, fewer than "
            f"{MIN_POINTS_PER_SIDE} periods are left after the start date."
        )
    shut = np.zeros(len(y), dtype=bool)
    if closed is not None:
        check_aligned(closed, index, "closed series")
        if not pd.api.types.is_bool_dtype(closed.dtype):
            raise ValueError(f"The closed series must be True/False; got dtype {closed.dtype}.")
        shut = closed.to_numpy(dtype=bool)
    if exposure is None:
        log_exp = np.zeros(len(y))
    else:
        exp_ = check_exposure(exposure, index, "exposure")
        shut = shut | (exp_ == 0)
        log_exp = np.log(np.where(exp_ == 0, 1.0, exp_))
    if (y[shut] > 0).any():
        first = index[shut & (y > 0)][0]
        raise ValueError(
            f"The {what} have visits in a period marked closed or with no open days "
            f"({first.date()}): either the site was open or the visits are recorded under the "
            "wrong date."
        )
    phasing = np.zeros(len(y), dtype=bool)
    phasing[t0 : t0 + phase_in] = True
    used = ~shut & ~phasing
    if y[:t0][used[:t0]].sum() == 0 or y[t0:][used[t0:]].sum() == 0:
        side = "before" if y[:t0][used[:t0]].sum() == 0 else "after"
        raise ValueError(
            f"The {what} are all zero {side} the start date, so a change cannot be "
            "expressed as a ratio."
        )
    if used[:t0].sum() < MIN_POINTS_PER_SIDE or used[t0:].sum() < MIN_POINTS_PER_SIDE:
        raise ValueError(
            f"At least {MIN_POINTS_PER_SIDE} open periods are needed on each side of the start "
            "date."
        )
    return Series(index, y, log_exp, freq, t0, shut, phasing)
