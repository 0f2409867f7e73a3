"""Simulated series with a known effect: the estimate recovers it and the interval covers it."""

from __future__ import annotations

import numpy as np
import pytest

from advisory.analysis import before_after, interrupted_time_series, simulate_counts

TRUE_RATIO = 1.3
REPLICATIONS = 200
START = "2022-01-03"


@pytest.fixture(scope="module")
def replications() -> list:
    """200 weekly series: 2 years before, 1 after, trend, season and over-dispersion."""
    results = []
    for seed in range(REPLICATIONS):
        y = simulate_counts(
            "2020-01-06",
            156,
            "W",
            base_rate=12,
            trend_per_year=0.05,
            seasonal_amplitude=0.25,
            rate_ratio=TRUE_RATIO,
            intervention=START,
            overdispersion=0.05,
            seed=seed,
        )
        results.append(interrupted_time_series(y, START))
    return results


def coverage(intervals: list[tuple[float, float]]) -> float:
    return float(np.mean([lo <= TRUE_RATIO <= hi for lo, hi in intervals]))


def test_the_known_rate_ratio_is_recovered_on_average(replications):
    logs = np.log([r.level_change for r in replications])
    assert np.exp(logs.mean()) == pytest.approx(TRUE_RATIO, rel=0.04)
    assert all(r.seasonality == 2 for r in replications)


def test_the_95_percent_interval_covers_the_truth_in_at_least_85_percent_of_runs(replications):
    quasi = coverage([r.level_change_ci for r in replications])
    negbin = coverage([r.sensitivity["negbin"].level_change_ci for r in replications])
    print(f"coverage quasi={quasi:.3f} negbin={negbin:.3f}")
    assert quasi >= 0.85
    assert negbin >= 0.85


def test_the_expected_total_interval_covers_the_true_counterfactual_mean(replications):
    # The true mean without the change is the simulated mean divided by the ratio.
    truth = simulate_mean_after() / TRUE_RATIO
    hits = [lo <= truth <= hi for lo, hi in (r.expected_after_ci for r in replications)]
    assert np.mean(hits) >= 0.85


def simulate_mean_after() -> float:
    # Average the noise away with many seeds of the same design (no over-dispersion needed).
    totals = [
        simulate_counts(
            "2020-01-06",
            156,
            "W",
            base_rate=12,
            trend_per_year=0.05,
            seasonal_amplitude=0.25,
            rate_ratio=TRUE_RATIO,
            intervention=START,
            seed=10_000 + s,
        )
        .loc[START:]
        .sum()
        for s in range(400)
    ]
    return float(np.mean(totals))


def test_a_rising_trend_fools_the_raw_before_after_but_not_the_model():
    y = simulate_counts(
        "2019-01-07",
        208,
        "W",
        base_rate=60,
        trend_per_year=0.6,
        rate_ratio=1.0,
        intervention=START,
        seed=3,
    )
    raw = before_after(y, START, window=26)
    res = interrupted_time_series(y, START)
    assert raw.ratio_ci[0] > 1.0  # the raw totals "went up"
    assert res.level_change_ci[0] < 1.0 < res.level_change_ci[1]
    assert raw.label == "raw totals, not adjusted for trend or season"
