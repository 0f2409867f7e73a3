"""Interrupted time series (ITS) analyses of attendance around an adaptation.

Method: /work/shared/design/analysis.md. In short, a Poisson GLM with a log link, a linear trend,
a step at the start date (optionally a *centred* slope change), annual Fourier terms and
day-of-week effects where they apply, and log(exposure) as an offset. Uncertainty comes from a
quasi-Poisson scale by default, with Newey-West (HAC) and negative-binomial fits as sensitivity
checks. Plain-language sentences are produced by :mod:`advisory.analysis.wording`.
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.genmod.generalized_linear_model import GLM, GLMResults

from advisory.analysis import wording

Frequency = Literal["D", "W", "M"]
Variance = Literal["quasi", "hac", "negbin"]
State = Literal["too_early", "early_signal", "estimate"]

VARIANCES: tuple[str, ...] = ("quasi", "hac", "negbin")
Z95 = 1.959963984540054
#: Two-sided 5% test with 80% power: 1.96 + 0.84.
Z_POWER = 2.8
MIN_POINTS_PER_SIDE = 3
MIN_PERIODS_EARLY = 8
MIN_PERIODS_ESTIMATE = 12
PERIODS_PER_YEAR: dict[str, float] = {"D": 365.25, "W": 365.25 / 7, "M": 12.0}
#: Newey-West lags: about three weeks' worth (the design asks for 2-4 weeks).
HAC_LAGS: dict[str, int] = {"D": 21, "W": 3, "M": 1}
#: Periods just before the start date checked for an unusually low spell (regression to the mean).
RTM_WINDOW: dict[str, int] = {"D": 28, "W": 4, "M": 2}
NB_ALPHA_FLOOR = 1e-8
#: Average count per period below which intervals are flagged as wide.
SMALL_MEAN = 5
#: Weekday terms (and weekday_effect) need at least two whole weeks on each side.
MIN_DAYS_WEEKDAY = 14


# --------------------------------------------------------------------------------------------
# Result types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SensitivityResult:
    """Level change and its 95% interval under another variance option."""

    variance: str
    level_change: float
    level_change_ci: tuple[float, float]
    verdict: str


@dataclass(frozen=True, eq=False)
class ITSResult:
    """Everything the dashboard shows for one interrupted time series analysis.

    Ratios are rate ratios (1.0 = no change). Intervals are 95% ("likely range" in the wording).
    """

    level_change: float
    level_change_ci: tuple[float, float]
    slope_change: float | None
    slope_change_ci: tuple[float, float] | None
    #: Fitted / expected over the whole after period; equals ``level_change`` without a slope term.
    after_ratio: float
    after_ratio_ci: tuple[float, float]
    observed_after: float
    expected_after: float
    expected_after_ci: tuple[float, float]
    #: observed - expected over the after period (the cumulative effect), with its interval.
    difference_after: float
    difference_after_ci: tuple[float, float]
    n_before: int
    n_after: int
    frequency: Frequency
    intervention: pd.Timestamp
    state: State
    verdict: str
    warnings: list[str]
    summary: str
    frame: pd.DataFrame = field(repr=False)
    sensitivity: dict[str, SensitivityResult]
    min_detectable_ratio: float
    #: Rough number of further after-periods for a clearer answer (None when not applicable).
    more_periods_needed: int | None
    variance: str
    seasonality: int
    label: str
    intervention_name: str
    comparison_change: float | None = None
    comparison_change_ci: tuple[float, float] | None = None
    comparison_label: str | None = None
    other_changes: tuple[str, ...] = ()
    small_count_threshold: int | None = 5
    params: pd.Series = field(default_factory=lambda: pd.Series(dtype=float), repr=False)
    cov_params: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    scale: float = 1.0
    nb_alpha: float | None = None

    @property
    def controlled(self) -> bool:
        """True when the estimate is relative to a comparison series."""
        return self.comparison_change is not None


@dataclass(frozen=True, eq=False)
class WeekdayResult:
    """Daily model separating the change on the adapted weekday(s) from the other days."""

    on_day_change: float
    on_day_ci: tuple[float, float]
    other_days_change: float
    other_days_ci: tuple[float, float]
    conclusion: str
    summary: str
    weekdays: tuple[int, ...]
    state: State
    n_before_weeks: int
    n_after_weeks: int
    #: Modelled extra visits over the after period on the adapted days / on the other days.
    extra_on_day: float
    extra_other_days: float
    warnings: list[str]
    label: str
    params: pd.Series = field(default_factory=lambda: pd.Series(dtype=float), repr=False)
    cov_params: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)


@dataclass(frozen=True)
class BeforeAfter:
    """Raw totals in equal windows either side of the start date (no adjustment at all)."""

    window: int
    frequency: Frequency
    before_total: int
    after_total: int
    ratio: float
    ratio_ci: tuple[float, float]
    before_start: pd.Timestamp
    before_end: pd.Timestamp
    after_start: pd.Timestamp
    after_end: pd.Timestamp
    label: str = "raw totals, not adjusted for trend or season"
    summary: str = ""


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


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


def _strip_tz(index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    return index.tz_localize(None) if index.tz is not None else index


def _check_counts(values: pd.Series, what: str) -> np.ndarray:
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


def _check_aligned(other: pd.Series, index: pd.DatetimeIndex, what: str) -> None:
    if not isinstance(other, pd.Series):
        raise ValueError(f"The {what} must be a pandas Series; got {type(other).__name__}.")
    if not isinstance(other.index, pd.DatetimeIndex) or not _strip_tz(other.index).equals(index):
        raise ValueError(
            f"The {what} is misaligned: it must have exactly the same dates as the counts "
            f"({len(index)} periods from {index[0].date()} to {index[-1].date()})."
        )


def _check_exposure(exposure: pd.Series, index: pd.DatetimeIndex, what: str) -> np.ndarray:
    _check_aligned(exposure, index, what)
    arr = exposure.to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(arr).any() or not np.isfinite(arr).all():
        raise ValueError(f"The {what} has missing or infinite values.")
    if (arr <= 0).any():
        first = index[arr <= 0][0]
        raise ValueError(
            f"The {what} must be above zero in every period (it enters as log(exposure)); "
            f"found {arr[arr <= 0][0]:g} at {first.date()}. Leave fully closed periods out "
            "of the series or record them as closures."
        )
    return arr


def _to_timestamp(intervention: date | str | pd.Timestamp) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(intervention)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"The start date {intervention!r} is not a date.") from exc
    if ts is pd.NaT or pd.isna(ts):
        raise ValueError("The start date is missing.")
    return ts.tz_localize(None) if ts.tz is not None else ts


def _split_point(index: pd.DatetimeIndex, start: pd.Timestamp) -> int:
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
class _Series:
    """A validated series: counts, log exposure and where the change starts."""

    index: pd.DatetimeIndex
    y: np.ndarray
    log_exposure: np.ndarray
    freq: Frequency
    t0: int


def _prepare(
    counts: pd.Series,
    intervention: date | str | pd.Timestamp,
    exposure: pd.Series | None,
    what: str = "counts",
) -> _Series:
    if not isinstance(counts, pd.Series):
        raise ValueError(f"The {what} must be a pandas Series; got {type(counts).__name__}.")
    freq = detect_frequency(counts.index)
    index = _strip_tz(counts.index)
    y = _check_counts(counts, what)
    start = _to_timestamp(intervention)
    t0 = _split_point(index, start)
    if y[:t0].sum() == 0 or y[t0:].sum() == 0:
        side = "before" if y[:t0].sum() == 0 else "after"
        raise ValueError(
            f"The {what} are all zero {side} the start date, so a change cannot be "
            "expressed as a ratio."
        )
    log_exp = (
        np.zeros(len(y))
        if exposure is None
        else np.log(_check_exposure(exposure, index, "exposure"))
    )
    return _Series(index=index, y=y, log_exposure=log_exp, freq=freq, t0=t0)


def _check_options(seasonality: int, variance: str) -> None:
    if isinstance(seasonality, bool) or not isinstance(seasonality, int) or seasonality < 0:
        raise ValueError(f"seasonality must be a whole number of 0 or more; got {seasonality!r}.")
    if variance not in VARIANCES:
        raise ValueError(f"variance must be one of {', '.join(VARIANCES)}; got {variance!r}.")


# --------------------------------------------------------------------------------------------
# Design matrices
# --------------------------------------------------------------------------------------------


def _fourier(t: np.ndarray, period: float, harmonics: int) -> dict[str, np.ndarray]:
    cols: dict[str, np.ndarray] = {}
    for k in range(1, harmonics + 1):
        cols[f"sin{k}"] = np.sin(2 * np.pi * k * t / period)
        cols[f"cos{k}"] = np.cos(2 * np.pi * k * t / period)
    return cols


def _closed_weekdays(index: pd.DatetimeIndex, y: np.ndarray) -> set[int]:
    """Weekdays with no counts on any date: treated as days the service is closed."""
    dow = np.asarray(index.day_of_week)
    return {d for d in range(7) if (dow == d).any() and y[dow == d].sum() == 0}


def _usable_harmonics(requested: int, freq: Frequency, n_before: int) -> int:
    # Seasonality is only separable from the step when a full year of baseline exists
    # (analysis.md: "when at least a year of baseline exists").
    if requested == 0 or n_before < math.floor(PERIODS_PER_YEAR[freq]):
        return 0
    return requested


@dataclass(frozen=True)
class _Design:
    """A model matrix with named columns, stacked rows for a controlled analysis."""

    X: np.ndarray
    names: list[str]
    y: np.ndarray
    offset: np.ndarray
    time: np.ndarray  # integer period position, shared by stacked series (for HAC)
    treated: np.ndarray  # bool per row: row belongs to the series being evaluated
    post: np.ndarray  # bool per row
    effect: list[str]  # columns zeroed for the counterfactual
    rows: np.ndarray  # per kept row, position in its own series

    def column(self, name: str) -> int:
        return self.names.index(name)


def _series_columns(
    s: _Series, harmonics: int, slope: bool, keep: np.ndarray, weekdays: bool = True
) -> dict[str, np.ndarray]:
    t = np.arange(len(s.y), dtype=float)
    post = (t >= s.t0).astype(float)
    cols: dict[str, np.ndarray] = {"time": t}
    cols.update(_fourier(t, PERIODS_PER_YEAR[s.freq], harmonics))
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
    return {k: v[keep] for k, v in cols.items()}


def _keep_rows(s: _Series) -> np.ndarray:
    keep = np.ones(len(s.y), dtype=bool)
    if s.freq == "D":
        closed = _closed_weekdays(s.index, s.y)
        keep &= ~np.isin(np.asarray(s.index.day_of_week), list(closed))
    return keep


def _single_design(s: _Series, harmonics: int, slope: bool, weekdays: bool = True) -> _Design:
    keep = _keep_rows(s)
    cols = _series_columns(s, harmonics, slope, keep, weekdays)
    names = ["const", *cols]
    X = np.column_stack([np.ones(keep.sum()), *cols.values()])
    effect = ["post", "slope"] if slope else ["post"]
    return _Design(
        X=X,
        names=names,
        y=s.y[keep],
        offset=s.log_exposure[keep],
        time=np.flatnonzero(keep),
        treated=np.ones(keep.sum(), dtype=bool),
        post=np.flatnonzero(keep) >= s.t0,
        effect=effect,
        rows=np.flatnonzero(keep),
    )


def _controlled_design(
    s: _Series, c: _Series, harmonics: int, slope: bool, weekdays: bool = True
) -> _Design:
    """Stack treated and comparison rows.

    Columns: const, site, time, site:time, common Fourier, (daily: site-specific weekday),
    post, site:post (and the centred slope pair). The comparison series is the baseline, so
    exp(post) is the comparison's own change and exp(site:post) is the ratio of rate ratios.
    """
    parts = []
    for site, series in ((1.0, s), (0.0, c)):
        keep = _keep_rows(series)
        cols = _series_columns(series, harmonics, slope, keep, weekdays)
        parts.append((site, keep, cols))
    (_, keep_s, cols_s), (_, keep_c, cols_c) = parts
    n_s, n_c = int(keep_s.sum()), int(keep_c.sum())
    site = np.r_[np.ones(n_s), np.zeros(n_c)]

    def stacked(name: str) -> np.ndarray:
        a = cols_s.get(name, np.zeros(n_s))
        b = cols_c.get(name, np.zeros(n_c))
        return np.r_[a, b]

    names: list[str] = ["const", "site", "time", "site:time"]
    arrays = [np.ones(n_s + n_c), site, stacked("time"), site * stacked("time")]
    for k in range(1, harmonics + 1):
        for trig in ("sin", "cos"):
            names.append(f"{trig}{k}")
            arrays.append(stacked(f"{trig}{k}"))
    # Weekday effects differ by site (opening days differ), so each site gets its own.
    for d in range(7):
        in_s, in_c = f"dow{d}" in cols_s, f"dow{d}" in cols_c
        if in_c:
            names.append(f"dow{d}")
            arrays.append(np.r_[np.zeros(n_s), cols_c[f"dow{d}"]])
        if in_s:
            names.append(f"site:dow{d}")
            arrays.append(np.r_[cols_s[f"dow{d}"], np.zeros(n_c)])
    effect = ["site:post"]
    names += ["post", "site:post"]
    arrays += [stacked("post"), site * stacked("post")]
    if slope:
        names += ["slope", "site:slope"]
        arrays += [stacked("slope"), site * stacked("slope")]
        effect.append("site:slope")
    rows = np.r_[np.flatnonzero(keep_s), np.flatnonzero(keep_c)]
    return _Design(
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


def _design_for(
    s: _Series, c: _Series | None, harmonics: int, slope: bool, weekdays: bool
) -> _Design:
    if c is None:
        return _single_design(s, harmonics, slope, weekdays)
    return _controlled_design(s, c, harmonics, slope, weekdays)


def _its_design(s: _Series, c: _Series | None, harmonics: int, slope: bool) -> tuple[_Design, bool]:
    """The ITS design, without weekday terms when there are too few days for them.

    Under two weeks on a side, weekday levels, trend and step cannot all be told apart (a weekday
    seen once lines up exactly with the step), so weekday terms are left out.
    """
    if s.freq == "D" and min(s.t0, len(s.y) - s.t0) < MIN_DAYS_WEEKDAY:
        return _design_for(s, c, harmonics, slope, weekdays=False), True
    return _design_for(s, c, harmonics, slope, weekdays=True), False


# --------------------------------------------------------------------------------------------
# Fitting
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fit:
    params: np.ndarray
    cov: np.ndarray
    mu: np.ndarray
    scale: float
    alpha: float | None
    converged: bool


def _nb_alpha(y: np.ndarray, mu: np.ndarray) -> float:
    """NB2 dispersion by the Cameron & Trivedi (1990) auxiliary regression.

    Regress ((y - mu)^2 - y) / mu on mu without intercept: alpha = sum((y-mu)^2 - y) / sum(mu^2).
    A moment estimator: no extra likelihood optimisation that can fail on short or sparse
    series, and consistent whenever the mean model is right. Floored just above zero
    (under-dispersion: the NB fit then equals the Poisson fit).
    """
    alpha = float(np.sum((y - mu) ** 2 - y) / np.sum(mu**2))
    return max(alpha, NB_ALPHA_FLOOR)


def _result_to_fit(res: GLMResults, alpha: float | None = None) -> _Fit:
    return _Fit(
        params=np.asarray(res.params),
        cov=np.asarray(res.cov_params()),
        mu=np.asarray(res.mu),
        scale=float(res.scale),
        alpha=alpha,
        converged=bool(getattr(res, "converged", True)),
    )


@functools.cache
def _blas_controller() -> object | None:
    """threadpoolctl's controller when installed (found once: the library scan is slow)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController()


