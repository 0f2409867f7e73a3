"""Descriptive before/after totals with a score interval for the ratio."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from advisory.analysis import before_after, poisson_ratio_ci


def tiny() -> pd.Series:
    index = pd.date_range("2024-01-01", periods=8, freq="W-MON")
    return pd.Series([9, 3, 4, 5, 6, 8, 10, 30], index=index)


def test_before_after_totals_on_a_tiny_hand_made_series():
    res = before_after(tiny(), "2024-01-29", window=3)
    assert (res.before_total, res.after_total) == (12, 24)  # 3+4+5 and 6+8+10
    assert res.ratio == 2.0
    assert res.window == 3 and res.frequency == "W"
    assert res.before_start == pd.Timestamp("2024-01-08")
    assert res.after_end == pd.Timestamp("2024-02-12")
    lo, hi = proportion_confint(24, 36, alpha=0.05, method="wilson")
    assert res.ratio_ci == pytest.approx((lo / (1 - lo), hi / (1 - hi)), rel=1e-6)
    assert res.label == "raw totals, not adjusted for trend or season"
    assert res.summary.startswith("Raw totals, not adjusted for trend or season: 12 in the 3 weeks")
    # Issue 13, item 4: raw totals show the change but no likely range, and say they are not
    # the effect (the interval is still computed, for the calibration benchmark).
    assert "24 in the 3 weeks after (+100%)." in res.summary
    assert "likely range" not in res.summary
    assert "cannot be read as the effect of the change" in res.summary


def test_windows_shrink_to_stay_equal_when_one_side_is_short():
    res = before_after(tiny(), "2024-02-12", window=12)
    assert res.window == 2
    assert (res.before_total, res.after_total) == (14, 40)


def test_the_score_interval_handles_zeros():
    assert poisson_ratio_ci(0, 0) == (0.0, math.inf)
    lo, hi = poisson_ratio_ci(5, 0)
    assert lo > 0 and hi == math.inf
    lo, hi = poisson_ratio_ci(0, 5)
    assert lo == 0 and 0 < hi < 1.5


def test_small_raw_counts_are_not_shown_exactly():
    index = pd.date_range("2024-01-01", periods=6, freq="W-MON")
    res = before_after(pd.Series([1, 1, 1, 3, 2, 4], index=index), "2024-01-22", window=3)
    assert "fewer than 5 in the 3 weeks before" in res.summary
    assert "9 in the 3 weeks after" in res.summary
