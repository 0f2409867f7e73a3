"""Model matrices for the interrupted time series analyses (analysis.md, "The model set").

Columns: intercept, linear time, annual Fourier terms, day-of-week terms (daily data), a step at
the start date ("post"), optionally a centred slope change, and one step (and slope) for each
other adaptation at the site that starts inside the series (issue 9, item 2), 1 while it is
in force (one that ended goes back to 0). Closed periods, closed weekdays and the phase-in are
left out of the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from advisory.analysis.series import PERIOD_DAYS, PERIODS_PER_YEAR, Frequency, Series
from advisory.analysis.verdicts import full_year_periods

#: Under two weeks on a side, weekday levels, trend and step cannot all be told apart.
MIN_DAYS_WEEKDAY = 14

#: Another adaptation in force from one period position until (not including) another;
#: None: still in force at the end of the series.
Window = tuple[int, int | None]


@dataclass(frozen=True)
class Design:
    """A model matrix with named columns, stacked rows for a controlled analysis."""

    X: np.ndarray
    names: list[str]
    y: np.ndarray
    offset: np.ndarray
    time: np.ndarray  # integer period position, shared by stacked series (for HAC)
    treated: np.ndarray  # bool per row: row belongs to the series being evaluated
    post: np.ndarray  # bool per row: on or after the start date
    effect: list[str]  # columns zeroed for the counterfactual (this adaptation only)
    rows: np.ndarray  # per kept row, position in its own series

    def column(self, name: str) -> int:
        return self.names.index(name)


def usable_harmonics(requested: int, freq: Frequency, n_before: int) -> int:
    """Fourier pairs to fit: only with a full year (52 weeks) of baseline, whatever the period.

    why: the old rule counted 365 days for daily data but 52 weeks (364 days) for weekly, so a
    364-day daily baseline lost its seasons and claimed change 36% of the time (issue 9).
    """
    if requested == 0 or n_before < full_year_periods(PERIOD_DAYS[freq]):
        return 0
    return requested


def fourier(t: np.ndarray, period: float, harmonics: int) -> dict[str, np.ndarray]:
    cols: dict[str, np.ndarray] = {}
    for k in range(1, harmonics + 1):
        cols[f"sin{k}"] = np.sin(2 * np.pi * k * t / period)
        cols[f"cos{k}"] = np.cos(2 * np.pi * k * t / period)
    return cols


def closed_weekdays(s: Series) -> set[int]:
    """Weekdays with no counts on any open date: treated as days the service is closed."""
    dow = np.asarray(s.index.day_of_week)
    open_ = ~s.closed
    return {d for d in range(7) if (dow[open_] == d).any() and s.y[open_ & (dow == d)].sum() == 0}


def keep_rows(s: Series) -> np.ndarray:
    keep = ~s.closed & ~s.phasing_in
    if s.freq == "D":
        keep &= ~np.isin(np.asarray(s.index.day_of_week), list(closed_weekdays(s)))
    return keep


def _series_columns(
    s: Series,
    harmonics: int,
    slope: bool,
    keep: np.ndarray,
    weekdays: bool,
    others: Sequence[Window],
) -> dict[str, np.ndarray]:
    t = np.arange(len(s.y), dtype=float)
    post = (t >= s.t0).astype(float)
    cols: dict[str, np.ndarray] = {"time": t}
    cols.update(fourier(t, PERIODS_PER_YEAR[s.freq], harmonics))
    if s.freq == "D" and weekdays:
        dow = np.asarray(s.index.day_of_week)
        open_days = sorted(set(dow[keep]))
        for d in open_days[1:]:  # first open weekday is the baseline
            cols[f"dow{d}"] = (dow == d).astype(float)
    cols["post"] = post
    if slope:
        # Centred at the start date so "post" stays the change at the start date
        # (the uncentred t*post moves it back to the series start; Bernal 2020 correction).
        cols["slope"] = (t - s.t0) * post
    for k, (first, stop) in enumerate(others):
        step = ((t >= first) & (t < (stop if stop is not None else len(t)))).astype(float)
        cols[f"step{k}"] = step
        if slope:
            cols[f"slope{k}"] = (t - first) * step
    return {k: v[keep] for k, v in cols.items()}


def single_design(
    s: Series, harmonics: int, slope: bool, weekdays: bool = True, others: Sequence[Window] = ()
) -> Design:
    keep = keep_rows(s)
    cols = _series_columns(s, harmonics, slope, keep, weekdays, others)
    names = ["const", *cols]
    X = np.column_stack([np.ones(keep.sum()), *cols.values()])
    rows = np.flatnonzero(keep)
    return Design(
        X=X,
        names=names,
        y=s.y[keep],
        offset=s.log_exposure[keep],
        time=rows,
        treated=np.ones(keep.sum(), dtype=bool),
        post=rows >= s.t0,
        effect=["post", "slope"] if slope else ["post"],
        rows=rows,
    )


def controlled_design(
    s: Series,
    c: Series,
    harmonics: int,
    slope: bool,
    weekdays: bool = True,
    others: Sequence[Window] = (),
) -> Design:
    """Stack treated and comparison rows.

    Columns: const, site, time, site:time, common Fourier, (daily: site-specific weekday),
    post, site:post (and the centred slope pair), site-only steps for other adaptations at the
    treated site. The comparison series is the baseline, so exp(post) is the comparison's own
    change and exp(site:post) is the ratio of rate ratios.
    """
    keep_s, keep_c = keep_rows(s), keep_rows(c)
    cols_s = _series_columns(s, harmonics, slope, keep_s, weekdays, others)
    cols_c = _series_columns(c, harmonics, slope, keep_c, weekdays, ())
    n_s, n_c = int(keep_s.sum()), int(keep_c.sum())
    site = np.r_[np.ones(n_s), np.zeros(n_c)]

    def stacked(name: str) -> np.ndarray:
        return np.r_[cols_s.get(name, np.zeros(n_s)), cols_c.get(name, np.zeros(n_c))]

    names: list[str] = ["const", "site", "time", "site:time"]
    arrays = [np.ones(n_s + n_c), site, stacked("time"), site * stacked("time")]
    for k in range(1, harmonics + 1):
        for trig in ("sin", "cos"):
            names.append(f"{trig}{k}")
            arrays.append(stacked(f"{trig}{k}"))
    # Weekday effects differ by site (opening days differ), so each site gets its own.
    for d in range(7):
        if f"dow{d}" in cols_c:
            names.append(f"dow{d}")
            arrays.append(np.r_[np.zeros(n_s), cols_c[f"dow{d}"]])
        if f"dow{d}" in cols_s:
            names.append(f"site:dow{d}")
            arrays.append(np.r_[cols_s[f"dow{d}"], np.zeros(n_c)])
    effect = ["site:post"]
    names += ["post", "site:post"]
    arrays += [stacked("post"), site * stacked("post")]
    if slope:
        names += ["slope", "site:slope"]
        arrays += [stacked("slope"), site * stacked("slope")]
        effect.append("site:slope")
    for k in range(len(others)):
        for kind in ("step", "slope") if slope else ("step",):
            names.append(f"site:{kind}{k}")
            arrays.append(np.r_[cols_s[f"{kind}{k}"], np.zeros(n_c)])
    rows = np.r_[np.flatnonzero(keep_s), np.flatnonzero(keep_c)]
    return Design(
        X=np.column_stack(arrays),
        names=names,
        y=np.r_[s.y[keep_s], c.y[keep_c]],
        offset=np.r_[s.log_exposure[keep_s], c.log_exposure[keep_c]],
        time=rows,
        treated=site.astype(bool),
        post=rows >= s.t0,
        effect=effect,
        rows=rows,
    )


def its_design(
    s: Series, c: Series | None, harmonics: int, slope: bool, others: Sequence[Window] = ()
) -> tuple[Design, bool]:
    """The ITS design, without weekday terms when there are too few days for them.

    Under two weeks on a side, weekday levels, trend and step cannot all be told apart (a weekday
    seen once lines up exactly with the step), so weekday terms are left out.
    """
    weekdays = not (s.freq == "D" and min(s.t0, len(s.y) - s.t0) < MIN_DAYS_WEEKDAY)
    if c is None:
        return single_design(s, harmonics, slope, weekdays, others), not weekdays
    return controlled_design(s, c, harmonics, slope, weekdays, others), not weekdays


def weekday_design(s: Series, on: np.ndarray, harmonics: int) -> Design:
    """The daily ITS design with its single step split into on-the-day and other-days steps."""
    base = single_design(s, harmonics, slope=False)
    on_rows = on[base.rows]
    post_col = base.column("post")
    post = base.X[:, post_col]
    X = np.column_stack([np.delete(base.X, post_col, axis=1), post * on_rows, post * ~on_rows])
    names = [n for n in base.names if n != "post"] + ["post:on_day", "post:other_days"]
    return replace(base, X=X, names=names, effect=["post:on_day", "post:other_days"])