def _single_threaded_blas() -> contextlib.AbstractContextManager[object]:
    """Run BLAS/LAPACK on one thread while fitting, when threadpoolctl is installed.

    These matrices are small (a few thousand rows, under 30 columns): extra BLAS threads give
    nothing, and on a busy server they contend for cores and make each fit many times slower
    (measured: 0.04 s single-threaded vs 0.1-0.6 s for the benchmark on a loaded 2-core box).
    Without threadpoolctl, OPENBLAS_NUM_THREADS=1 set before start-up has the same effect.
    """
    controller = _blas_controller()
    if controller is None:
        return contextlib.nullcontext()
    return controller.limit(limits=1, user_api="blas")  # type: ignore[attr-defined]


def _fit_poisson(d: _Design) -> tuple[GLM, GLMResults]:
    model = GLM(d.y, d.X, family=sm.families.Poisson(), offset=d.offset)
    if model.df_model + 1 < d.X.shape[1]:  # rank from statsmodels' own check
        raise ValueError(
            "These data cannot separate the trend, the seasons and the change from each other "
            "(the model is not identifiable); try seasonality=0 or a longer series."
        )
    return model, model.fit(scale="X2")


def _fit_all(
    d: _Design, freq: Frequency, variances: Sequence[str], stacked: bool
) -> dict[str, _Fit]:
    """Fit the model under each requested variance option.

    quasi and hac share the Poisson point estimates; only the covariance differs, so the HAC fit
    starts from the Poisson estimates (converges at once).
    """
    with _single_threaded_blas():
        model, poisson = _fit_poisson(d)
        fits: dict[str, _Fit] = {}
        if "quasi" in variances:
            fits["quasi"] = _quasi_fit(poisson)
        if "hac" in variances:
            lags = HAC_LAGS[freq]
            if stacked:
                # Driscoll-Kraay: sum scores over sites per period, then Newey-West over time.
                kw = {"cov_type": "hac-groupsum", "cov_kwds": {"time": d.time, "maxlags": lags}}
            else:
                kw = {"cov_type": "HAC", "cov_kwds": {"maxlags": lags}}
            fits["hac"] = _result_to_fit(model.fit(start_params=poisson.params, **kw))
        if "negbin" in variances:
            # alpha from the Poisson means (consistent for the mean model), then one NB fit.
            alpha = _nb_alpha(d.y, np.asarray(poisson.mu))
            family = sm.families.NegativeBinomial(alpha=alpha)
            nb_model = GLM(d.y, d.X, family=family, offset=d.offset)
            fits["negbin"] = _result_to_fit(nb_model.fit(start_params=poisson.params), alpha)
    return fits


