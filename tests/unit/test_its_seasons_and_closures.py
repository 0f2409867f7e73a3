"""Seasons, closed periods and the phase-in (issue 9, items 4, 6 and 8)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from advisory.analysis import Downgrade, Verdict, interrupted_time_series, simulate_counts

START = "2023-01-02"


def weekly(before: int, after: int, *, seed: int = 1, amplitude: float = 0.25, rate=20.0):
    first = pd.Timestamp(START) - pd.Timedelta(weeks=before)
    return simulate_counts(
        first, before + after, "W", base_rate=rate, seasonal_amplitude=amplitude, seed=seed
    )


def test_a_364_day_daily_baseline_is_a_full_year_and_gets_seasonal_terms():
    y = simulate_counts("2022-01-03", 2 * 364, "D", base_rate=3, seasonal_amplitude=0.2, seed=2)
    res = interrupted_time_series(y, y.index[364])
    assert res.n_before == 364
    assert res.seasonality == 2
    assert "sin1" in res.params.index
    short = interrupted_time_series(y.iloc[1:], y.index[364])
    assert short.seasonality == 0  # 363 days: less than a year


@pytest.mark.parametrize(("before", "after"), [(40, 12), (30, 26), (8, 26)])
def test_without_a_year_of_baseline_a_long_window_cant_tell_and_says_how_much_more(before, after):
    res = interrupted_time_series(weekly(before, after), START, label="women's visits")
    assert res.verdict == Verdict.CANT_TELL
    assert Downgrade.SEASONS in res.downgrades
    assert res.more_baseline_needed == 52 - before
    assert res.likely_ranges == ()  # the seasonal swing would be part of any number
    assert f"Records for {52 - before} more weeks before the change" in res.summary
    assert "the time of year can't be allowed for" in res.summary
    assert "likely range" not in res.summary


def test_a_short_window_is_still_estimated_as_an_early_signal():
    res = interrupted_time_series(weekly(10, 10, rate=60), START)
    assert Downgrade.SEASONS not in res.downgrades
    assert res.state == "early_signal"
    assert res.likely_ranges


def test_no_seasonal_adjustment_asked_for_means_no_seasons_downgrade():
    res = interrupted_time_series(weekly(40, 12, amplitude=0.0), START, seasonality=0)
    assert Downgrade.SEASONS not in res.downgrades


def test_a_comparison_site_stands_in_for_the_seasons():
    y = weekly(40, 20, seed=3)
    comp = weekly(40, 20, seed=4)
    res = interrupted_time_series(y, START, comparison=comp)
    assert Downgrade.SEASONS not in res.downgrades and res.likely_ranges


def test_closed_weeks_leave_the_likelihood_and_the_offset_stays_for_the_rest():
    y = weekly(60, 40, seed=5, amplitude=0.0)
    open_days = pd.Series(5.0, index=y.index)
    open_days.iloc[[3, 30, 70]] = 0.0
    open_days.iloc[[10, 11]] = 3.0
    y.iloc[[3, 30, 70]] = 0
    res = interrupted_time_series(y, START, exposure=open_days, seasonality=0, variance="quasi")
    keep = open_days.to_numpy() > 0
    t = np.arange(len(y), dtype=float)
    X = np.column_stack([np.ones(len(y)), t, (y.index >= START).astype(float)])[keep]
    ref = sm.GLM(
        y.to_numpy()[keep],
        X,
        family=sm.families.Poisson(),
        offset=np.log(open_days.to_numpy()[keep]),
    ).fit(scale="X2")
    np.testing.assert_allclose(res.params.to_numpy(), ref.params, rtol=1e-6)
    assert res.closed_periods == 3 and res.exposure_used
    assert res.n_before == 58 and res.n_after == 39
    assert "3 weeks had no open days or no records at all, so they are left out" in (
        " ".join(res.warnings)
    )
    assert "The other periods are still adjusted for the days the site was open." in (
        " ".join(res.warnings)
    )
    assert not any("There were 3 weeks with no" in w for w in res.warnings)
    assert "how many days the site was open" in res.summary


def test_weeks_marked_closed_are_left_out_without_open_days():
    y = weekly(60, 40, seed=6)
    closed = pd.Series(False, index=y.index)
    closed.iloc[[20, 21]] = True
    y.iloc[[20, 21]] = 0
    res = interrupted_time_series(y, START, closed=closed)
    assert res.closed_periods == 2
    assert res.frame["closed"].sum() == 2
    assert not any("with no visits recorded" in w for w in res.warnings)


def test_a_phase_in_leaves_out_the_first_weeks_after_the_start():
    ramp = weekly(60, 40, seed=7, amplitude=0.0)
    res = interrupted_time_series(ramp, START, phase_in=4)
    assert res.phase_in == 4 and res.n_after == 36
    assert res.frame["phase_in"].sum() == 4
    assert res.frame.loc[res.frame["phase_in"], "fitted"].isna().all()
    assert "The first 4 weeks after the start are left out" in " ".join(res.warnings)
    assert res.observed_after == ramp.iloc[64:].sum()
