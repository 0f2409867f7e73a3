"""Interrupted time series (ITS) analysis of attendance around an adaptation.

Method: /work/shared/design/analysis.md. In short, a Poisson GLM with a log link, a linear trend,
a step at the start date (optionally a *centred* slope change), annual Fourier terms and
day-of-week terms where they apply, one step for every other adaptation logged at the site, and
log(exposure) as an offset; closed periods and the phase-in are left out. Uncertainty comes from
a quasi-Poisson scale widened for residual autocorrelation (:mod:`.autocorrelation`), with
Newey-West (HAC) and negative-binomial fits as sensitivity checks.

The verdict comes from the likely range (:mod:`.verdicts`), then the checks of issue 9 can turn
it into "we can't tell yet": too few periods; seasons that can't be allowed for over a long
window; another adaptation too close to tell apart; gender recorded differently after the change
(the verdict must survive sharing the not-recorded visits out, :mod:`.recording`). Sentences come
from :mod:`advisory.analysis.wording`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd

from advisory.analysis import recording, wording
from advisory.analysis.before_after import before_after, poisson_ratio_ci
from advisory.analysis.design import (
    Design,
    its_design,
    usable_harmonics,
)
from advisory.analysis.fitting import (
    VARIANCES,
    Z80,
    Counterfactual,
    Fit,
    check_options,
    coef_ci,
    counterfactual,
    fit_all,
)
from advisory.analysis.others import Others, effective_periods, other_adaptations
from advisory.analysis.results import (
    BeforeAfter,
    ITSResult,
    OtherChange,
    RecordingCheck,
    SensitivityResult,
    WeekdayResult,
)
from advisory.analysis.series import (
    PERIOD_DAYS,
    Series,
    check_aligned,
    check_exposure,
    detect_frequency,
    prepare,
    to_timestamp,
)
from advisory.analysis.verdicts import (
    SEASON_SPAN_DAYS,
    DataState,
    Downgrade,
    Verdict,
    full_year_periods,
    state_for,
    verdict_from_interval,
)
from advisory.analysis.weekday import weekday_effect
from advisory.i18n import _

# before_after, poisson_ratio_ci and weekday_effect live in their own modules; they stay
# importable from here for code written against the single its.py.
__all__ = [
    "VARIANCES",
    "BeforeAfter",
    "ITSResult",
    "SensitivityResult",
    "WeekdayResult",
    "before_after",
    "detect_frequency",
    "interrupted_time_series",
    "more_periods_needed",
    "poisson_ratio_ci",
    "state_for",
    "weekday_effect",
]

Z95 = 1.959963984540054
#: Periods just before the start date checked for an unusually low spell (regression to the mean).
RTM_WINDOW: dict[str, int] = {"D": 28, "W": 4, "M": 2}
#: Average count per period below which intervals are flagged as wide.
SMALL_MEAN = 5


# --------------------------------------------------------------------------------------------
# Interpretation helpers
# --------------------------------------------------------------------------------------------


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
    state: DataState, verdict: Verdict, cfx: Counterfactual, n_before: int, n_after: int
) -> int | None:
    if state == DataState.TOO_EARLY:
        # Only waiting helps with too few periods after; a short baseline needs earlier records.
        return max(0, 8 - n_after) if n_before >= 8 else None
    if verdict == Verdict.CANT_TELL:
        return more_periods_needed(math.log(cfx.ratio), cfx.ratio_se, n_before, n_after)
    return None


def _rtm_warning(s: Series, fitted: np.ndarray, scale: float, label: str) -> str | None:
    """Flag a low spell just before the start date (regression to the mean)."""
    k = min(RTM_WINDOW[s.freq], s.t0)
    window = slice(s.t0 - k, s.t0)
    open_ = ~s.closed[window]
    obs = float(s.y[window][open_].sum())
    exp_ = float(fitted[window][open_].sum())
    if exp_ <= 0:
        return None
    z = (obs - exp_) / math.sqrt(exp_ * max(scale, 1.0))
    if z < -2.0 and obs / exp_ < 0.85:
        return wording.regression_to_mean_warning(label, k, s.freq)
    return None


def _data_warnings(
    s: Series,
    fitted: np.ndarray,
    scale: float,
    label: str,
    requested_harmonics: int,
    harmonics: int,
) -> list[str]:
    out: list[str] = []
    if requested_harmonics and not harmonics:
        out.append(wording.no_seasonality_warning(s.freq))
    used = ~s.closed & ~s.phasing_in
    if float(s.y[used].mean()) < SMALL_MEAN:
        out.append(wording.small_counts_warning(s.freq, label, SMALL_MEAN))
    zeros = int(((s.y == 0) & (fitted >= 5) & used).sum())
    if zeros:
        out.append(wording.gaps_warning(zeros, s.freq, label))
    rtm = _rtm_warning(s, fitted, scale, label)
    if rtm:
        out.append(rtm)
    return out


def _sensitivity_warnings(
    main: Verdict, sensitivity: dict[str, SensitivityResult], freq: str
) -> list[str]:
    """Say so when the verdict claims something another variance option would not."""
    if main == Verdict.CANT_TELL:
        return []
    return [
        wording.sensitivity_warning(sens, freq)
        for sens in sensitivity.values()
        if sens.verdict != main
    ]


# --------------------------------------------------------------------------------------------
# The interrupted time series
# --------------------------------------------------------------------------------------------


def interrupted_time_series(
    counts: pd.Series,
    intervention: date | str | pd.Timestamp,
    *,
    exposure: pd.Series | None = None,
    seasonality: int = 2,
    slope_change: bool = False,
    comparison: pd.Series | None = None,
    variance: str = "auto",
    label: str | None = None,
    intervention_name: str | None = None,
    comparison_exposure: pd.Series | None = None,
    comparison_label: str | None = None,
    other_changes: Sequence[str] | None = None,
    small_count_threshold: int | None = 5,
    not_recorded: pd.Series | None = None,
    all_visits: pd.Series | None = None,
    other_starts: Sequence[date | str | pd.Timestamp] = (),
    other_names: Sequence[str] | None = None,
    other_ends: Sequence[date | str | pd.Timestamp | None] | None = None,
    phase_in: int = 0,
    closed: pd.Series | None = None,
) -> ITSResult:
    """Estimate the change in a count series at ``intervention`` with a segmented Poisson GLM.

    ``counts`` has a regular daily, weekly or monthly DatetimeIndex; periods labelled on or after
    ``intervention`` count as "after". ``exposure`` (open days, population...) enters as a log
    offset; periods where it is 0 were closed and are left out of the likelihood. With
    ``comparison`` the series are stacked (controlled ITS) and ``level_change`` is the ratio of
    rate ratios. ``variance`` picks the main uncertainty ("auto": quasi-Poisson widened for
    residual autocorrelation; "quasi", "hac", "negbin"); the others are in ``sensitivity``.

    The checks of issue 9 take:

    * ``not_recorded``: the same site's visits with gender not recorded, and ``all_visits``: all
      its visits (every gender group), both aligned to ``counts``. The verdict then has to hold
      also when the not-recorded visits are shared out in the women's earlier proportion, if the
      not-recorded share moved at the start;
    * ``other_starts``: start dates of other adaptations at the site (``other_names`` names
      them, ``other_ends`` gives the last day of those that ended, in the same order). Each
      one in force during the series gets its own step while it is in force (and slope, with
      ``slope_change``); one starting or ending under 8 periods from this start can't be told
      apart from it;
    * ``phase_in``: periods right after the start left out while the change takes effect;
    * ``closed``: True for periods the site was closed or has no records at all (closure and
      holiday indicators); like periods with exposure 0, they are left out.

    ``comparison_exposure``, ``comparison_label``, ``other_changes`` (other adaptations named in
    the caveat) and ``small_count_threshold`` (raw counts below it are written "fewer than N";
    None shows exact numbers) only affect the wording.

    Raises ValueError naming the problem for unusable input.
    """
    # Defaults in the reader's language ("visits", "the change", "the comparison site").
    label = label if label is not None else _("visits")
    intervention_name = intervention_name if intervention_name is not None else _("the change")
    comparison_label = (
        comparison_label if comparison_label is not None else _("the comparison site")
    )
    check_options(seasonality, variance)
    s = prepare(counts, intervention, exposure, phase_in=phase_in, closed=closed)
    c = _comparison(s, comparison, comparison_exposure, phase_in)
    others = other_adaptations(s, other_starts, other_ends, other_names)

    harmonics = usable_harmonics(seasonality, s.freq, s.t0)
    d, dropped_weekdays = its_design(s, c, harmonics, slope_change, others.windows)
    fits = fit_all(d, s.freq, VARIANCES, stacked=c is not None)
    fit = fits[variance]
    prefix = "site:" if c is not None else ""

    level, level_ci, se_step = coef_ci(fit, d.column(f"{prefix}post"))
    slope, slope_ci = None, None
    if slope_change:
        slope, slope_ci, _unused = coef_ci(fit, d.column(f"{prefix}slope"))
    comp_change, comp_ci = None, None
    if c is not None:
        comp_change, comp_ci, _unused = coef_ci(fit, d.column("post"))
    changes = _with_own_estimates(others, fit, d, prefix)

    cfx = counterfactual(d, fit)
    frame = _frame(s, d, cfx, c, fit)
    after = ~s.closed & ~s.phasing_in & (np.arange(len(s.y)) >= s.t0)
    observed_after = float(s.y[after].sum())
    diff = observed_after - cfx.expected
    diff_ci = (observed_after - cfx.expected_ci[1], observed_after - cfx.expected_ci[0])

    n_before_eff, n_after_eff = effective_periods(s, others.windows)
    state = state_for(n_before_eff, n_after_eff)
    interval_verdict = verdict_from_interval(*cfx.ratio_ci)
    rec = None
    if not_recorded is not None:
        rec = _recording_check(
            s,
            c,
            d,
            (harmonics, slope_change, others, variance),
            interval_verdict,
            not_recorded,
            all_visits,
        )
    elif all_visits is not None:
        raise ValueError("all_visits was given without not_recorded.")
    span_days = (s.index[-1] - s.index[0]).days + PERIOD_DAYS[s.freq]
    season_blind = bool(
        seasonality and not harmonics and c is None and span_days > SEASON_SPAN_DAYS
    )
    downgrades = _downgrades(state, season_blind, changes, rec)
    verdict = Verdict.CANT_TELL if downgrades else interval_verdict
    more = (
        _more_needed(state, verdict, cfx, n_before_eff, n_after_eff)
        if state == DataState.TOO_EARLY or not downgrades
        else None
    )

    sensitivity = {}
    for name, other in fits.items():
        if name == variance:
            continue
        rr, ci, _unused = coef_ci(other, d.column(f"{prefix}post"))
        sensitivity[name] = SensitivityResult(name, rr, ci, verdict_from_interval(*ci))

    fitted = frame["fitted"].fillna(0.0).to_numpy()
    warn = []
    if state == DataState.EARLY_SIGNAL:
        warn.append(wording.early_signal_warning(n_after_eff, s.freq))
    warn += _data_warnings(s, fitted, fits["quasi"].scale, label, seasonality, harmonics)
    if s.closed.any():
        warn.append(wording.closures_warning(int(s.closed.sum()), s.freq, exposure is not None))
    if phase_in:
        warn.append(wording.phase_in_warning(phase_in, s.freq))
    if dropped_weekdays:
        warn.append(_(wording.NO_WEEKDAY_TERMS_WARNING))
    if c is not None:
        warn.append(wording.parallel_trends_warning(comparison_label))
    if changes:
        warn.append(wording.other_adaptations_warning(changes, s.freq))
    elif other_changes:
        warn.append(wording.other_changes_warning(other_changes))
    ac = fit.autocorrelation
    if variance == "auto" and ac.runs_found:
        warn.append(wording.autocorrelation_warning(ac, s.freq, c is not None))
    if rec is not None and rec.shifted:
        warn.append(wording.recording_warning(rec))
    if state != DataState.TOO_EARLY:
        warn += _sensitivity_warnings(verdict, sensitivity, s.freq)
    if not all(f.converged for f in fits.values()):
        warn.append(_(wording.CONVERGENCE_WARNING))

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
        n_before=s.open_before,
        n_after=s.open_after,
        frequency=s.freq,
        intervention=to_timestamp(intervention),
        state=state,
        verdict=verdict,
        warnings=warn,
        summary="",
        frame=frame,
        sensitivity=sensitivity,
        min_detectable_ratio=math.exp((fit.quantile + Z80) * se_step),
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
        interval_verdict=interval_verdict,
        downgrades=downgrades,
        autocorrelation=fits["auto"].autocorrelation,
        recording=rec,
        others=tuple(changes),
        closed_periods=int(s.closed.sum()),
        phase_in=phase_in,
        df=fit.df,
        exposure_used=exposure is not None,
        more_baseline_needed=(
            max(0, full_year_periods(PERIOD_DAYS[s.freq]) - s.t0) if season_blind else 0
        ),
        n_before_effective=n_before_eff,
        n_after_effective=n_after_eff,
    )
    result = replace(result, verdict_reasons=wording.verdict_reasons(result))
    return replace(result, summary=wording.its_summary(result))


def _comparison(
    s: Series, comparison: pd.Series | None, exposure: pd.Series | None, phase_in: int
) -> Series | None:
    if comparison is None:
        if exposure is not None:
            raise ValueError("comparison_exposure was given without a comparison series.")
        return None
    check_aligned(comparison, s.index, "comparison series")
    c = prepare(comparison.set_axis(s.index), s.index[s.t0], None, "comparison counts", phase_in)
    if exposure is None:
        return c
    exp_ = check_exposure(exposure, s.index, "comparison exposure")
    closed = exp_ == 0
    if (c.y[closed] > 0).any():
        raise ValueError("The comparison counts have visits in a period with no open days.")
    return replace(c, log_exposure=np.log(np.where(closed, 1.0, exp_)), closed=closed)


def _with_own_estimates(others: Others, fit: Fit, d: Design, prefix: str) -> list[OtherChange]:
    out = []
    for i, change in enumerate(others.changes):
        k = others.index_of.get(i)
        if k is None:
            out.append(change)
            continue
        rr, ci, _unused = coef_ci(fit, d.column(f"{prefix}step{k}"))
        out.append(replace(change, level_change=rr, level_change_ci=ci))
    return out


def _downgrades(
    state: DataState,
    season_blind: bool,
    changes: Sequence[OtherChange],
    rec: RecordingCheck | None,
) -> tuple[Downgrade, ...]:
    """The checks that make the verdict "we can't tell yet" whatever the likely range says."""
    out = []
    if state == DataState.TOO_EARLY:
        out.append(Downgrade.TOO_EARLY)
    if season_blind:
        out.append(Downgrade.SEASONS)
    if any(not change.separable for change in changes):
        out.append(Downgrade.NOT_SEPARABLE)
    if rec is not None and rec.shifted and not rec.agree:
        out.append(Downgrade.RECORDING)
    return tuple(out)


def _recording_check(
    s: Series,
    c: Series | None,
    d: Design,
    model: tuple[int, bool, Others, str],
    main: Verdict,
    not_recorded: pd.Series,
    all_visits: pd.Series | None,
) -> RecordingCheck:
    """Refit with the not-recorded visits shared out; test the share for a shift.

    ``model`` is (harmonics, slope change, other adaptations, variance) of the main fit.
    """
    harmonics, slope, others, variance = model
    rec = recording.inputs(s, s.y, not_recorded, all_visits)
    shifted, share_ci = recording.share_shift(d, rec)
    adjusted = replace(s, y=recording.adjusted_counts(s.y, rec))
    d_adj, _unused = its_design(adjusted, c, harmonics, slope, others.windows)
    fit_adj = fit_all(d_adj, s.freq, (variance,), stacked=c is not None)[variance]
    cfx = counterfactual(d_adj, fit_adj)
    adjusted_verdict = verdict_from_interval(*cfx.ratio_ci)
    return RecordingCheck(
        share_before=rec.share_before,
        share_after=rec.share_after,
        shifted=shifted,
        share_change_ci=share_ci,
        women_share=rec.women_share,
        adjusted_ratio=cfx.ratio,
        adjusted_ratio_ci=cfx.ratio_ci,
        adjusted_verdict=adjusted_verdict,
        agree=adjusted_verdict == main,
    )


def _frame(s: Series, d: Design, cfx: Counterfactual, c: Series | None, fit: Fit) -> pd.DataFrame:
    """One row per period of the evaluated series.

    Closed periods and closed weekdays are expected to be zero; phase-in periods are not
    modelled (NaN).
    """
    n = len(s.y)

    def spread(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
        out = np.zeros(n)
        out[rows] = values
        out[s.phasing_in] = np.nan
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
    if s.closed.any():
        frame["closed"] = s.closed
    if s.phasing_in.any():
        frame["phase_in"] = s.phasing_in
    if c is not None:
        comp = ~d.treated
        mu = np.exp(d.X[comp] @ fit.params + d.offset[comp])
        frame["comparison_observed"] = c.y
        frame["comparison_fitted"] = spread(mu, d.rows[comp])
    return frame