def _quasi_fit(res: GLMResults) -> _Fit:
    """Quasi-Poisson: Poisson estimates with covariance scaled by Pearson chi2 / df.

    A Pearson dispersion below 1 in short count series is mostly noise, so the scale is floored
    at 1: never claim more precision than plain Poisson.
    """
    fit = _result_to_fit(res)
    if fit.scale >= 1.0:
        return fit
    return replace(fit, cov=fit.cov / fit.scale, scale=1.0)


def _coef_ci(fit: _Fit, j: int) -> tuple[float, tuple[float, float], float]:
    b, se = float(fit.params[j]), float(math.sqrt(max(fit.cov[j, j], 0.0)))
    return math.exp(b), (math.exp(b - Z95 * se), math.exp(b + Z95 * se)), se


def _quad_diag(X: np.ndarray, V: np.ndarray) -> np.ndarray:
    return np.einsum("ij,jk,ik->i", X, V, X)


@dataclass(frozen=True)
class _Counterfactual:
    fitted: np.ndarray
    cf: np.ndarray
    cf_lower: np.ndarray
    cf_upper: np.ndarray
    expected: float
    expected_ci: tuple[float, float]
    fitted_after: float
    ratio: float
    ratio_ci: tuple[float, float]
    ratio_se: float


def _counterfactual(d: _Design, fit: _Fit) -> _Counterfactual:
    """Predictions without the change, with delta-method intervals.

    Per period: exp(eta_cf +/- 1.96 se(eta_cf)). For the after-period total S = sum exp(eta_i) we
    use the delta method on log S (gradient sum_i mu_i x_i / S), which keeps the interval
    positive; likewise for log(fitted total / counterfactual total).
    """
    rows = d.treated
    X = d.X[rows]
    Xcf = X.copy()
    for name in d.effect:
        Xcf[:, d.column(name)] = 0.0
    off = d.offset[rows]
    fitted = np.exp(X @ fit.params + off)
    eta_cf = Xcf @ fit.params + off
    cf = np.exp(eta_cf)
    se_cf = np.sqrt(np.maximum(_quad_diag(Xcf, fit.cov), 0.0))
    post = d.post[rows]
    expected = float(cf[post].sum())
    g_cf = (cf[post, None] * Xcf[post]).sum(axis=0) / expected
    se_log_expected = float(math.sqrt(max(g_cf @ fit.cov @ g_cf, 0.0)))
    fitted_after = float(fitted[post].sum())
    g_fit = (fitted[post, None] * X[post]).sum(axis=0) / fitted_after
    g_ratio = g_fit - g_cf
    se_ratio = float(math.sqrt(max(g_ratio @ fit.cov @ g_ratio, 0.0)))
    ratio = fitted_after / expected
    return _Counterfactual(
        fitted=fitted,
        cf=cf,
        cf_lower=np.exp(eta_cf - Z95 * se_cf),
        cf_upper=np.exp(eta_cf + Z95 * se_cf),
        expected=expected,
        expected_ci=(
            expected * math.exp(-Z95 * se_log_expected),
            expected * math.exp(Z95 * se_log_expected),
        ),
        fitted_after=fitted_after,
        ratio=ratio,
        ratio_ci=(ratio * math.exp(-Z95 * se_ratio), ratio * math.exp(Z95 * se_ratio)),
        ratio_se=se_ratio,
    )


