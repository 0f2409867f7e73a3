"""Unusable input is refused with a ValueError that names the problem."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from advisory.analysis import (
    before_after,
    detect_frequency,
    interrupted_time_series,
    simulate_counts,
    weekday_effect,
)


@pytest.fixture
def weekly() -> pd.Series:
    return simulate_counts("2023-01-02", 40, "W", base_rate=15, seed=1)


START = "2023-06-05"  # a Monday inside the weekly fixture


@pytest.mark.parametrize(
    ("freq", "expected"),
    [("D", "D"), ("W-MON", "W"), ("W-TUE", "W"), ("W-SUN", "W"), ("MS", "M"), ("ME", "M")],
)
def test_daily_weekly_and_monthly_indexes_are_recognised(freq, expected):
    assert detect_frequency(pd.date_range("2021-01-01", periods=30, freq=freq)) == expected


def test_a_series_without_dates_as_index_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="DatetimeIndex"):
        interrupted_time_series(pd.Series(np.arange(30)), "2023-01-01")


def test_a_series_with_a_missing_week_is_refused_as_irregular(weekly):
    with pytest.raises(ValueError, match="irregular"):
        interrupted_time_series(weekly.drop(weekly.index[5]), START)


def test_business_day_and_mid_month_dates_are_refused_as_irregular():
    for index in (
        pd.date_range("2023-01-02", periods=30, freq="B"),
        pd.date_range("2023-01-15", periods=30, freq="MS") + pd.Timedelta(days=14),
    ):
        with pytest.raises(ValueError, match="irregular"):
            interrupted_time_series(pd.Series(5, index=index), index[15])


def test_duplicate_dates_are_refused_with_a_clear_message(weekly):
    doubled = pd.concat([weekly.iloc[:10], weekly.iloc[9:]])
    with pytest.raises(ValueError, match="duplicate"):
        interrupted_time_series(doubled, START)


def test_dates_out_of_order_are_refused_with_a_clear_message(weekly):
    with pytest.raises(ValueError, match="not in order"):
        interrupted_time_series(weekly.iloc[::-1], START)


def test_missing_counts_are_refused_with_a_clear_message(weekly):
    gappy = weekly.astype(float)
    gappy.iloc[3] = np.nan
    with pytest.raises(ValueError, match="missing values"):
        interrupted_time_series(gappy, START)


def test_negative_counts_are_refused_with_a_clear_message(weekly):
    bad = weekly.copy()
    bad.iloc[4] = -1
    with pytest.raises(ValueError, match="negative"):
        interrupted_time_series(bad, START)


def test_fractional_counts_are_refused_with_a_clear_message(weekly):
    with pytest.raises(ValueError, match="whole numbers"):
        interrupted_time_series(weekly + 0.5, START)


def test_a_list_instead_of_a_series_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="pandas Series"):
        interrupted_time_series([1, 2, 3], START)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "message"), [("2022-06-01", "no periods before"), ("2024-06-01", "after the last")]
)
def test_a_start_date_outside_the_series_is_refused(weekly, start, message):
    with pytest.raises(ValueError, match=message):
        interrupted_time_series(weekly, start)


def test_a_start_date_that_is_not_a_date_is_refused(weekly):
    with pytest.raises(ValueError, match="not a date"):
        interrupted_time_series(weekly, "next tuesday")


@pytest.mark.parametrize("position", [2, 38])
def test_fewer_than_three_periods_on_a_side_are_refused(weekly, position):
    with pytest.raises(ValueError, match="At least 3 periods"):
        interrupted_time_series(weekly, weekly.index[position])


def test_three_periods_on_each_side_are_accepted(weekly):
    res = interrupted_time_series(weekly.iloc[:6], weekly.index[3])
    assert res.state == "too_early"


def test_exposure_with_negatives_is_refused(weekly):
    exposure = pd.Series(5, index=weekly.index)
    exposure.iloc[7] = -2
    with pytest.raises(ValueError, match="negative"):
        interrupted_time_series(weekly, START, exposure=exposure)


def test_visits_in_a_period_with_no_open_days_are_refused(weekly):
    exposure = pd.Series(5, index=weekly.index)
    exposure.iloc[7] = 0
    with pytest.raises(ValueError, match="no open days"):
        interrupted_time_series(weekly, START, exposure=exposure)


def test_the_new_checks_refuse_unusable_input(weekly):
    nr = weekly // 5
    with pytest.raises(ValueError, match="all_visits"):
        interrupted_time_series(weekly, START, not_recorded=nr)
    with pytest.raises(ValueError, match="without not_recorded"):
        interrupted_time_series(weekly, START, all_visits=weekly * 3)
    with pytest.raises(ValueError, match="must include"):
        interrupted_time_series(weekly, START, not_recorded=nr, all_visits=weekly)
    with pytest.raises(ValueError, match="other_names"):
        interrupted_time_series(weekly, START, other_starts=["2023-03-06"], other_names=["a", "b"])
    with pytest.raises(ValueError, match="not a date"):
        interrupted_time_series(weekly, START, other_starts=["soon"])
    with pytest.raises(ValueError, match="phase_in"):
        interrupted_time_series(weekly, START, phase_in=-1)
    with pytest.raises(ValueError, match="phase-in"):
        interrupted_time_series(weekly, START, phase_in=20)
    with pytest.raises(ValueError, match="True/False"):
        interrupted_time_series(weekly, START, closed=weekly)


def test_exposure_with_different_dates_is_refused_as_misaligned(weekly):
    exposure = pd.Series(5, index=weekly.index + pd.Timedelta(days=1))
    with pytest.raises(ValueError, match="exposure is misaligned"):
        interrupted_time_series(weekly, START, exposure=exposure)


def test_a_comparison_series_with_different_dates_is_refused_as_misaligned(weekly):
    with pytest.raises(ValueError, match="comparison series is misaligned"):
        interrupted_time_series(weekly, START, comparison=weekly.iloc[1:])


def test_a_comparison_with_negative_counts_is_refused(weekly):
    comparison = weekly.copy()
    comparison.iloc[0] = -3
    with pytest.raises(ValueError, match="comparison counts contain negative"):
        interrupted_time_series(weekly, START, comparison=comparison)


def test_all_zero_counts_on_one_side_are_refused(weekly):
    zeros = weekly.copy()
    zeros.loc[:START] = 0
    with pytest.raises(ValueError, match="all zero before"):
        interrupted_time_series(zeros, START)


def test_unknown_options_are_refused(weekly):
    with pytest.raises(ValueError, match="variance must be one of"):
        interrupted_time_series(weekly, START, variance="robust")
    with pytest.raises(ValueError, match="seasonality"):
        interrupted_time_series(weekly, START, seasonality=-1)
    with pytest.raises(ValueError, match="without a comparison"):
        interrupted_time_series(weekly, START, comparison_exposure=weekly)


def test_weekday_effect_needs_daily_counts(weekly):
    with pytest.raises(ValueError, match="daily"):
        weekday_effect(weekly, START, [1])


def test_weekday_effect_refuses_impossible_weekdays():
    daily = simulate_counts("2023-01-02", 120, "D", base_rate=5, seed=1)
    with pytest.raises(ValueError, match="0 \\(Monday\\) to 6"):
        weekday_effect(daily, "2023-03-01", [7])
    with pytest.raises(ValueError, match="every day"):
        weekday_effect(daily, "2023-03-01", list(range(7)))
    with pytest.raises(ValueError, match="at least 14 days"):
        weekday_effect(daily, daily.index[-10], [1])


def test_weekday_effect_refuses_a_day_with_no_visits_before_the_change():
    daily = simulate_counts(
        "2023-01-02", 120, "D", base_rate=5, weekday_profile=[1, 1, 1, 1, 1, 1, 0], seed=1
    )
    with pytest.raises(ValueError, match="no visits on the adapted weekday"):
        weekday_effect(daily, "2023-03-01", [6])


def test_before_after_refuses_a_bad_window_or_start(weekly):
    with pytest.raises(ValueError, match="window"):
        before_after(weekly, START, window=0)
    with pytest.raises(ValueError, match="not inside the series"):
        before_after(weekly, "2030-01-01")