# --------------------------------------------------------------------------------------------
# Interpretation helpers
# --------------------------------------------------------------------------------------------


def state_for(n_before: int, n_after: int) -> State:
    """Which of the three data states applies (analysis.md, "How much data")."""
    fewest = min(n_before, n_after)
    if fewest < MIN_PERIODS_EARLY:
        return "too_early"
    if fewest < MIN_PERIODS_ESTIMATE:
        return "early_signal"
    return "estimate"


def more_periods_needed(log_ratio: float, se: float, n_before: int, n_after: int) -> int | None:
    """Rough count of further after-periods before the likely range gives a clear answer.

    Target: an interval that excludes 1 if the current estimate holds, or one narrow enough to
    sit within about 0.9-1.1, whichever comes first. The standard error of a step is taken to
    scale like sqrt(1/n_before + 1/n_after) (a difference of two means): rough, and said so.
    Returns None when more after-periods alone would not get there.
    """
    if not (se > 0 and math.isfinite(se)):
        return None
    a = abs(log_ratio)
    target = max(a / Z95, (math.log(1.1) - a) / Z95)
    if target >= se:
        return 0
    inv_needed = (target / se) ** 2 * (1 / n_before + 1 / n_after) - 1 / n_before
    if inv_needed <= 0:
        return None
    return max(1, math.ceil(1 / inv_needed - n_after))


def _more_needed(
    state: State, verdict: str, cfx: _Counterfactual, n_before: int, n_after: int
) -> int | None:
    if state == "too_early":
        # Only waiting helps with too few periods after; a short baseline needs earlier records.
        return max(0, MIN_PERIODS_EARLY - n_after) if n_before >= MIN_PERIODS_EARLY else None
    if verdict == wording.VERDICT_CANT_TELL:
        return more_periods_needed(math.log(cfx.ratio), cfx.ratio_se, n_before, n_after)
    return None


def _sensitivity_warnings(
    level_ci: tuple[float, float], sensitivity: dict[str, SensitivityResult], freq: Frequency
) -> list[str]:
    """Say so when another variance option would change the verdict."""
    main = wording.verdict_from_interval(*level_ci)
    return [
        wording.sensitivity_warning(sens, freq)
        for sens in sensitivity.values()
        if sens.verdict != main
    ]


def _rtm_warning(s: _Series, fitted: np.ndarray, scale: float, label: str) -> str | None:
    """Flag a low spell just before the start date (regression to the mean)."""
    k = min(RTM_WINDOW[s.freq], s.t0)
    obs = float(s.y[s.t0 - k : s.t0].sum())
    exp_ = float(fitted[s.t0 - k : s.t0].sum())
    if exp_ <= 0:
        return None
    z = (obs - exp_) / math.sqrt(exp_ * max(scale, 1.0))
    if z < -2.0 and obs / exp_ < 0.85:
        return wording.regression_to_mean_warning(label, k, s.freq)
    return None


def _data_warnings(
    s: _Series,
    fitted: np.ndarray,
    scale: float,
    label: str,
    requested_harmonics: int,
    harmonics: int,
) -> list[str]:
    out: list[str] = []
    if requested_harmonics and not harmonics:
        out.append(wording.no_seasonality_warning(s.freq))
    if float(s.y.mean()) < SMALL_MEAN:
        out.append(wording.small_counts_warning(s.freq, label, SMALL_MEAN))
    zeros = int(((s.y == 0) & (fitted >= 5)).sum())
    if zeros:
        out.append(wording.gaps_warning(zeros, s.freq, label))
    rtm = _rtm_warning(s, fitted, scale, label)
    if rtm:
        out.append(rtm)
    return out


# --------------------------------------------------------------------------------------------
# Public analyses
# --------------------------------------------------------------------------------------------


def interrupted_time_series(
    counts: pd.Series,
    intervention: date | str | pd.Timestamp,
    *,
    exposure: pd.Series | None = None,
    seasonality: int = 2,
    slope_change: bool = False,
    comparison: pd.Series | None = None,
    variance: str = "quasi",
    label: str = "visits",
    intervention_name: str = "the change",
    comparison_exposure: pd.Series | None = None,
    comparison_label: str = "the comparison site",
    other_changes: Sequence[str] | None = None,
    small_count_threshold: int | None = 5,
) -> ITSResult:
    """Estimate the change in a count series at ``intervention`` with a segmented Poisson GLM.

    ``counts`` has a regular daily, weekly or monthly DatetimeIndex; periods labelled on or after
    ``intervention`` count as "after". ``exposure`` (open days, population...) enters as a log
    offset. With ``comparison`` the series are stacked (controlled ITS) and ``level_change`` is
    the ratio of rate ratios. ``variance`` picks the main uncertainty ("quasi", "hac", "negbin");
    the other two are reported in ``sensitivity``.

    ``comparison_exposure``, ``comparison_label``, ``other_changes`` (other adaptations at the
    site in the window, named in the caveat) and ``small_count_threshold`` (raw counts below it
    are written "fewer than N"; None shows exact numbers) only affect the wording.

    Raises ValueError naming the problem for unusable input.
    """
    _check_options(seasonality, variance)
    s = _prepare(counts, intervention, exposure)
    c: _Series | None = None
    if comparison is not None:
        _check_aligned(comparison, s.index, "comparison series")
        c = _prepare(comparison.set_axis(s.index), s.index[s.t0], None, "comparison counts")
        if comparison_exposure is not None:
            log_exp = np.log(_check_exposure(comparison_exposure, s.index, "comparison exposure"))
            c = replace(c, log_exposure=log_exp)
    elif comparison_exposure is not None:
        raise ValueError("comparison_exposure was given without a comparison series.")

    n_before, n_after = s.t0, len(s.y) - s.t0
    harmonics = _usable_harmonics(seasonality, s.freq, n_before)
    d, dropped_weekdays = _its_design(s, c, harmonics, slope_change)
    effect_name = "post" if c is None else "site:post"
    fits = _fit_all(d, s.freq, VARIANCES, stacked=c is not None)
    fit = fits[variance]

    j = d.column(effect_name)
    level, level_ci, se_step = _coef_ci(fit, j)
    slope, slope_ci = None, None
    if slope_change:
        slope, slope_ci, _ = _coef_ci(fit, d.column("site:slope" if c else "slope"))
    comp_change, comp_ci = None, None
    if c is not None:
        comp_change, comp_ci, _ = _coef_ci(fit, d.column("post"))

    cfx = _counterfactual(d, fit)
    frame = _frame(s, d, cfx, c, fit)
    observed_after = float(s.y[s.t0 :].sum())
    diff = observed_after - cfx.expected
    diff_ci = (observed_after - cfx.expected_ci[1], observed_after - cfx.expected_ci[0])

    state = state_for(n_before, n_after)
    verdict = (
        wording.VERDICT_CANT_TELL
        if state == "too_early"
        else wording.verdict_from_interval(*cfx.ratio_ci)
    )
    more = _more_needed(state, verdict, cfx, n_before, n_after)

    sensitivity = {}
    for name, other in fits.items():
        if name == variance:
            continue
        rr, ci, _ = _coef_ci(other, j)
        sensitivity[name] = SensitivityResult(name, rr, ci, wording.verdict_from_interval(*ci))

    warn = []
    if state == "early_signal":
        warn.append(wording.early_signal_warning(n_after, s.freq))
    warn += _data_warnings(
        s, frame["fitted"].to_numpy(), fits["quasi"].scale, label, seasonality, harmonics
    )
    if dropped_weekdays:
        warn.append(wording.NO_WEEKDAY_TERMS_WARNING)
    if c is not None:
        warn.append(wording.parallel_trends_warning(comparison_label))
    if other_changes:
        warn.append(wording.other_changes_warning(other_changes))
    if state != "too_early":
        warn += _sensitivity_warnings(level_ci, sensitivity, s.freq)
    if not all(f.converged for f in fits.values()):
        warn.append(wording.CONVERGENCE_WARNING)

    result = ITSResult(
        level_change=level,
        level_change_ci=level_ci,
        slope_change=slope,
        slope_change_ci=slope_ci,
        after_ratio=cfx.ratio,
        after_ratio_ci=cfx.ratio_ci,
        observed_after=observed_after,
        expected_after=cfx.expected,
        expected_after_ci=cfx.expected_ci,
        difference_after=diff,
        difference_after_ci=diff_ci,
        n_before=n_before,
        n_after=n_after,
        frequency=s.freq,
        intervention=_to_timestamp(intervention),
        state=state,
        verdict=verdict,
        warnings=warn,
        summary="",
        frame=frame,
        sensitivity=sensitivity,
        min_detectable_ratio=math.exp(Z_POWER * se_step),
        more_periods_needed=more,
        variance=variance,
        seasonality=harmonics,
        label=label,
        intervention_name=intervention_name,
        comparison_change=comp_change,
        comparison_change_ci=comp_ci,
        comparison_label=comparison_label if c is not None else None,
        other_changes=tuple(other_changes or ()),
        small_count_threshold=small_count_threshold,
        params=pd.Series(fit.params, index=d.names),
        cov_params=pd.DataFrame(fit.cov, index=d.names, columns=d.names),
        scale=fit.scale,
        nb_alpha=fits["negbin"].alpha,
    )
    return replace(result, summary=wording.its_summary(result))


def _frame(
    s: _Series, d: _Design, cfx: _Counterfactual, c: _Series | None, fit: _Fit
) -> pd.DataFrame:
    """One row per period of the evaluated series; closed weekdays are expected to be zero."""
    n = len(s.y)

    def spread(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
        out = np.zeros(n)
        out[rows] = values
        return out

    rows = d.rows[d.treated]
    frame = pd.DataFrame(
        {
            "observed": s.y.astype(np.int64),
            "fitted": spread(cfx.fitted, rows),
            "counterfactual": spread(cfx.cf, rows),
            "counterfactual_lower": spread(cfx.cf_lower, rows),
            "counterfactual_upper": spread(cfx.cf_upper, rows),
            "post": np.arange(n) >= s.t0,
        },
        index=s.index,
    )
    if c is not None:
        comp = ~d.treated
        mu = np.exp(d.X[comp] @ fit.params + d.offset[comp])
        frame["comparison_observed"] = c.y
        frame["comparison_fitted"] = spread(mu, d.rows[comp])
    return frame


def weekday_effect(
    daily: pd.Series,
    intervention: date | str | pd.Timestamp,
    weekdays: list[int],
    *,
    exposure: pd.Series | None = None,
    seasonality: int = 2,
    label: str = "visits",
) -> WeekdayResult:
    """Split a change into the adapted weekday(s) and the other days with one daily model.

    Model: weekday effects + trend + annual Fourier terms (with a year of baseline) +
    post x adapted_day + post x other_days, Poisson GLM with Newey-West (HAC, 3 weeks) errors.
    ``weekdays`` use Monday=0 ... Sunday=6. A rise on the day with a fall on the other days
    means women moved days; a rise on the day without a fall elsewhere means new visits.
    Weekdays with no visits at all (closed) are left out of the model.
    """
    _check_options(seasonality, "hac")
    s = _prepare(daily, intervention, exposure)
    if s.freq != "D":
        raise ValueError("weekday_effect needs daily counts (one row per day).")
    days = _check_weekdays(weekdays)
    if min(s.t0, len(s.y) - s.t0) < MIN_DAYS_WEEKDAY:
        raise ValueError(
            f"weekday_effect needs at least {MIN_DAYS_WEEKDAY} days on each side of the start "
            f"date; there are {s.t0} before and {len(s.y) - s.t0} after."
        )
    dow = np.asarray(s.index.day_of_week)
    on = np.isin(dow, days)
    if s.y[: s.t0][on[: s.t0]].sum() == 0:
        raise ValueError(
            "There were no visits on the adapted weekday(s) before the start date (perhaps the "
            "service was closed then), so a change on that day can't be expressed as a ratio; "
            "use the weekly model instead."
        )
    if s.y[s.t0 :][~on[s.t0 :]].sum() == 0 or s.y[: s.t0][~on[: s.t0]].sum() == 0:
        raise ValueError("There are no visits on the other days on one side of the start date.")

    harmonics = _usable_harmonics(seasonality, "D", s.t0)
    d = _weekday_design(s, on, harmonics)
    on_rows = on[d.rows]
    fit = _fit_all(d, "D", ("hac",), stacked=False)["hac"]
    on_rr, on_ci, _ = _coef_ci(fit, d.column("post:on_day"))
    off_rr, off_ci, _ = _coef_ci(fit, d.column("post:other_days"))

    cfx = _counterfactual(d, fit)
    extra = cfx.fitted - cfx.cf
    post_rows = d.post
    extra_on = float(extra[post_rows & on_rows].sum())
    extra_off = float(extra[post_rows & ~on_rows].sum())

    n_before_w, n_after_w = s.t0 // 7, (len(s.y) - s.t0) // 7
    state = state_for(n_before_w, n_after_w)
    conclusion = (
        wording.VERDICT_CANT_TELL
        if state == "too_early"
        else wording.weekday_conclusion(on_ci, off_ci)
    )
    warn: list[str] = []
    if seasonality and not harmonics:
        warn.append(wording.no_seasonality_warning("D"))
    if state == "early_signal":
        warn.append(wording.early_signal_warning(n_after_w, "W"))
    result = WeekdayResult(
        on_day_change=on_rr,
        on_day_ci=on_ci,
        other_days_change=off_rr,
        other_days_ci=off_ci,
        conclusion=conclusion,
        summary="",
        weekdays=tuple(days),
        state=state,
        n_before_weeks=n_before_w,
        n_after_weeks=n_after_w,
        extra_on_day=extra_on,
        extra_other_days=extra_off,
        warnings=warn,
        label=label,
        params=pd.Series(fit.params, index=d.names),
        cov_params=pd.DataFrame(fit.cov, index=d.names, columns=d.names),
    )
    return replace(result, summary=wording.weekday_summary(result))


def _weekday_design(s: _Series, on: np.ndarray, harmonics: int) -> _Design:
    """The daily ITS design with its single step split into on-the-day and other-days steps."""
    base = _single_design(s, harmonics, slope=False)
    on_rows = on[base.rows]
    post_col = base.column("post")
    post = base.X[:, post_col]
    X = np.column_stack([np.delete(base.X, post_col, axis=1), post * on_rows, post * ~on_rows])
    names = [n for n in base.names if n != "post"] + ["post:on_day", "post:other_days"]
    return replace(base, X=X, names=names, effect=["post:on_day", "post:other_days"])


def _check_weekdays(weekdays: Sequence[int]) -> list[int]:
    days = sorted(set(weekdays))
    if not days or any(not isinstance(x, int | np.integer) or not 0 <= x <= 6 for x in days):
        raise ValueError(f"weekdays must be numbers from 0 (Monday) to 6 (Sunday); got {weekdays}.")
    if len(days) == 7:
        raise ValueError("weekdays cannot be every day of the week: nothing would be left over.")
    return [int(x) for x in days]


def poisson_ratio_ci(after: float, before: float) -> tuple[float, float]:
    """95% interval for the ratio of two Poisson counts observed over equal time.

    Conditional on the total, ``after`` is binomial with p = ratio / (1 + ratio); the Wilson
    score interval for p is mapped back through ratio = p / (1 - p).
    """
    n = after + before
    if n == 0:
        return (0.0, math.inf)
    p = after / n
    z2 = Z95**2
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n**2)) / (1 + z2 / n)
    lo, hi = max(centre - half, 0.0), min(centre + half, 1.0)
    return (lo / (1 - lo), math.inf if hi >= 1 else hi / (1 - hi))


def before_after(
    counts: pd.Series, intervention: date | str | pd.Timestamp, *, window: int = 12
) -> BeforeAfter:
    """Raw totals in ``window`` periods before and after the start date, with a score interval.

    When fewer than ``window`` periods exist on a side, both windows shrink to the shorter side
    so they stay equal. Always labelled "raw totals, not adjusted for trend or season".
    """
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise ValueError(f"window must be a whole number of 1 or more; got {window!r}.")
    if not isinstance(counts, pd.Series):
        raise ValueError(f"The counts must be a pandas Series; got {type(counts).__name__}.")
    freq = detect_frequency(counts.index)
    index = _strip_tz(counts.index)
    y = _check_counts(counts, "counts")
    start = _to_timestamp(intervention)
    if start <= index[0] or start > index[-1]:
        raise ValueError(
            f"The start date {start.date()} is not inside the series "
            f"({index[0].date()} to {index[-1].date()})."
        )
    t0 = int(index.searchsorted(start, side="left"))
    w = min(window, t0, len(y) - t0)
    before, after = int(y[t0 - w : t0].sum()), int(y[t0 : t0 + w].sum())
    ratio = after / before if before else (math.inf if after else math.nan)
    result = BeforeAfter(
        window=w,
        frequency=freq,
        before_total=before,
        after_total=after,
        ratio=ratio,
        ratio_ci=poisson_ratio_ci(after, before),
        before_start=index[t0 - w],
        before_end=index[t0 - 1],
        after_start=index[t0],
        after_end=index[t0 + w - 1],
    )
    return replace(result, summary=wording.before_after_summary(result))
